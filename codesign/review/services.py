"""Use cases of expert review: assign and unassign reviewers, submit a checklist review, the reviewer's queue and
review page, and what the lifecycle asks of review (the "signed off" condition, a reviewer's time-limited access)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Set
from datetime import UTC, datetime, timedelta
from typing import Any

from codesign import events
from codesign.accounts.actor import REVIEW_KINDS, Actor
from codesign.accounts.labels import REVIEW_KINDS as KIND_LABELS
from codesign.accounts.tables import ReviewerKind, User
from codesign.councils.workflow import workflow_settings
from codesign.db import write_transaction
from codesign.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.notifications.services import notify
from codesign.review import checklists, permissions
from codesign.review.labels import OUTCOMES
from codesign.review.rules import (
    MIGRANT_LED,
    NEEDS_MIGRANT_LED,
    from_migrant_led,
    is_signed_off,
    kind_signed_off,
    outstanding_blocks,
    sign_off_stands,
    window_open,
)
from codesign.review.tables import Assignment, Review
from codesign.review.triggers import TITLE, changed_fields, changed_sections, reopened_kinds
from codesign.scenarios import extensions
from codesign.scenarios import services as scenarios
from codesign.scenarios.document import Document, compose, parse
from codesign.scenarios.tables import CoAuthor, Revision, Scenario
from codesign.scenarios.textdiff import diff_html, diff_words, summary
from codesign.scenarios.validation import MESSAGES
from codesign.scenarios.vocabularies import SECTION_LABELS, STATES
from codesign.web.pagination import PAGE_SIZE, Page, offset

MAX_DUE_DAYS = 90
ASSIGNABLE_STATES = ("draft", "community_review", "council_decision", "expert_review", "changes_requested")


def _now() -> datetime:
    return datetime.now(UTC)


def problem_messages() -> dict[str, str]:
    return {
        "unanswered": _("Answer this question: yes, no or not applicable."),
        "unknown_answer": _("Choose one of the options shown."),
        "note_required": _("Write a note: every “no” needs one, so the authors know what to change."),
        "too_long": _("This text is too long."),
        "unknown_outcome": _("Choose an outcome."),
        "star_no_pass": _("An essential item (★) is answered “no”, so the outcome cannot be “Pass”."),
        "reason_required": _("Give your reasons: the authors see them on the draft's timeline."),
    }


# --- what scenarios ask of review ------------------------------------------------------------------------


def _is_reviewer(actor: Any) -> bool:
    return bool(getattr(actor, "is_reviewer", False))


async def reviewer_roles(actor: Actor, scenario_id: int, now: datetime | None = None) -> frozenset[str]:
    """"reviewer" towards a draft the actor is assigned to, while their access window is open."""
    rows = await Assignment.select(Assignment.kind, Assignment.awaiting, Assignment.last_reviewed_at).where(
        (Assignment.reviewer == actor.user_id) & (Assignment.scenario == scenario_id)
        & Assignment.removed_at.is_null())
    moment = now or _now()
    if any(r["kind"] in actor.reviewer_kinds and window_open(r["awaiting"], r["last_reviewed_at"], moment)
           for r in rows):
        return frozenset({"reviewer"})
    return frozenset()


async def _assignments_of(scenario_id: int) -> list[dict[str, Any]]:
    return await Assignment.select(
        Assignment.id, Assignment.kind, Assignment.reviewer, Assignment.reviewer.display_name,
        Assignment.reviewer.deleted_at, Assignment.due_at, Assignment.removed_at, Assignment.awaiting,
        Assignment.last_outcome, Assignment.last_revision, Assignment.last_reviewed_at,
        Assignment.reviewer.organisation.kind,  # type: ignore[union-attr]
    ).where(Assignment.scenario == scenario_id).order_by(Assignment.id)


def _document(rev: Mapping[str, Any]) -> Document:
    return parse(compose(rev["front_matter"], rev["body"]), MESSAGES)


async def _reopened(scenario_id: int, assignments: Iterable[Mapping[str, Any]], revision: int) -> dict[int, Set[str]]:
    """For each older revision an active reviewer signed off, the kinds the edits since re-open (one query)."""
    read = {a["last_revision"] for a in assignments if a["removed_at"] is None
            and a["last_outcome"] in checklists.SIGN_OFFS and a["last_revision"] not in (None, revision)}
    if not read:
        return {}
    rows = await Revision.select(Revision.number, Revision.front_matter, Revision.body).where(
        (Revision.scenario == scenario_id) & Revision.number.is_in([*read, revision]))
    documents = {r["number"]: _document(r) for r in rows}
    newest = documents.get(revision)
    if newest is None:
        return {}
    return {number: frozenset(reopened_kinds(documents[number], newest)) for number in read if number in documents}


async def signed_off(scenario_id: int, council_id: int) -> bool:
    settings = await workflow_settings(council_id)
    row = await Scenario.select(Scenario.revision_count).where(Scenario.id == scenario_id).first()
    if row is None:
        return False
    assignments = await _assignments_of(scenario_id)
    revision = row["revision_count"]
    return is_signed_off(settings.required_review_kinds, assignments, revision,
                         await _reopened(scenario_id, assignments, revision))


async def _on_state_changed(scenario_id: int, to_state: str, **_payload: Any) -> None:
    """Back in expert review: every reviewer whose latest review is not a sign-off that still covers the newest
    text (the edits since re-open their kind, or they asked for changes) is due again."""
    if to_state != "expert_review":
        return
    row = await Scenario.select(Scenario.revision_count).where(Scenario.id == scenario_id).first()
    if row is None:
        return
    revision = row["revision_count"]
    assignments = [a for a in await _assignments_of(scenario_id) if a["removed_at"] is None]
    reopened = await _reopened(scenario_id, assignments, revision)
    due = [a["id"] for a in assignments if not a["awaiting"] and not sign_off_stands(a, revision, reopened)]
    if due:
        await Assignment.update({Assignment.awaiting: True}).where(Assignment.id.is_in(due))


extensions.grant_roles(_is_reviewer, reviewer_roles)
extensions.provide_fact("signed_off", signed_off)
events.subscribe(events.STATE_CHANGED, _on_state_changed)


# --- assigning ------------------------------------------------------------------------------------------


async def _credited_ids(scenario_id: int) -> frozenset[int]:
    """People whose accepted amendment made a revision of the draft (Revision.credited)."""
    rows = await Revision.select(Revision.credited).where(
        (Revision.scenario == scenario_id) & Revision.credited.is_not_null()).distinct()
    return frozenset(r["credited"] for r in rows)


async def _author_ids(scenario_id: int, author_id: int | None) -> frozenset[int]:
    """Who wrote the draft and so may not review it (domain.md §2.1, conflicts of interest): its author, its
    co-authors, and anyone credited with a revision. Commenting or voting on a draft is no conflict."""
    rows = await CoAuthor.select(CoAuthor.user).where(CoAuthor.scenario == scenario_id)
    return frozenset({r["user"] for r in rows} | ({author_id} if author_id else set())
                     | await _credited_ids(scenario_id))


async def assign_reviewer(actor: Actor, slug: str, kind: str, username: str, due_days: int) -> int:
    """An organiser asks a registered reviewer of this kind, who did not write the draft, to review it."""
    row, draft = await scenarios.access(slug, actor)
    if not permissions.can_assign(actor, draft.council_id):
        raise PermissionDenied()
    if row["state"] not in ASSIGNABLE_STATES:
        raise ValidationFailed({}, _("Reviewers can be assigned only until the draft is approved."))
    errors: dict[str, str] = {}
    if kind not in REVIEW_KINDS:
        errors["review_kind"] = _("Choose one of the options shown.")
    if not 1 <= due_days <= MAX_DUE_DAYS:
        errors["due_days"] = _("Enter a number from %(min)s to %(max)s.", min=1, max=MAX_DUE_DAYS)
    user = await User.select(User.id).where(
        (User.username == username.strip().lower()) & User.deleted_at.is_null()).first()
    if user is None:
        errors["reviewer"] = _("Choose a registered reviewer.")
    elif kind in REVIEW_KINDS:
        kinds = await ReviewerKind.select(ReviewerKind.kind).where(ReviewerKind.user == user["id"])
        authors = draft.co_author_ids | ({draft.author_id} if draft.author_id else set())
        writers = await _author_ids(row["id"], draft.author_id)
        if user["id"] in authors:
            errors["reviewer"] = _("An author of the draft cannot review it.")
        elif user["id"] in writers:
            errors["reviewer"] = _("This person's amendment was accepted into the draft, so they cannot review it.")
        elif not permissions.may_review(user["id"], frozenset(k["kind"] for k in kinds), kind, writers):
            errors["reviewer"] = _("This person does not review “%(kind)s”. Choose a reviewer of that kind.",
                                   kind=KIND_LABELS[kind])
    if errors:
        raise ValidationFailed(errors)
    assert user is not None
    now = _now()
    async with write_transaction():
        if await Assignment.exists().where((Assignment.scenario == row["id"]) & (Assignment.kind == kind)
                                           & (Assignment.reviewer == user["id"]) & Assignment.removed_at.is_null()):
            raise ValidationFailed({"reviewer": _("This person already reviews this draft for this kind.")})
        rows = await Assignment.insert(Assignment(
            scenario=row["id"], kind=kind, reviewer=user["id"], assigned_by=actor.user_id,
            due_at=now + timedelta(days=due_days), created_at=now))
        assignment_id = int(rows[0]["id"])
        await notify([user["id"]], "review_assigned", scenario_id=row["id"], scenario_title=row["title"],
                     url=f"/reviews/{assignment_id}", params={"who": actor.display_name}, exclude=actor.user_id)
    return assignment_id


async def _load(assignment_id: int) -> dict[str, Any]:
    item = await Assignment.select(
        *Assignment.all_columns(), Assignment.scenario.slug, Assignment.scenario.title, Assignment.scenario.council,
        Assignment.scenario.state, Assignment.scenario.revision_count, Assignment.scenario.author,
        Assignment.reviewer.display_name,
    ).where(Assignment.id == assignment_id).first()
    if item is None:
        raise NotFound()
    return item


async def _checked(actor: Actor, assignment_id: int) -> tuple[dict[str, Any], permissions.AssignmentAccess]:
    """The assignment if the actor may see it (its reviewer, or an organiser of the council); NotFound otherwise."""
    item = await _load(assignment_id)
    access = permissions.AssignmentAccess(
        council_id=item["scenario.council"], reviewer_id=item["reviewer"], kind=item["kind"],
        removed_at=item["removed_at"], author_ids=await _author_ids(item["scenario"], item["scenario.author"]))
    if not permissions.can_view_review(actor, access):
        raise NotFound()
    return item, access


async def unassign(actor: Actor, assignment_id: int) -> str:
    """An organiser removes a reviewer; their access to the draft ends. A block they made still stands."""
    item, access = await _checked(actor, assignment_id)
    if not permissions.can_unassign(actor, access.council_id):
        raise PermissionDenied()
    async with write_transaction():
        await Assignment.update({Assignment.removed_at: _now(), Assignment.awaiting: False}).where(
            (Assignment.id == assignment_id) & Assignment.removed_at.is_null())
    return str(item["scenario.slug"])


# --- reviewing ------------------------------------------------------------------------------------------


def _reason(kind: str, outcome: str, answers: Mapping[str, checklists.Answer], text: str) -> str:
    """What the authors read on the draft's timeline: the outcome, the reviewer's reasons, and every "no"."""
    lines = [_("%(kind)s review: %(outcome)s.", kind=KIND_LABELS[kind], outcome=OUTCOMES[outcome]), text.strip()]
    for item in checklists.CHECKLISTS[kind]:
        answer = answers.get(item.id)
        if answer is not None and answer.value == "no":
            lines.append(_("No: %(question)s — %(note)s", question=item.text, note=answer.note.strip()))
    return "\n".join(line for line in lines if line)


async def submit_review(actor: Actor, assignment_id: int, answers: Mapping[str, checklists.Answer], outcome: str,
                        text: str) -> str:
    """Records a reviewer's checklist and outcome for the draft's newest revision. A pass signs off; changes
    requested or a block send the draft back to its authors with the reasons. Returns the draft's stage."""
    item, access = await _checked(actor, assignment_id)
    if not permissions.can_submit_review(actor, access):
        raise PermissionDenied()
    row, _draft = await scenarios.access(item["scenario.slug"], actor)
    codes = checklists.problems(item["kind"], answers, outcome, text)
    if codes:
        messages = problem_messages()
        raise ValidationFailed({field: messages[code] for field, code in codes.items()})
    if row["state"] != "expert_review":
        raise ValidationFailed({}, _("A review can be submitted only while the draft is in expert review. It is now "
                                     "at the stage “%(stage)s”.", stage=STATES.get(row["state"], row["state"])))
    now = _now()
    state = str(row["state"])
    stored = {item_id: {"answer": a.value, "note": a.note.strip()} for item_id, a in answers.items()
              if item_id in {i.id for i in checklists.CHECKLISTS[item["kind"]]}}
    async with write_transaction():
        await Review.insert(Review(
            assignment=assignment_id, revision_number=row["revision_count"], outcome=outcome,
            answers=json.dumps(stored, ensure_ascii=False), summary=text.strip(), created_at=now))
        await Assignment.update({
            Assignment.last_outcome: outcome, Assignment.last_revision: row["revision_count"],
            Assignment.last_reviewed_at: now, Assignment.awaiting: False,
        }).where(Assignment.id == assignment_id)
        if outcome in checklists.SENDS_BACK:
            try:
                # Recorded without the reviewer: the council sees the review kind and the reasons, not who.
                state = await scenarios.transition(actor, row["slug"], "request_changes",
                                                   _reason(item["kind"], outcome, answers, text), record_actor=False)
            except InvalidTransition as refused:
                raise ValidationFailed({}, refused.message) from refused
    return state


