"""Browsing a council's drafts: filters, full-text search, sorting and pagination, with the number of queries
independent of the data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from codesign.accounts.actor import Actor
from codesign.councils.tables import Council
from codesign.councils.workflow import workflow_settings
from codesign.errors import NotFound, PermissionDenied
from codesign.i18n import _
from codesign.scenarios import permissions, search
from codesign.scenarios.services import byline
from codesign.scenarios.tables import Scenario, ScenarioFacet
from codesign.web.pagination import PAGE_SIZE, Page, offset

SORTS = ("newest", "active", "supported", "discussed")


@dataclass(frozen=True)
class Filters:
    service_setting: str = ""
    competency: str = ""
    target_role: str = ""
    language: str = ""
    state: str = ""
    author: str = ""
    query: str = ""
    sort: str = "newest"


async def list_drafts(actor: Actor, council_id: int, filters: Filters, page: int) -> Page:
    """A council's drafts, filtered, searched and sorted; the number of queries does not grow with the data."""
    if not permissions.can_view_drafts(actor, council_id):
        raise PermissionDenied()
    where: Any = Scenario.council == council_id
    if filters.service_setting:
        where &= Scenario.service_setting == filters.service_setting
    if filters.language:
        where &= Scenario.language == filters.language
    if filters.state:
        where &= Scenario.state == filters.state
    if filters.author:
        where &= Scenario.author.username == filters.author.lower()
        where &= Scenario.shown_as != "council"  # an anonymous draft is never found by its author's name
    for facet, value in (("competency", filters.competency), ("target_role", filters.target_role)):
        if value:
            ids = ScenarioFacet.select(ScenarioFacet.scenario).where(
                (ScenarioFacet.facet == facet) & (ScenarioFacet.value == value))
            where &= Scenario.id.is_in(ids)
    ranked: list[int] = []
    if filters.query.strip():
        ranked = await search.matching_ids(filters.query)
        if not ranked:
            return Page(items=[], number=page, size=PAGE_SIZE, total=0)
        where &= Scenario.id.is_in(ranked)
    total = await Scenario.count().where(where)
    query = Scenario.select(
        Scenario.id, Scenario.slug, Scenario.title, Scenario.summary, Scenario.state, Scenario.service_setting,
        Scenario.language, Scenario.shown_as, Scenario.revision_count, Scenario.created_at, Scenario.updated_at,
        Scenario.author.display_name, Scenario.author.deleted_at, Scenario.organisation.name,
        Scenario.support_count, Scenario.comment_count, Scenario.hidden_at, Scenario.hidden_reason,
        Scenario.stage_entered_at,
    ).where(where)
    if ranked:
        rows = await query
        order = {scenario_id: position for position, scenario_id in enumerate(ranked)}
        rows.sort(key=lambda r: order.get(r["id"], len(order)))
        rows = rows[offset(page):offset(page) + PAGE_SIZE]
    else:
        column = {"active": Scenario.updated_at, "supported": Scenario.support_count,
                  "discussed": Scenario.comment_count}.get(filters.sort, Scenario.created_at)
        rows = await query.order_by(column, ascending=False).order_by(Scenario.id, ascending=False) \
            .limit(PAGE_SIZE).offset(offset(page))
    found = await search.snippets(filters.query, [r["id"] for r in rows]) if ranked else {}
    sees_hidden = permissions.can_see_hidden(actor, council_id)
    settings = await workflow_settings(council_id)
    for item in rows:
        item["overdue"] = settings.overdue(item["state"], item["stage_entered_at"])
        item["byline"] = byline(item["shown_as"], item["author.display_name"], item["author.deleted_at"],
                                item["organisation.name"])
        item["snippet"] = found.get(item["id"])
        if item["hidden_at"] and not sees_hidden:
            item.update(title=_("Hidden by a moderator"), summary=item["hidden_reason"], snippet=None)
    return Page(items=rows, number=page, size=PAGE_SIZE, total=total)


async def council_for_drafts(actor: Actor, slug: str) -> dict[str, Any]:
    rows = await Council.select(Council.id, Council.slug, Council.name).where(Council.slug == slug)
    if not rows or not permissions.can_view_drafts(actor, rows[0]["id"]):
        raise NotFound()
    return rows[0]
