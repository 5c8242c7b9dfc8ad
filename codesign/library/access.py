"""Who is asking on the JSON API and the feed: the signed-in session, or a personal API token. Only these routes
read tokens, and they are read-only (GET), so a token opens nothing else: pages ignore it and unsafe methods need
the session and its CSRF token.

The API takes a token only in the `Authorization: Bearer` header. The feed also takes `?token=`, because feed
readers cannot send headers; the trade-off is that a URL with a token can end up in browser history, proxy and
server logs, or a shared feed list, so such a token should serve the feed alone and be revoked if the URL leaks.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

from codesign.accounts.guards import login_required
from codesign.i18n import _
from codesign.library import tokens


class TokenRejected(Exception):
    """A token was presented that is unknown, revoked, or whose owner may no longer use it."""


def _bearer(connection: Any) -> str | None:
    header = connection.headers.get("authorization")
    if not header:
        return None
    scheme, _sep, value = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


async def _use(connection: Any, handler: Any, secret: str | None) -> None:
    if secret is None:
        login_required(connection, handler)
        return
    actor = await tokens.actor_for_token(secret)
    if actor is None:
        raise TokenRejected()
    connection.scope.setdefault("state", {})["actor"] = actor  # the token's owner, for this request only


async def api_access(connection: Any, handler: Any) -> None:
    """Guard of the JSON API: a bearer token when one is sent, else the session."""
    await _use(connection, handler, _bearer(connection))


async def feed_access(connection: Any, handler: Any) -> None:
    """Guard of the Atom feed: a bearer token, or `?token=` for feed readers, else the session."""
    secret = _bearer(connection)
    if secret is None:
        secret = connection.query_params.get("token")
    await _use(connection, handler, secret)


def token_rejected(request: Request, exc: Exception) -> Response[Any]:
    return Response(content={"detail": _("This API token is not valid: it is unknown or was revoked.")},
                    status_code=401, media_type="application/json",
                    headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
