"""Tables of voting. A secret ballot carries no voter, no time and no guessable order: the ballot's key is a
keyed hash of (decision, voter) that only the running server can compute, so the voter can change it and see
it, while the database alone cannot link anyone to a choice."""

from piccolo.columns import UUID, Boolean, Float, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from codesign.accounts.tables import User
from codesign.councils.tables import Council
from codesign.scenarios.tables import Scenario


class Decision(Table, tablename="decision"):
    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    council = ForeignKey(Council, on_delete=OnDelete.cascade, index=True)
    question = Text()
    # draft: should the draft go on to expert review; signoff: the final sign-off that the reviewed text
    # still says what the council meant.
    purpose = Varchar(length=20, default="draft")
    rule = Varchar(length=20)  # simple_majority | two_thirds | consent
    quorum = Float(default=0.5)  # share of the eligible who must take part
    secret = Boolean(default=False)
    live_results = Boolean(default=False)  # results shown while open, or only after closing
    opens_at = Timestamptz(index=True)
    closes_at = Timestamptz(null=True, default=None, index=True)  # none: closed by hand
    closed_at = Timestamptz(null=True, default=None, index=True)
    opened_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    eligible_count = Integer(default=0)
    # The result, computed from the stored ballots when the decision closes.
    outcome = Varchar(length=30, default="")
    result = Text(default="")  # JSON of the tally
    created_at = Timestamptz()


class Eligibility(Table, tablename="eligibility"):
    """Who may vote: the council's members at the moment the decision opened."""

    id = Serial(primary_key=True)
    decision = ForeignKey(Decision, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    voted = Boolean(default=False)  # participation only; for a secret ballot, never the choice


class Ballot(Table, tablename="ballot"):
    """One current ballot per voter and decision. `voter` is set for open ballots only."""

    id = UUID(primary_key=True)
    decision = ForeignKey(Decision, on_delete=OnDelete.cascade, index=True)
    voter = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    ballot_key = Varchar(length=64)  # keyed hash of (decision, voter): unique per decision
    choice = Varchar(length=20)
    reason = Text(default="")


class PriorityVote(Table, tablename="priority_vote"):
    """A council choosing what to work on: a ranking (Borda count) or dot voting among drafts or topics."""

    id = Serial(primary_key=True)
    council = ForeignKey(Council, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=200)
    method = Varchar(length=10)  # borda | dots
    dots_per_member = Integer(default=5)
    options = Text(default="[]")  # JSON list of {"id", "label", "scenario"?}
    opens_at = Timestamptz()
    closes_at = Timestamptz(null=True, default=None, index=True)
    closed_at = Timestamptz(null=True, default=None)
    opened_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    result = Text(default="")
    created_at = Timestamptz(index=True)


class PriorityBallot(Table, tablename="priority_ballot"):
    id = Serial(primary_key=True)
    vote = ForeignKey(PriorityVote, on_delete=OnDelete.cascade, index=True)
    voter = ForeignKey(User, on_delete=OnDelete.cascade)
    ranking = Text(default="[]")  # JSON: option ids best first (Borda) or {option id: dots}
    updated_at = Timestamptz()
