"""GET /healthz: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

from litestar import Response, get

from codesign import db


@get("/healthz", opt={"exclude_from_csrf": True})
async def healthz() -> Response:
    if await db.ping():
        return Response(content={"status": "ok", "database": "ok"}, status_code=200)
    return Response(content={"status": "unavailable", "database": "unreachable"}, status_code=503)
