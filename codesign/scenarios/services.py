"""Use cases of scenario drafts: propose, save (a new revision each time), restore, browse and search."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from codesign import events
from codesign.accounts.actor import Actor
from codesign.accounts.services import public_name
from codesign.accounts.tables import User
from codesign.councils.tables import Membership
from codesign.db import write_transaction
from codesign.errors import NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.markdown import plain_text
from codesign.scenarios import extensions, lifecycle, permissions, provenance, search
from codesign.scenarios.document import Document, Problem, compose, parse
from codesign.scenarios.tables import (
    CoAuthor,
    Revision,
    Scenario,
    ScenarioEvent,
    ScenarioFacet,
    SourceWithdrawal,
)
from codesign.scenarios.validation import MESSAGES, check_ready_for_review, check_structure
from codesign.web.pagination import PAGE_SIZE, Page, offset

SHOWN_AS = ("name", "organisation", "council")
FACETS = {"target_role": "target_roles", "theme": "themes"}


def _now() -> datetime:
    return datetime.now(UTC)


def problems_as_errors(problems: list[Problem]) -> dict[str, str]:
    return {f"{p.field} (line {p.line})": p.message for p in problems}


def checked(text: str) -> Document:
    """Parse and check a whole document, or raise ValidationFailed with every problem."""
    document = parse(text, MESSAGES)
    problems = document.problems + check_structure(document)
    if problems:
        raise ValidationFailed(problems_as_errors(problems))
    return document


def _scenario_row() -> Any:
    """The select of one scenario with what its pages and permissions read."""
    return Scenario.select(
        Scenario.id, Scenario.slug, Scenario.title, Scenario.summary, Scenario.state, Scenario.council,
        Scenario.council.slug, Scenario.council.name, Scenario.author, Scenario.shown_as, Scenario.revision_count,
        Scenario.service_setting, Scenario.language, Scenario.created_at, Scenario.updated_at,
        Scenario.author.display_name, Scenario.author.deleted_at, Scenario.organisation.name,
        Scenario.support_count, Scenario.comment_count, Scenario.hidden_at, Scenario.hidden_reason,
        Scenario.stage_entered_at,
    )


async def access(slug: str, actor: Actor) -> tuple[dict[str, Any], permissions.DraftAccess]:
    """The draft the actor may see, with what permissions need; NotFound otherwise (one or two queries)."""
    rows = await _scenario_row().where(Scenario.slug == slug)
    if not rows:
        raise NotFound()
    row = rows[0]
    granted = await extensions.granted_roles(actor, row["id"]) if actor.is_authenticated else frozenset()
    co_authors = await CoAuthor.select(CoAuthor.user).where(CoAuthor.scenario == row["id"])
    draft = permissions.DraftAccess(
        council_id=row["council"], author_id=row["author"],
        co_author_ids=frozenset(r["user"] for r in co_authors), state=row["state"], granted_roles=granted,
    )
    if not permissions.can_view_draft(actor, draft):
        raise NotFound()
    return row, draft


def byline(shown_as: str, display_name: str | None, deleted_at: datetime | None, organisation: str | None) -> str:
    """Who a contribution shows as, as its author chose."""
    if shown_as == "organisation" and organisation:
        return organisation
    if shown_as == "council" or display_name is None:
        return _("A council member")
    return public_name(display_name, deleted_at)


async def _organisation_for(actor: Actor, shown_as: str) -> int | None:
    if shown_as not in SHOWN_AS:
        raise ValidationFailed({"shown_as": _("Choose one of the options shown.")})
    if shown_as != "organisation":
        return None
    if actor.organisation_id is None:
        raise ValidationFailed({"shown_as": _("You may not post for an organisation.")})
    return actor.organisation_id


async def _write_revision(scenario_id: int, author_id: int | None, shown_as: str, organisation_id: int | None,
                          note: str, document: Document, credited: int | None = None) -> int:
    """Appends a revision and refreshes what lists and search read. The caller holds the transaction."""
    count = (await Scenario.select(Scenario.revision_count).where(Scenario.id == scenario_id).first())
    number = (count or {"revision_count": 0})["revision_count"] + 1
    meta = document.meta
    title = str(meta.get("title") or document.title or "").strip()[:200]
    await Revision.insert(Revision(
        scenario=scenario_id, number=number, author=author_id, shown_as=shown_as, organisation=organisation_id,
        note=note[:300], front_matter=document.front_matter, body=document.body,
        private=json.dumps(document.private, ensure_ascii=False, default=str), credited=credited,
        created_at=_now(),
    ))
    text = plain_text(document.body)
    await Scenario.update({
        Scenario.title: title,
        Scenario.summary: str(meta.get("summary") or ""),
        Scenario.service_setting: str(meta.get("service_setting") or ""),
        Scenario.language: str((meta.get("languages") or {}).get("source") or "")
        if isinstance(meta.get("languages"), dict) else "",
        Scenario.revision_count: number,
        Scenario.search_text: text,
        Scenario.updated_at: _now(),
    }).where(Scenario.id == scenario_id)
    await ScenarioFacet.delete().where(ScenarioFacet.scenario == scenario_id)
    facets = _facets(meta)
    if facets:
        await ScenarioFacet.insert(*[ScenarioFacet(scenario=scenario_id, facet=f, value=v) for f, v in facets])
    await search.index(scenario_id, title, text)
    slug_row = await Scenario.select(Scenario.slug).where(Scenario.id == scenario_id).first()
    await events.emit(events.REVISION_SAVED, scenario_id=scenario_id, number=number, actor_id=author_id, title=title,
                      slug=slug_row["slug"] if slug_row else "")
    return number


def _facets(meta: dict[str, Any]) -> list[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for facet, key in FACETS.items():
        for value in meta.get(key) or []:
            found.add((facet, str(value)[:60]))
    for objective in meta.get("learning_objectives") or []:
        if isinstance(objective, dict):
            for competency in objective.get("competencies") or []:
                found.add(("competency", str(competency)[:60]))
    return sorted(found)


async def propose_draft(actor: Actor, council_id: int, text: str, note: str, shown_as: str) -> str:
    """A member starts a draft in their council; fields needed for review are not required yet."""
    if not permissions.can_propose(actor, council_id):
        raise PermissionDenied()
    document = checked(text)
    organisation_id = await _organisation_for(actor, shown_as)
    async with write_transaction():
        if await Scenario.exists().where(Scenario.slug == document.slug):
            raise ValidationFailed({"id": _("A scenario with this id exists already. Choose another id.")})
        rows = await Scenario.insert(Scenario(
            council=council_id, slug=document.slug, title=document.slug, author=actor.user_id, shown_as=shown_as,
            organisation=organisation_id, created_at=_now(), updated_at=_now(), stage_entered_at=_now(),
        ))
        await _write_revision(rows[0]["id"], actor.user_id, shown_as, organisation_id, note, document)
    return document.slug


async def save_draft(
    actor: Actor, slug: str, text: str, note: str, shown_as: str, base_number: int | None = None
) -> int:
    """Every save is a new, immutable revision. A save based on an older revision is refused, not merged."""
    row, draft = await access(slug, actor)
    if not permissions.can_edit(actor, draft):
        raise PermissionDenied()
    document = checked(text)
    if document.slug != slug:
        raise ValidationFailed({"id": _("The id of a scenario cannot change.")})
    organisation_id = await _organisation_for(actor, shown_as)
    async with write_transaction():
        current = await Scenario.select(Scenario.revision_count).where(Scenario.id == row["id"]).first()
        if base_number is not None and current and current["revision_count"] != base_number:
            raise ValidationFailed({}, _("Someone saved this draft while you were editing. Your text is below: "
                                         "compare it with the newest version, then save again."))
        return await _write_revision(row["id"], actor.user_id, shown_as, organisation_id, note, document)


async def revision(actor: Actor, slug: str, number: int | None = None) -> tuple[dict[str, Any], dict[str, Any],
                                                                                 permissions.DraftAccess]:
    row, draft = await access(slug, actor)
    wanted = number if number is not None else row["revision_count"]
    rows = await Revision.select(
        Revision.number, Revision.note, Revision.front_matter, Revision.body, Revision.private, Revision.shown_as,
        Revision.created_at, Revision.author.display_name, Revision.author.deleted_at, Revision.organisation.name,
        Revision.credited.display_name,
    ).where((Revision.scenario == row["id"]) & (Revision.number == wanted))
    if not rows:
        raise NotFound()
    current = rows[0]
    current["byline"] = byline(current["shown_as"], current["author.display_name"], current["author.deleted_at"],
                               current["organisation.name"])
    if not permissions.can_see_private_fields(actor, draft):
        current["private"] = "{}"
    if row["hidden_at"] and not permissions.can_see_hidden(actor, draft.council_id):
        # Hidden by a moderator: no version of the text is shown, only the placeholder and its reason.
        current.update(front_matter=f"id: {row['slug']}\n", body="")
        row["title"] = _("Hidden by a moderator")
    return row, current, draft


def document_text(rev: dict[str, Any]) -> str:
    return compose(rev["front_matter"], rev["body"])


async def restore(actor: Actor, slug: str, number: int) -> int:
    """An old revision comes back as a new one; history is never rewritten."""
    row, old, draft = await revision(actor, slug, number)
    if not permissions.can_edit(actor, draft):
        raise PermissionDenied()
    document = checked(document_text(old))
    document.private = json.loads(old["private"] or "{}")
    async with write_transaction():
        return await _write_revision(row["id"], actor.user_id, row["shown_as"], None,
                                     _("Restored version %(number)s", number=number), document)


async def history(actor: Actor, slug: str, page: int) -> tuple[dict[str, Any], Page]:
    row, _draft = await access(slug, actor)
    where = Revision.scenario == row["id"]
    rows = await Revision.select(
        Revision.number, Revision.note, Revision.shown_as, Revision.created_at, Revision.author.display_name,
        Revision.author.deleted_at, Revision.organisation.name, Revision.credited.display_name,
    ).where(where).order_by(Revision.number, ascending=False).limit(PAGE_SIZE).offset(offset(page))
    for item in rows:
        item["byline"] = byline(item["shown_as"], item["author.display_name"], item["author.deleted_at"],
                                item["organisation.name"])
    return row, Page(items=rows, number=page, size=PAGE_SIZE, total=row["revision_count"])


async def co_authors(actor: Actor, slug: str) -> list[dict[str, Any]]:
    row, _draft = await access(slug, actor)
    return await CoAuthor.select(CoAuthor.user.id, CoAuthor.user.display_name, CoAuthor.user.username).where(
        CoAuthor.scenario == row["id"]).order_by(CoAuthor.user.display_name)


async def invite_co_author(actor: Actor, slug: str, username: str) -> None:
    row, draft = await access(slug, actor)
    if not permissions.can_invite_co_author(actor, draft):
        raise PermissionDenied()
    users = await User.select(User.id).where((User.username == username.strip().lower()) & User.deleted_at.is_null())
    in_council = users and await Membership.exists().where(
        (Membership.user == users[0]["id"]) & (Membership.council == draft.council_id))
    if not users or not in_council:
        raise ValidationFailed({"username": _("Invite a member of this council by their username.")})
    user_id = users[0]["id"]
    if user_id == draft.author_id or user_id in draft.co_author_ids:
        raise ValidationFailed({"username": _("This person is an author of the draft already.")})
    async with write_transaction():
        await CoAuthor.insert(CoAuthor(scenario=row["id"], user=user_id, added_at=_now()))


def review_checklist(document: Document) -> list[Problem]:
    return check_ready_for_review(document)


def roles_towards(actor: Actor, draft: permissions.DraftAccess) -> frozenset[str]:
    """The lifecycle roles this actor holds for one draft."""
    roles: set[str] = set()
    if permissions.can_edit(actor, draft):
        roles.add("author")
    if actor.is_organiser_of(draft.council_id):
        roles.add("organiser")
    if "reviewer" in draft.granted_roles:
        roles.add("reviewer")
    if actor.is_trainer:
        roles.add("trainer")
    return frozenset(roles)


async def withdrawn_refs(scenario_id: int) -> set[str]:
    rows = await SourceWithdrawal.select(SourceWithdrawal.source_ref).where(SourceWithdrawal.scenario == scenario_id)
    return {r["source_ref"] for r in rows}


async def conditions(row: dict[str, Any], document: Document, needs: frozenset[str]) -> dict[str, bool]:
    """Which of the lifecycle conditions `needs` hold for this draft now (only those are looked up)."""
    found: dict[str, bool] = {}
    for condition in needs:
        if condition == "ready":
            found[condition] = not check_ready_for_review(document)
        elif condition == "consent":
            found[condition] = provenance.consent_holds(document.meta, await withdrawn_refs(row["id"]))
        elif condition == "law_checked":
            found[condition] = provenance.law_checked(document.meta, _now().date())
        else:
            found[condition] = bool(await extensions.fact(condition, row["id"], row["council"]))
    return found


async def _move(row: dict[str, Any], event: str, target: str, actor_id: int | None, reason: str) -> None:
    """Writes one step: the new stage (only if nobody moved it meanwhile), the event row, and the announcement."""
    now = _now()
    moved = await Scenario.update({Scenario.state: target, Scenario.updated_at: now,
                                   Scenario.stage_entered_at: now}).where(
        (Scenario.id == row["id"]) & (Scenario.state == row["state"])).returning(Scenario.id)
    if not moved:
        raise ValidationFailed({}, _("Someone changed the stage of this draft meanwhile. Look again."))
    await ScenarioEvent.insert(ScenarioEvent(
        scenario=row["id"], event=event, from_state=row["state"], to_state=target, actor=actor_id,
        reason=reason.strip()[:2000], created_at=now))
    await events.emit(events.STATE_CHANGED, scenario_id=row["id"], actor_id=actor_id, from_state=row["state"],
                      to_state=target, title=row["title"], slug=row["slug"])


async def _step(row: dict[str, Any], text: dict[str, Any] | None, event: str, roles: frozenset[str],
                actor_id: int | None, reason: str) -> str:
    """The one way a stage changes: the conditions the step needs are looked up (only those), the state machine
    decides, and the step is recorded. `text` is the newest revision (front matter and body)."""
    needs = lifecycle.needs(row["state"], event)
    facts: dict[str, bool] = {}
    if needs:
        document = parse(document_text(text or {"front_matter": "", "body": ""}), MESSAGES)
        facts = await conditions(row, document, needs)
    # The state machine asks people for a reason; the app's own steps may record none.
    asked = reason or "-" if "system" in roles else reason
    step = lifecycle.plan(row["state"], event, roles, facts=facts, reason=asked)
    async with write_transaction():
        await _move(row, event, step.target, actor_id, reason)
    return step.target


async def transition(actor: Actor, slug: str, event: str, reason: str = "", *, record_actor: bool = True) -> str:
    """Takes one lifecycle step, checked against the state machine, and records it. Returns the new state.
    Call it inside the caller's transaction when the step is part of a larger use case. With `record_actor` off
    the step is recorded without the person (a reviewer: their name is not shown to the council)."""
    row, current, draft = await revision(actor, slug)
    return await _step(row, current, event, roles_towards(actor, draft), actor.user_id if record_actor else None,
                       reason)


async def _newest_text(row: dict[str, Any]) -> dict[str, Any] | None:
    return await Revision.select(
        Revision.number, Revision.note, Revision.front_matter, Revision.body, Revision.created_at,
    ).where((Revision.scenario == row["id"]) & (Revision.number == row["revision_count"])).first()


async def system_transition(scenario_id: int, event: str, reason: str = "") -> str:
    """A step the app takes by itself (a decision closed, consent withdrawn), inside the caller's transaction;
    recorded with no person as its actor."""
    row = await Scenario.select(Scenario.id, Scenario.slug, Scenario.title, Scenario.state, Scenario.council,
                                Scenario.revision_count).where(Scenario.id == scenario_id).first()
    if row is None:
        raise NotFound()
    text = await _newest_text(row) if lifecycle.needs(row["state"], event) else None
    return await _step(row, text, event, frozenset({"system"}), None, reason)


async def trainer_revision(actor: Actor, slug: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A scenario's newest text as a trainer needs it to publish it (approved) or retire it (published): without
    the private fields and nothing of the council's discussion. NotFound for anyone else and any other stage."""
    row = await _scenario_row().where(Scenario.slug == slug).first()
    if row is None or not permissions.can_take_trainer_step(actor, row["state"]):
        raise NotFound()
    current = await _newest_text(row)
    if current is None:
        raise NotFound()
    current["private"] = "{}"
    return row, current


