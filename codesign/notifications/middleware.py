"""The unread count for the layout's account menu: one query per page request, for logged-in members only.

Templates are rendered synchronously, so the count is read here (before the handler runs) and handed to the
templates by a context provider. Static files, the health check, htmx requests (which render fragments
without the menu) and form posts (which mostly answer with a redirect) skip the query.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.types import ASGIApp, Receive, Scope, Send

from codesign.notifications.services import unread_count

STATE_KEY = "unread_notifications"
SKIPPED_PREFIXES = ("/static/", "/healthz")


def _is_htmx(scope: Scope) -> bool:
    return any(key == b"hx-request" and value == b"true" for key, value in scope.get("headers", []))


def unread_count_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        page_request = scope["type"] == "http" and scope.get("method") in ("GET", "HEAD")
        if page_request and not scope["path"].startswith(SKIPPED_PREFIXES) and not _is_htmx(scope):
            state = scope.setdefault("state", {})
            actor = state.get("actor")
            if actor is not None and actor.is_authenticated:
                state[STATE_KEY] = await unread_count(actor.user_id)
        await app(scope, receive, send)

    return middleware


def unread_notifications(request: Request) -> dict[str, Any]:
    """Context provider: the count read by the middleware (None where it did not run, e.g. a router 404)."""
    return {STATE_KEY: request.scope.get("state", {}).get(STATE_KEY)}
