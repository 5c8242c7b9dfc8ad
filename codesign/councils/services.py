"""Use cases of the councils domain: councils, members, roles and invitations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from codesign.accounts import personal_data
from codesign.accounts.actor import COUNCIL_ROLES, Actor
from codesign.accounts.services import NewAccount, insert_user
from codesign.accounts.tables import Organisation, User
from codesign.councils import invitations, permissions
from codesign.councils.tables import Council, CouncilBlock, Invitation, Membership
from codesign.db import write_transaction
from codesign.errors import NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.web.pagination import PAGE_SIZE, Page, offset

MAX_INVITATION_DAYS = 90
MAX_INVITATION_USES = 500


def _now() -> datetime:
    return datetime.now(UTC)


async def council_by_slug(slug: str) -> dict[str, Any]:
    rows = await Council.select(
        Council.id, Council.name, Council.slug, Council.description, Council.created_at,
        Council.organisation.name, Council.organisation.kind,
    ).where(Council.slug == slug)
    if not rows:
        raise NotFound()
    return rows[0]


async def list_councils(actor: Actor, page: int) -> Page:
    """Councils are public by name and description; anyone may see the list."""
    total = await Council.count()
    rows = await Council.select(
        Council.id, Council.name, Council.slug, Council.description, Council.organisation.name,
    ).order_by(Council.name).limit(PAGE_SIZE).offset(offset(page))
    return Page(items=rows, number=page, size=PAGE_SIZE, total=total)


async def create_council(
    actor: Actor, name: str, slug: str, description: str, organisation_id: int | None
) -> str:
    if not permissions.can_create_council(actor):
        raise PermissionDenied()
    errors = {}
    if await Council.exists().where(Council.slug == slug):
        errors["slug"] = _("This short name is taken. Choose another one.")
    if organisation_id is not None and not await Organisation.exists().where(
        Organisation.id == organisation_id
    ):
        errors["organisation"] = _("Choose one of the options shown.")
    if errors:
        raise ValidationFailed(errors)
    async with write_transaction():
        rows = await Council.insert(
            Council(name=name, slug=slug, description=description, organisation=organisation_id,
                    created_at=_now())
        )
        if not actor.is_admin:
            # An organiser who opens a council organises it.
            await Membership.insert(
                Membership(council=rows[0]["id"], user=actor.user_id, role="organiser", joined_at=_now())
            )
    return slug


async def update_council(actor: Actor, slug: str, name: str, description: str) -> None:
    council = await council_by_slug(slug)
    if not permissions.can_edit_council(actor, council["id"]):
        raise PermissionDenied()
    async with write_transaction():
        await Council.update({Council.name: name, Council.description: description}).where(
            Council.id == council["id"]
        )


async def members(actor: Actor, council_id: int, page: int) -> Page:
    if not permissions.can_view_members(actor, council_id):
        raise PermissionDenied()
    where = Membership.council == council_id
    total = await Membership.count().where(where)
    rows = await Membership.select(
        Membership.user.id, Membership.user.username, Membership.user.display_name,
        Membership.user.organisation.name,  # type: ignore[union-attr]
        Membership.role, Membership.joined_at,
    ).where(where).order_by(Membership.role, ascending=False).order_by(
        Membership.user.display_name
    ).limit(PAGE_SIZE).offset(offset(page))
    return Page(items=rows, number=page, size=PAGE_SIZE, total=total)


async def member(actor: Actor, council_id: int, user_id: int) -> dict[str, Any]:
    if not permissions.can_view_members(actor, council_id):
        raise PermissionDenied()
    rows = await Membership.select(
        Membership.user.id, Membership.user.username, Membership.user.display_name, Membership.role,
    ).where((Membership.council == council_id) & (Membership.user == user_id))
    if not rows:
        raise NotFound()
    return rows[0]


async def _organiser_count(council_id: int) -> int:
    return await Membership.count().where(
        (Membership.council == council_id) & (Membership.role == "organiser")
    )


async def _membership(council_id: int, user_id: int) -> dict[str, Any]:
    rows = await Membership.select(Membership.id, Membership.role).where(
        (Membership.council == council_id) & (Membership.user == user_id)
    )
    if not rows:
        raise NotFound()
    return rows[0]


async def change_member_role(actor: Actor, council_id: int, user_id: int, role: str) -> None:
    if not permissions.can_change_member_role(actor, council_id):
        raise PermissionDenied()
    if role not in COUNCIL_ROLES:
        raise ValidationFailed({"role": _("Choose one of the options shown.")})
    async with write_transaction():
        membership = await _membership(council_id, user_id)
        if membership["role"] == "organiser" and role != "organiser" and await _organiser_count(council_id) <= 1:
            raise ValidationFailed({}, _("A council needs at least one organiser. Appoint another organiser first."))
        await Membership.update({Membership.role: role}).where(Membership.id == membership["id"])


async def remove_member(actor: Actor, council_id: int, user_id: int) -> None:
    if not permissions.can_remove_member(actor, council_id):
        raise PermissionDenied()
    async with write_transaction():
        membership = await _membership(council_id, user_id)
        if membership["role"] == "organiser" and await _organiser_count(council_id) <= 1:
            raise ValidationFailed({}, _("A council needs at least one organiser. Appoint another organiser first."))
        await Membership.delete().where(Membership.id == membership["id"])


async def appoint_organiser(actor: Actor, council_id: int, username: str) -> None:
    if not permissions.can_appoint_organiser(actor):
        raise PermissionDenied()
    rows = await User.select(User.id).where((User.username == username.strip().lower()) & User.deleted_at.is_null())
    if not rows:
        raise ValidationFailed({"username": _("No account has this username.")})
    user_id = rows[0]["id"]
    async with write_transaction():
        existing = await Membership.select(Membership.id).where(
            (Membership.council == council_id) & (Membership.user == user_id)
        )
        if existing:
            await Membership.update({Membership.role: "organiser"}).where(Membership.id == existing[0]["id"])
        else:
            await Membership.insert(
                Membership(council=council_id, user=user_id, role="organiser", joined_at=_now())
            )


# --- invitations ------------------------------------------------------------------------


async def list_invitations(actor: Actor, council_id: int, page: int) -> Page:
    if not permissions.can_manage_invitations(actor, council_id):
        raise PermissionDenied()
    where = Invitation.council == council_id
    total = await Invitation.count().where(where)
    rows = await Invitation.select(
        Invitation.id, Invitation.code, Invitation.role, Invitation.expires_at, Invitation.max_uses,
        Invitation.uses, Invitation.revoked_at, Invitation.created_at,
    ).where(where).order_by(Invitation.created_at, ascending=False).limit(PAGE_SIZE).offset(offset(page))
    now = _now()
    for row in rows:
        row["display_code"] = invitations.display(row["code"])
        row["usable"] = invitations.problem(row, now) is None
    return Page(items=rows, number=page, size=PAGE_SIZE, total=total)


async def create_invitation(actor: Actor, council_id: int, role: str, days: int, max_uses: int) -> str:
    if not permissions.can_manage_invitations(actor, council_id):
        raise PermissionDenied()
    errors = {}
    if role not in COUNCIL_ROLES:
        errors["role"] = _("Choose one of the options shown.")
    if not 1 <= days <= MAX_INVITATION_DAYS:
        errors["days"] = _("Enter a number from %(min)s to %(max)s.", min=1, max=MAX_INVITATION_DAYS)
    if not 1 <= max_uses <= MAX_INVITATION_USES:
        errors["max_uses"] = _("Enter a number from %(min)s to %(max)s.", min=1, max=MAX_INVITATION_USES)
    if errors:
        raise ValidationFailed(errors)
    code = invitations.new_code()
    now = _now()
    async with write_transaction():
        await Invitation.insert(
            Invitation(council=council_id, code=code, role=role, expires_at=now + timedelta(days=days),
                       max_uses=max_uses, uses=0, created_by=actor.user_id, created_at=now)
        )
    return code


async def revoke_invitation(actor: Actor, council_id: int, invitation_id: int) -> None:
    if not permissions.can_manage_invitations(actor, council_id):
        raise PermissionDenied()
    async with write_transaction():
        updated = await Invitation.update({Invitation.revoked_at: _now()}).where(
            (Invitation.id == invitation_id) & (Invitation.council == council_id)
        ).returning(Invitation.id)
        if not updated:
            raise NotFound()


async def check_invitation(code: str) -> dict[str, Any]:
    """The invitation and its council for a usable code, else ValidationFailed saying why."""
    rows = await Invitation.select(
        Invitation.id, Invitation.role, Invitation.expires_at, Invitation.max_uses, Invitation.uses,
        Invitation.revoked_at, Invitation.council.id, Invitation.council.name, Invitation.council.slug,
    ).where(Invitation.code == invitations.normalise(code))
    row = rows[0] if rows else None
    reason = invitations.problem(row, _now())
    if reason:
        raise ValidationFailed({"code": reason})
    assert row is not None
    return row


async def _use_invitation(code: str) -> dict[str, Any]:
    """Counts one use inside the caller's transaction; a race for the last use has one winner."""
    invitation = await check_invitation(code)
    taken = await Invitation.update({Invitation.uses: Invitation.uses + 1}).where(
        (Invitation.id == invitation["id"]) & (Invitation.uses < Invitation.max_uses)
    ).returning(Invitation.id)
    if not taken:
        raise ValidationFailed({"code": _("This invitation code has been used up. Ask your organiser for a new one.")})
    return invitation


