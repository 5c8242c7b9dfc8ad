"""Anonymous feedback about frontline services (P-03, P-17): a form open for some days through a link or QR code,
no account. Answers are released in weekly batches of at least k (codesign.listening.batching): until then nobody
sees them, nor how many are waiting (an organiser could post k - 1 answers and watch for the moment a participant
sends one): the page shows only the rule and the next release day. Of released answers only aggregates are shown
(k ≥ 5), and free text only to the council's organisers. An answer keeps the day it arrived, never a time or an
address. Free text is screened before it is stored (codesign.scenarios.privacy.screen): contact details and
document-like numbers are replaced by a placeholder, and answers mentioning immigration matters are marked for
organisers to check before sharing."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from codesign.accounts.actor import Actor
from codesign.db import write_transaction
from codesign.errors import NotFound, ValidationFailed
from codesign.i18n import _
from codesign.listening import batching, labels, permissions, screening, sessions, tallies
from codesign.listening.tables import Feedback, FeedbackForm
from codesign.scenarios import privacy
from codesign.scenarios.vocabularies import SERVICE_SETTINGS

MAX_DAYS = 60
MAX_TEXT = 2000
QUESTIONS = {"service_setting": SERVICE_SETTINGS, "treated": labels.TREATED, "understood": labels.UNDERSTOOD,
             "interpreter": labels.INTERPRETER}


def _now() -> datetime:
    return datetime.now(UTC)


async def open_form(actor: Actor, session_id: int, days: int) -> str:
    """Opens a feedback form for `days` days; returns its public id (for the link and the QR code)."""
    row = await sessions.load(session_id)
    if not permissions.can_facilitate(actor, row["council"]):
        raise NotFound()
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed({"days": _("Enter a number from %(min)s to %(max)s.", min=1, max=MAX_DAYS)})
    public_id = secrets.token_urlsafe(9)[:12]
    async with write_transaction():
        await FeedbackForm.insert(FeedbackForm(session=session_id, public_id=public_id,
                                               closes_at=_now() + timedelta(days=days), created_at=_now()))
    return public_id


async def public_form(public_id: str) -> dict[str, Any]:
    row = await FeedbackForm.select(FeedbackForm.id, FeedbackForm.public_id, FeedbackForm.closes_at,
                                    FeedbackForm.session.title).where(FeedbackForm.public_id == public_id).first()
    if row is None:
        raise NotFound()
    row["is_open"] = row["closes_at"] > _now()
    return row


async def submit(public_id: str, answers: dict[str, str], text: str) -> int:
    """Stores one anonymous answer, its free text screened first: contact details and document-like numbers are
    never stored. Returns how many were removed (to tell the sender). It cannot be read back by whoever sent it
    (write-only, §5.3)."""
    form = await public_form(public_id)
    if not form["is_open"]:
        raise ValidationFailed({}, _("This feedback form is closed."))
    errors = {name: _("Choose one of the options shown.") for name, allowed in QUESTIONS.items()
              if answers.get(name) not in allowed}
    if errors:
        raise ValidationFailed(errors)
    screened = privacy.screen(text.strip())
    async with write_transaction():
        await Feedback.insert(Feedback(
            form=form["id"], service_setting=answers["service_setting"], treated=answers["treated"],
            understood=answers["understood"], interpreter=answers["interpreter"], text=screened.text[:MAX_TEXT],
            received_on=_now().date()))
    return screened.removed


async def forms_of(actor: Actor, session_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The session and its feedback forms with the aggregates of released answers (P-17); free text of released
    answers for organisers only. How many answers wait is shown to nobody: watched, it would date each answer."""
    row = await sessions.load(session_id)
    if not permissions.can_read_report(actor, row["council"]):
        raise NotFound()
    can_read_text = permissions.can_read_feedback_text(actor, row["council"])
    found = await FeedbackForm.select(FeedbackForm.id, FeedbackForm.public_id, FeedbackForm.closes_at).where(
        FeedbackForm.session == session_id).order_by(FeedbackForm.id).limit(20)
    ids = [f["id"] for f in found]
    answers = await Feedback.select(Feedback.form, Feedback.service_setting, Feedback.treated, Feedback.understood,
                                    Feedback.interpreter, Feedback.text, Feedback.received_on).where(
        Feedback.form.is_in(ids)) if ids else []
    today = _now().date()
    for item in found:
        arrived = [a for a in answers if a["form"] == item["id"]]
        state = batching.release([a["received_on"] for a in arrived], today)
        mine = [a for a in arrived if batching.is_released(a["received_on"], state)]
        item["is_open"] = item["closes_at"] > _now()
        item["total"] = len(mine)
        item["enough"] = len(mine) >= tallies.K
        item["next_release"] = state.next_release
        item["questions"] = {}
        for name, allowed in QUESTIONS.items():
            counts = {key: sum(1 for a in mine if a[name] == key) for key in allowed}
            if name == "service_setting":
                counts = {k: v for k, v in counts.items() if v}
            cells, total = tallies.suppress(counts)
            item["questions"][name] = {"cells": cells, "total": total, "labels": allowed}
        item["texts"] = [shown_text(a["text"]) for a in mine if a["text"]] if can_read_text and item["enough"] else []
    return row, found


def shown_text(text: str) -> dict[str, Any]:
    """A released answer's free text as organisers see it: screened again (answers stored before screening began
    are covered too) and marked when it mentions immigration matters, to be checked before sharing."""
    screened = privacy.screen(text).text
    return {"text": screened, "flags": screening.flags(screened)}

