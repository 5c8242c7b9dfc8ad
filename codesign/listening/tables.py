"""Tables of listening sessions (domain.md §3). Nothing here names or identifies a participant: attendance and
registrations are counts per language, a live ballot is keyed by a keyed hash of a random device token (deleted
after counting), and anonymous feedback carries the day it arrived, never a time or an address."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from codesign.accounts.tables import User
from codesign.councils.tables import Council
from codesign.scenarios.tables import Scenario


class ListeningSession(Table, tablename="listening_session"):
    id = Serial(primary_key=True)
    council = ForeignKey(Council, on_delete=OnDelete.cascade, index=True)
    public_id = Varchar(length=16, unique=True, index=True)  # the shareable announcement link, not guessable
    title = Varchar(length=200)
    purpose = Text(default="")
    starts_at = Timestamptz(index=True)  # in UTC; shown in `time_zone`
    time_zone = Varchar(length=64, default="UTC")
    format = Varchar(length=20)  # in_person | online | hybrid
    venue_type = Varchar(length=40)  # never a street address
    online_link = Varchar(length=500, default="")  # online sessions only
    languages = Text(default="[]")  # JSON [{"lang", "mode"}]
    interpreters = Text(default="[]")  # JSON [{"pair", "provider", "agreement"}]: roles, never names
    accessibility = Text(default="[]")  # JSON list of ACCESSIBILITY keys
    agenda = Text(default="[]")  # JSON [{"item", "minutes", "method"}]
    roles = Text(default="{}")  # JSON {role: count or pseudonym}
    registration_open = Boolean(default=False)
    notes_retention_days = Integer(default=90)  # raw notes: deleted this many days after the session at most
    # When the last raw insight was validated (none left raw); raw notes go 30 days later at most (retention.py).
    insights_validated_at = Timestamptz(null=True, default=None)
    feedback_retention_days = Integer(default=90)  # feedback free text: deleted this many days after it arrived
    cancelled_at = Timestamptz(null=True, default=None)
    consent_counts = Text(default="{}")  # JSON {layer: how many agreed} for layers L2–L6 (§3.3): numbers, no names
    created_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class LanguageCount(Table, tablename="listening_count"):
    """How many registered or attended, per language: numbers only, never a list of people."""

    id = Serial(primary_key=True)
    session = ForeignKey(ListeningSession, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=12)  # registered | attended
    language = Varchar(length=35)
    count = Integer(default=0)  # type: ignore[assignment]  # shadows Table.count() on this table only


class Note(Table, tablename="listening_note"):
    """A raw, de-identified note taken during the session; purged after the retention period."""

    id = Serial(primary_key=True)
    session = ForeignKey(ListeningSession, on_delete=OnDelete.cascade, index=True)
    text = Text()
    created_at = Timestamptz()


class Insight(Table, tablename="listening_insight"):
    id = Serial(primary_key=True)
    session = ForeignKey(ListeningSession, on_delete=OnDelete.cascade, index=True)
    statement = Text()
    themes = Text(default="[]")  # JSON list of vocabulary THEMES keys
    sensitivity = Varchar(length=10, default="low")  # low | medium | high
    consent_scope = Varchar(length=12, default="themes_only")  # themes_only | paraphrase | quote
    consent_status = Varchar(length=30, default="granted_anonymous")
    raised_by = Varchar(length=10, default="several")  # one | several | many
    status = Varchar(length=20, default="raw", index=True)
    scenario = ForeignKey(Scenario, null=True, default=None, on_delete=OnDelete.set_null, index=True)
    created_at = Timestamptz()


class LiveVote(Table, tablename="listening_vote"):
    """A priority vote in the room: dots or a ranking over insights or drafts; participants join with `code`."""

    id = Serial(primary_key=True)
    session = ForeignKey(ListeningSession, on_delete=OnDelete.cascade, index=True)
    code = Varchar(length=8, unique=True, index=True)
    title = Varchar(length=200)
    method = Varchar(length=10)  # dots | ranking
    dots = Integer(default=3)
    options = Text(default="[]")  # JSON [{"id", "label", "insight"?, "scenario"?}]
    opened_at = Timestamptz()
    closed_at = Timestamptz(null=True, default=None, index=True)
    result = Text(default="")  # JSON {"participants", "scores": [...]}, stored when the vote closes


class LiveBallot(Table, tablename="listening_ballot"):
    """One current ballot per device and vote (unique index); deleted once the vote is counted."""

    id = Serial(primary_key=True)
    vote = ForeignKey(LiveVote, on_delete=OnDelete.cascade, index=True)
    device = Varchar(length=64)  # keyed hash of (vote, device token): not the token, not an address
    choice = Text(default="{}")  # JSON: {option: dots} or [option, ...] best first


class FeedbackForm(Table, tablename="listening_feedback_form"):
    id = Serial(primary_key=True)
    session = ForeignKey(ListeningSession, on_delete=OnDelete.cascade, index=True)
    public_id = Varchar(length=16, unique=True, index=True)
    closes_at = Timestamptz(index=True)
    created_at = Timestamptz()


class Feedback(Table, tablename="listening_feedback_answer"):
    """One anonymous answer: the day only (no time, no address), and free text until it is purged."""

    id = Serial(primary_key=True)
    form = ForeignKey(FeedbackForm, on_delete=OnDelete.cascade, index=True)
    service_setting = Varchar(length=40)
    treated = Varchar(length=10)  # well | mixed | badly
    understood = Varchar(length=10)  # yes | partly | no
    interpreter = Varchar(length=12)  # offered | not_offered | not_needed
    text = Text(default="")
    received_on = Date(index=True)
