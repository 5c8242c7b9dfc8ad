"""Full-text search of drafts: FTS5 on SQLite, tsvector on PostgreSQL, with highlighted snippets.

Snippets come back with private-use characters around the matches; `highlight` escapes the
text and turns them into <mark>, so user text can never inject markup through a snippet.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from codesign.db import PooledSQLiteEngine, current_engine

START, STOP = "\ue000", "\ue001"
MAX_MATCHES = 1000
TERM_RE = re.compile(r"\w[\w'’\-]*", re.UNICODE)


def terms(query: str) -> list[str]:
    return TERM_RE.findall(query)[:12]


def _is_sqlite() -> bool:
    return isinstance(current_engine(), PooledSQLiteEngine)


def fts5_match(words: list[str]) -> str:
    """An FTS5 MATCH expression: every term quoted and prefix-matched, so the user's text is never read as FTS5
    syntax (also used by the library's search of releases)."""
    return " ".join('"' + word.replace('"', "") + '"*' for word in words)


async def index(scenario_id: int, title: str, text: str) -> None:
    """Replaces the searchable text of one scenario (inside the caller's transaction)."""
    # The highlight markers must only ever come from the search engine.
    title, text = (value.replace(START, "").replace(STOP, "") for value in (title, text))
    if _is_sqlite():
        from codesign.scenarios.tables import Scenario

        await Scenario.raw("DELETE FROM scenario_fts WHERE rowid = {}", scenario_id)
        await Scenario.raw("INSERT INTO scenario_fts (rowid, title, body) VALUES ({}, {}, {})",
                           scenario_id, title, text)
    # PostgreSQL indexes scenario.title and scenario.search_text itself (an expression index).


async def matching_ids(query: str) -> list[int]:
    """Ids of scenarios matching every term, best first."""
    from codesign.scenarios.tables import Scenario

    words = terms(query)
    if not words:
        return []
    if _is_sqlite():
        match = fts5_match(words)
        rows = await Scenario.raw(
            "SELECT rowid AS id FROM scenario_fts WHERE scenario_fts MATCH {} ORDER BY rank LIMIT {}",
            match, MAX_MATCHES)
    else:
        rows = await Scenario.raw(
            "SELECT id FROM scenario WHERE to_tsvector('simple', title || ' ' || search_text) "
            "@@ plainto_tsquery('simple', {}) ORDER BY ts_rank(to_tsvector('simple', title || ' ' || search_text), "
            "plainto_tsquery('simple', {})) DESC LIMIT {}",
            " ".join(words), " ".join(words), MAX_MATCHES)
    return [int(row["id"]) for row in rows]


async def snippets(query: str, ids: list[int]) -> dict[int, Markup]:
    """A short highlighted excerpt for each id on the page (one query)."""
    from codesign.scenarios.tables import Scenario

    words = terms(query)
    if not words or not ids:
        return {}
    id_list = ", ".join(str(int(i)) for i in ids)
    if _is_sqlite():
        match = fts5_match(words)
        sql = ("SELECT rowid AS id, snippet(scenario_fts, 1, {}, {}, '…', 16) AS snippet "  # noqa: S608
               "FROM scenario_fts WHERE scenario_fts MATCH {} AND rowid IN (" + id_list + ")")  # integers only
        rows = await Scenario.raw(sql, START, STOP, match)
    else:
        options = f"StartSel={START}, StopSel={STOP}, MaxWords=24, MinWords=10, MaxFragments=1"
        sql = ("SELECT id, ts_headline('simple', search_text, plainto_tsquery('simple', {}), {}) AS snippet "
               "FROM scenario WHERE id IN (" + id_list + ")")  # noqa: S608 - integers only
        rows = await Scenario.raw(sql, " ".join(words), options)
    return {int(row["id"]): highlight(row["snippet"] or "") for row in rows}


def highlight(snippet: str) -> Markup:
    escaped = str(escape(snippet))
    return Markup(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S704 - escaped above

