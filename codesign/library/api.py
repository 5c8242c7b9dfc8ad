"""The read-only JSON API of the library and of training packs under /api/v1, described by the OpenAPI schema the
app serves at /api/schema. It takes the signed-in session or a personal API token (`Authorization: Bearer`, see
access.py), answers JSON errors, and never carries a draft's private fields: releases hold none."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec
from litestar import Request, Response, Router, get
from litestar.exceptions import NotAuthorizedException
from litestar.exceptions import NotFoundException as HTTPNotFound
from litestar.openapi.spec import Components, SecurityScheme
from litestar.params import FromPath, FromQuery

from codesign.accounts.guards import actor_of
from codesign.accounts.services import public_name
from codesign.errors import NotFound, PermissionDenied
from codesign.i18n import _
from codesign.library import catalogue, forms, packs, releases
from codesign.library.access import TokenRejected, api_access, token_rejected
from codesign.library.web import filters_from
from codesign.web.forms import Form, RowId
from codesign.web.pagination import page_number


class BadInput(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("bad input")
        self.errors = errors


class ReleaseSummary(msgspec.Struct):
    slug: str
    title: str
    summary: str
    version: str
    status: str
    published_at: datetime
    service_setting: str
    language: str
    duration_minutes: int
    group_min: int
    group_max: int
    url: str


class ReleaseList(msgspec.Struct):
    items: list[ReleaseSummary]
    page: int
    pages: int
    total: int


class VersionEntry(msgspec.Struct):
    version: str
    status: str
    published_at: datetime
    change_notes: str


class ReleaseDetail(msgspec.Struct):
    release: ReleaseSummary
    change_notes: str
    credits: list[str]
    metadata: dict[str, Any]
    sections: dict[str, str]
    versions: list[VersionEntry]


class PackSummary(msgspec.Struct):
    id: int
    title: str
    owner: str
    published: bool
    item_count: int
    updated_at: datetime


class PackList(msgspec.Struct):
    items: list[PackSummary]
    page: int
    pages: int
    total: int


class PackEntry(msgspec.Struct):
    """A pinned release; `status` is "withdrawn" or "retired" when it left the library (the pack's guide leaves it
    out), else the release's own status ("current", "superseded")."""

    position: int
    slug: str
    title: str
    version: str
    status: str
    newer_version: str | None
    local_notes: str


class PackDetail(msgspec.Struct):
    id: int
    title: str
    introduction: str
    owner: str
    published: bool
    items: list[PackEntry]


def _summary(row: dict[str, Any]) -> ReleaseSummary:
    return ReleaseSummary(
        slug=row["slug"], title=row["title"], summary="" if row["status"] == "withdrawn" else row["summary"],
        version=row["version"], status=row["status"],
        published_at=row["published_at"], service_setting=row["service_setting"], language=row["language"],
        duration_minutes=row["duration_minutes"], group_min=row["group_min"], group_max=row["group_max"],
        url=f"/library/{row['slug']}/v/{row['version']}")


@get("/library", summary="The library: current releases, filtered and searched")
async def api_library(
    request: Request, q: FromQuery[str | None] = None, service_setting: FromQuery[str | None] = None,
    competency: FromQuery[str | None] = None, target_role: FromQuery[str | None] = None,
    language: FromQuery[str | None] = None, max_minutes: FromQuery[str | None] = None,
    group_size: FromQuery[str | None] = None, page: FromQuery[str | None] = None,
) -> ReleaseList:
    raw = {"q": q, "service_setting": service_setting, "competency": competency, "target_role": target_role,
           "language": language, "max_minutes": max_minutes, "group_size": group_size, "page": page}
    form = Form(forms.FILTERS, {k: val for k, val in raw.items() if val is not None})
    if not form.validate():
        raise BadInput(form.errors)
    found = await catalogue.list_releases(actor_of(request), filters_from(form), form.values.get("page") or 1)
    return ReleaseList(items=[_summary(r) for r in found.items], page=found.number, pages=found.pages,
                       total=found.total)