async def queue(actor: Actor, page: int, now: datetime | None = None) -> Page:
    """The reviewer's assignments: those awaiting a review first (overdue ones, then by due date), then the rest."""
    if not permissions.can_view_queue(actor):
        raise NotFound()
    where: Any = (Assignment.reviewer == actor.user_id) & Assignment.removed_at.is_null()
    total = await Assignment.count().where(where)
    rows = await Assignment.select(
        Assignment.id, Assignment.kind, Assignment.due_at, Assignment.awaiting, Assignment.last_outcome,
        Assignment.last_revision, Assignment.last_reviewed_at, Assignment.scenario.slug, Assignment.scenario.title,
        Assignment.scenario.state, Assignment.scenario.revision_count,
        Assignment.scenario.council.name,  # type: ignore[union-attr]
    ).where(where).order_by(Assignment.awaiting, ascending=False).order_by(Assignment.due_at) \
        .order_by(Assignment.id).limit(PAGE_SIZE).offset(offset(page))
    moment = now or _now()
    for row in rows:
        row["overdue"] = bool(row["awaiting"]) and row["due_at"] < moment
        row["open"] = window_open(row["awaiting"], row["last_reviewed_at"], moment)
        row["changed"] = row["last_revision"] is not None and row["scenario.revision_count"] > row["last_revision"]
    return Page(items=rows, number=page, size=PAGE_SIZE, total=total)


