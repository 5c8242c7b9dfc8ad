"""Releases: a trainer publishes an approved scenario as a versioned release pinned to the approved revision (public
text only), with change notes, credits as each contributor chose, and a diff to the previous release; followers are
told. Withdrawn consent for a source takes every release that used it out of the library; retiring a published
scenario (its publishing trainer or an organiser, with a reason) takes its release out too; either way the trainers
whose packs pin one are told."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup

from codesign import events
from codesign.accounts.actor import Actor
from codesign.accounts.services import public_name
from codesign.db import write_transaction
from codesign.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.library import permissions, search, versions
from codesign.library.tables import LibraryFollow, PackItem, Release, ReleaseFacet
from codesign.markdown import plain_text
from codesign.notifications.services import notify
from codesign.scenarios import provenance, textdiff
from codesign.scenarios import services as scenarios
from codesign.scenarios.document import Document, compose, dump_front_matter, parse
from codesign.scenarios.tables import Amendment, Revision
from codesign.scenarios.validation import MESSAGES

MAX_NOTES = 2000
PUBLIC_SOURCE_FIELDS = ("source_type", "ref", "composite", "identifying_details_changed")
CONSENT_KEYS_RE = re.compile(r"\bconsent_(?:status|scope)\b")
LIST_COLUMNS = (
    Release.id, Release.slug, Release.title, Release.summary, Release.version, Release.status, Release.published_at,
    Release.service_setting, Release.language, Release.duration_minutes, Release.group_min, Release.group_max,
)


def _now() -> datetime:
    return datetime.now(UTC)


def document_of(release: dict[str, Any]) -> Document:
    return parse(compose(release["front_matter"], release["body"]), MESSAGES)


def _text(document: Document) -> versions.Text:
    return versions.Text(objectives=document.meta.get("learning_objectives"), sections=document.sections)


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def _facets(meta: dict[str, Any]) -> list[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for role in meta.get("target_roles") or []:
        found.add(("target_role", str(role)[:60]))
    for objective in meta.get("learning_objectives") or []:
        if isinstance(objective, dict):
            for competency in objective.get("competencies") or []:
                found.add(("competency", str(competency)[:60]))
    return sorted(found)


async def credits_for(scenario_id: int, up_to: int) -> list[str]:
    """Who is credited, as each chose for each contribution: by name, by organisation, or not at all (a council
    member). Amendments credit their author as the amendment was posted. Erased accounts are not credited."""
    rows = await Revision.select(
        Revision.number, Revision.shown_as, Revision.author.display_name, Revision.author.deleted_at,
        Revision.organisation.name,
    ).where((Revision.scenario == scenario_id) & (Revision.number <= up_to)).order_by(Revision.number)
    amendments = await Amendment.select(
        Amendment.accepted_number, Amendment.shown_as, Amendment.author.display_name, Amendment.author.deleted_at,
        Amendment.organisation.name,
    ).where((Amendment.scenario == scenario_id) & (Amendment.status == "accepted"))
    by_number = {a["accepted_number"]: a for a in amendments}
    names: list[str] = []
    for row in rows:
        for item in (row, by_number.get(row["number"])):
            name = _credit(item) if item else None
            if name and name not in names:
                names.append(name)
    return names


def _credit(item: dict[str, Any]) -> str | None:
    if item["shown_as"] == "organisation":
        return item["organisation.name"] or None
    if item["shown_as"] != "name" or item["author.display_name"] is None or item["author.deleted_at"] is not None:
        return None
    return public_name(item["author.display_name"], None)


def public_source(source: dict[str, Any]) -> dict[str, Any]:
    """What a release says of one lived-experience source: its type, its ref (an insight, proposal or session id,
    never a person), whether it is a composite with details changed, and the credit text when consent was granted
    with attribution. Consent status and scope are consent records: trainers get none (domain.md §5.3)."""
    public = {key: source[key] for key in PUBLIC_SOURCE_FIELDS if key in source}
    if source.get("consent_status") == "granted_with_attribution" and source.get("attribution"):
        public["attribution"] = source["attribution"]
    return public


def public_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """The metadata without the private block and with each source reduced to what is public."""
    meta = dict(meta)
    meta.pop("private", None)
    if isinstance(meta.get("lived_experience_sources"), list):
        meta["lived_experience_sources"] = [public_source(s) for s in provenance.sources(meta)]
    return meta


def public_front_matter(front: str) -> str:
    """A stored release's front matter as it may be shown: releases published before sources were reduced still
    hold consent records, which are taken out here (the text is left as it is when it holds none)."""
    if not CONSENT_KEYS_RE.search(front):
        return front
    return dump_front_matter(public_meta(parse(compose(front, ""), MESSAGES).meta))


def release_front_matter(meta: dict[str, Any], version: str, council: str, notes: str, day: str) -> str:
    """The public front matter of a release: the approved revision's, with its version, status and changelog."""
    meta = public_meta(meta)
    meta["status"] = "published"
    meta["version"] = version
    meta["council_id"] = council
    changelog = [entry for entry in (meta.get("changelog") or []) if isinstance(entry, dict)]
    changelog.append({"version": version, "date": day, "author_role": "trainer", "summary": notes or version})
    meta["changelog"] = changelog
    return dump_front_matter(meta)


