"""Tables of the library domain: releases (with their facets and search text), training packs, follows, usage
reports and the personal API tokens of machine clients."""

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from codesign.accounts.tables import User
from codesign.councils.tables import Council
from codesign.scenarios.tables import Scenario


class Release(Table, tablename="release"):
    """A published version of a scenario: its public text pinned from the approved revision, never the private
    fields. At most one release per scenario is `current`; older ones are `superseded`; a release that used a
    source whose consent was withdrawn is `withdrawn` and leaves the library."""

    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    council = ForeignKey(Council, on_delete=OnDelete.restrict, index=True)
    version = Varchar(length=20)
    major = Integer(default=1)
    minor = Integer(default=0)
    patch = Integer(default=0)
    revision_number = Integer()
    slug = Varchar(length=80, index=True)
    title = Varchar(length=200)
    summary = Text(default="")
    front_matter = Text(default="")
    body = Text(default="")
    change_notes = Text(default="")
    credits = Text(default="[]")  # JSON list of names as each contributor chose to be credited
    status = Varchar(length=20, default="current", index=True)  # current | superseded | withdrawn
    withdrawn_reason = Text(default="")
    withdrawn_at = Timestamptz(null=True, default=None)
    service_setting = Varchar(length=40, default="", index=True)
    language = Varchar(length=20, default="", index=True)
    duration_minutes = Integer(default=0, index=True)
    group_min = Integer(default=0, index=True)
    group_max = Integer(default=0, index=True)
    search_text = Text(default="")
    published_by = ForeignKey(User, null=True, on_delete=OnDelete.set_null)
    published_at = Timestamptz(index=True)


class ReleaseFacet(Table, tablename="release_facet"):
    """One filterable value of a release: a target role or a competency."""

    id = Serial(primary_key=True)
    release = ForeignKey(Release, on_delete=OnDelete.cascade, index=True)
    facet = Varchar(length=30)
    value = Varchar(length=60)


class Pack(Table, tablename="training_pack"):
    """A trainer's ordered set of releases, with an introduction; shared with colleagues once published."""

    id = Serial(primary_key=True)
    owner = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=200)
    introduction = Text(default="")
    published = Boolean(default=False, index=True)
    item_count = Integer(default=0)
    created_at = Timestamptz()
    updated_at = Timestamptz(index=True)


class PackItem(Table, tablename="training_pack_item"):
    """One release pinned in a pack, at a position, with the trainer's local notes."""

    id = Serial(primary_key=True)
    pack = ForeignKey(Pack, on_delete=OnDelete.cascade, index=True)
    release = ForeignKey(Release, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=0)
    local_notes = Text(default="")


class LibraryFollow(Table, tablename="library_follow"):
    """A trainer follows a scenario and hears of its new releases."""

    id = Serial(primary_key=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    user = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    created_at = Timestamptz()


class UsageReport(Table, tablename="usage_report"):
    """How one session with a release went, as its trainer reports it (about a group, never a trainee)."""

    id = Serial(primary_key=True)
    release = ForeignKey(Release, on_delete=OnDelete.cascade, index=True)
    scenario = ForeignKey(Scenario, on_delete=OnDelete.cascade, index=True)
    trainer = ForeignKey(User, null=True, on_delete=OnDelete.set_null, index=True)
    run_on = Date()
    audience_role = Varchar(length=40)
    group_size = Integer()
    rating = Integer()
    notes = Text(default="")
    confidence_before = Integer(null=True, default=None)
    confidence_after = Integer(null=True, default=None)
    created_at = Timestamptz(index=True)


class ApiToken(Table, tablename="api_token"):
    """A personal read-only token for the JSON API and the feed: its name, the SHA-256 of its secret (never the
    secret), and the days it was made and last used. It acts as its owner while the owner may use the library."""

    id = Serial(primary_key=True)
    owner = ForeignKey(User, on_delete=OnDelete.cascade, index=True)
    name = Varchar(length=80)
    key_hash = Varchar(length=64, unique=True)
    created_on = Date()
    last_used_on = Date(null=True, default=None)