async def review_page(actor: Actor, assignment_id: int) -> dict[str, Any]:
    """What the review page shows: the assignment, the draft, the diff since the reviewer's latest review, and
    the history of their reviews."""
    item, access = await _checked(actor, assignment_id)
    row, _draft = await scenarios.access(item["scenario.slug"], actor)
    history = await Review.select(Review.id, Review.revision_number, Review.outcome, Review.answers, Review.summary,
                                  Review.created_at).where(Review.assignment == assignment_id).order_by(
        Review.created_at, ascending=False).order_by(Review.id, ascending=False).limit(PAGE_SIZE)
    for review in history:
        review["answers"] = json.loads(review["answers"] or "{}")
    diff = None
    reviewed = item["last_revision"]
    if reviewed is not None and reviewed < row["revision_count"]:
        _r, old, _a = await scenarios.revision(actor, row["slug"], reviewed)
        _r, new, _a = await scenarios.revision(actor, row["slug"], row["revision_count"])
        old_text, new_text = scenarios.document_text(old), scenarios.document_text(new)
        added, removed = summary(diff_words(old_text, new_text))
        labels = {"added_start": _("added:"), "removed_start": _("removed:"), "end": _("end of change")}
        old_document, new_document = _document(old), _document(new)
        sections = changed_sections(old_document, new_document)
        diff = {"from": reviewed, "to": row["revision_count"], "added": added, "removed": removed,
                "html": diff_html(old_text, new_text, labels),
                "sections": [str(_("Title")) if name == TITLE else str(SECTION_LABELS.get(name, name))
                             for name in (TITLE, *SECTION_LABELS) if name in sections],
                "fields": sorted(changed_fields(old_document, new_document)),
                "reopens": item["kind"] in reopened_kinds(old_document, new_document),
                "signed_off": item["last_outcome"] in checklists.SIGN_OFFS}
    return {"assignment": item, "draft": row, "history": history, "diff": diff,
            "can_submit": permissions.can_submit_review(actor, access) and row["state"] == "expert_review",
            "is_reviewer": permissions.is_assigned_reviewer(actor, access),
            "conflict": permissions.is_assigned_reviewer(actor, access) and actor.user_id in access.author_ids}


