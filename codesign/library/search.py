"""Full-text search of releases: an index of their own, the current releases' title and text
(codesign.fulltext)."""

from __future__ import annotations

from typing import Any

from codesign.fulltext import FullTextIndex


def _release() -> Any:
    from codesign.library.tables import Release

    return Release


RELEASES = FullTextIndex(_release, "release", "release_fts")
index, forget, matching_ids, snippets = RELEASES.index, RELEASES.forget, RELEASES.matching_ids, RELEASES.snippets
