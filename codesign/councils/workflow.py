"""A council's workflow settings: which expert reviews a draft needs, the default decision rule and quorum, and a
target time for each stage (drafts past it are highlighted)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from codesign.accounts.actor import REVIEW_KINDS, Actor
from codesign.councils import permissions
from codesign.councils.tables import CouncilSettings
from codesign.db import write_transaction
from codesign.errors import PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.i18n import lazy_gettext as _l

# The decision rules, named as voting names them (a test keeps the two equal, as councils come before voting).
DECISION_RULES = {
    "simple_majority": _l("Simple majority"),
    "two_thirds": _l("Two-thirds majority"),
    "consent": _l("Consent"),
}
# Stages that have a target time, in days, and their defaults.
TIMED_STAGES = {"community_review": 14, "council_decision": 7, "expert_review": 21, "changes_requested": 30,
                "approved": 30}
# Safeguarding and rights accuracy (a block there can't be overruled), bias and plain language.
DEFAULT_REQUIRED = ("safeguarding", "rights", "bias", "plain_language")
MAX_TARGET_DAYS = 365


@dataclass(frozen=True)
class WorkflowSettings:
    required_review_kinds: tuple[str, ...] = DEFAULT_REQUIRED
    default_rule: str = "consent"
    default_quorum: int = 50
    stage_targets: dict[str, int] = field(default_factory=lambda: dict(TIMED_STAGES))

    def overdue(self, stage: str, entered_at: datetime | None, now: datetime | None = None) -> bool:
        """Whether a draft that entered `stage` at `entered_at` is past the stage's target time."""
        days = self.stage_targets.get(stage)
        if not days or entered_at is None:
            return False
        return (now or datetime.now(UTC)) - entered_at > timedelta(days=days)


async def workflow_settings(council_id: int) -> WorkflowSettings:
    """The council's settings (one query), or the defaults."""
    row = await CouncilSettings.select().where(CouncilSettings.council == council_id).first()
    if row is None:
        return WorkflowSettings()
    targets = {**TIMED_STAGES, **{k: int(v) for k, v in json.loads(row["stage_targets"] or "{}").items()
                                  if k in TIMED_STAGES}}
    kinds = tuple(k for k in REVIEW_KINDS if k in row["required_review_kinds"].split(","))
    return WorkflowSettings(kinds, row["default_rule"], row["default_quorum"], targets)


async def update_workflow_settings(actor: Actor, council_id: int, required_kinds: list[str], default_rule: str,
                                   default_quorum: int, stage_targets: dict[str, int]) -> None:
    if not permissions.can_edit_council(actor, council_id):
        raise PermissionDenied()
    errors: dict[str, str] = {}
    if not required_kinds or any(kind not in REVIEW_KINDS for kind in required_kinds):
        errors["required_review_kinds"] = _("Choose at least one review from the options shown.")
    if default_rule not in DECISION_RULES:
        errors["default_rule"] = _("Choose one of the options shown.")
    if not 1 <= default_quorum <= 100:
        errors["default_quorum"] = _("Enter a number from %(min)s to %(max)s.", min=1, max=100)
    for stage, days in stage_targets.items():
        if stage not in TIMED_STAGES or not 1 <= days <= MAX_TARGET_DAYS:
            errors[f"target_{stage}"] = _("Enter a number from %(min)s to %(max)s.", min=1, max=MAX_TARGET_DAYS)
    if errors:
        raise ValidationFailed(errors)
    values: dict[Any, Any] = {
        CouncilSettings.required_review_kinds: ",".join(k for k in REVIEW_KINDS if k in required_kinds),
        CouncilSettings.default_rule: default_rule,
        CouncilSettings.default_quorum: default_quorum,
        CouncilSettings.stage_targets: json.dumps({k: stage_targets.get(k, v) for k, v in TIMED_STAGES.items()}),
        CouncilSettings.updated_at: datetime.now(UTC),
    }
    async with write_transaction():
        changed = await CouncilSettings.update(values).where(CouncilSettings.council == council_id).returning(
            CouncilSettings.id)
        if not changed:
            row: dict[str, Any] = {column._meta.name: value for column, value in values.items()}
            await CouncilSettings.insert(CouncilSettings(council=council_id, **row))
