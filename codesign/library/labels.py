"""Words of the library, translated when shown."""

from __future__ import annotations

from codesign.i18n import lazy_gettext as _l

RELEASE_STATUSES = {
    "current": _l("Current version"),
    "superseded": _l("Superseded by a newer version"),
    "withdrawn": _l("Withdrawn"),
    "retired": _l("Retired"),
}

RATINGS = {
    "1": _l("1 – went badly"),
    "2": _l("2"),
    "3": _l("3"),
    "4": _l("4"),
    "5": _l("5 – went very well"),
}

CONFIDENCE = {
    "1": _l("1 – not at all confident"),
    "2": _l("2"),
    "3": _l("3"),
    "4": _l("4"),
    "5": _l("5 – very confident"),
}