async def join_as_new_member(code: str, account: NewAccount) -> tuple[int, str]:
    """Sign-up: the account, the membership and the use of the code, all or nothing."""
    async with write_transaction():
        invitation = await _use_invitation(code)
        user_id = await insert_user(account)
        await Membership.insert(
            Membership(council=invitation["council.id"], user=user_id, role=invitation["role"], joined_at=_now())
        )
    return user_id, invitation["council.slug"]


async def join_as_existing_member(actor: Actor, code: str) -> str:
    if not actor.is_authenticated:
        raise PermissionDenied()
    async with write_transaction():
        invitation = await check_invitation(code)
        if actor.is_member_of(invitation["council.id"]):
            raise ValidationFailed({"code": _("You are a member of this council already.")})
        if await is_blocked(invitation["council.id"], actor.user_id):  # type: ignore[arg-type]
            raise ValidationFailed({"code": _("You cannot join this council.")})
        await _use_invitation(code)
        await Membership.insert(
            Membership(council=invitation["council.id"], user=actor.user_id, role=invitation["role"],
                       joined_at=_now())
        )
    return invitation["council.slug"]


# --- personal data ----------------------------------------------------------------------


async def export_memberships(user_id: int) -> list[dict[str, Any]]:
    rows = await Membership.select(Membership.council.name, Membership.role, Membership.joined_at).where(
        Membership.user == user_id
    )
    return [{"council": r["council.name"], "role": r["role"], "joined_at": r["joined_at"].isoformat()} for r in rows]


