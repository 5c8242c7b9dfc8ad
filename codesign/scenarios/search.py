"""Full-text search of drafts: the newest revision's title and plain text of each scenario (codesign.fulltext)."""

from __future__ import annotations

from typing import Any

from codesign.fulltext import FullTextIndex


def _scenario() -> Any:
    from codesign.scenarios.tables import Scenario

    return Scenario


DRAFTS = FullTextIndex(_scenario, "scenario", "scenario_fts")
index, matching_ids, snippets = DRAFTS.index, DRAFTS.matching_ids, DRAFTS.snippets
