"""Small helpers the library's handlers share: filters from a validated form, and PDF responses."""

from __future__ import annotations

from pathlib import Path

from litestar import Request, Response

from codesign.library import catalogue
from codesign.web.forms import Form


def filters_from(form: Form) -> catalogue.Filters:
    values = form.values
    minutes = values.get("max_minutes")
    return catalogue.Filters(
        service_setting=values.get("service_setting") or "", competency=values.get("competency") or "",
        target_role=values.get("target_role") or "", language=values.get("language") or "",
        max_minutes=int(minutes) if minutes else None, group_size=values.get("group_size") or None,
        query=values.get("q") or "")


def guide_stylesheet(request: Request) -> Path:
    return Path(request.app.state.settings.static_dir) / "css" / "guide.css"


def pdf_response(content: bytes, name: str) -> Response[bytes]:
    return Response(content=content, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})
