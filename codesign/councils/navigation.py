"""The layout's navigation and current council, computed from the actor: templates only loop over it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request

from codesign.i18n import _


@dataclass(frozen=True)
class NavItem:
    href: str
    label: str


def navigation(request: Request) -> dict[str, Any]:
    actor = request.scope.get("state", {}).get("actor")
    items = [NavItem("/councils", _("Councils"))]
    if actor is not None and actor.is_authenticated:
        items.append(NavItem("/library", _("Library")))
        for council in actor.councils[:3]:
            items.append(NavItem(f"/councils/{council.slug}", council.name))
        if actor.is_reviewer:
            items.append(NavItem("/reviews", _("Reviews")))
        if actor.is_admin:
            items.append(NavItem("/admin/organisations", _("Organisations")))
            items.append(NavItem("/admin/people", _("People")))
    current = actor.councils[0] if actor is not None and actor.is_authenticated and actor.councils else None
    return {"nav_items": items, "current_council": current}