async def erase_memberships(user_id: int) -> None:
    await Membership.delete().where(Membership.user == user_id)
    await Invitation.update({Invitation.created_by: None}).where(Invitation.created_by == user_id)


personal_data.register("councils", export_memberships, erase_memberships)


# --- blocks -------------------------------------------------------------------------------------


async def is_blocked(council_id: int, user_id: int) -> bool:
    return await CouncilBlock.exists().where((CouncilBlock.council == council_id) & (CouncilBlock.user == user_id))


async def block_member(actor: Actor, council_id: int, user_id: int, reason: str) -> None:
    """Takes a person out of the council and keeps them out (the caller holds the transaction and logs it)."""
    if not permissions.can_remove_member(actor, council_id):
        raise PermissionDenied()
    if user_id == actor.user_id:
        raise ValidationFailed({}, _("You cannot block yourself."))
    membership = await Membership.select(Membership.role).where(
        (Membership.council == council_id) & (Membership.user == user_id)).first()
    if membership and membership["role"] == "organiser" and await _organiser_count(council_id) <= 1:
        raise ValidationFailed({}, _("A council needs at least one organiser. Appoint another organiser first."))
    await Membership.delete().where((Membership.council == council_id) & (Membership.user == user_id))
    if not await is_blocked(council_id, user_id):
        await CouncilBlock.insert(CouncilBlock(council=council_id, user=user_id, blocked_by=actor.user_id,
                                               reason=reason.strip()[:2000], created_at=_now()))