# --- the draft page's panel ---------------------------------------------------------------------------


async def panel(actor: Actor, row: Mapping[str, Any]) -> dict[str, Any]:
    """Per review kind (the council's required ones, and any other with a reviewer): who is assigned, shown by
    role (organisers also see display names), their latest outcome, and outstanding blocks in words."""
    settings = await workflow_settings(row["council"])
    assignments = await _assignments_of(row["id"])
    names = permissions.can_see_reviewer_names(actor, row["council"])
    revision = row["revision_count"]
    reopened = await _reopened(row["id"], assignments, revision)
    now = _now()
    groups = []
    for kind in REVIEW_KINDS:
        active = [a for a in assignments if a["kind"] == kind and a["removed_at"] is None]
        if kind not in settings.required_review_kinds and not active:
            continue
        people = [{
            "id": a["id"], "name": a["reviewer.display_name"] if names else None,
            "is_me": a["reviewer"] == actor.user_id, "outcome": a["last_outcome"],
            "outcome_label": OUTCOMES.get(a["last_outcome"], ""), "due_at": a["due_at"],
            "outdated": a["last_outcome"] in checklists.SIGN_OFFS and not sign_off_stands(a, revision, reopened),
            "overdue": a["awaiting"] and a["due_at"] < now and row["state"] == "expert_review",
            "migrant_led": names and kind in NEEDS_MIGRANT_LED and from_migrant_led(a),
        } for a in active]
        signed = kind_signed_off(kind, assignments, revision, reopened)
        standing = any(sign_off_stands(a, revision, reopened) for a in active)
        groups.append({"kind": kind, "label": KIND_LABELS[kind], "required": kind in settings.required_review_kinds,
                       "signed_off": signed, "people": people,
                       # In words, when the only thing missing is a reviewer from a migrant-led organisation.
                       "needs_migrant_led": kind in NEEDS_MIGRANT_LED and not signed,
                       "others_signed": kind in NEEDS_MIGRANT_LED and not signed and standing})
    blocks = [{"label": KIND_LABELS[a["kind"]], "name": a["reviewer.display_name"] if names else None}
              for a in outstanding_blocks(assignments)]
    return {"groups": groups, "blocks": blocks,
            "signed_off": is_signed_off(settings.required_review_kinds, assignments, revision, reopened),
            "can_assign": permissions.can_assign(actor, row["council"]) and row["state"] in ASSIGNABLE_STATES,
            "can_unassign": permissions.can_unassign(actor, row["council"]),
            "required": [k for k in REVIEW_KINDS if k in settings.required_review_kinds]}


