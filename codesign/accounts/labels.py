"""Words for the accounts vocabularies, translated when shown."""

from __future__ import annotations

from codesign.i18n import lazy_gettext as _l

ORGANISATION_KINDS = {
    "community": _l("Community organisation"),
    "migrant_led": _l("Migrant-led organisation"),
    "public_agency": _l("Public agency"),
}

REVIEW_KINDS = {
    "safeguarding": _l("Safeguarding and trauma"),
    "rights": _l("Rights and legal accuracy"),
    "bias": _l("Stereotype and bias"),
    "plain_language": _l("Plain language"),
    "accessibility": _l("Accessibility"),
    "translation": _l("Translation and interpreting"),
}

COUNCIL_ROLES = {
    "member": _l("Member"),
    "organiser": _l("Organiser"),
}

LABELS = {
    "organisation_kind": ORGANISATION_KINDS,
    "review_kind": REVIEW_KINDS,
    "council_role": COUNCIL_ROLES,
}
