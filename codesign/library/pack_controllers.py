"""HTTP handlers of training packs (list, create, edit and publish, delete after a confirmation, add, reorder, notes,
re-pin, remove, the pack's guide PDF) and of withdrawing consent for a source from a draft's page (a form, then a
confirmation step)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery

from codesign.accounts.guards import actor_of, login_required
from codesign.errors import NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.library import forms, guides, packs
from codesign.library.web import guide_stylesheet, pdf_response
from codesign.scenarios import panels, provenance
from codesign.scenarios import permissions as draft_permissions
from codesign.scenarios import services as scenarios
from codesign.scenarios import vocabularies as v
from codesign.scenarios.document import parse
from codesign.scenarios.validation import MESSAGES
from codesign.web.forms import Form, RowId, form_data
from codesign.web.pagination import page_number
from codesign.web.responses import see_other
from codesign.web.templating import environment, is_htmx, render


@get("/library/packs", guards=[login_required])
async def pack_list(request: Request, page: FromQuery[str | None] = None) -> Response:
    found = await packs.list_packs(actor_of(request), page_number(page))
    return render(request, "library/packs.html", {"packs": found, "form": Form(forms.PACK)})


@post("/library/packs", guards=[login_required])
async def pack_create(request: Request) -> Response:
    form = Form(forms.PACK, await form_data(request))
    if form.validate():
        try:
            pack_id = await packs.create_pack(actor_of(request), form.values["title"],
                                              form.values.get("introduction") or "")
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return see_other(request, f"/library/packs/{pack_id}", _("The pack is ready: add scenarios from the "
                                                                      "library."))
    found = await packs.list_packs(actor_of(request), 1)
    return render(request, "library/packs.html", {"packs": found, "form": form}, status_code=422)


async def _pack_context(request: Request, pack_id: int, form: Form | None = None) -> dict[str, Any]:
    row = await packs.pack(actor_of(request), pack_id)
    return {"pack": row, "form": form or Form(forms.PACK, raw={
        "title": row["title"], "introduction": row["introduction"], "published": "on" if row["published"] else ""})}


@get("/library/packs/{pack_id:int}", guards=[login_required])
async def pack_page(request: Request, pack_id: RowId) -> Response:
    return render(request, "library/pack.html", await _pack_context(request, pack_id), blocks=["items"])


@post("/library/packs/{pack_id:int}", guards=[login_required])
async def pack_edit(request: Request, pack_id: RowId) -> Response:
    form = Form(forms.PACK, await form_data(request))
    if form.validate():
        try:
            await packs.edit_pack(actor_of(request), pack_id, form.values["title"],
                                  form.values.get("introduction") or "", bool(form.values.get("published")))
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return see_other(request, f"/library/packs/{pack_id}", _("The pack is saved."))
    return render(request, "library/pack.html", await _pack_context(request, pack_id, form), status_code=422)


async def _deletable(request: Request, pack_id: int) -> dict[str, Any]:
    row = await packs.pack(actor_of(request), pack_id)
    if not row["can_edit"]:
        raise PermissionDenied()
    return row


@get("/library/packs/{pack_id:int}/delete", guards=[login_required])
async def pack_delete_confirm(request: Request, pack_id: RowId) -> Response:
    """Asks first: deleting a pack cannot be undone (nothing is written here)."""
    row = await _deletable(request, pack_id)
    return render(request, "library/pack_delete.html", {"pack": row, "form": Form(forms.CONFIRM)})


@post("/library/packs/{pack_id:int}/delete", guards=[login_required])
async def pack_delete(request: Request, pack_id: RowId) -> Response:
    form = Form(forms.CONFIRM, await form_data(request))
    if form.validate() and not form.values.get("confirm"):
        form.add_error("confirm", _("Tick this box to confirm."))
    if not form.valid:
        row = await _deletable(request, pack_id)
        return render(request, "library/pack_delete.html", {"pack": row, "form": form}, status_code=422)
    title = await packs.delete_pack(actor_of(request), pack_id)
    return see_other(request, "/library/packs", _("The pack “%(title)s” is deleted.", title=title))


@post("/library/packs/add", guards=[login_required])
async def pack_add(request: Request) -> Response:
    form = Form(forms.ADD_TO_PACK, await form_data(request))
    if not form.validate():
        raise NotFound()
    pack_id = form.values["pack"]
    try:
        await packs.add_release(actor_of(request), pack_id, form.values["release"])
    except ValidationFailed as failure:
        return see_other(request, f"/library/packs/{pack_id}", next(iter(failure.errors.values()), failure.message),
                         "error")
    return see_other(request, f"/library/packs/{pack_id}", _("The scenario is added to the pack."))


def _item_done(request: Request, pack_id: int, message: str) -> Response:
    return see_other(request, f"/library/packs/{pack_id}", message)


@post("/library/packs/{pack_id:int}/items/{item_id:int}/move", guards=[login_required])
async def item_move(request: Request, pack_id: RowId, item_id: RowId) -> Response:
    form = Form(forms.MOVE, await form_data(request))
    if not form.validate():
        raise NotFound()
    await packs.move_item(actor_of(request), pack_id, item_id, form.values["direction"])
    if is_htmx(request):  # htmx swaps the list in place; without JavaScript the page reloads
        return render(request, "library/pack.html", await _pack_context(request, pack_id), blocks=["items"])
    return _item_done(request, pack_id, _("The order is saved."))


@post("/library/packs/{pack_id:int}/items/{item_id:int}/notes", guards=[login_required])
async def item_notes(request: Request, pack_id: RowId, item_id: RowId) -> Response:
    form = Form(forms.NOTES, await form_data(request))
    if form.validate():
        try:
            await packs.set_notes(actor_of(request), pack_id, item_id, form.values.get("local_notes") or "")
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return _item_done(request, pack_id, _("Your local notes are saved."))
    context = await _pack_context(request, pack_id)
    context.update(error=next(iter(form.errors.values())), notes_item=item_id)
    return render(request, "library/pack.html", context, status_code=422)


@post("/library/packs/{pack_id:int}/items/{item_id:int}/remove", guards=[login_required])
async def item_remove(request: Request, pack_id: RowId, item_id: RowId) -> Response:
    await packs.remove_item(actor_of(request), pack_id, item_id)
    return _item_done(request, pack_id, _("The scenario is removed from the pack."))


@post("/library/packs/{pack_id:int}/items/{item_id:int}/repin", guards=[login_required])
async def item_repin(request: Request, pack_id: RowId, item_id: RowId) -> Response:
    try:
        version = await packs.repin(actor_of(request), pack_id, item_id)
    except ValidationFailed as failure:
        return see_other(request, f"/library/packs/{pack_id}", failure.message, "error")
    return _item_done(request, pack_id, _("The pack now uses version %(version)s.", version=version))


@get("/library/packs/{pack_id:int}/guide.pdf", guards=[login_required])
async def pack_pdf(request: Request, pack_id: RowId) -> Response:
    row = await packs.pack(actor_of(request), pack_id)
    entries = []
    for item in row["items"]:
        if not item["in_guide"]:  # withdrawn or retired: the pack's page says so
            continue
        release = {"id": item["release"], "title": item["release.title"], "version": item["release.version"],
                   "summary": item["release.summary"], "front_matter": item["release.front_matter"],
                   "body": item["release.body"], "credit_list": []}
        entries.append({"release": release, "guide": guides.guide(release), "notes": item["local_notes"]})
    html = environment().get_template("library/guide_pdf.html").render(
        title=row["title"], introduction=row["introduction"], entries=entries, labels_role=v.TARGET_ROLES,
        labels_warning=v.CONTENT_WARNING_KINDS, left_out=len(row["items"]) - len(entries))
    return pdf_response(await guides.pdf(html, guide_stylesheet(request)), f"pack-{pack_id}")


# --- withdrawing consent for a source (organisers) ----------------------------------------------------------


async def _consent_context(request: Request, slug: str) -> tuple[dict[str, Any], list[str]]:
    actor = actor_of(request)
    row, current, draft = await scenarios.revision(actor, slug)
    if not draft_permissions.can_withdraw_consent(actor, draft):
        raise NotFound()
    refs = sorted(provenance.source_refs(parse(scenarios.document_text(current), MESSAGES).meta))
    return row, refs


async def consent_panel(request: Request, actor: Any, row: dict[str, Any], revision: dict[str, Any] | None,
                        amendment: dict[str, Any] | None) -> panels.Panel | None:
    """On a draft's page, for organisers: withdraw consent for one of its lived-experience sources."""
    if amendment is not None or revision is None:
        return None
    if not (actor.is_admin or actor.is_organiser_of(row["council"])):  # as can_withdraw_consent
        return None
    refs = sorted(provenance.source_refs(parse(scenarios.document_text(revision), MESSAGES).meta))
    if not refs:
        return None
    return panels.Panel(template="library/_consent_panel.html", order=90, context={
        "slug": row["slug"], "refs": refs, "form": Form(forms.WITHDRAW_CONSENT)})