async def reviewer_options(actor: Actor, row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Registered reviewers an organiser may choose, with their kinds (authors left out)."""
    if not permissions.can_assign(actor, row["council"]):
        return []
    authors = await _author_ids(row["id"], row["author"])
    kinds = await ReviewerKind.select(
        ReviewerKind.user, ReviewerKind.user.username, ReviewerKind.user.display_name, ReviewerKind.kind,
        ReviewerKind.user.organisation.kind,  # type: ignore[union-attr]
    ).where(ReviewerKind.user.deleted_at.is_null()).order_by(ReviewerKind.user.display_name).limit(1000)
    people: dict[int, dict[str, Any]] = {}
    for k in kinds:
        if k["user"] in authors:
            continue
        person = people.setdefault(k["user"], {"username": k["user.username"], "name": k["user.display_name"],
                                               "kinds": [], "migrant_led": k["user.organisation.kind"] == MIGRANT_LED})
        person["kinds"].append(str(KIND_LABELS.get(k["kind"], k["kind"])))
    return [(p["username"], _("%(name)s (%(kinds)s; from a migrant-led organisation)", name=p["name"],
                              kinds=", ".join(p["kinds"])) if p["migrant_led"] else
             _("%(name)s (%(kinds)s)", name=p["name"], kinds=", ".join(p["kinds"]))) for p in people.values()]
