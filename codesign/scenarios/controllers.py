"""HTTP handlers for drafts: the council's list and search, the draft page, the editor with preview,
history with word-level comparison, restoring, and co-authors."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from babel.lists import format_list
from litestar import Request, Response, get, post
from litestar.params import FromPath

from codesign.accounts.guards import actor_of, login_required
from codesign.errors import InvalidTransition, NotFound, ValidationFailed
from codesign.i18n import _
from codesign.i18n.formatting import format_number
from codesign.i18n.locales import SUPPORTED_LOCALES, text_direction
from codesign.i18n.translations import current_locale, use_locale
from codesign.markdown import blocks as markdown_blocks
from codesign.markdown import render as render_markdown
from codesign.scenarios import (
    amendment_controllers,
    amendments,
    editor,
    forms,
    history_controllers,
    lifecycle,
    listing,
    panels,
    permissions,
    privacy,
    provenance,
    services,
)
from codesign.scenarios import vocabularies as v
from codesign.scenarios.document import canonical_section, parse, without_title
from codesign.scenarios.readability import analyse
from codesign.scenarios.validation import MESSAGES
from codesign.web.forms import Form, form_data
from codesign.web.responses import see_other
from codesign.web.templating import render


def _options(vocabulary: dict[str, Any]) -> list[tuple[str, Any]]:
    return list(vocabulary.items())


def shown_as_options(request: Request) -> list[tuple[str, str]]:
    actor = actor_of(request)
    options = [("name", _("My display name (%(name)s)", name=actor.display_name))]
    if actor.organisation_id is not None:
        options.append(("organisation", _("My organisation")))
    options.append(("council", _("“A council member” (other members do not see who)")))
    return options


# --- the council's drafts -----------------------------------------------------------------------


@get("/councils/{slug:str}/drafts", guards=[login_required])
async def draft_list(request: Request, slug: FromPath[str]) -> Response:
    actor = actor_of(request)
    council = await listing.council_for_drafts(actor, slug)
    form = Form(forms.FILTERS, dict(request.query_params))
    form.validate()
    values = {k: (form.values.get(k) or "") for k in ("service_setting", "competency", "target_role", "language",
                                                        "state", "author")}
    filters = listing.Filters(query=form.values.get("q") or "", sort=form.values.get("sort") or "newest", **values)
    drafts = await listing.list_drafts(actor, council["id"], filters, form.values.get("page") or 1)
    query = {k: v for k, v in form.raw.items() if v and k != "page"}
    context = {
        "council": council, "current_council": council, "drafts": drafts, "form": form, "filters": filters,
        "filtered": any(query.get(k) for k in query if k != "sort"),
        "page_base": f"/councils/{slug}/drafts?" + "".join(f"{k}={_quote(str(val))}&" for k, val in query.items()),
        "can_propose": permissions.can_propose(actor, council["id"]),
        "setting_options": _options(v.SERVICE_SETTINGS), "competency_options": _options(v.COMPETENCIES),
        "role_options": _options(v.TARGET_ROLES), "labels_setting": v.SERVICE_SETTINGS,
        "state_options": _options(v.STATES), "labels_state": v.STATES,
        "sort_options": [("newest", _("Newest")), ("active", _("Recently active")),
                         ("supported", _("Most supported")), ("discussed", _("Most discussed"))],
    }
    return render(request, "scenarios/list.html", context, blocks=["results"])


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


# --- the editor -----------------------------------------------------------------------------------


def _editor_context(request: Request, form: Form, council: dict[str, Any], *, slug: str | None,
                    base: int | None, preview: Any = None, mode: str = "edit") -> dict[str, Any]:
    actions = {"new": f"/councils/{council['slug']}/drafts/new", "edit": f"/drafts/{slug}/edit",
               "amend": f"/drafts/{slug}/amend"}
    return {
        "form": form, "council": council, "current_council": council, "slug": slug, "base": base,
        "preview": preview, "mode": mode, "form_action": actions[mode],
        "page_title": {"new": _("Propose a new draft"), "edit": _("Edit draft"),
                       "amend": _("Propose an amendment")}[mode],
        "sections": [(name, field, v.SECTION_LABELS[name]) for name, field in editor.SECTION_FIELDS.items()],
        "setting_options": _options(v.SERVICE_SETTINGS), "role_options": _options(v.TARGET_ROLES),
        "format_options": _options(v.FORMATS), "difficulty_options": _options(v.DIFFICULTIES),
        "shown_as_options": shown_as_options(request), "section_help": v.SECTION_HELP,
        # htmx sends the whole form (debounced) and swaps in the rendered draft; nothing happens without JavaScript.
        "live_preview": {"data-hx-post": "/drafts/preview", "data-hx-trigger": "input changed delay:800ms",
                         "data-hx-target": "#live-preview", "data-hx-swap": "innerHTML"},
    }


def _preview(values: dict[str, Any]) -> dict[str, Any]:
    """The whole draft rendered, and the plain-language hint for it."""
    document = editor.document_for(values)
    if document is None:
        return {"html": None, "hint": None}
    body = "\n\n".join(text for text in document.sections.values() if text)
    language = ((document.meta.get("languages") or {}).get("source") or "en") \
        if isinstance(document.meta.get("languages"), dict) else "en"
    return {"html": render_markdown(without_title(document.body)), "hint": analyse(body, str(language))}


@get("/councils/{slug:str}/drafts/new", guards=[login_required])
async def draft_new(request: Request, slug: FromPath[str]) -> Response:
    actor = actor_of(request)
    council = await listing.council_for_drafts(actor, slug)
    if not permissions.can_propose(actor, council["id"]):
        raise NotFound()
    values = editor.blank_values(actor.locale or "en")
    form = Form(forms.EDITOR, raw={**values, "shown_as": "name"})
    return render(request, "scenarios/edit.html",
                  _editor_context(request, form, council, slug=None, base=None, mode="new"))


async def _submit(request: Request, council: dict[str, Any], slug: str | None, mode: str) -> Response:
    actor = actor_of(request)
    form = Form(forms.EDITOR, await form_data(request))
    form.validate()
    values = {**form.raw, **{k: val for k, val in form.values.items() if val is not None}}
    if slug:
        values["id"] = slug
    base = form.values.get("base")
    context = _editor_context(request, form, council, slug=slug, base=base, mode=mode)
    if form.values.get("action") == "preview" or not form.valid:
        if form.values.get("action") == "preview":
            context["preview"] = _preview(values)
        return render(request, "scenarios/edit.html", context, status_code=200 if form.valid else 422)
    text, errors = editor.document_text(values)
    form.errors.update(errors)
    if text is not None and not errors:
        try:
            if mode == "amend" and slug:
                await amendments.propose(actor, slug, text, form.values.get("reason") or "", form.values["shown_as"])
                return see_other(request, f"/drafts/{slug}", _("Your amendment is sent to the authors."))
            if slug:
                await services.save_draft(actor, slug, text, form.values.get("note") or "", form.values["shown_as"],
                                          base)
                return see_other(request, f"/drafts/{slug}", _("Your changes are saved as a new version."))
            new_slug = await services.propose_draft(actor, council["id"], text, form.values.get("note") or "",
                                                    form.values["shown_as"])
            return see_other(request, f"/drafts/{new_slug}", _("Your draft is saved."))
        except ValidationFailed as error:
            for key, message in error.errors.items():
                form.errors.setdefault(editor.field_for(key.split(" (line")[0]), message)
            if error.message:
                context["error"] = error.message
    return render(request, "scenarios/edit.html", context, status_code=422)


@post("/councils/{slug:str}/drafts/new", guards=[login_required])
async def draft_create(request: Request, slug: FromPath[str]) -> Response:
    council = await listing.council_for_drafts(actor_of(request), slug)
    if not permissions.can_propose(actor_of(request), council["id"]):
        raise NotFound()
    return await _submit(request, council, None, "new")


@get("/drafts/{slug:str}/edit", guards=[login_required])
async def draft_edit(request: Request, slug: FromPath[str]) -> Response:
    actor = actor_of(request)
    row, current, draft = await services.revision(actor, slug)
    if not permissions.can_edit(actor, draft):
        raise NotFound()
    values = editor.values_from(current["front_matter"], current["body"], current["private"])
    form = Form(forms.EDITOR, raw={**values, "shown_as": row["shown_as"], "base": str(row["revision_count"])})
    council = {"id": row["council"], "slug": row["council.slug"], "name": row["council.name"]}
    return render(request, "scenarios/edit.html",
                  _editor_context(request, form, council, slug=slug, base=row["revision_count"]))


@post("/drafts/{slug:str}/edit", guards=[login_required])
async def draft_save(request: Request, slug: FromPath[str]) -> Response:
    actor = actor_of(request)
    row, draft = await services.access(slug, actor)
    if not permissions.can_edit(actor, draft):
        raise NotFound()
    council = {"id": row["council"], "slug": row["council.slug"], "name": row["council.name"]}
    return await _submit(request, council, slug, "edit")


@get("/drafts/{slug:str}/amend", guards=[login_required])
async def amend_page(request: Request, slug: FromPath[str]) -> Response:
    actor = actor_of(request)
    row, current, draft = await services.revision(actor, slug)
    if not permissions.can_propose_amendment(actor, draft):
        raise NotFound()
    values = editor.values_from(current["front_matter"], current["body"], "{}")
    form = Form(forms.EDITOR, raw={**values, "shown_as": "name"})
    council = {"id": row["council"], "slug": row["council.slug"], "name": row["council.name"]}
    return render(request, "scenarios/edit.html",
                  _editor_context(request, form, council, slug=slug, base=None, mode="amend"))


@post("/drafts/{slug:str}/amend", guards=[login_required])
async def amend(request: Request, slug: FromPath[str]) -> Response:
    actor = actor_of(request)
    row, draft = await services.access(slug, actor)
    if not permissions.can_propose_amendment(actor, draft):
        raise NotFound()
    council = {"id": row["council"], "slug": row["council.slug"], "name": row["council.name"]}
    return await _submit(request, council, slug, "amend")


@post("/drafts/preview", guards=[login_required])
async def preview(request: Request) -> Response:
    """The live preview beside the editor (htmx posts the editor's form); the Preview button is the same
    without JavaScript."""
    form = Form(forms.EDITOR, await form_data(request))
    form.validate()
    values = {**form.raw, **{k: val for k, val in form.values.items() if val is not None}}
    return render(request, "scenarios/_live_preview.html", {"preview": _preview(values)})


# --- a draft ----------------------------------------------------------------------------------------


@get("/drafts/{slug:str}", guards=[login_required])
async def draft_page(request: Request, slug: FromPath[str]) -> Response:
    actor = actor_of(request)
    row, current, draft = await services.revision(actor, slug)
    document = parse(services.document_text(current), MESSAGES)
    body = "\n\n".join(text for text in document.sections.values() if text)
    meta = document.meta
    language = (meta.get("languages") or {}).get("source") if isinstance(meta.get("languages"), dict) else None
    text_language = _language_code(language)
    context = {
        "draft": row, "revision": current, "meta": meta, "council": {"slug": row["council.slug"],
                                                                       "name": row["council.name"]},
        "current_council": {"slug": row["council.slug"], "name": row["council.name"]},
        "title": document.title or row["title"],
        "blocks": markdown_blocks(localised_headings(without_title(document.body), text_language)),
        "text_language": text_language, "text_direction": text_direction(text_language),
        "private": _private(current["private"]),
        "hint": analyse(body, str(language or "en")),
        "checklist": services.review_checklist(document),
        "flagged_terms": privacy.flagged_terms(document),
        "timeline": await services.timeline(actor, slug),
        "steps": _steps(row["state"], services.roles_towards(actor, draft)),
        "state_label": v.STATES.get(row["state"], row["state"]), "labels_state": v.STATES,
        "legal_recheck": provenance.needs_legal_recheck(meta, datetime.now(UTC).date()),
        "co_authors": await services.co_authors(actor, slug),
        "amendments": await amendments.amendments(actor, slug),
        "can_amend": permissions.can_propose_amendment(actor, draft),
        "can_edit": permissions.can_edit(actor, draft),
        "can_invite": permissions.can_invite_co_author(actor, draft),
        "can_see_private": permissions.can_see_private_fields(actor, draft),
        "co_author_form": Form(forms.CO_AUTHOR),
        "summary": meta.get("summary") or "",
        "facts": facts(meta),
        "hidden": bool(row["hidden_at"]),
        "shows_hidden_text": permissions.can_see_hidden(actor, draft.council_id),
    }
    if context["hidden"] and not context["shows_hidden_text"]:
        context.update(blocks=[], summary="", facts=[], title=_("Hidden by a moderator"), hint=None, checklist=[])
    extensions = await panels.collect(request, actor, row, current)
    context["panels"] = extensions
    linked = next((panel for panel in extensions if panel.block_link), None)
    context["block_links"] = {
        block.index: {"url": linked.block_link.replace("{index}", str(block.index)),  # type: ignore[union-attr]
                      "count": linked.block_counts.get(block.index, 0)}
        for block in context["blocks"]} if linked else {}
    return render(request, "scenarios/detail.html", context)


def _language_code(language: Any) -> str:
    """The draft's own language for lang and dir, falling back to the reader's."""
    code = str(language or "").split("-")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else current_locale()


def localised_headings(body: str, language: str) -> str:
    """Section headings in the draft's language when the interface has it (files always name them in English)."""
    with use_locale(language if language in SUPPORTED_LOCALES else current_locale()):
        def heading(match: re.Match[str]) -> str:
            name = canonical_section(match.group(1))
            if name is None:
                return match.group(0)
            suffix = match.group(1)[len(name):] if match.group(1).lower().startswith(name.lower()) else ""
            return f"## {v.SECTION_LABELS[name]}{suffix}"

        return re.sub(r"^## +(.+?) *$", heading, body, flags=re.MULTILINE)


def _steps(state: str, roles: frozenset[str]) -> list[dict[str, Any]]:
    """The lifecycle steps this person can take here, with what each form needs."""
    return [{"event": t.event, "label": v.STEP_LABELS[t.event], "needs_reason": t.needs_reason,
             "confirm": t.event == "withdraw"}
            for t in lifecycle.available(state, roles) if t.event in v.STEP_LABELS]


@post("/drafts/{slug:str}/steps/{event:str}", guards=[login_required])
async def draft_step(request: Request, slug: FromPath[str], event: FromPath[str]) -> Response:
    """Moves a draft along its lifecycle (submit, ask for changes, withdraw)."""
    form = Form(forms.STEP, await form_data(request))
    form.validate()
    if event not in v.STEP_LABELS:
        raise NotFound()
    if event == "withdraw" and not form.values.get("confirm"):
        return see_other(request, f"/drafts/{slug}", _("Tick the box to confirm that you withdraw this draft."),
                         "error")
    try:
        state = await services.transition(actor_of(request), slug, event, form.values.get("reason") or "")
    except (InvalidTransition, ValidationFailed) as error:
        return see_other(request, f"/drafts/{slug}", error.message, "error")
    return see_other(request, f"/drafts/{slug}",
                     _("The draft is now at this stage: %(stage)s.", stage=v.STATES.get(state, state)))


def _private(stored: str) -> dict[str, str]:
    values = json.loads(stored or "{}")
    return {field: str(values.get(field) or "") for field in editor.PRIVATE_FIELDS}


def facts(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """The draft's main facts as (label, value) pairs, in words."""
    items: list[tuple[str, str]] = []
    if meta.get("service_setting"):
        setting = meta["service_setting"]
        items.append((_("Service setting"), str(v.SERVICE_SETTINGS.get(setting, setting))))
    roles = meta.get("target_roles") if isinstance(meta.get("target_roles"), list) else []
    if roles:
        items.append((_("Staff roles it trains"), format_list([str(v.TARGET_ROLES.get(r, r)) for r in roles],
                                                               locale=current_locale())))
    for key, label, vocabulary in (("format", _("Format"), v.FORMATS), ("difficulty", _("Difficulty"), v.DIFFICULTIES)):
        if meta.get(key):
            items.append((label, str(vocabulary.get(meta[key], meta[key]))))
    duration = meta.get("duration_minutes")
    if isinstance(duration, dict) and isinstance(duration.get("total"), int):
        items.append((_("Duration"), _("%(minutes)s minutes", minutes=format_number(duration["total"]))))
    return items


@post("/drafts/{slug:str}/co-authors", guards=[login_required])
async def co_author_invite(request: Request, slug: FromPath[str]) -> Response:
    form = Form(forms.CO_AUTHOR, await form_data(request))
    if form.validate():
        try:
            await services.invite_co_author(actor_of(request), slug, form.values["username"])
        except ValidationFailed as error:
            return see_other(request, f"/drafts/{slug}", error.errors.get("username", ""), "error")
        return see_other(request, f"/drafts/{slug}", _("The co-author is added. They can now edit this draft."))
    return see_other(request, f"/drafts/{slug}", form.errors.get("username", ""), "error")


ROUTES = [
    draft_list, draft_new, draft_create, draft_edit, draft_save, preview, draft_page, co_author_invite, amend_page,
    amend, draft_step, *history_controllers.ROUTES, *amendment_controllers.ROUTES,
]
