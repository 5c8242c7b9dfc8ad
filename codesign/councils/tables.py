"""Tables of the councils domain."""

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from codesign.accounts.tables import Organisation, User


class Council(Table, tablename="council"):
    id = Serial(primary_key=True)
    name = Varchar(length=120)
    slug = Varchar(length=60, unique=True)
    description = Text(default="")  # public
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.set_null, index=True)
    created_at = Timestamptz()


class Membership(Table, tablename="membership"):
    id = Serial(primary_key=True)
    council = ForeignKey(Council, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    role = Varchar(length=20)  # member | organiser
    joined_at = Timestamptz()


class Invitation(Table, tablename="invitation"):
    id = Serial(primary_key=True)
    council = ForeignKey(Council, on_delete=OnDelete.cascade, index=True)
    code = Varchar(length=32, unique=True)
    role = Varchar(length=20)
    expires_at = Timestamptz()
    max_uses = Integer()
    uses = Integer(default=0)
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz(index=True)
    revoked_at = Timestamptz(null=True, default=None)


class CouncilBlock(Table, tablename="council_block"):
    """A person blocked from a council by its organisers: out of it, and not let back in with a code."""

    id = Serial(primary_key=True)
    council = ForeignKey(Council, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    blocked_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    reason = Text(default="")
    created_at = Timestamptz()


class CouncilSettings(Table, tablename="council_settings"):
    """How a council runs its review workflow; a council without a row uses the defaults of councils.workflow."""

    id = Serial(primary_key=True)
    council = ForeignKey(Council, on_delete=OnDelete.cascade, unique=True)
    required_review_kinds = Text(default="")  # comma-separated review kinds
    default_rule = Varchar(length=20, default="consent")
    default_quorum = Integer(default=50)  # percent of the eligible
    stage_targets = Text(default="{}")  # JSON {stage: days}
    updated_at = Timestamptz()
