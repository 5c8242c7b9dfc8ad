"""Route guards and request helpers that need to know who is asking."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotAuthorizedException

from codesign.accounts.actor import ANONYMOUS, Actor


def actor_of(request: Request) -> Actor:
    return request.scope.get("state", {}).get("actor") or ANONYMOUS


def session_of(request: Request) -> Any:
    return request.scope.get("state", {}).get("session")


def login_required(connection: Any, _: Any) -> None:
    """Guard: anonymous visitors are sent to the log-in page (permissions proper live in services)."""
    actor = connection.scope.get("state", {}).get("actor")
    if actor is None or not actor.is_authenticated:
        raise NotAuthorizedException()