async def _current(scenario_id: int) -> dict[str, Any] | None:
    return await Release.select(*Release.all_columns()).where(
        (Release.scenario == scenario_id) & (Release.status == "current")).first()


async def publish_preview(actor: Actor, slug: str) -> dict[str, Any]:
    """What publishing would make: the approved scenario, the next version and the previous release."""
    if not permissions.can_publish(actor):
        raise PermissionDenied()
    row, current = await scenarios.trainer_revision(actor, slug)
    if row["state"] != "approved":
        raise NotFound()
    previous = await _current(row["id"])
    document = parse(scenarios.document_text(current), MESSAGES)
    version = versions.next_version(previous["version"] if previous else None,
                                    _text(document_of(previous)) if previous else None, _text(document))
    return {"draft": row, "revision": current, "version": version, "previous": previous}


async def publish_release(actor: Actor, slug: str, change_notes: str) -> str:
    """Publishes the approved revision as a new release and returns its version. The previous release is
    superseded; trainers who follow the scenario are notified."""
    if not permissions.can_publish(actor):
        raise PermissionDenied()
    notes = change_notes.strip()
    row, current = await scenarios.trainer_revision(actor, slug)
    if row["state"] != "approved":
        raise NotFound()
    if len(notes) > MAX_NOTES:
        raise ValidationFailed({"change_notes": _("Use at most %(max)s characters.", max=MAX_NOTES)})
    async with write_transaction():
        previous = await _current(row["id"])
        if previous is not None and not notes:
            raise ValidationFailed({"change_notes": _("Say what changed since version %(version)s.",
                                                      version=previous["version"])})
        await scenarios.trainer_transition(actor, slug, "publish", "")
        document = parse(scenarios.document_text(current), MESSAGES)
        version = versions.next_version(previous["version"] if previous else None,
                                        _text(document_of(previous)) if previous else None, _text(document))
        major, minor, patch = versions.parse_version(version)
        now = _now()
        meta = document.meta
        front = release_front_matter(meta, version, row["council.slug"], notes, now.date().isoformat())
        duration, group, languages = (_mapping(meta, key) for key in ("duration_minutes", "group_size", "languages"))
        if previous is not None:
            await Release.update({Release.status: "superseded"}).where(Release.id == previous["id"])
            await search.forget(previous["id"])
        title = str(meta.get("title") or document.title or slug)[:200]
        text = plain_text(document.body)
        inserted = await Release.insert(Release(
            scenario=row["id"], council=row["council"], version=version, major=major, minor=minor, patch=patch,
            revision_number=current["number"], slug=slug, title=title, summary=str(meta.get("summary") or ""),
            front_matter=front, body=document.body, change_notes=notes[:MAX_NOTES],
            credits=json.dumps(await credits_for(row["id"], current["number"]), ensure_ascii=False),
            status="current", service_setting=str(meta.get("service_setting") or "")[:40],
            language=str(languages.get("source") or "")[:20], duration_minutes=_int(duration.get("total")),
            group_min=_int(group.get("min")), group_max=_int(group.get("max")), search_text=text,
            published_by=actor.user_id, published_at=now,
        ))
        release_id = int(inserted[0]["id"])
        facets = _facets(meta)
        if facets:
            await ReleaseFacet.insert(*[ReleaseFacet(release=release_id, facet=f, value=v) for f, v in facets])
        await search.index(release_id, title, text)
        followers = await LibraryFollow.select(LibraryFollow.user).where(LibraryFollow.scenario == row["id"])
        await notify([f["user"] for f in followers], "new_release", scenario_id=row["id"], scenario_title=title,
                     url=f"/library/{slug}", params={"version": version}, exclude=actor.user_id)
    return version


def _mapping(meta: dict[str, Any], key: str) -> dict[str, Any]:
    value = meta.get(key)
    return value if isinstance(value, dict) else {}


async def release(actor: Actor, slug: str, version: str | None = None) -> dict[str, Any]:
    """One release (the current one, or the retired last one, when no version is given) with everything its page
    shows; NotFound when there is none or the actor may not browse the library. A withdrawn release comes back
    without its text."""
    if not permissions.can_browse(actor):
        raise NotFound()
    where: Any = Release.slug == slug
    where &= (Release.version == version) if version else Release.status.is_in(["current", "retired"])
    row = await Release.select(*Release.all_columns(), Release.council.name, Release.council.slug,
                               Release.scenario.state).where(where).first()
    if row is None:
        raise NotFound()
    row["credit_list"] = json.loads(row["credits"] or "[]")
    if row["status"] == "withdrawn":
        row.update(front_matter="", body="", summary="", search_text="")
    row["front_matter"] = public_front_matter(row["front_matter"])
    return row


async def history(scenario_id: int) -> list[dict[str, Any]]:
    """Every release of a scenario, newest first (the changelog)."""
    return await Release.select(
        Release.id, Release.version, Release.status, Release.change_notes, Release.published_at,
    ).where(Release.scenario == scenario_id).order_by(Release.published_at, ascending=False).limit(100)


