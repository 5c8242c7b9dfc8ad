"""The library list: current releases, filtered (service setting, competency, target role, language, duration,
group size), searched in full text, paginated; the number of queries does not grow with the data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from codesign.accounts.actor import Actor
from codesign.errors import NotFound
from codesign.library import permissions, search
from codesign.library.releases import LIST_COLUMNS
from codesign.library.tables import Release, ReleaseFacet
from codesign.scenarios.tables import Scenario
from codesign.web.pagination import PAGE_SIZE, Page, offset

# "At most this long" choices of the duration filter, in minutes.
DURATIONS = (30, 45, 60, 90, 120)


@dataclass(frozen=True)
class Filters:
    service_setting: str = ""
    competency: str = ""
    target_role: str = ""
    language: str = ""
    max_minutes: int | None = None  # the whole session, prebrief to debrief
    group_size: int | None = None  # the number of people the trainer has: min <= n <= max
    query: str = ""


def _where(filters: Filters) -> Any:
    where: Any = Release.status == "current"
    if filters.service_setting:
        where &= Release.service_setting == filters.service_setting
    if filters.language:
        where &= Release.language == filters.language
    if filters.max_minutes:
        where &= Release.duration_minutes <= filters.max_minutes
    if filters.group_size:
        where &= (Release.group_min <= filters.group_size) & (Release.group_max >= filters.group_size)
    for facet, value in (("competency", filters.competency), ("target_role", filters.target_role)):
        if value:
            ids = ReleaseFacet.select(ReleaseFacet.release).where(
                (ReleaseFacet.facet == facet) & (ReleaseFacet.value == value))
            where &= Release.id.is_in(ids)
    return where


async def list_releases(actor: Actor, filters: Filters, page: int) -> Page:
    """One page of the library, newest first, or best match first when searching."""
    if not permissions.can_browse(actor):
        raise NotFound()
    where = _where(filters)
    ranked: list[int] = []
    if filters.query.strip():
        ranked = await search.matching_ids(filters.query)
        if not ranked:
            return Page(items=[], number=page, size=PAGE_SIZE, total=0)
        where &= Release.id.is_in(ranked)
    total = await Release.count().where(where)
    query = Release.select(*LIST_COLUMNS).where(where)
    if ranked:
        rows = await query
        order = {release_id: position for position, release_id in enumerate(ranked)}
        rows.sort(key=lambda r: order.get(r["id"], len(order)))
        rows = rows[offset(page):offset(page) + PAGE_SIZE]
    else:
        rows = await query.order_by(Release.published_at, ascending=False).order_by(
            Release.id, ascending=False).limit(PAGE_SIZE).offset(offset(page))
    found = await search.snippets(filters.query, [r["id"] for r in rows]) if ranked else {}
    for item in rows:
        item["snippet"] = found.get(item["id"])
    return Page(items=rows, number=page, size=PAGE_SIZE, total=total)


async def newest(actor: Actor, limit: int = 30) -> list[dict[str, Any]]:
    """The newest releases of every scenario still in the library, for the feed."""
    if not permissions.can_browse(actor):
        raise NotFound()
    return await Release.select(*LIST_COLUMNS, Release.change_notes).where(
        Release.status.not_in(["withdrawn", "retired"])).order_by(Release.published_at, ascending=False).limit(limit)


WAITING_SHOWN = 20


async def awaiting_publication(actor: Actor) -> tuple[list[dict[str, Any]], int]:
    """Scenarios their councils approved that wait for a trainer to publish them (the first few, oldest approval
    first, and how many there are): the trainers' way to them, as they never see the councils' drafts."""
    if not permissions.can_publish(actor):
        return [], 0
    where = Scenario.state == "approved"
    total = await Scenario.count().where(where)
    rows = await Scenario.select(Scenario.slug, Scenario.title, Scenario.council.name, Scenario.stage_entered_at) \
        .where(where).order_by(Scenario.stage_entered_at).order_by(Scenario.id).limit(WAITING_SHOWN)
    return rows, total
