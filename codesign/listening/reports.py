"""The session report (domain.md §3, P-09): attendance by language with small groups suppressed, insights by theme,
the results of closed votes and (organisers only, §5.3) the session's consent counts per layer, suppressed likewise;
exported as Markdown and as a PDF (WeasyPrint, in a worker thread)."""

from __future__ import annotations

import json
from typing import Any

import anyio

from codesign.accounts.actor import Actor
from codesign.errors import NotFound
from codesign.listening import facilitation, labels, participation, permissions, sessions, tallies
from codesign.scenarios.vocabularies import THEMES
from codesign.web.pdf import no_fetching

NO_THEME = "_none"
HIDDEN_FROM_MEMBERS = ("raw", "withdrawn")  # members read validated insights only (§5.3)


def suppressed_rows(counts: dict[str, int]) -> tuple[list[dict[str, Any]], int | None]:
    cells, total = tallies.suppress(counts)
    return [{"language": c.key, "count": c.count, "primary": c.primary} for c in cells], total


async def report(actor: Actor, session_id: int) -> dict[str, Any]:
    row = await sessions.load(session_id)
    if not permissions.can_read_report(actor, row["council"]):
        raise NotFound()
    organiser = permissions.can_facilitate(actor, row["council"])
    attendance = await sessions.counts(session_id, "attended")
    attended, attended_total = suppressed_rows(attendance)
    registered, registered_total = suppressed_rows(await sessions.counts(session_id, "registered"))
    items = [i for i in await facilitation.insights(session_id, limit=500) if i["status"] != "withdrawn"
             and (organiser or i["status"] not in HIDDEN_FROM_MEMBERS)]
    by_theme: dict[str, list[dict[str, Any]]] = {}
    for item in sorted(items, key=lambda i: i["id"]):
        for theme in item["theme_list"] or [NO_THEME]:
            by_theme.setdefault(theme, []).append(item)
    themes = [{"key": key, "label": THEMES.get(key), "insights": by_theme[key]}
              for key in [*THEMES, NO_THEME] if key in by_theme]
    votes = []
    for vote in await participation.votes_of(session_id):
        if vote["closed_at"] is None:
            continue
        result = await participation.results(vote)
        names = {o["id"]: o["label"] for o in vote["option_list"]}
        votes.append({"title": vote["title"], "method": vote["method"], "participants": result.participants,
                      "participants_band": tallies.band(result.participants),
                      "scores": [{"label": names[s.option], "points": s.points, "rank": s.rank}
                                 for s in result.scores] if tallies.scores_shown(result.participants) else []})
    consent = consent_rows(facilitation.consent_counts(row), sum(attendance.values())) if organiser else None
    return {"session": row, "attended": attended, "attended_total": attended_total, "registered": registered,
            "registered_total": registered_total, "themes": themes, "votes": votes, "organiser": organiser,
            "consent": consent, "k": tallies.K}


def consent_rows(counts: dict[str, int], attendance: int) -> list[dict[str, Any]]:
    """Each consent layer as a report may show it (§3.3, P-09): a layer's "agreed" and "did not agree" are two
    cells of the attendance, suppressed together, so neither a small group that agreed nor one that did not
    can be read off (the attendance total is on the same report). Layers not recorded say so."""
    rows = []
    for layer in labels.CONSENT_LAYERS:
        if layer not in counts:
            rows.append({"layer": layer, "recorded": False, "count": None, "primary": False})
            continue
        agreed = counts[layer]
        cells, _total = tallies.suppress({"agreed": agreed, "not": max(attendance - agreed, 0)})
        rows.append({"layer": layer, "recorded": True, "count": cells[0].count, "primary": cells[0].primary})
    return rows


def report_words() -> dict[str, Any]:
    return {"scope_names": labels.CONSENT_SCOPE_NAMES, "status_names": labels.INSIGHT_STATUSES,
            "consent_layers": labels.CONSENT_LAYERS,
            "vote_methods": labels.VOTE_METHODS, "formats": labels.FORMATS}


def markdown(context: dict[str, Any]) -> str:
    from codesign.web.templating import environment

    return environment().get_template("listening/report.md").render(**context, **report_words())


def pdf_html(context: dict[str, Any]) -> str:
    from codesign.web.templating import environment

    return environment().get_template("listening/report_pdf.html").render(**context, **report_words())


def _write_pdf(html: str) -> bytes:
    import weasyprint

    # No base URL, and a fetcher that refuses every URL: the document is self-contained, so nothing is fetched.
    return bytes(weasyprint.HTML(string=html, url_fetcher=no_fetching(), base_url=None).write_pdf())


async def pdf(context: dict[str, Any]) -> bytes:
    """The report as a PDF, rendered in a worker thread so the event loop keeps serving."""
    return await anyio.to_thread.run_sync(_write_pdf, pdf_html(context))


def as_json(context: dict[str, Any]) -> str:
    """The figures only (used by tests and the Markdown export's checks)."""
    return json.dumps({"attended": context["attended"], "total": context["attended_total"]})
