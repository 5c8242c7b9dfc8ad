"""Pure counting for listening sessions: live-vote tallies (dots or a ranking) and small-number suppression
(domain.md P-09: no cell below k is shown, and secondary suppression so a hidden cell cannot be worked out from
the total). No database, no web: table-tested in tests/test_listening_tallies.py."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from codesign.voting import rules

K = 5  # the smallest group a report may show
METHODS = ("dots", "ranking")


@dataclass(frozen=True)
class Result:
    participants: int
    scores: list[rules.Score]


def check_ballot(method: str, choice: Any, options: Sequence[str], dots: int) -> str | None:
    """An error key for one device's ballot, or None: `choice` is {option: dots} or a list of options best first."""
    if method == "dots":
        if not isinstance(choice, Mapping) or not all(isinstance(v, int) for v in choice.values()):
            return "malformed"
        if not any(choice.values()):
            return "empty"
        return rules.validate_dots(choice, options, dots)
    if method == "ranking":
        if not isinstance(choice, list) or not choice:
            return "empty"
        return rules.validate_ranking(choice, options)
    return "unknown_method"


def tally(method: str, ballots: Iterable[Any], options: Sequence[str], dots: int) -> Result:
    """Scores of every option, best first (ties share a rank), and how many devices voted."""
    stored = list(ballots)
    if method == "dots":
        scores = rules.dots([{k: v for k, v in b.items() if v} for b in stored], options, dots)
    elif method == "ranking":
        scores = rules.borda(stored, options)
    else:
        raise ValueError(f"unknown method {method!r}")
    return Result(participants=len(stored), scores=scores)


@dataclass(frozen=True)
class Cell:
    key: str
    count: int | None  # None: suppressed ("fewer than 5" or hidden to protect another cell)
    primary: bool = False  # suppressed because it is itself below k


def suppress(counts: Mapping[str, int], k: int = K) -> tuple[list[Cell], int | None]:
    """The cells that may be shown, and the total (None when the total itself is below k).

    Primary: every cell below k is hidden. Secondary: when exactly one cell is hidden and the total is shown,
    the next smallest cell is hidden too, so that the total minus the shown cells never gives a hidden one away."""
    total = sum(counts.values())
    if total < k:
        return [Cell(key, None, primary=True) for key in counts], None
    hidden = {key for key, count in counts.items() if count < k}
    if len(hidden) == 1:
        shown = sorted((count, key) for key, count in counts.items() if key not in hidden)
        if shown:
            hidden.add(shown[0][1])
    cells = [Cell(key, None if key in hidden else count, primary=count < k) for key, count in counts.items()]
    return cells, total


def scores_shown(participants: int, k: int = K) -> bool:
    """Whether a live vote's points may be shown (P-09): only once at least k devices have voted. With fewer, the
    points (and, watched as they change, each new ballot) would tell who in a small room voted what."""
    return participants >= k


def band(count: int, k: int = K) -> str:
    """A count in words a report can carry: "none", "fewer_than_k" or the number as text."""
    if count == 0:
        return "none"
    if count < k:
        return "fewer_than_k"
    return str(count)
