"""Log-in rate limits per account and per address; an address is kept only as a keyed hash."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

from codesign.accounts.tables import LoginAttempt

WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20


def account_bucket(username: str) -> str:
    return "user:" + username.strip().lower()[:60]


def address_bucket(address: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return "addr:" + digest


async def is_limited(account: str, address: str) -> bool:
    since = datetime.now(UTC) - WINDOW
    per_account = await LoginAttempt.count().where(
        (LoginAttempt.bucket == account) & (LoginAttempt.at > since)
    )
    if per_account >= MAX_FAILURES_PER_ACCOUNT:
        return True
    per_address = await LoginAttempt.count().where(
        (LoginAttempt.bucket == address) & (LoginAttempt.at > since)
    )
    return per_address >= MAX_FAILURES_PER_ADDRESS


async def record_failure(account: str, address: str) -> None:
    now = datetime.now(UTC)
    await LoginAttempt.delete().where(LoginAttempt.at < now - WINDOW)
    await LoginAttempt.insert(LoginAttempt(bucket=account, at=now), LoginAttempt(bucket=address, at=now))


async def clear(account: str) -> None:
    await LoginAttempt.delete().where(LoginAttempt.bucket == account)
