"""Server-side sessions in the database, rotated at log-in, shared by every app process.

The cookie holds a random token; the table holds only its SHA-256, so a leaked database
does not hand out live sessions. A new id is issued whenever the user changes (log-in,
log-out), which closes session fixation (stack-notes P12).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from litestar.datastructures import Cookie
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from codesign.accounts.actor import ANONYMOUS, Actor
from codesign.accounts.tables import ReviewerKind, WebSession
from codesign.i18n.middleware import cookie

COOKIE_NAME = "codesign_session"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Session:
    """A request's session data; written back only when it changed."""

    def __init__(self, token: str | None = None, data: dict[str, Any] | None = None,
                 user_id: int | None = None, expires_at: datetime | None = None) -> None:
        self.token = token
        self.data: dict[str, Any] = data or {}
        self.user_id = user_id
        self.expires_at = expires_at
        self.dirty = False
        self.old_token: str | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.dirty = True

    def pop(self, key: str, default: Any = None) -> Any:
        if key in self.data:
            self.dirty = True
        return self.data.pop(key, default)

    def log_in(self, user_id: int) -> None:
        self._rotate()
        self.data = {}
        self.user_id = user_id
        self.dirty = True

    def log_out(self) -> None:
        self._rotate()
        self.data = {}
        self.user_id = None
        self.dirty = True

    def _rotate(self) -> None:
        if self.token and not self.old_token:
            self.old_token = self.token
        self.token = None


async def load_session(token: str | None) -> tuple[Session, dict[str, Any] | None]:
    """The session for a cookie value, with its user's row when logged in (one query)."""
    if not token:
        return Session(), None
    rows = await WebSession.select(
        WebSession.data,
        WebSession.expires_at,
        WebSession.user.id,
        WebSession.user.username,
        WebSession.user.display_name,
        WebSession.user.locale,
        WebSession.user.is_admin,
        WebSession.user.is_trainer,
        WebSession.user.organisation,
        WebSession.user.deleted_at,
    ).where(WebSession.key == _digest(token))
    now = datetime.now(UTC)
    if not rows or rows[0]["expires_at"] < now:
        return Session(), None
    row = rows[0]
    try:
        data = json.loads(row["data"])
    except ValueError:
        data = {}
    user = None
    user_id = row["user.id"]
    if user_id is not None and row["user.deleted_at"] is None:
        user = row
    else:
        user_id = None
    return Session(token=token, data=data, user_id=user_id, expires_at=row["expires_at"]), user


async def actor_for(user: dict[str, Any] | None) -> Actor:
    if user is None:
        return ANONYMOUS
    kinds = await ReviewerKind.select(ReviewerKind.kind).where(ReviewerKind.user == user["user.id"])
    return Actor(
        user_id=user["user.id"],
        username=user["user.username"],
        display_name=user["user.display_name"],
        locale=user["user.locale"],
        is_admin=user["user.is_admin"],
        is_trainer=user["user.is_trainer"],
        reviewer_kinds=frozenset(row["kind"] for row in kinds),
        organisation_id=user["user.organisation"],
    )


async def save_session(session: Session, max_age: int) -> Cookie | None:
    """Persist a changed session; returns the cookie to send, if any."""
    now = datetime.now(UTC)
    if session.old_token:
        await WebSession.delete().where(WebSession.key == _digest(session.old_token))
    refresh = session.expires_at is not None and session.expires_at - now < timedelta(seconds=max_age // 2)
    if not session.dirty and not refresh:
        return None
    empty = not session.data and session.user_id is None
    if empty:
        if session.token:
            await WebSession.delete().where(WebSession.key == _digest(session.token))
        if session.token or session.old_token:
            return Cookie(key=COOKIE_NAME, value="", max_age=0, expires=0)
        return None
    expires_at = now + timedelta(seconds=max_age)
    payload = json.dumps(session.data)
    if session.token is None:
        session.token = secrets.token_urlsafe(32)
        await WebSession.insert(
            WebSession(key=_digest(session.token), data=payload, user=session.user_id, expires_at=expires_at)
        )
    else:
        await WebSession.update(
            {WebSession.data: payload, WebSession.user: session.user_id, WebSession.expires_at: expires_at}
        ).where(WebSession.key == _digest(session.token))
    return Cookie(key=COOKIE_NAME, value=session.token, max_age=max_age)


def session_middleware_factory(max_age: int, secure: bool) -> Any:
    def session_middleware(app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            session, user = await load_session(cookie(scope, COOKIE_NAME))
            state = scope.setdefault("state", {})
            state["session"] = session
            state["actor"] = await actor_for(user)

            async def send_wrapper(message: Message) -> None:
                if message["type"] == "http.response.start":
                    jar = await save_session(session, max_age)
                    if jar is not None:
                        jar.httponly = True
                        jar.samesite = "lax"
                        jar.secure = secure
                        jar.path = "/"
                        headers = list(message.get("headers", []))
                        headers.append((b"set-cookie", jar.to_header(header="").encode("latin-1")))
                        message["headers"] = headers
                await send(message)

            await app(scope, receive, send_wrapper)

        return middleware

    return session_middleware


async def purge_expired_sessions() -> None:
    await WebSession.delete().where(WebSession.expires_at < datetime.now(UTC))