async def _detail(request: Request, slug: str, version: str | None) -> ReleaseDetail:
    row = await releases.release(actor_of(request), slug, version)
    if row["status"] == "withdrawn":
        raise NotFound()
    document = releases.document_of(row)
    history = await releases.history(row["scenario"])
    return ReleaseDetail(
        release=_summary(row), change_notes=row["change_notes"], credits=row["credit_list"],
        metadata=msgspec.to_builtins(document.meta), sections=dict(document.sections),
        versions=[VersionEntry(version=h["version"], status=h["status"], published_at=h["published_at"],
                               change_notes=h["change_notes"]) for h in history])


@get("/library/{slug:str}", summary="The current release of a scenario")
async def api_release(request: Request, slug: FromPath[str]) -> ReleaseDetail:
    return await _detail(request, slug, None)


@get("/library/{slug:str}/versions/{version:str}", summary="One release of a scenario")
async def api_release_version(request: Request, slug: FromPath[str], version: FromPath[str]) -> ReleaseDetail:
    return await _detail(request, slug, version)


def _owner(row: dict[str, Any]) -> str:
    return public_name(row["owner.display_name"] or "", row["owner.deleted_at"])


@get("/packs", summary="Training packs: your own and those colleagues published")
async def api_packs(request: Request, page: FromQuery[str | None] = None) -> PackList:
    found = await packs.list_packs(actor_of(request), page_number(page))
    return PackList(items=[PackSummary(id=r["id"], title=r["title"], owner=_owner(r), published=r["published"],
                                       item_count=r["item_count"], updated_at=r["updated_at"]) for r in found.items],
                    page=found.number, pages=found.pages, total=found.total)


@get("/packs/{pack_id:int}", summary="One training pack with its pinned releases")
async def api_pack(request: Request, pack_id: RowId) -> PackDetail:
    row = await packs.pack(actor_of(request), pack_id)
    return PackDetail(
        id=row["id"], title=row["title"], introduction=row["introduction"], owner=_owner(row),
        published=row["published"], items=[
            PackEntry(position=n, slug=i["release.slug"], title=i["release.title"], version=i["release.version"],
                      status=i["status"], newer_version=i["newer"]["version"] if i["newer"] else None,
                      local_notes=i["local_notes"]) for n, i in enumerate(row["items"], start=1)])


def _json(status: int, detail: str, errors: dict[str, str] | None = None) -> Response[Any]:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = errors
    return Response(content=body, status_code=status)


def _unauthorised(request: Request, exc: Exception) -> Response[Any]:
    response = _json(401, _("Log in first, or send a personal API token."))
    response.headers["WWW-Authenticate"] = "Bearer"
    return response


def _not_found(request: Request, exc: Exception) -> Response[Any]:
    return _json(404, _("Not found."))


def _bad_input(request: Request, exc: BadInput) -> Response[Any]:
    return _json(422, _("Some parameters are not valid."), exc.errors)


# The ways in, for the OpenAPI schema (app.py adds these components): a personal token or the browser's session.
SECURITY_SCHEMES = {
    "apiToken": SecurityScheme(type="http", scheme="bearer", description=(
        "A personal read-only token a trainer makes at /library/tokens: `Authorization: Bearer <token>`.")),
    "session": SecurityScheme(type="apiKey", name="codesign_session", security_scheme_in="cookie",
                              description="The signed-in browser session."),
}
COMPONENTS = Components(security_schemes=dict(SECURITY_SCHEMES))

API = Router(
    path="/api/v1", route_handlers=[api_library, api_release, api_release_version, api_packs, api_pack],
    include_in_schema=True, tags=["library"], guards=[api_access], security=[{"apiToken": []}, {"session": []}],
    exception_handlers={NotAuthorizedException: _unauthorised, NotFound: _not_found, HTTPNotFound: _not_found,
                        PermissionDenied: _not_found, BadInput: _bad_input, TokenRejected: token_rejected},
)
