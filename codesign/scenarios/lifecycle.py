"""The one state machine of a scenario (architecture rule 1): states, and transitions as data.

`(state, event) -> Transition(target, roles, guards)`. Services call `plan()` to learn whether an
actor's roles allow an event from a state; the scenarios service then applies it and writes the
event row (who, when, from, to, why). Nothing else changes a scenario's state.
"""

from __future__ import annotations

from dataclasses import dataclass

from codesign.errors import InvalidTransition
from codesign.i18n import _

STATES = (
    "draft", "community_review", "council_decision", "expert_review", "changes_requested", "approved",
    "published", "superseded", "retired", "withdrawn", "rejected",
)
# Roles an actor can hold towards one scenario; "system" is the app itself (a closed vote, a finished review).
ROLES = ("author", "organiser", "reviewer", "trainer", "system")


@dataclass(frozen=True)
class Transition:
    source: str
    event: str
    target: str
    roles: frozenset[str]
    needs_ready: bool = False  # every field review needs is filled in
    needs_reason: bool = False


def _t(source: str, event: str, target: str, *roles: str, ready: bool = False, reason: bool = False) -> Transition:
    return Transition(source, event, target, frozenset(roles), ready, reason)


BEFORE_APPROVAL = ("draft", "community_review", "council_decision", "expert_review", "changes_requested")

TRANSITIONS: tuple[Transition, ...] = (
    _t("draft", "submit", "community_review", "author", ready=True),
    _t("changes_requested", "submit", "community_review", "author", ready=True),
    _t("community_review", "open_decision", "council_decision", "organiser"),
    _t("community_review", "request_changes", "changes_requested", "organiser", reason=True),
    _t("council_decision", "decision_passed", "expert_review", "system"),
    _t("council_decision", "decision_changes", "changes_requested", "system", reason=True),
    _t("council_decision", "decision_rejected", "rejected", "system", reason=True),
    # No quorum, or nobody decided: the draft goes back to the community for another round.
    _t("council_decision", "decision_void", "community_review", "system", reason=True),
    _t("expert_review", "request_changes", "changes_requested", "reviewer", "organiser", reason=True),
    _t("expert_review", "all_signed_off", "approved", "system"),
    _t("approved", "publish", "published", "trainer"),
    _t("published", "supersede", "superseded", "system"),
    _t("published", "retire", "retired", "organiser", "trainer", reason=True),
    *(_t(state, "withdraw", "withdrawn", "author", reason=True) for state in BEFORE_APPROVAL),
)

_TABLE = {(t.source, t.event): t for t in TRANSITIONS}
EVENTS = tuple(sorted({t.event for t in TRANSITIONS}))


def plan(state: str, event: str, roles: frozenset[str], *, ready: bool = True, reason: str = "") -> Transition:
    """The transition an actor with these roles may make, or InvalidTransition saying why not."""
    transition = _TABLE.get((state, event))
    if transition is None:
        raise InvalidTransition(_("This step is not possible at this stage."))
    if not transition.roles & roles:
        raise InvalidTransition(_("You cannot take this step."))
    if transition.needs_ready and not ready:
        raise InvalidTransition(_("Some fields needed for review are still missing. See the list on the draft."))
    if transition.needs_reason and not reason.strip():
        raise InvalidTransition(_("Say why."))
    return transition


def available(state: str, roles: frozenset[str]) -> list[Transition]:
    """The steps these roles could take from here (guards aside), for the draft page's buttons."""
    return [t for t in TRANSITIONS if t.source == state and t.roles & roles]
