"""One-time messages shown on the next page, kept in the session."""

from __future__ import annotations

from litestar import Request

LEVELS = ("success", "info", "error")


def flash(request: Request, message: str, level: str = "success") -> None:
    session = request.scope.get("state", {}).get("session")
    if session is None:
        return
    messages = list(session.get("_flash", []))
    messages.append({"message": message, "level": level if level in LEVELS else "info"})
    session.set("_flash", messages)
