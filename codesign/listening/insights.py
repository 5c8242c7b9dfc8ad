"""An insight becomes a scenario proposal (domain.md §3.6): a new draft whose front matter carries the provenance
(session, insight, consent scope and status) in `lived_experience_sources`, linked back to the insight; and the
panel on a draft's page that shows where it came from."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from codesign.accounts.actor import Actor
from codesign.db import write_transaction
from codesign.errors import NotFound, ValidationFailed
from codesign.i18n import _
from codesign.listening import facilitation, labels, permissions, sessions
from codesign.listening.tables import Insight
from codesign.scenarios import panels
from codesign.scenarios import services as scenarios
from codesign.scenarios.document import body_from_sections, compose, dump_front_matter

MAX_TITLE = 80
SCOPE_GUIDANCE = {
    "themes_only": "Consent covers the theme only: use the topic, but no specific situation described.",
    "paraphrase": "Consent covers paraphrase: adapt situations into composite characters, changing names, places, "
                  "family details and any rare combination of details.",
    "quote": "Consent covers quotes: only quotes confirmed one by one may appear.",
}


def _slug(statement: str, insight_id: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", statement).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)[:6]
    return "-".join([f"insight-{insight_id:04d}", *words])[:80].rstrip("-")


def draft_text(insight: dict[str, Any], session: dict[str, Any], council_name: str) -> str:
    """The proposal's text: the statement as a starting point, and the provenance no author can forget."""
    title = insight["statement"].strip().splitlines()[0][:MAX_TITLE].strip() or insight["ref"]
    source: dict[str, Any] = {
        "source_type": "listening_session_insight", "ref": insight["ref"], "session": session["ref"],
        "consent_status": insight["consent_status"], "consent_scope": insight["consent_scope"],
        "composite": insight["consent_scope"] != "quote", "identifying_details_changed": True,
    }
    if insight["consent_status"] == "granted_with_attribution":
        source["attribution"] = council_name
    meta = {
        "schema_version": "1.0", "id": _slug(insight["statement"], insight["id"]), "title": title,
        "summary": insight["statement"].strip()[:280], "status": "draft", "version": "0.1.0",
        "themes": insight["theme_list"], "lived_experience_sources": [source],
    }
    sections = {
        "Situation": insight["statement"].strip(),
        "Provenance": (f"From listening session {session['ref']} ({session['starts_at']:%Y-%m-%d}), insight "
                       f"{insight['ref']}, raised by {insight['raised_by']} participants. Consent scope: "
                       f"{insight['consent_scope']}; consent status: {insight['consent_status']}. "
                       f"{SCOPE_GUIDANCE[insight['consent_scope']]}"),
    }
    return compose(dump_front_matter(meta), body_from_sections(title, sections))


async def propose_from_insight(actor: Actor, insight_id: int, shown_as: str = "name") -> str:
    """Starts a draft in the council from an insight and links the two (the insight is now in a proposal)."""
    insight = await facilitation.insight(actor, insight_id)
    session = await sessions.load(insight["session"])
    if not permissions.can_propose_from_insight(actor, session["council"]):
        raise NotFound()
    if insight["consent_status"] == "withdrawn" or insight["status"] == "withdrawn":
        raise ValidationFailed({}, _("Consent for this insight is withdrawn: it cannot be used."))
    if insight["scenario"] is not None:
        raise ValidationFailed({}, _("This insight is already in a proposal."))
    text = draft_text(insight, session, session["council.name"])
    note = _("From insight %(insight)s of listening session %(session)s", insight=insight["ref"],
             session=session["ref"])
    async with write_transaction():
        slug = await scenarios.propose_draft(actor, session["council"], text, note, shown_as)
        row, _access = await scenarios.access(slug, actor)
        await Insight.update({Insight.scenario: row["id"], Insight.status: "in_proposal"}).where(
            Insight.id == insight_id)
    return slug


async def sources_of(scenario_id: int) -> list[dict[str, Any]]:
    rows = await Insight.select(Insight.id, Insight.session, Insight.consent_scope, Insight.consent_status,
                                Insight.session.council).where(Insight.scenario == scenario_id).order_by(Insight.id)
    for row in rows:
        row["ref"], row["session_ref"] = facilitation.ref(row["id"]), sessions.ref(row["session"])
    return rows


async def provenance_panel(request: Any, actor: Actor, row: dict[str, Any], revision: dict[str, Any] | None,
                           amendment: dict[str, Any] | None) -> panels.Panel | None:
    """On a draft's page: the listening-session insights it comes from (scope for all who see the draft; the
    consent status only for organisers, as in domain.md §5.3)."""
    if amendment is not None:
        return None
    items = await sources_of(row["id"])
    if not items:
        return None
    return panels.Panel(template="listening/_provenance_panel.html", order=3, context={
        "sources": items, "scope_names": labels.CONSENT_SCOPE_NAMES, "consent_names": labels.CONSENT_STATUSES,
        "can_see_consent": permissions.can_facilitate(actor, row["council"]),
        "can_open_session": permissions.can_view(actor, row["council"])})


panels.register(provenance_panel)
