"""In-process domain events: a domain announces what happened; domains that build on it react.

This keeps dependencies pointing one way (architecture.md): scenarios announce a new revision
without knowing that deliberation notifies the draft's followers. Handlers run in the caller's
transaction, in the order they subscribed, so a failure rolls everything back together.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

Handler = Callable[..., Awaitable[None]]
_handlers: dict[str, list[Handler]] = {}

# The events and what they carry (keyword arguments).
REVISION_SAVED = "revision_saved"  # scenario_id, number, actor_id, title, slug
AMENDMENT_PROPOSED = "amendment_proposed"  # scenario_id, amendment_id, actor_id, title, slug
STATE_CHANGED = "state_changed"  # scenario_id, actor_id, from_state, to_state, title, slug
CONSENT_WITHDRAWN = "consent_withdrawn"  # scenario_id, ref, actor_id, title, slug


def subscribe(event: str, handler: Handler) -> None:
    handlers = _handlers.setdefault(event, [])
    if handler not in handlers:
        handlers.append(handler)


async def emit(event: str, **payload: Any) -> None:
    for handler in _handlers.get(event, []):
        await handler(**payload)
