"""Full-text search over one table's title and text: FTS5 on SQLite, a tsvector expression index on PostgreSQL,
with highlighted snippets. The drafts (scenarios) and the library's releases each have an index of this kind.

Snippets come back with private-use characters around the matches; `highlight` escapes the text and turns them
into <mark>, so user text can never inject markup through a snippet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from codesign.db import PooledSQLiteEngine, current_engine

START, STOP = "\ue000", "\ue001"
MAX_MATCHES = 1000
TERM_RE = re.compile(r"\w[\w'’\-]*", re.UNICODE)


def terms(query: str) -> list[str]:
    return TERM_RE.findall(query)[:12]


def fts5_match(words: list[str]) -> str:
    """An FTS5 MATCH expression: every term quoted and prefix-matched, so the user's text is never read as FTS5
    syntax."""
    return " ".join('"' + word.replace('"', "") + '"*' for word in words)


def highlight(snippet: str) -> Markup:
    escaped = str(escape(snippet))
    return Markup(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S704 - escaped above


def _is_sqlite() -> bool:
    return isinstance(current_engine(), PooledSQLiteEngine)


@dataclass(frozen=True)
class FullTextIndex:
    """The index of one table. `table` gives the piccolo table class (late, to keep imports one way); `name` is its
    SQL name and `fts` the FTS5 table's: constants of the code, never user input, so they may sit in the SQL."""

    table: Callable[[], Any]
    name: str
    fts: str

    async def index(self, row_id: int, title: str, text: str) -> None:
        """Replaces one row's searchable text (inside the caller's transaction)."""
        # The highlight markers must only ever come from the search engine.
        title, text = (value.replace(START, "").replace(STOP, "") for value in (title, text))
        if _is_sqlite():
            await self.forget(row_id)
            sql = f"INSERT INTO {self.fts} (rowid, title, body) VALUES ({{}}, {{}}, {{}})"  # noqa: S608 - constants
            await self.table().raw(sql, row_id, title, text)
        # PostgreSQL indexes the table's title and search_text itself (an expression index).

    async def forget(self, row_id: int) -> None:
        if _is_sqlite():
            await self.table().raw(f"DELETE FROM {self.fts} WHERE rowid = {{}}", row_id)  # noqa: S608 - constants

    async def matching_ids(self, query: str) -> list[int]:
        """Ids of rows matching every term, best first."""
        words = terms(query)
        if not words:
            return []
        if _is_sqlite():
            rows = await self.table().raw(
                f"SELECT rowid AS id FROM {self.fts} WHERE {self.fts} MATCH {{}} ORDER BY rank LIMIT {{}}",  # noqa: S608
                fts5_match(words), MAX_MATCHES)
        else:
            vector = "to_tsvector('simple', title || ' ' || search_text)"
            rows = await self.table().raw(
                f"SELECT id FROM {self.name} WHERE {vector} @@ plainto_tsquery('simple', {{}}) "  # noqa: S608
                f"ORDER BY ts_rank({vector}, plainto_tsquery('simple', {{}})) DESC LIMIT {{}}",
                " ".join(words), " ".join(words), MAX_MATCHES)
        return [int(row["id"]) for row in rows]

    async def snippets(self, query: str, ids: list[int]) -> dict[int, Markup]:
        """A short highlighted excerpt for each id on the page (one query)."""
        words = terms(query)
        if not words or not ids:
            return {}
        id_list = ", ".join(str(int(i)) for i in ids)  # integers only
        if _is_sqlite():
            sql = (f"SELECT rowid AS id, snippet({self.fts}, 1, {{}}, {{}}, '…', 16) AS snippet "  # noqa: S608
                   f"FROM {self.fts} WHERE {self.fts} MATCH {{}} AND rowid IN ({id_list})")
            rows = await self.table().raw(sql, START, STOP, fts5_match(words))
        else:
            options = f"StartSel={START}, StopSel={STOP}, MaxWords=24, MinWords=10, MaxFragments=1"
            sql = (f"SELECT id, ts_headline('simple', search_text, plainto_tsquery('simple', {{}}), {{}}) "  # noqa: S608
                   f"AS snippet FROM {self.name} WHERE id IN ({id_list})")
            rows = await self.table().raw(sql, " ".join(words), options)
        return {int(row["id"]): highlight(row["snippet"] or "") for row in rows}
