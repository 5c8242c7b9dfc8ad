"""Training packs: a trainer's ordered set of releases with an introduction and local notes; reorder, remove,
publish to colleagues, delete. A pack pins releases and shows when a newer one exists, or when one left the library
(withdrawn or retired: the pack's guide leaves it out)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from codesign.accounts.actor import Actor
from codesign.db import write_transaction
from codesign.errors import NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.library import permissions
from codesign.library.releases import public_front_matter
from codesign.library.tables import Pack, PackItem, Release
from codesign.web.pagination import PAGE_SIZE, Page, offset

MAX_TITLE = 200
MAX_TEXT = 10_000
MAX_ITEMS = 50
# Pinned releases that left the library are marked in the pack and left out of its facilitator guide.
OUT_OF_GUIDE = ("withdrawn", "retired")


def _now() -> datetime:
    return datetime.now(UTC)


def _checked(title: str, introduction: str) -> tuple[str, str]:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Give the pack a title.")
    elif len(title.strip()) > MAX_TITLE:
        errors["title"] = _("Use at most %(max)s characters.", max=MAX_TITLE)
    if len(introduction.strip()) > MAX_TEXT:
        errors["introduction"] = _("Use at most %(max)s characters.", max=MAX_TEXT)
    if errors:
        raise ValidationFailed(errors)
    return title.strip(), introduction.strip()


async def _pack(actor: Actor, pack_id: int) -> tuple[dict[str, Any], permissions.PackAccess]:
    row = await Pack.select(*Pack.all_columns(), Pack.owner.display_name, Pack.owner.deleted_at).where(
        Pack.id == pack_id).first()
    if row is None:
        raise NotFound()
    access = permissions.PackAccess(owner_id=row["owner"], published=row["published"])
    if not permissions.can_view_pack(actor, access):
        raise NotFound()
    return row, access


async def _editable(actor: Actor, pack_id: int) -> dict[str, Any]:
    row, access = await _pack(actor, pack_id)
    if not permissions.can_edit_pack(actor, access):
        raise PermissionDenied()
    return row


async def create_pack(actor: Actor, title: str, introduction: str) -> int:
    if not permissions.can_create_pack(actor):
        raise PermissionDenied()
    title, introduction = _checked(title, introduction)
    async with write_transaction():
        rows = await Pack.insert(Pack(owner=actor.user_id, title=title, introduction=introduction, published=False,
                                      created_at=_now(), updated_at=_now()))
    return int(rows[0]["id"])


async def edit_pack(actor: Actor, pack_id: int, title: str, introduction: str, published: bool) -> None:
    await _editable(actor, pack_id)
    title, introduction = _checked(title, introduction)
    async with write_transaction():
        await Pack.update({Pack.title: title, Pack.introduction: introduction, Pack.published: published,
                           Pack.updated_at: _now()}).where(Pack.id == pack_id)


async def delete_pack(actor: Actor, pack_id: int) -> str:
    """Deletes a pack and its items (never the releases it pinned); its owner only. Returns its title."""
    row, access = await _pack(actor, pack_id)
    if not permissions.can_delete_pack(actor, access):
        raise PermissionDenied()
    async with write_transaction():
        await PackItem.delete().where(PackItem.pack == pack_id)
        await Pack.delete().where(Pack.id == pack_id)
    return str(row["title"])


async def add_release(actor: Actor, pack_id: int, release_id: int) -> None:
    """Pins a release at the end of the pack; one release of a scenario per pack."""
    pack = await _editable(actor, pack_id)
    found = await Release.select(Release.id, Release.scenario, Release.status).where(Release.id == release_id).first()
    if found is None or found["status"] in ("withdrawn", "retired"):
        raise ValidationFailed({"release": _("Choose a scenario that is in the library.")})
    async with write_transaction():
        same = await PackItem.exists().where((PackItem.pack == pack_id) &
                                             (PackItem.release.scenario == found["scenario"]))
        if same:
            raise ValidationFailed({"release": _("This scenario is in the pack already.")})
        if pack["item_count"] >= MAX_ITEMS:
            raise ValidationFailed({"release": _("A pack holds at most %(max)s scenarios.", max=MAX_ITEMS)})
        last = await PackItem.select(PackItem.position).where(PackItem.pack == pack_id).order_by(
            PackItem.position, ascending=False).first()
        await PackItem.insert(PackItem(pack=pack_id, release=release_id,
                                       position=(last["position"] + 1) if last else 1))
        await Pack.update({Pack.item_count: Pack.item_count + 1, Pack.updated_at: _now()}).where(Pack.id == pack_id)


async def _item(pack_id: int, item_id: int) -> dict[str, Any]:
    item = await PackItem.select(*PackItem.all_columns(), PackItem.release.scenario).where(
        (PackItem.id == item_id) & (PackItem.pack == pack_id)).first()
    if item is None:
        raise NotFound()
    return item


async def move_item(actor: Actor, pack_id: int, item_id: int, direction: str) -> None:
    """Swaps an item with its neighbour above ("up") or below ("down"); at either end nothing changes."""
    await _editable(actor, pack_id)
    if direction not in ("up", "down"):
        raise ValidationFailed({"direction": _("Choose one of the options shown.")})
    async with write_transaction():
        item = await _item(pack_id, item_id)
        position = PackItem.position
        neighbour = await PackItem.select(PackItem.id, PackItem.position).where(
            (PackItem.pack == pack_id) & ((position < item["position"]) if direction == "up"
                                          else (position > item["position"]))
        ).order_by(PackItem.position, ascending=direction == "down").first()
        if neighbour is None:
            return
        await PackItem.update({PackItem.position: neighbour["position"]}).where(PackItem.id == item_id)
        await PackItem.update({PackItem.position: item["position"]}).where(PackItem.id == neighbour["id"])
        await Pack.update({Pack.updated_at: _now()}).where(Pack.id == pack_id)


async def remove_item(actor: Actor, pack_id: int, item_id: int) -> None:
    await _editable(actor, pack_id)
    async with write_transaction():
        await _item(pack_id, item_id)
        await PackItem.delete().where(PackItem.id == item_id)
        await Pack.update({Pack.item_count: Pack.item_count - 1, Pack.updated_at: _now()}).where(Pack.id == pack_id)


async def set_notes(actor: Actor, pack_id: int, item_id: int, notes: str) -> None:
    await _editable(actor, pack_id)
    if len(notes.strip()) > MAX_TEXT:
        raise ValidationFailed({"local_notes": _("Use at most %(max)s characters.", max=MAX_TEXT)})
    async with write_transaction():
        await _item(pack_id, item_id)
        await PackItem.update({PackItem.local_notes: notes.strip()}).where(PackItem.id == item_id)


async def repin(actor: Actor, pack_id: int, item_id: int) -> str:
    """Pins the scenario's newest release instead of the one the pack held; returns its version."""
    await _editable(actor, pack_id)
    async with write_transaction():
        item = await _item(pack_id, item_id)
        newest = await Release.select(Release.id, Release.version).where(
            (Release.scenario == item["release.scenario"]) & (Release.status == "current")).first()
        if newest is None:
            raise ValidationFailed({}, _("This scenario has no release in the library now."))
        await PackItem.update({PackItem.release: newest["id"]}).where(PackItem.id == item_id)
    return str(newest["version"])


