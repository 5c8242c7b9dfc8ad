"""HTTP handlers for the home page and the fixed pages linked from every footer."""

from __future__ import annotations

from litestar import Request, Response, get

from codesign.web.templating import render


@get("/")
async def home(request: Request) -> Response:
    return render(request, "pages/home.html")


@get("/about")
async def about(request: Request) -> Response:
    return render(request, "pages/about.html")


@get("/privacy")
async def privacy(request: Request) -> Response:
    return render(request, "pages/privacy.html")


@get("/code-of-conduct")
async def code_of_conduct(request: Request) -> Response:
    return render(request, "pages/conduct.html")


ROUTES = [home, about, privacy, code_of_conduct]
