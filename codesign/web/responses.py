"""Redirects after a successful POST (303), the same for plain forms and htmx."""

from __future__ import annotations

from litestar import Request, Response
from litestar.response import Redirect

from codesign.web.flash import flash
from codesign.web.templating import is_htmx


def see_other(request: Request, url: str, message: str | None = None, level: str = "success") -> Response:
    """POST → 303 → GET; htmx is told to load the new page the same way."""
    if message:
        flash(request, message, level)
    if is_htmx(request):
        return Response(content="", status_code=204, headers={"HX-Redirect": url})
    return Redirect(path=url, status_code=303)


def safe_next(url: str | None, default: str = "/") -> str:
    """Only same-site paths, never an open redirect."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return default
    return url