async def diff_to_previous(row: dict[str, Any]) -> tuple[dict[str, Any] | None, Markup | None]:
    """The release before this one and the word-level diff of the whole text to it."""
    if row["status"] == "withdrawn":
        return None, None
    before = await Release.select(Release.version, Release.front_matter, Release.body, Release.status).where(
        (Release.scenario == row["scenario"]) & (Release.published_at < row["published_at"])
    ).order_by(Release.published_at, ascending=False).first()
    if before is None or before["status"] == "withdrawn":
        return before, None
    before["front_matter"] = public_front_matter(before["front_matter"])
    labels = {"added_start": _("added:"), "removed_start": _("removed:"), "end": _("(end of change)")}
    old, new = compose(before["front_matter"], before["body"]), compose(row["front_matter"], row["body"])
    return before, textdiff.diff_html(old, new, labels)


def may_retire(actor: Actor, row: dict[str, Any]) -> bool:
    """Whether the release page offers retiring: the current release of a published scenario, to those allowed."""
    if row["status"] != "current" or row["scenario.state"] != "published":
        return False
    return permissions.can_retire(actor, row["council"], row["published_by"])


async def retire(actor: Actor, slug: str, reason: str) -> None:
    """Retires a published scenario through its lifecycle: its release leaves the library (the list, search, the
    feed, new packs) and its page says why. Packs that pinned it keep it, marked as retired and left out of their
    guide; their owners are told (the state-change listener below)."""
    row = await Release.select(Release.id, Release.council, Release.published_by).where(
        (Release.slug == slug) & (Release.status == "current")).first()
    if row is None:
        raise NotFound()
    if not permissions.can_retire(actor, row["council"], row["published_by"]):
        raise PermissionDenied()
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": _("Say why it leaves the library.")})
    if len(reason) > MAX_NOTES:
        raise ValidationFailed({"reason": _("Use at most %(max)s characters.", max=MAX_NOTES)})
    async with write_transaction():
        # The council's organisers retire through the draft they see; a trainer through their trainer's step.
        step = scenarios.transition if actor.is_organiser_of(row["council"]) else scenarios.trainer_transition
        try:
            await step(actor, slug, "retire", reason)
        except InvalidTransition as refused:
            raise ValidationFailed({}, refused.message) from None
        await Release.update({Release.withdrawn_reason: reason}).where(Release.id == row["id"])


async def _on_state_changed(scenario_id: int, to_state: str, actor_id: int | None = None, title: str = "",
                            slug: str = "", **_payload: Any) -> None:
    """A retired scenario's current release leaves the library, however the step was taken, and the trainers whose
    packs pin one of its releases (any version still in a pack, not withdrawn) are told, once each."""
    if to_state != "retired":
        return
    rows = await Release.select(Release.id, Release.title).where(
        (Release.scenario == scenario_id) & (Release.status == "current"))
    for row in rows:
        await Release.update({Release.status: "retired", Release.withdrawn_at: _now()}).where(Release.id == row["id"])
        await search.forget(row["id"])
    owners = await PackItem.select(PackItem.pack.owner).where(
        (PackItem.release.scenario == scenario_id) & (PackItem.release.status != "withdrawn"))
    await notify([o["pack.owner"] for o in owners], "release_retired", scenario_id=scenario_id,
                 scenario_title=rows[0]["title"] if rows else title, url=f"/library/{slug}", exclude=actor_id)


events.subscribe(events.STATE_CHANGED, _on_state_changed)


async def withdraw_for_source(scenario_id: int, ref: str, actor_id: int | None, title: str, slug: str) -> None:
    """Consent was withdrawn for a source: every release of the scenario that used it leaves the library with its
    text (body, front matter, summary, search text; the title, version and reason stay), and the trainers whose
    packs pinned one are told (runs in the withdrawal's transaction)."""
    rows = await Release.select(Release.id, Release.front_matter, Release.body, Release.status).where(
        (Release.scenario == scenario_id) & (Release.status != "withdrawn"))
    used = [r["id"] for r in rows if ref in provenance.source_refs(document_of(r).meta)]
    if not used:
        return
    reason = _("Consent was withdrawn for the source %(ref)s.", ref=ref)
    await Release.update({
        Release.status: "withdrawn", Release.withdrawn_reason: reason, Release.withdrawn_at: _now(),
        Release.body: "", Release.front_matter: "", Release.search_text: "", Release.summary: "",
    }).where(Release.id.is_in(used))
    for release_id in used:
        await search.forget(release_id)
    owners = await PackItem.select(PackItem.pack.owner).where(PackItem.release.is_in(used))
    await notify([o["pack.owner"] for o in owners], "release_withdrawn", scenario_id=scenario_id,
                 scenario_title=title, url="/library/packs", exclude=actor_id)


async def _on_consent_withdrawn(scenario_id: int, ref: str, actor_id: int | None, title: str, slug: str) -> None:
    await withdraw_for_source(scenario_id, ref, actor_id, title, slug)


events.subscribe(events.CONSENT_WITHDRAWN, _on_consent_withdrawn)
