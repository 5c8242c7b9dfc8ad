"""The one state machine of a scenario (architecture rule 1): states, and transitions as data.

`(state, event) -> Transition(target, roles, conditions)`. Services call `plan()` to learn whether an
actor's roles allow an event from a state; the scenarios service then applies it and writes the
event row (who, when, from, to, why). Nothing else changes a scenario's state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from codesign.errors import InvalidTransition
from codesign.i18n import _
from codesign.i18n import lazy_gettext as _l

STATES = (
    "draft", "community_review", "council_decision", "expert_review", "changes_requested", "approved",
    "published", "superseded", "retired", "withdrawn", "rejected",
)
# Roles an actor can hold towards one scenario; "system" is the app itself (a closed vote, a finished review).
ROLES = ("author", "organiser", "reviewer", "trainer", "system")


# Conditions a step can need, each checked by the service before the step (facts it computes or asks other
# domains for), with the message shown when it does not hold.
CONDITIONS = {
    "ready": _l("Some fields needed for review are still missing. See the list on the draft."),
    "signed_off": _l("Every required expert review must be signed off first, and no block may be outstanding."),
    "consent": _l("Every lived-experience source needs consent that covers this use, or the scenario must be "
                  "marked fully fictional."),
    "law_checked": _l("A scenario for a particular place needs the date its law was last checked before it is "
                      "published, and that check must not be overdue."),
}


@dataclass(frozen=True)
class Transition:
    source: str
    event: str
    target: str
    roles: frozenset[str]
    needs: frozenset[str] = frozenset()  # names from CONDITIONS
    needs_reason: bool = False


def _t(source: str, event: str, target: str, *roles: str, needs: tuple[str, ...] = (),
       reason: bool = False) -> Transition:
    return Transition(source, event, target, frozenset(roles), frozenset(needs), reason)


BEFORE_APPROVAL = ("draft", "community_review", "council_decision", "expert_review", "changes_requested")
# Stages in which a draft's text is in use downstream: a withdrawn consent sends it back from any of them.
CONSENT_MATTERS = ("community_review", "council_decision", "expert_review", "approved", "published")

TRANSITIONS: tuple[Transition, ...] = (
    _t("draft", "submit", "community_review", "author", needs=("ready",)),
    _t("changes_requested", "submit", "community_review", "author", needs=("ready",)),
    _t("community_review", "open_decision", "council_decision", "organiser"),
    _t("community_review", "request_changes", "changes_requested", "organiser", reason=True),
    _t("council_decision", "decision_passed", "expert_review", "system"),
    _t("council_decision", "decision_changes", "changes_requested", "system", reason=True),
    _t("council_decision", "decision_rejected", "rejected", "system", reason=True),
    # No quorum, or nobody decided: the draft goes back to the community for another round.
    _t("council_decision", "decision_void", "community_review", "system", reason=True),
    _t("expert_review", "request_changes", "changes_requested", "reviewer", "organiser", reason=True),
    # The final council sign-off (a consent decision) that the reviewed text still says what the council meant.
    _t("expert_review", "open_signoff", "council_decision", "organiser", needs=("signed_off", "consent")),
    _t("council_decision", "signoff_passed", "approved", "system", needs=("signed_off", "consent")),
    _t("council_decision", "signoff_void", "expert_review", "system", reason=True),
    _t("approved", "publish", "published", "trainer", needs=("consent", "law_checked")),
    # A published scenario is revised in a new round; its release stays in the library until a newer one replaces it.
    _t("published", "revise", "draft", "author", "organiser", reason=True),
    _t("published", "supersede", "superseded", "system"),
    _t("published", "retire", "retired", "organiser", "trainer", reason=True),
    *(_t(state, "withdraw", "withdrawn", "author", reason=True) for state in BEFORE_APPROVAL),
    *(_t(state, "consent_withdrawn", "changes_requested", "system", reason=True) for state in CONSENT_MATTERS),
)

_TABLE = {(t.source, t.event): t for t in TRANSITIONS}
EVENTS = tuple(sorted({t.event for t in TRANSITIONS}))


def needs(state: str, event: str) -> frozenset[str]:
    """The conditions a step needs (none when the step does not exist: plan() says so)."""
    transition = _TABLE.get((state, event))
    return transition.needs if transition else frozenset()


def plan(state: str, event: str, roles: frozenset[str], *, facts: Mapping[str, bool] | None = None,
         reason: str = "") -> Transition:
    """The transition an actor with these roles may make, or InvalidTransition saying why not.

    `facts` says which CONDITIONS hold now; a condition nobody reported is taken not to hold.
    """
    transition = _TABLE.get((state, event))
    if transition is None:
        raise InvalidTransition(_("This step is not possible at this stage."))
    if not transition.roles & roles:
        raise InvalidTransition(_("You cannot take this step."))
    for condition in sorted(transition.needs):
        if not (facts or {}).get(condition, False):
            raise InvalidTransition(str(CONDITIONS[condition]))
    if transition.needs_reason and not reason.strip():
        raise InvalidTransition(_("Say why."))
    return transition


def available(state: str, roles: frozenset[str]) -> list[Transition]:
    """The steps these roles could take from here (guards aside), for the draft page's buttons."""
    return [t for t in TRANSITIONS if t.source == state and t.roles & roles]
