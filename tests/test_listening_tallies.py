"""The pure counting of listening sessions, table-driven: live-vote tallies, ballot checks, small-number
suppression with secondary suppression, and bands."""

from __future__ import annotations

import pytest

from codesign.listening import tallies

OPTIONS = ["a", "b", "c"]


@pytest.mark.parametrize(("method", "ballots", "expected", "participants"), [
    ("dots", [], [("a", 0, 1), ("b", 0, 1), ("c", 0, 1)], 0),
    ("dots", [{"a": 2, "b": 1}, {"c": 3}], [("c", 3, 1), ("a", 2, 2), ("b", 1, 3)], 2),
    ("dots", [{"a": 1}, {"b": 1}, {"a": 0, "b": 0, "c": 1}], [("a", 1, 1), ("b", 1, 1), ("c", 1, 1)], 3),
    ("ranking", [["a", "b", "c"], ["b", "a"], ["b"]], [("b", 5, 1), ("a", 3, 2), ("c", 0, 3)], 3),
    ("ranking", [["c"]], [("c", 2, 1), ("a", 0, 2), ("b", 0, 2)], 1),
])
def test_tallies(method, ballots, expected, participants):
    result = tallies.tally(method, ballots, OPTIONS, 3)
    assert [(s.option, s.points, s.rank) for s in result.scores] == expected
    assert result.participants == participants


@pytest.mark.parametrize(("method", "choice", "problem"), [
    ("dots", {"a": 3}, None),
    ("dots", {"a": 2, "b": 1}, None),
    ("dots", {"a": 0}, "empty"),
    ("dots", {}, "empty"),
    ("dots", {"a": 4}, "too_many_dots"),
    ("dots", {"a": -1, "b": 2}, "negative_dots"),
    ("dots", {"z": 1}, "unknown_option"),
    ("dots", ["a"], "malformed"),
    ("dots", {"a": "1"}, "malformed"),
    ("ranking", ["a", "b"], None),
    ("ranking", [], "empty"),
    ("ranking", ["a", "a"], "duplicate_option"),
    ("ranking", ["z"], "unknown_option"),
    ("ranking", {"a": 1}, "empty"),
    ("shout", ["a"], "unknown_method"),
])
def test_ballot_checks(method, choice, problem):
    assert tallies.check_ballot(method, choice, OPTIONS, 3) == problem


def test_an_unknown_method_cannot_be_tallied():
    with pytest.raises(ValueError):
        tallies.tally("shout", [], OPTIONS, 3)


@pytest.mark.parametrize(("counts", "shown", "total"), [
    # Nothing below five: everything shown.
    ({"ar": 7, "uk": 12}, {"ar": 7, "uk": 12}, 19),
    # One small cell: the next smallest is hidden too, so the total cannot give it away.
    ({"ar": 7, "es": 3, "uk": 12}, {"ar": None, "es": None, "uk": 12}, 22),
    # Two small cells: they protect each other.
    ({"ar": 2, "es": 3, "uk": 12}, {"ar": None, "es": None, "uk": 12}, 17),
    # A total below five hides everything, the total too.
    ({"ar": 2, "es": 1}, {"ar": None, "es": None}, None),
    # Exactly five is shown.
    ({"ar": 5}, {"ar": 5}, 5),
    # A single small cell beside one big one: both hidden, the total shown.
    ({"ar": 1, "uk": 40}, {"ar": None, "uk": None}, 41),
    # A zero counts as small.
    ({"ar": 0, "es": 9, "uk": 6}, {"ar": None, "es": 9, "uk": None}, 15),
    ({}, {}, None),
])
def test_suppression(counts, shown, total):
    cells, shown_total = tallies.suppress(counts)
    assert {c.key: c.count for c in cells} == shown
    assert shown_total == total
    hidden = [c for c in cells if c.count is None]
    # Never exactly one hidden cell beside a shown total: it could be worked out.
    assert not (shown_total is not None and len(hidden) == 1)
    assert all(c.primary == (counts[c.key] < tallies.K) for c in cells)


@pytest.mark.parametrize(("count", "band"), [(0, "none"), (1, "fewer_than_k"), (4, "fewer_than_k"), (5, "5"),
                                             (120, "120")])
def test_bands(count, band):
    assert tallies.band(count) == band
