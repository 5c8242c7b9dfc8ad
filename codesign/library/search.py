"""Full-text search of releases: an index of their own (FTS5 table `release_fts` on SQLite, a tsvector expression
index on PostgreSQL), sharing the term parsing and the safe highlighting of the drafts' search."""

from __future__ import annotations

from markupsafe import Markup

from codesign.db import PooledSQLiteEngine, current_engine
from codesign.scenarios.search import MAX_MATCHES, START, STOP, fts5_match, highlight, terms


def _is_sqlite() -> bool:
    return isinstance(current_engine(), PooledSQLiteEngine)


async def index(release_id: int, title: str, text: str) -> None:
    """Adds one release's searchable text (inside the caller's transaction)."""
    from codesign.library.tables import Release

    title, text = (value.replace(START, "").replace(STOP, "") for value in (title, text))
    if _is_sqlite():
        await Release.raw("DELETE FROM release_fts WHERE rowid = {}", release_id)
        await Release.raw("INSERT INTO release_fts (rowid, title, body) VALUES ({}, {}, {})", release_id, title, text)
    # PostgreSQL indexes release.title and release.search_text itself (an expression index).


async def forget(release_id: int) -> None:
    """Takes a release out of the index (it left the library)."""
    from codesign.library.tables import Release

    if _is_sqlite():
        await Release.raw("DELETE FROM release_fts WHERE rowid = {}", release_id)


async def matching_ids(query: str) -> list[int]:
    """Ids of releases matching every term, best first."""
    from codesign.library.tables import Release

    words = terms(query)
    if not words:
        return []
    if _is_sqlite():
        rows = await Release.raw(
            "SELECT rowid AS id FROM release_fts WHERE release_fts MATCH {} ORDER BY rank LIMIT {}",
            fts5_match(words), MAX_MATCHES)
    else:
        rows = await Release.raw(
            "SELECT id FROM release WHERE to_tsvector('simple', title || ' ' || search_text) "
            "@@ plainto_tsquery('simple', {}) ORDER BY ts_rank(to_tsvector('simple', title || ' ' || search_text), "
            "plainto_tsquery('simple', {})) DESC LIMIT {}",
            " ".join(words), " ".join(words), MAX_MATCHES)
    return [int(row["id"]) for row in rows]


async def snippets(query: str, ids: list[int]) -> dict[int, Markup]:
    """A short highlighted excerpt for each release on the page (one query)."""
    from codesign.library.tables import Release

    words = terms(query)
    if not words or not ids:
        return {}
    id_list = ", ".join(str(int(i)) for i in ids)
    if _is_sqlite():
        sql = ("SELECT rowid AS id, snippet(release_fts, 1, {}, {}, '…', 16) AS snippet "  # noqa: S608
               "FROM release_fts WHERE release_fts MATCH {} AND rowid IN (" + id_list + ")")  # integers only
        rows = await Release.raw(sql, START, STOP, fts5_match(words))
    else:
        options = f"StartSel={START}, StopSel={STOP}, MaxWords=24, MinWords=10, MaxFragments=1"
        sql = ("SELECT id, ts_headline('simple', search_text, plainto_tsquery('simple', {}), {}) AS snippet "
               "FROM release WHERE id IN (" + id_list + ")")  # noqa: S608 - integers only
        rows = await Release.raw(sql, " ".join(words), options)
    return {int(row["id"]): highlight(row["snippet"] or "") for row in rows}
