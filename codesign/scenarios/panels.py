"""Extension point of the draft page: domains that build on scenarios (deliberation, later voting and review)
register a panel instead of the scenarios domain importing them (architecture.md: dependencies point one way).

A provider is `async (request, actor, draft_row, revision_row, amendment_row) -> Panel | None`; on an
amendment's page the revision is None and the amendment is given.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    template: str  # included on the draft page, with `panel` in its context
    context: dict[str, Any] = field(default_factory=dict)
    # A link beside every paragraph of the shown version ("{index}" is replaced), and how many comments each has.
    block_link: str | None = None
    block_counts: dict[int, int] = field(default_factory=dict)
    order: int = 100


Provider = Callable[[Any, Any, dict[str, Any], dict[str, Any] | None, dict[str, Any] | None], Awaitable[Panel | None]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)


async def collect(request: Any, actor: Any, draft: dict[str, Any], revision: dict[str, Any] | None,
                  amendment: dict[str, Any] | None = None) -> list[Panel]:
    panels = [panel for provider in PROVIDERS
              if (panel := await provider(request, actor, draft, revision, amendment))]
    return sorted(panels, key=lambda panel: panel.order)