def item_status(release_status: str, scenario_state: str) -> str:
    """What a pack says of a pinned release: withdrawn, retired (also an older version of a retired scenario), or
    the release's own status (current, superseded)."""
    if release_status == "withdrawn":
        return "withdrawn"
    if release_status == "retired" or scenario_state == "retired":
        return "retired"
    return release_status


async def pack(actor: Actor, pack_id: int) -> dict[str, Any]:
    """A pack with its items in order, each with its pinned release, its status (`item_status`), whether the pack's
    guide prints it, and, when there is one, the newer release of the same scenario (three queries, however many
    items)."""
    row, access = await _pack(actor, pack_id)
    items = await PackItem.select(
        PackItem.id, PackItem.position, PackItem.local_notes, PackItem.release, PackItem.release.scenario,
        PackItem.release.slug, PackItem.release.title, PackItem.release.summary, PackItem.release.version,
        PackItem.release.status, PackItem.release.withdrawn_reason, PackItem.release.duration_minutes,
        PackItem.release.front_matter, PackItem.release.body,
        PackItem.release.scenario.state,  # type: ignore[union-attr]
    ).where(PackItem.pack == pack_id).order_by(PackItem.position).order_by(PackItem.id)
    scenario_ids = sorted({i["release.scenario"] for i in items})
    newest = {r["scenario"]: r for r in await Release.select(Release.scenario, Release.id, Release.version).where(
        Release.scenario.is_in(scenario_ids) & (Release.status == "current"))} if scenario_ids else {}
    for item in items:
        current = newest.get(item["release.scenario"])
        item["newer"] = current if current and current["id"] != item["release"] else None
        item["status"] = item_status(item["release.status"], item["release.scenario.state"])
        item["in_guide"] = item["status"] not in OUT_OF_GUIDE
        if item["release.status"] == "withdrawn":  # its text left with the consent
            item.update({"release.summary": "", "release.front_matter": "", "release.body": ""})
        item["release.front_matter"] = public_front_matter(item["release.front_matter"])
    row["items"] = items
    row["can_edit"] = permissions.can_edit_pack(actor, access)
    return row


async def list_packs(actor: Actor, page: int) -> Page:
    """The actor's own packs and the packs colleagues published, newest change first."""
    if not permissions.can_create_pack(actor) and not actor.is_admin:
        raise NotFound()
    where: Any = (Pack.owner == actor.user_id) | (Pack.published == True)  # noqa: E712 - SQL, not Python
    total = await Pack.count().where(where)
    rows = await Pack.select(
        Pack.id, Pack.title, Pack.published, Pack.item_count, Pack.updated_at, Pack.owner, Pack.owner.display_name,
        Pack.owner.deleted_at,
    ).where(where).order_by(Pack.updated_at, ascending=False).order_by(Pack.id, ascending=False).limit(
        PAGE_SIZE).offset(offset(page))
    for item in rows:
        item["mine"] = item["owner"] == actor.user_id
    return Page(items=rows, number=page, size=PAGE_SIZE, total=total)


async def own_packs(actor: Actor) -> list[dict[str, Any]]:
    """The actor's packs, for the "add to a pack" form of a release."""
    if not permissions.can_create_pack(actor):
        return []
    return await Pack.select(Pack.id, Pack.title).where(Pack.owner == actor.user_id).order_by(
        Pack.updated_at, ascending=False).limit(100)
