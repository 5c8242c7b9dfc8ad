"""Personal read-only API tokens: a trainer (or admin) makes a named token, sees its secret once, and revokes it.
A token acts as its owner on the JSON API and the feed only, and only while the owner still may make tokens.

Stored is the plain SHA-256 of the secret, not a keyed hash. The secret is 32 random bytes (256 bits), so nobody
can guess it back from a leaked hash, and a key would add nothing but a failure mode: changing
CODESIGN_SECRET_KEY would silently break every agency's integration. Sessions are stored the same way (see
accounts/sessions.py). A keyed hash is the right tool for low-entropy values (addresses, ballots), not this one.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime
from typing import Any

from codesign.accounts import personal_data
from codesign.accounts.actor import Actor
from codesign.accounts.sessions import actor_for
from codesign.councils.middleware import with_councils
from codesign.db import write_transaction
from codesign.errors import NotFound, PermissionDenied, ValidationFailed
from codesign.i18n import _
from codesign.library import permissions
from codesign.library.tables import ApiToken

PREFIX = "cdl_"  # tells a leaked token apart in logs and secret scanners
SECRET_BYTES = 32
MAX_NAME = 80
MAX_TOKENS = 20  # per person; the page lists them all
MAX_PRESENTED = 100  # longer values are not ours: refused without a query


def _today() -> date:
    return datetime.now(UTC).date()


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(SECRET_BYTES)


async def create_token(actor: Actor, name: str) -> tuple[int, str]:
    """Makes a token named `name` and returns its id and its secret (the only time the secret exists)."""
    if not permissions.can_make_tokens(actor):
        raise PermissionDenied()
    name = name.strip()
    if not name:
        raise ValidationFailed({"name": _("Name the token, for example after the system that will use it.")})
    if len(name) > MAX_NAME:
        raise ValidationFailed({"name": _("Use at most %(max)s characters.", max=MAX_NAME)})
    secret = new_secret()
    async with write_transaction():
        if await ApiToken.count().where(ApiToken.owner == actor.user_id) >= MAX_TOKENS:
            raise ValidationFailed({"name": _("You have %(max)s tokens, the most there can be. Revoke one first.",
                                              max=MAX_TOKENS)})
        rows = await ApiToken.insert(ApiToken(owner=actor.user_id, name=name, key_hash=digest(secret),
                                              created_on=_today(), last_used_on=None))
    return int(rows[0]["id"]), secret


async def list_tokens(actor: Actor) -> list[dict[str, Any]]:
    """The actor's own tokens (never their secrets), newest first; at most MAX_TOKENS exist."""
    if not actor.is_authenticated:
        raise NotFound()
    return await ApiToken.select(ApiToken.id, ApiToken.name, ApiToken.created_on, ApiToken.last_used_on).where(
        ApiToken.owner == actor.user_id).order_by(ApiToken.id, ascending=False).limit(MAX_TOKENS)


async def token(actor: Actor, token_id: int) -> dict[str, Any]:
    """One of the actor's own tokens; anyone else's is NotFound."""
    row = await ApiToken.select(ApiToken.id, ApiToken.name, ApiToken.created_on, ApiToken.last_used_on).where(
        (ApiToken.id == token_id) & (ApiToken.owner == actor.user_id)).first() if actor.is_authenticated else None
    if row is None:
        raise NotFound()
    return row


async def revoke_token(actor: Actor, token_id: int) -> str:
    """Deletes one of the actor's tokens (it stops working at once) and returns its name. An owner may revoke
    even after losing the trainer role."""
    async with write_transaction():
        row = await token(actor, token_id)
        await ApiToken.delete().where((ApiToken.id == token_id) & (ApiToken.owner == actor.user_id))
    return str(row["name"])


async def actor_for_token(secret: str) -> Actor | None:
    """The owner a presented secret acts as, or None when it is unknown, revoked, or its owner may no longer use
    it. Notes the day of use (one write a day at most); a constant number of queries."""
    if not secret.startswith(PREFIX) or len(secret) > MAX_PRESENTED:
        return None
    row = await ApiToken.select(
        ApiToken.id, ApiToken.last_used_on, ApiToken.owner.id, ApiToken.owner.username,
        ApiToken.owner.display_name, ApiToken.owner.locale, ApiToken.owner.is_admin, ApiToken.owner.is_trainer,
        ApiToken.owner.organisation, ApiToken.owner.deleted_at,
    ).where(ApiToken.key_hash == digest(secret)).first()
    if row is None or row["owner.deleted_at"] is not None:
        return None
    user = {key.replace("owner.", "user.", 1): value for key, value in row.items()}
    owner = await actor_for(user)
    if not permissions.can_use_token(owner):
        return None
    today = _today()
    if row["last_used_on"] != today:
        async with write_transaction():
            await ApiToken.update({ApiToken.last_used_on: today}).where(ApiToken.id == row["id"])
    # The actor carries its councils as a session's does, so every permission reads the same.
    return await with_councils(owner)


async def export_tokens(user_id: int) -> list[dict[str, Any]]:
    rows = await ApiToken.select(ApiToken.name, ApiToken.created_on, ApiToken.last_used_on).where(
        ApiToken.owner == user_id).order_by(ApiToken.id)
    return [{"name": r["name"], "created_on": r["created_on"].isoformat(),
             "last_used_on": r["last_used_on"].isoformat() if r["last_used_on"] else None} for r in rows]


async def erase_tokens(user_id: int) -> None:
    await ApiToken.delete().where(ApiToken.owner == user_id)


personal_data.register("api_tokens", export_tokens, erase_tokens)
