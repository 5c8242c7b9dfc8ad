"""Usage reports: after running a scenario a trainer records the date, audience role, group size, a rating, notes
and, optionally, the group's before/after confidence (domain.md §1.7, a retrospective then-test). The council sees
aggregates only, with small groups suppressed (domain.md §5.2 P-09).

What "a group" means here: one aggregate cell is the set of reports it is computed from (all reports of the
scenario, or those for one audience role). A cell is shown only when it rests on at least K reports AND at least K
participants (the sum of the group sizes). Reports are the unit because each is one trainer's account of one session:
fewer than K could point at one trainer or one team (the "punitive use inside services" threat of §5.1). Confidence
averages need K reports that gave them. When exactly one role is suppressed, the next smallest is suppressed too
(secondary suppression), so no hidden cell can be worked out from the total. Free-text notes are shown only when the
whole scenario has K reports, without date, role or trainer, in alphabetical order, screened for contact details
and document-like numbers (when stored, and again when shown).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from piccolo.query.functions.aggregate import Avg, Count, Sum

from codesign.accounts.actor import Actor
from codesign.db import write_transaction
from codesign.errors import NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.library import permissions
from codesign.library.releases import release
from codesign.library.tables import UsageReport
from codesign.scenarios.privacy import screen
from codesign.scenarios.vocabularies import TARGET_ROLES

K = 5  # the smallest group an aggregate may describe
MAX_GROUP = 500
MAX_NOTES = 4000
MAX_SHOWN_NOTES = 50


@dataclass(frozen=True)
class Cell:
    """An aggregate over some reports; `shown` is False when it must be suppressed."""

    key: str
    reports: int
    participants: int
    rating: float | None = None
    with_confidence: int = 0
    before: float | None = None
    after: float | None = None
    shown: bool = True


@dataclass
class Aggregate:
    total: Cell
    roles: list[Cell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def primary(cell: Cell, k: int = K) -> Cell:
    """Suppresses a cell resting on fewer than k reports or k participants; confidence needs k reports with it."""
    if cell.reports < k or cell.participants < k:
        return replace(cell, shown=False, rating=None, before=None, after=None)
    if cell.with_confidence < k:
        return replace(cell, before=None, after=None)
    return cell


def suppress(total: Cell, roles: list[Cell], k: int = K) -> tuple[Cell, list[Cell]]:
    """Primary suppression of every cell, then secondary suppression among the roles: when exactly one is hidden
    while the total shows, the smallest shown role is hidden as well."""
    total = primary(total, k)
    cells = [primary(cell, k) for cell in roles]
    hidden = [cell for cell in cells if not cell.shown]
    shown = [cell for cell in cells if cell.shown]
    if total.shown and len(hidden) == 1 and shown:
        smallest = min(shown, key=lambda cell: (cell.reports, cell.participants, cell.key))
        cells = [replace(cell, shown=False, rating=None, before=None, after=None) if cell is smallest else cell
                 for cell in cells]
    if not total.shown:
        cells = [replace(cell, shown=False, rating=None, before=None, after=None) for cell in cells]
    return total, cells


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), 1)


def _cell(key: str, row: dict[str, Any]) -> Cell:
    return Cell(key=key, reports=int(row["reports"] or 0), participants=int(row["participants"] or 0),
                rating=_round(row["rating"]), with_confidence=int(row["with_confidence"] or 0),
                before=_round(row["before"]), after=_round(row["after"]))


async def aggregate(scenario_id: int) -> Aggregate:
    """The suppressed aggregates of one scenario's usage reports (two or three queries)."""
    columns = (
        Count(UsageReport.id, alias="reports"), Sum(UsageReport.group_size, alias="participants"),
        Avg(UsageReport.rating, alias="rating"), Count(UsageReport.confidence_after, alias="with_confidence"),
        Avg(UsageReport.confidence_before, alias="before"), Avg(UsageReport.confidence_after, alias="after"),
    )
    mine = UsageReport.scenario == scenario_id
    by_role = await UsageReport.select(UsageReport.audience_role, *columns).where(mine).group_by(
        UsageReport.audience_role)
    totals = await UsageReport.select(*columns).where(mine)
    total, roles = suppress(_cell("", totals[0] if totals else {}),
                            sorted((_cell(r["audience_role"], r) for r in by_role), key=lambda c: c.key))
    notes: list[str] = []
    if total.shown:
        rows = await UsageReport.select(UsageReport.notes).where(mine & (UsageReport.notes != "")).limit(
            MAX_SHOWN_NOTES)
        notes = sorted(screen(r["notes"]).text for r in rows)  # rows stored before notes were screened
    return Aggregate(total=total, roles=roles, notes=notes)


