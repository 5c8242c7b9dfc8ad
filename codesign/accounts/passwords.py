"""Password hashing with argon2id, off the event loop (stack-notes P20)."""

from __future__ import annotations

import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_production = PasswordHasher()
_fast = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
_hasher = _production

# Checked against when the username is unknown, so both paths cost the same time.
_DUMMY_HASH: str | None = None


def use_fast_hashing(fast: bool) -> None:
    """Tests and benchmarks trade hashing strength for speed; production never does."""
    global _hasher, _DUMMY_HASH
    _hasher = _fast if fast else _production
    _DUMMY_HASH = None


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(_hasher.hash, password)


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(stored: str | None, password: str) -> bool:
    global _DUMMY_HASH
    if not stored:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = _hasher.hash("not a real password")
        await anyio.to_thread.run_sync(_verify, _DUMMY_HASH, password)
        return False
    return await anyio.to_thread.run_sync(_verify, stored, password)
