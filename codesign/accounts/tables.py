"""Tables of the accounts domain. No column for a real name, nationality or immigration status, ever."""

from piccolo.columns import (
    Boolean,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.table import Table


class Organisation(Table, tablename="organisation"):
    id = Serial(primary_key=True)
    name = Varchar(length=120, unique=True)
    slug = Varchar(length=60, unique=True)
    kind = Varchar(length=20)  # community | migrant_led | public_agency
    description = Text(default="")
    created_at = Timestamptz()


class User(Table, tablename="account"):
    id = Serial(primary_key=True)
    username = Varchar(length=40, unique=True)
    display_name = Varchar(length=80)
    password_hash = Varchar(length=255, default="")
    locale = Varchar(length=8, default="en")
    email = Varchar(length=254, null=True, default=None)
    languages_spoken = Varchar(length=200, default="")
    is_admin = Boolean(default=False)
    is_trainer = Boolean(default=False)
    # The organisation this person may post for, granted by an admin.
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.set_null, index=True)
    created_at = Timestamptz()
    deleted_at = Timestamptz(null=True, default=None)


class ReviewerKind(Table, tablename="reviewer_kind"):
    """An expert review kind (domain.md §2) an admin registered a user for."""

    id = Serial(primary_key=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=30)


class WebSession(Table, tablename="web_session"):
    """Server-side sessions, so that several app processes share them."""

    id = Serial(primary_key=True)
    key = Varchar(length=64, unique=True)  # sha256 of the cookie value
    data = Text(default="{}")
    user = ForeignKey(User, null=True, on_delete=OnDelete.cascade, index=True)
    expires_at = Timestamptz(index=True)


class LoginAttempt(Table, tablename="login_attempt"):
    """A failed log-in, kept briefly for rate limiting. The address is stored only as a keyed hash."""

    id = Serial(primary_key=True)
    bucket = Varchar(length=80, index=True)  # "user:<name>" or "addr:<hmac>"
    at = Timestamptz(index=True)
    failures = Integer(default=1)
