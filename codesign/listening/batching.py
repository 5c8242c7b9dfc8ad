"""Weekly release of anonymous feedback in batches (domain.md P-17), as a pure rule over the days answers arrived.

Answers are released on release days only (every Monday, by the UTC date), and a release happens only when at least
k answers (tallies.K) are waiting: each batch holds k answers or more, so neither the day an answer arrived nor the
size of a batch can point to one person. At a release day R every answer that arrived before R and is not yet
released goes out together; answers that arrived on R itself wait for the next one. Nothing is stored: the batches
follow from the answers' days and today, so every process and every page computes the same ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from codesign.listening import tallies

RELEASE_WEEKDAY = 0  # Monday
MIN_BATCH = tallies.K


@dataclass(frozen=True)
class Release:
    released_before: date | None  # answers that arrived before this day are released; None: nothing yet
    released: int  # how many answers are released
    waiting: int  # how many answers are not released yet
    next_release: date  # the next release day after today


def next_release_day(today: date) -> date:
    """The first release day strictly after `today`."""
    days = (RELEASE_WEEKDAY - today.weekday()) % 7 or 7
    return today + timedelta(days=days)


def release(arrivals: Sequence[date], today: date, k: int = MIN_BATCH) -> Release:
    """Which answers are released by `today`, given the day each one arrived."""
    days = sorted(arrivals)
    released_before: date | None = None
    released = 0
    if days:
        moment = next_release_day(days[0])
        while moment <= today:
            eligible = sum(1 for day in days if day < moment)
            if eligible - released >= k:
                released_before, released = moment, eligible
            moment += timedelta(days=7)
    return Release(released_before=released_before, released=released, waiting=len(days) - released,
                   next_release=next_release_day(today))


def is_released(arrived: date, state: Release) -> bool:
    return state.released_before is not None and arrived < state.released_before
