"""Tables of the review domain: who reviews a draft for which kind of expert review, and their reviews.

An assignment keeps what its latest review said (outcome, revision, time), so the queue, the draft's panel, the
"signed off" condition and the reviewer's time-limited access each read one row per assignment.
"""

from piccolo.columns import Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from codesign.accounts.tables import User
from codesign.scenarios.tables import Scenario


class Assignment(Table, tablename="review_assignment"):
    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=30, index=True)  # one of accounts.actor.REVIEW_KINDS
    reviewer = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    assigned_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    due_at = Timestamptz(index=True)
    created_at = Timestamptz()
    removed_at = Timestamptz(null=True, default=None, index=True)
    # A review is due from this reviewer: set on assignment and whenever the draft comes back to expert review.
    awaiting = Boolean(default=True)
    last_outcome = Varchar(length=20, default="")  # "" until the first review
    last_revision = Integer(null=True, default=None)  # the revision number the latest review read
    last_reviewed_at = Timestamptz(null=True, default=None)


class Review(Table, tablename="expert_review"):
    """One filled-in checklist and its outcome; never changed afterwards."""

    id = Serial(primary_key=True)
    assignment = ForeignKey(Assignment, on_delete=OnDelete.cascade, index=True)
    revision_number = Integer()
    outcome = Varchar(length=20)  # pass | pass_with_notes | changes_requested | block
    answers = Text(default="{}")  # JSON: {item id: {"answer": "yes" | "no" | "na", "note": "..."}}
    summary = Text(default="")  # notes, or the reason for changes requested or a block
    created_at = Timestamptz(index=True)
