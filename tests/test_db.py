"""The database engines: pooled SQLite connections, writers that never lose data, no leaked connections."""

from __future__ import annotations

import asyncio

import pytest

from codesign import db
from tests.conftest import IS_POSTGRES, call

sqlite_only = pytest.mark.skipif(IS_POSTGRES, reason="the pooled engine is SQLite's")


def test_concurrent_writers_all_succeed(client):
    """50 read-then-write transactions at once: none is lost to 'database is locked' (stack-notes P4)."""
    from datetime import UTC, datetime

    from codesign.accounts.tables import Organisation

    async def one(number: int) -> None:
        async with db.write_transaction():
            await Organisation.count()
            await Organisation.insert(Organisation(name=f"Org {number}", slug=f"org-{number}", kind="community",
                                                   created_at=datetime.now(UTC)))

    async def many() -> list[object]:
        return await asyncio.gather(*(one(n) for n in range(50)), return_exceptions=True)

    results = call(client, many)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert call(client, Organisation.count) == 50


def test_a_failed_transaction_writes_nothing(client):
    from datetime import UTC, datetime

    from codesign.accounts.tables import Organisation

    async def half() -> None:
        async with db.write_transaction():
            await Organisation.insert(Organisation(name="Half", slug="half", kind="community",
                                                   created_at=datetime.now(UTC)))
            raise RuntimeError("stop half-way")

    with pytest.raises(RuntimeError):
        call(client, half)
    assert call(client, Organisation.count) == 0


@sqlite_only
def test_requests_reuse_pooled_connections(client):
    engine = db.current_engine()
    opened = set()

    original = engine.acquire

    async def spy():
        connection = await original()
        opened.add(id(connection))
        return connection

    engine.acquire = spy
    try:
        for _ in range(20):
            assert client.get("/councils").status_code == 200
    finally:
        del engine.acquire
    assert 0 < len(opened) <= 4


@sqlite_only
def test_a_failing_begin_hands_the_connection_back(client):
    """A BEGIN that fails (e.g. 'database is locked') must not leak its connection (stack-notes P3)."""
    from piccolo.engine.sqlite import TransactionType

    engine = db.current_engine()

    class LockedOut(db.PooledSQLiteTransaction):
        async def begin(self) -> None:
            raise RuntimeError("database is locked")

    async def failing_begin() -> int:
        transaction = LockedOut(engine=engine, transaction_type=TransactionType.immediate)
        with pytest.raises(RuntimeError):
            async with transaction:
                pass
        return engine._pool.qsize()

    assert call(client, failing_begin) == 4
    assert not engine.write_lock.locked()


@sqlite_only
def test_sqlite_runs_in_wal_mode_with_foreign_keys(client):
    async def pragmas() -> tuple[str, int]:
        mode = await db.current_engine().run_ddl("PRAGMA journal_mode")
        keys = await db.current_engine().run_ddl("PRAGMA foreign_keys")
        return mode[0]["journal_mode"], keys[0]["foreign_keys"]

    assert call(client, pragmas) == ("wal", 1)


def test_query_counter_counts(client):
    before = db.query_count()
    client.get("/councils")
    assert db.query_count() > before
