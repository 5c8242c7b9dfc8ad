"""Tables of the scenarios domain. A scenario's text lives in immutable revisions; the scenario row keeps
what lists, filters and search need from the newest one."""

from piccolo.columns import ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from codesign.accounts.tables import Organisation, User
from codesign.councils.tables import Council


class Scenario(Table, tablename="scenario"):
    id = Serial(primary_key=True)
    council = ForeignKey(Council, on_delete=OnDelete.restrict, index=True)
    slug = Varchar(length=80, unique=True)  # the `id` of the file format, stable across versions
    title = Varchar(length=200)
    summary = Text(default="")
    state = Varchar(length=30, default="draft", index=True)
    service_setting = Varchar(length=40, default="", index=True)
    language = Varchar(length=20, default="", index=True)
    author = ForeignKey(User, null=True, on_delete=OnDelete.set_null, index=True)
    shown_as = Varchar(length=20, default="name")  # name | organisation | council
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.set_null)
    revision_count = Integer(default=0)
    support_count = Integer(default=0, index=True)  # kept by deliberation, for "most supported"
    comment_count = Integer(default=0, index=True)  # kept by deliberation, for "most discussed"
    search_text = Text(default="")  # plain text of the newest revision, for full-text search
    hidden_at = Timestamptz(null=True, default=None)  # hidden by a moderator: a placeholder and the reason show
    hidden_reason = Text(default="")
    created_at = Timestamptz(index=True)
    updated_at = Timestamptz(index=True)
    stage_entered_at = Timestamptz(null=True, default=None, index=True)  # for "past its stage's target time"


class ScenarioFacet(Table, tablename="scenario_facet"):
    """One filterable value of the newest revision: a target role, a competency, a theme…"""

    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    facet = Varchar(length=30)
    value = Varchar(length=60)


class Revision(Table, tablename="revision"):
    """An immutable version of a scenario's text, written by every save."""

    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    number = Integer()
    author = ForeignKey(User, null=True, on_delete=OnDelete.set_null, index=True)
    shown_as = Varchar(length=20, default="name")
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.set_null)
    note = Varchar(length=300, default="")
    front_matter = Text(default="")
    body = Text(default="")
    private = Text(default="{}")  # consent records and follow-up contact: never exported or published
    credited = ForeignKey(User, null=True, on_delete=OnDelete.set_null)  # the amender, when an amendment made it
    created_at = Timestamptz()


class CoAuthor(Table, tablename="co_author"):
    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    added_at = Timestamptz()


class Amendment(Table, tablename="amendment"):
    """A suggested revision by any council member, accepted by the author or an organiser, or declined."""

    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    base_number = Integer()
    author = ForeignKey(User, null=True, on_delete=OnDelete.set_null, index=True)
    shown_as = Varchar(length=20, default="name")
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.set_null)
    reason = Text(default="")
    front_matter = Text(default="")
    body = Text(default="")
    status = Varchar(length=20, default="open", index=True)  # open | accepted | declined
    decided_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    decided_at = Timestamptz(null=True, default=None)
    decline_reason = Text(default="")
    accepted_number = Integer(null=True, default=None)
    created_at = Timestamptz(index=True)


class ScenarioEvent(Table, tablename="scenario_event"):
    """One step of the lifecycle: who, when, from which stage to which, and why."""

    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    event = Varchar(length=30)
    from_state = Varchar(length=30)
    to_state = Varchar(length=30)
    actor = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    reason = Text(default="")
    created_at = Timestamptz(index=True)


class SourceWithdrawal(Table, tablename="source_withdrawal"):
    """Consent withdrawn for one lived-experience source (by its ref, never a person) of a scenario."""

    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    source_ref = Varchar(length=80)
    reason = Text(default="")
    recorded_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