panels.register(consent_panel)


@post("/drafts/{slug:str}/consent/confirm", guards=[login_required])
async def consent_confirm(request: Request, slug: FromPath[str]) -> Response:
    """The first step: checks the form and asks to confirm (nothing is written yet)."""
    row, refs = await _consent_context(request, slug)
    form = Form(forms.WITHDRAW_CONSENT, await form_data(request))
    form.validate()
    if form.values.get("ref") and form.values["ref"] not in refs:
        form.add_error("ref", _("Choose one of the sources this scenario lists."))
    return render(request, "library/consent.html", {"draft": row, "refs": refs, "form": form},
                  status_code=200 if form.valid else 422)


@post("/drafts/{slug:str}/consent", guards=[login_required])
async def consent_withdraw(request: Request, slug: FromPath[str]) -> Response:
    row, refs = await _consent_context(request, slug)
    form = Form(forms.WITHDRAW_CONSENT, await form_data(request))
    if form.validate() and not form.values.get("confirm"):
        form.add_error("confirm", _("Tick this box to confirm."))
    if form.valid:
        try:
            await scenarios.withdraw_consent(actor_of(request), slug, form.values["ref"], form.values["reason"])
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        except PermissionDenied:
            raise NotFound() from None
        else:
            return see_other(request, f"/drafts/{slug}", _("Consent is recorded as withdrawn. Releases that used "
                                                           "this source left the library."))
    return render(request, "library/consent.html", {"draft": row, "refs": refs, "form": form}, status_code=422)


ROUTES: list[Any] = [pack_list, pack_create, pack_page, pack_edit, pack_delete_confirm, pack_delete, pack_add,
                     item_move, item_notes, item_remove, item_repin, pack_pdf, consent_confirm, consent_withdraw]
