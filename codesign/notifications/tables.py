"""Tables of notifications. A notice stores its kind and parameters, and is worded in the reader's language
when shown or mailed; it names a draft by id and title only, so this domain depends on accounts alone."""

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from codesign.accounts.tables import User


class Notification(Table, tablename="notification"):
    id = Serial(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=30)  # mention | reply | revision | amendment | state_change
    scenario_id = Integer(null=True, default=None, index=True)
    scenario_title = Varchar(length=200, default="")
    url = Varchar(length=300, default="")
    params = Text(default="{}")  # JSON: who, stage names…, for wording the notice later
    created_at = Timestamptz(index=True)
    read_at = Timestamptz(null=True, default=None)
    emailed_at = Timestamptz(null=True, default=None)  # included in a digest


class EmailSettings(Table, tablename="email_settings"):
    """How often a member who gave an email address gets a digest."""

    id = Serial(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, unique=True)
    frequency = Varchar(length=10, default="daily")  # never | daily | weekly
    last_digest_at = Timestamptz(null=True, default=None)


class OutboxEmail(Table, tablename="outbox_email"):
    """An email waiting to be sent, sent, or given up on; `dedupe_key` makes sure none is sent twice."""

    id = Serial(primary_key=True)
    user = ForeignKey(User, null=True, on_delete=OnDelete.set_null, index=True)
    to_address = Varchar(length=254)
    subject = Varchar(length=300)
    body = Text()
    dedupe_key = Varchar(length=120, unique=True)
    created_at = Timestamptz()
    next_attempt_at = Timestamptz(index=True)
    attempts = Integer(default=0)
    sent_at = Timestamptz(null=True, default=None, index=True)
    failed_at = Timestamptz(null=True, default=None)
    last_error = Text(default="")