def _checked(run_on: date | None, audience_role: str, group_size: int | None, rating: int | None,
             before: int | None, after: int | None, notes: str, published: datetime) -> None:
    errors: dict[str, str] = {}
    if run_on is None:
        errors["run_on"] = _("Enter the date of the session.")
    elif run_on > datetime.now(UTC).date():
        errors["run_on"] = _("The session cannot be in the future.")
    elif run_on < published.date():
        errors["run_on"] = _("The session cannot be before this version was published.")
    if audience_role not in TARGET_ROLES:
        errors["audience_role"] = _("Choose one of the options shown.")
    if group_size is None or not 1 <= group_size <= MAX_GROUP:
        errors["group_size"] = _("Enter a number from %(min)s to %(max)s.", min=1, max=MAX_GROUP)
    if rating is None or not 1 <= rating <= 5:
        errors["rating"] = _("Choose a rating from 1 to 5.")
    for name, value in (("confidence_before", before), ("confidence_after", after)):
        if value is not None and not 1 <= value <= 5:
            errors[name] = _("Choose a rating from 1 to 5.")
    if (before is None) != (after is None):
        errors["confidence_after" if after is None else "confidence_before"] = _(
            "Give both confidence ratings, before and after, or neither.")
    if len(notes) > MAX_NOTES:
        errors["notes"] = _("Use at most %(max)s characters.", max=MAX_NOTES)
    if errors:
        raise ValidationFailed(errors)


async def record_report(actor: Actor, slug: str, version: str, run_on: date | None, audience_role: str,
                        group_size: int | None, rating: int | None, notes: str = "",
                        confidence_before: int | None = None, confidence_after: int | None = None) -> int:
    """A trainer reports how a session with one release went."""
    row = await release(actor, slug, version)
    if not permissions.can_report_use(actor):
        raise PermissionDenied()
    if row["status"] == "withdrawn":
        raise NotFound()
    notes = screen(notes.strip()).text
    _checked(run_on, audience_role, group_size, rating, confidence_before, confidence_after, notes,
             row["published_at"])
    async with write_transaction():
        inserted = await UsageReport.insert(UsageReport(
            release=row["id"], scenario=row["scenario"], trainer=actor.user_id, run_on=run_on,
            audience_role=audience_role, group_size=group_size, rating=rating, notes=notes,
            confidence_before=confidence_before, confidence_after=confidence_after, created_at=datetime.now(UTC)))
    return int(inserted[0]["id"])


async def my_reports(actor: Actor, scenario_id: int) -> list[dict[str, Any]]:
    """The actor's own reports on a scenario (trainers see theirs in full)."""
    if not permissions.can_report_use(actor):
        return []
    return await UsageReport.select(
        UsageReport.id, UsageReport.run_on, UsageReport.audience_role, UsageReport.group_size, UsageReport.rating,
        UsageReport.confidence_before, UsageReport.confidence_after, UsageReport.notes, UsageReport.release.version,
    ).where((UsageReport.scenario == scenario_id) & (UsageReport.trainer == actor.user_id)).order_by(
        UsageReport.run_on, ascending=False).limit(100)


async def usage_for_council(actor: Actor, scenario_id: int, council_id: int) -> Aggregate | None:
    """The aggregates for those who may see them (the scenario's council, admins); None for anyone else."""
    if not permissions.can_see_usage(actor, council_id):
        return None
    return await aggregate(scenario_id)
