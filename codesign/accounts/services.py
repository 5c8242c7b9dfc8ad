"""Use cases of the accounts domain. Each takes the actor first and writes in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from codesign.accounts import permissions, ratelimit
from codesign.accounts.actor import REVIEW_KINDS, Actor
from codesign.accounts.passwords import hash_password, verify_password
from codesign.accounts.personal_data import ERASERS, EXPORTERS
from codesign.accounts.sessions import purge_expired_sessions
from codesign.accounts.tables import Organisation, ReviewerKind, User, WebSession
from codesign.db import contains, write_transaction
from codesign.errors import NotFound, PermissionDenied, RateLimited, ValidationFailed
from codesign.i18n import _
from codesign.i18n.locales import SUPPORTED_LOCALES
from codesign.web.pagination import PAGE_SIZE, Page, offset

ORGANISATION_KINDS = ("community", "migrant_led", "public_agency")
MIN_PASSWORD_LENGTH = 10
INSTANCE_ROLES = ("admin", "trainer", "reviewer")


@dataclass(frozen=True)
class NewAccount:
    username: str
    display_name: str
    password: str
    locale: str = "en"
    email: str | None = None
    languages_spoken: str = ""


def public_name(display_name: str, deleted_at: datetime | None) -> str:
    """How a person is shown next to what they wrote: a deleted account is a former member."""
    return _("Former member") if deleted_at is not None else display_name


def password_problem(password: str, username: str = "") -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(min)s characters for your password.", min=MIN_PASSWORD_LENGTH)
    if len(password) > 200:
        return _("Use at most %(max)s characters.", max=200)
    if username and password.strip().lower() == username.strip().lower():
        return _("Your password must not be your username.")
    return None


async def username_taken(username: str) -> bool:
    return await User.exists().where(User.username == username.lower())


async def insert_user(account: NewAccount, *, is_admin: bool = False, is_trainer: bool = False) -> int:
    """Creates the row; the caller holds the transaction and has checked the input."""
    if await username_taken(account.username):
        raise ValidationFailed({"username": _("This username is taken. Choose another one.")})
    problem = password_problem(account.password, account.username)
    if problem:
        raise ValidationFailed({"password": problem})
    rows = await User.insert(
        User(
            username=account.username.lower(),
            display_name=account.display_name,
            password_hash=await hash_password(account.password),
            locale=account.locale if account.locale in SUPPORTED_LOCALES else "en",
            email=account.email or None,
            languages_spoken=account.languages_spoken,
            is_admin=is_admin,
            is_trainer=is_trainer,
            created_at=datetime.now(UTC),
        )
    )
    return rows[0]["id"]


async def create_user(account: NewAccount, role: str | None = None) -> int:
    """For the command line and demo data: an account with an optional instance role."""
    async with write_transaction():
        user_id = await insert_user(
            account, is_admin=role == "admin", is_trainer=role == "trainer"
        )
        if role == "reviewer":
            await ReviewerKind.insert(*[ReviewerKind(user=user_id, kind=k) for k in REVIEW_KINDS])
    return user_id


async def authenticate(username: str, password: str, address_bucket: str) -> tuple[int, str]:
    """The user id and language for good credentials; rate-limited per account and per address."""
    account = ratelimit.account_bucket(username)
    if await ratelimit.is_limited(account, address_bucket):
        raise RateLimited(
            _("Too many failed attempts. Wait %(minutes)s minutes, then try again.", minutes=15)
        )
    rows = await User.select(User.id, User.password_hash, User.locale).where(
        (User.username == username.strip().lower()) & User.deleted_at.is_null()
    )
    stored = rows[0]["password_hash"] if rows else None
    if not await verify_password(stored, password) or not rows:
        async with write_transaction():
            await ratelimit.record_failure(account, address_bucket)
        raise ValidationFailed({}, _("The username or password is not right."))
    async with write_transaction():
        await ratelimit.clear(account)
        await purge_expired_sessions()
    return rows[0]["id"], rows[0]["locale"]


async def change_password(actor: Actor, current: str, new: str) -> None:
    if not permissions.can_edit_own_account(actor):
        raise PermissionDenied()
    rows = await User.select(User.password_hash).where(User.id == actor.user_id)
    if not rows or not await verify_password(rows[0]["password_hash"], current):
        raise ValidationFailed({"current_password": _("This is not your current password.")})
    problem = password_problem(new, actor.username)
    if problem:
        raise ValidationFailed({"new_password": problem})
    new_hash = await hash_password(new)
    async with write_transaction():
        await User.update({User.password_hash: new_hash}).where(User.id == actor.user_id)
        # Every other session of this person ends: a changed password locks out a thief.
        await WebSession.delete().where(WebSession.user == actor.user_id)


async def profile(actor: Actor) -> dict[str, Any]:
    if not permissions.can_edit_own_account(actor):
        raise PermissionDenied()
    rows = await User.select(
        User.username, User.display_name, User.locale, User.email, User.languages_spoken,
        User.organisation.name, User.created_at,
    ).where(User.id == actor.user_id)
    if not rows:
        raise NotFound()
    return rows[0]


async def update_profile(
    actor: Actor, display_name: str, locale: str, email: str | None, languages_spoken: str,
    speak_for_organisation: bool = True,
) -> None:
    if not permissions.can_edit_own_account(actor):
        raise PermissionDenied()
    values: dict[Any, Any] = {
        User.display_name: display_name,
        User.locale: locale if locale in SUPPORTED_LOCALES else "en",
        User.email: email or None,
        User.languages_spoken: languages_spoken,
    }
    if not speak_for_organisation:
        values[User.organisation] = None
    async with write_transaction():
        await User.update(values).where(User.id == actor.user_id)


async def set_locale(actor: Actor, locale: str) -> None:
    if actor.is_authenticated and locale in SUPPORTED_LOCALES:
        async with write_transaction():
            await User.update({User.locale: locale}).where(User.id == actor.user_id)


async def export_my_data(actor: Actor) -> dict[str, Any]:
    """Everything stored about this person, as one JSON-ready document."""
    if not permissions.can_edit_own_account(actor):
        raise PermissionDenied()
    rows = await User.select(
        User.username, User.display_name, User.locale, User.email, User.languages_spoken,
        User.is_admin, User.is_trainer, User.organisation.name, User.created_at,
    ).where(User.id == actor.user_id)
    account = {k.replace("organisation.name", "organisation"): v for k, v in rows[0].items()}
    account["created_at"] = account["created_at"].isoformat()
    account["reviewer_kinds"] = sorted(actor.reviewer_kinds)
    document: dict[str, Any] = {"account": account}
    for name, exporter in EXPORTERS.items():
        document[name] = await exporter(actor.user_id)  # type: ignore[arg-type]
    return document


async def delete_account(actor: Actor, password: str) -> None:
    """Erase the person; what they wrote stays, shown as written by a former member."""
    if not permissions.can_edit_own_account(actor):
        raise PermissionDenied()
    rows = await User.select(User.password_hash).where(User.id == actor.user_id)
    if not rows or not await verify_password(rows[0]["password_hash"], password):
        raise ValidationFailed({"password": _("This is not your current password.")})
    user_id = actor.user_id
    async with write_transaction():
        for eraser in ERASERS.values():
            await eraser(user_id)  # type: ignore[arg-type]
        await ReviewerKind.delete().where(ReviewerKind.user == user_id)
        await WebSession.delete().where(WebSession.user == user_id)
        await User.update(
            {
                User.username: f"former-{user_id}",
                User.display_name: "",
                User.password_hash: "",
                User.email: None,
                User.languages_spoken: "",
                User.organisation: None,
                User.is_admin: False,
                User.is_trainer: False,
                User.deleted_at: datetime.now(UTC),
            }
        ).where(User.id == user_id)


# --- organisations and instance roles (admin) ---------------------------------------------


async def list_organisations(actor: Actor | None = None) -> list[dict[str, Any]]:
    return await Organisation.select(
        Organisation.id, Organisation.name, Organisation.slug, Organisation.kind, Organisation.description
    ).order_by(Organisation.name)


async def create_organisation(actor: Actor, name: str, slug: str, kind: str, description: str) -> int:
    if not permissions.can_manage_organisations(actor):
        raise PermissionDenied()
    errors = {}
    if kind not in ORGANISATION_KINDS:
        errors["kind"] = _("Choose one of the options shown.")
    if await Organisation.exists().where(Organisation.name == name):
        errors["name"] = _("An organisation with this name exists already.")
    if await Organisation.exists().where(Organisation.slug == slug):
        errors["slug"] = _("This short name is taken. Choose another one.")
    if errors:
        raise ValidationFailed(errors)
    async with write_transaction():
        rows = await Organisation.insert(
            Organisation(name=name, slug=slug, kind=kind, description=description,
                         created_at=datetime.now(UTC))
        )
    return rows[0]["id"]


async def list_people(actor: Actor, page: int, query: str = "") -> Page:
    if not permissions.can_manage_people(actor):
        raise PermissionDenied()
    where: Any = User.deleted_at.is_null()
    if query:
        where = where & (contains(User.username, query.lower()) | contains(User.display_name, query))
    total = await User.count().where(where)
    rows = await User.select(
        User.id, User.username, User.display_name, User.is_admin, User.is_trainer,
        User.organisation.name,
    ).where(where).order_by(User.username).limit(PAGE_SIZE).offset(offset(page))
    ids = [row["id"] for row in rows]
    kinds = await ReviewerKind.select(ReviewerKind.user, ReviewerKind.kind).where(
        ReviewerKind.user.is_in(ids)
    ) if ids else []
    for row in rows:
        row["reviewer_kinds"] = sorted(k["kind"] for k in kinds if k["user"] == row["id"])
    return Page(items=rows, number=page, size=PAGE_SIZE, total=total)


async def person(actor: Actor, user_id: int) -> dict[str, Any]:
    if not permissions.can_manage_people(actor):
        raise PermissionDenied()
    rows = await User.select(
        User.id, User.username, User.display_name, User.is_admin, User.is_trainer, User.organisation,
    ).where((User.id == user_id) & User.deleted_at.is_null())
    if not rows:
        raise NotFound()
    row = rows[0]
    kinds = await ReviewerKind.select(ReviewerKind.kind).where(ReviewerKind.user == user_id)
    row["reviewer_kinds"] = sorted(k["kind"] for k in kinds)
    return row


async def set_instance_roles(
    actor: Actor, user_id: int, is_trainer: bool, reviewer_kinds: list[str], organisation_id: int | None,
) -> None:
    """Register a trainer or reviewer (with review kinds), and the organisation a person may speak for."""
    if not permissions.can_manage_people(actor):
        raise PermissionDenied()
    await person(actor, user_id)
    if any(kind not in REVIEW_KINDS for kind in reviewer_kinds):
        raise ValidationFailed({"reviewer_kinds": _("Choose only from the options shown.")})
    if organisation_id is not None and not await Organisation.exists().where(Organisation.id == organisation_id):
        raise ValidationFailed({"organisation": _("Choose one of the options shown.")})
    async with write_transaction():
        await User.update({User.is_trainer: is_trainer, User.organisation: organisation_id}).where(
            User.id == user_id
        )
        await ReviewerKind.delete().where(ReviewerKind.user == user_id)
        if reviewer_kinds:
            await ReviewerKind.insert(*[ReviewerKind(user=user_id, kind=k) for k in reviewer_kinds])