async def trainer_transition(actor: Actor, slug: str, event: str, reason: str = "") -> str:
    """A lifecycle step a trainer takes as a trainer (publish, retire), checked like any other and recorded with
    them as its actor."""
    row, current = await trainer_revision(actor, slug)
    return await _step(row, current, event, frozenset({"trainer"}), actor.user_id, reason)


async def withdraw_consent(actor: Actor, slug: str, ref: str, reason: str) -> str:
    """A participant withdrew consent for a lived-experience source: it is recorded, the draft goes back for
    changes from any stage where its text is in use, and domains built on drafts react (the library takes
    releases that used the source out, and tells the trainers whose packs pinned them)."""
    row, current, draft = await revision(actor, slug)
    if not permissions.can_withdraw_consent(actor, draft):
        raise PermissionDenied()
    document = parse(document_text(current), MESSAGES)
    ref = ref.strip()
    if ref not in provenance.source_refs(document.meta):
        raise ValidationFailed({"ref": _("Choose one of the sources this scenario lists.")})
    if not reason.strip():
        raise ValidationFailed({"reason": _("Say why, without naming anyone.")})
    async with write_transaction():
        if await SourceWithdrawal.exists().where((SourceWithdrawal.scenario == row["id"]) &
                                                 (SourceWithdrawal.source_ref == ref)):
            raise ValidationFailed({"ref": _("Consent for this source is already recorded as withdrawn.")})
        await SourceWithdrawal.insert(SourceWithdrawal(scenario=row["id"], source_ref=ref,
                                                       reason=reason.strip()[:2000], recorded_by=actor.user_id,
                                                       created_at=_now()))
        state = row["state"]
        if state in lifecycle.CONSENT_MATTERS:
            state = await system_transition(
                row["id"], "consent_withdrawn",
                _("Consent was withdrawn for the source %(ref)s: %(reason)s", ref=ref, reason=reason.strip()))
        await events.emit(events.CONSENT_WITHDRAWN, scenario_id=row["id"], ref=ref, actor_id=actor.user_id,
                          title=row["title"], slug=slug)
    return state


async def timeline(actor: Actor, slug: str) -> list[dict[str, Any]]:
    """The lifecycle steps of a draft, oldest first, with the time spent in each stage."""
    row, _draft = await access(slug, actor)
    events = await ScenarioEvent.select(
        ScenarioEvent.event, ScenarioEvent.from_state, ScenarioEvent.to_state, ScenarioEvent.reason,
        ScenarioEvent.created_at, ScenarioEvent.actor.display_name, ScenarioEvent.actor.deleted_at,
    ).where(ScenarioEvent.scenario == row["id"]).order_by(ScenarioEvent.created_at).limit(200)
    started = row["created_at"]
    for item in events:
        item["stage_time"] = item["created_at"] - started
        item["who"] = public_name(item["actor.display_name"] or "", item["actor.deleted_at"]) \
            if item["actor.display_name"] is not None else "Codesign"
        started = item["created_at"]
    return events
