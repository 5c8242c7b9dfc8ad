"""Error pages (403, 404, 405, CSRF, 500) in the user's language, as HTML for pages and htmx alike."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.enums import MediaType
from litestar.exceptions import HTTPException, NotAuthorizedException, PermissionDeniedException
from litestar.exceptions import NotFoundException as HTTPNotFound
from litestar.response import Redirect
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from codesign.errors import NotFound, PermissionDenied
from codesign.i18n.middleware import locale_for_scope
from codesign.i18n.translations import set_locale
from codesign.web.templating import base_context, environment

log = logging.getLogger("codesign")


def _page(request: Request, template: str, status: int, context: dict[str, Any] | None = None) -> Response:
    state = request.scope.setdefault("state", {})
    # A 404 from the router never passed through the locale middleware: choose the language here.
    set_locale(state.get("locale") or locale_for_scope(request.scope))
    try:
        values = {**base_context(request), **(context or {})}
        html = environment().get_template(template).render(**values)
    except Exception:  # the error page itself must never fail
        log.exception("error page failed to render")
        html = "<!doctype html><title>Error</title><p>Error</p>"
    return Response(content=html, media_type=MediaType.HTML, status_code=status,
                    headers={"Vary": "HX-Request"})


def not_found(request: Request, exc: Exception) -> Response:
    return _page(request, "errors/404.html", 404)


def forbidden(request: Request, exc: Exception) -> Response:
    detail = getattr(exc, "detail", "")
    if isinstance(exc, PermissionDeniedException) and "CSRF" in str(detail):
        return _page(request, "errors/csrf.html", 403)
    return _page(request, "errors/403.html", 403)


def unauthorised(request: Request, exc: Exception) -> Response:
    """Log in first, then come back here."""
    target = request.url.path
    if request.method != "GET":
        target = "/"
    return Redirect(path="/login", query_params={"next": target}, status_code=303)


def http_error(request: Request, exc: HTTPException) -> Response:
    if exc.status_code == 404:
        return not_found(request, exc)
    if exc.status_code == 403:
        return forbidden(request, exc)
    if exc.status_code >= 500:
        return server_error(request, exc)
    return _page(request, "errors/generic.html", exc.status_code, {"status": exc.status_code})


def server_error(request: Request, exc: Exception) -> Response:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _page(request, "errors/500.html", HTTP_500_INTERNAL_SERVER_ERROR)


EXCEPTION_HANDLERS: dict[Any, Any] = {
    NotFound: not_found,
    HTTPNotFound: not_found,
    PermissionDenied: forbidden,
    PermissionDeniedException: forbidden,
    NotAuthorizedException: unauthorised,
    HTTPException: http_error,
    Exception: server_error,
}
