"""ASGI middleware that picks the request's language and stores it for translations and templates."""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

from litestar.datastructures import Cookie
from litestar.types import ASGIApp, Receive, Scope, Send

from codesign.i18n.locales import LANGUAGE_COOKIE, negotiate
from codesign.i18n.translations import current_locale, set_locale


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


def cookie(scope: Scope, name: str) -> str | None:
    raw = header(scope, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


def locale_for_scope(scope: Scope) -> str:
    state: dict[str, Any] = scope.setdefault("state", {})
    actor = state.get("actor")
    return negotiate(
        getattr(actor, "locale", None),
        cookie(scope, LANGUAGE_COOKIE),
        header(scope, b"accept-language"),
    )


def locale_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            set_locale(locale_for_scope(scope))
            scope.setdefault("state", {})["locale"] = current_locale()
        await app(scope, receive, send)

    return middleware


def language_cookie(locale: str) -> Cookie:
    """Mirrors a member's setting, so that pages rendered before the session is read
    (a 404 for an unknown address) are in their language too."""
    return Cookie(key=LANGUAGE_COOKIE, value=locale, max_age=365 * 24 * 3600, httponly=True, samesite="lax")
