"""Database engines: a pooled, safe SQLite engine and a counted PostgreSQL engine, chosen by URL.

piccolo's SQLite engine opens a connection (and a thread) for every query and leaks the
connection when BEGIN or COMMIT fails (stack-notes P3, P9). The engine here keeps a small
pool of long-lived connections while the app runs, begins every writing transaction with
BEGIN IMMEDIATE behind an in-process lock (P4, §5), and always hands its connection back.
Both engines count the queries they run so tests can assert that a page's count is flat.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import aiosqlite
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory

BUSY_TIMEOUT_SECONDS = 30  # stack-notes P5
SQLITE_POOL_SIZE = 4


class CountedPostgresEngine(PostgresEngine):
    query_count = 0

    async def run_querystring(self, querystring: Any, in_pool: bool = True) -> Any:
        type(self).query_count += 1
        return await super().run_querystring(querystring, in_pool=in_pool)

    async def run_ddl(self, ddl: str, in_pool: bool = True) -> Any:
        type(self).query_count += 1
        return await super().run_ddl(ddl, in_pool=in_pool)


async def _execute(connection: aiosqlite.Connection, sql: str) -> None:
    # Closing the cursor finalises the statement, so it holds no lock afterwards.
    async with connection.execute(sql):
        pass


class PooledSQLiteTransaction(SQLiteTransaction):
    """A transaction that never leaks its connection and serialises writers in this process."""

    __slots__ = ("_holds_lock",)

    async def __aenter__(self) -> PooledSQLiteTransaction:
        if self._parent is not None:
            return self._parent  # type: ignore[return-value]
        engine: PooledSQLiteEngine = self.engine  # type: ignore[assignment]
        self._holds_lock = self.transaction_type != TransactionType.deferred
        if self._holds_lock:
            await engine.write_lock.acquire()
        try:
            self.connection = await engine.acquire()
            try:
                await self.begin()
            except BaseException:
                await engine.release(self.connection)
                raise
        except BaseException:
            if self._holds_lock:
                engine.write_lock.release()
            raise
        self.context = engine.current_transaction.set(self)
        return self

    async def begin(self) -> None:
        await _execute(self.connection, f"BEGIN {self.transaction_type.value}")

    async def commit(self) -> None:
        await _execute(self.connection, "COMMIT")
        self._committed = True

    async def rollback(self) -> None:
        await _execute(self.connection, "ROLLBACK")
        self._rolled_back = True

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        if self._parent:
            return exception is None
        engine: PooledSQLiteEngine = self.engine  # type: ignore[assignment]
        try:
            if exception is not None:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                try:
                    await self.commit()
                except BaseException:
                    with contextlib.suppress(Exception):
                        await self.rollback()
                    raise
        finally:
            await engine.release(self.connection)
            engine.current_transaction.reset(self.context)
            if self._holds_lock:
                engine.write_lock.release()
        return exception is None


class PooledSQLiteEngine(SQLiteEngine):
    """SQLite with WAL, a 30 s busy timeout, foreign keys on, and reused connections."""

    query_count = 0

    def __init__(self, path: str, **kwargs: Any) -> None:
        super().__init__(path=path, timeout=BUSY_TIMEOUT_SECONDS, **kwargs)
        self._pool: asyncio.Queue[aiosqlite.Connection] | None = None
        self._connections: list[aiosqlite.Connection] = []
        self._write_lock: asyncio.Lock | None = None

    @property
    def write_lock(self) -> asyncio.Lock:
        if self._write_lock is None:
            self._write_lock = asyncio.Lock()
        return self._write_lock

    async def _open(self) -> aiosqlite.Connection:
        connection = await aiosqlite.connect(**self.connection_kwargs)
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await _execute(connection, "PRAGMA foreign_keys = ON")
        await _execute(connection, "PRAGMA synchronous = NORMAL")
        return connection

    async def start_connection_pool(self, size: int = SQLITE_POOL_SIZE, **_: Any) -> None:
        await self.close_connection_pool()
        self._write_lock = asyncio.Lock()
        first = await self._open()
        # WAL is persistent: once per file is enough, but it is cheap to assert (P10).
        await _execute(first, "PRAGMA journal_mode = WAL")
        self._connections = [first] + [await self._open() for _ in range(size - 1)]
        self._pool = asyncio.Queue()
        for connection in self._connections:
            self._pool.put_nowait(connection)

    async def close_connection_pool(self, **_: Any) -> None:
        connections, self._connections, self._pool = self._connections, [], None
        for connection in connections:
            with contextlib.suppress(Exception):
                await connection.close()

    async def acquire(self) -> aiosqlite.Connection:
        if self._pool is None:
            return await self._open()
        return await self._pool.get()

    async def release(self, connection: aiosqlite.Connection) -> None:
        if self._pool is not None and connection in self._connections:
            if connection.in_transaction:
                # A connection must never go back into the pool mid-transaction.
                with contextlib.suppress(Exception):
                    await connection.rollback()
            self._pool.put_nowait(connection)
        else:
            await connection.close()

    async def get_connection(self) -> aiosqlite.Connection:
        return await self.acquire()

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        # piccolo tags only inserts with a query type, so reads are told apart by their SQL.
        reads = query.lstrip()[:6].upper() == "SELECT"
        lock = None if reads else self.write_lock
        if lock is not None:
            await lock.acquire()
        try:
            connection = await self.acquire()
            try:
                async with connection.execute(query, args or []) as cursor:
                    return await cursor.fetchall()
            finally:
                await self.release(connection)
        finally:
            if lock is not None:
                lock.release()

    async def run_querystring(self, querystring: Any, in_pool: bool = False) -> Any:
        type(self).query_count += 1
        return await super().run_querystring(querystring, in_pool=in_pool)

    async def run_ddl(self, ddl: str, in_pool: bool = False) -> Any:
        type(self).query_count += 1
        return await super().run_ddl(ddl, in_pool=in_pool)

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.deferred,
        allow_nested: bool = True,
    ) -> PooledSQLiteTransaction:
        return PooledSQLiteTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )


Engine = PooledSQLiteEngine | CountedPostgresEngine


def engine_for_url(url: str) -> Engine:
    if url.startswith(("postgres://", "postgresql://")):
        return CountedPostgresEngine(config={"dsn": url})
    return PooledSQLiteEngine(path=url.removeprefix("sqlite:///"))


def current_engine() -> Engine:
    from piccolo.engine.finder import engine_finder

    engine = engine_finder()
    assert isinstance(engine, PooledSQLiteEngine | CountedPostgresEngine)
    return engine


def query_count() -> int:
    return type(current_engine()).query_count


@contextlib.asynccontextmanager
async def write_transaction() -> AsyncIterator[None]:
    """The one way services write: all-or-nothing, BEGIN IMMEDIATE on SQLite."""
    engine = current_engine()
    if isinstance(engine, PooledSQLiteEngine):
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with engine.transaction():
            yield


async def start(engine: Engine) -> None:
    if isinstance(engine, CountedPostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=10)
    else:
        await engine.start_connection_pool()


async def stop(engine: Engine) -> None:
    await engine.close_connection_pool()


async def ping() -> bool:
    """True when the database answers a trivial query."""
    try:
        engine = current_engine()
        await engine.run_ddl("SELECT 1")
    except Exception:
        return False
    return True


def configure(url: str) -> Engine:
    """Points the engine that piccolo_conf built at the settings' database.

    piccolo binds tables to the engine in piccolo_conf, so a different SQLite file (tests)
    is set on that engine; a different kind of engine must come from the environment.
    """
    engine = current_engine()
    if isinstance(engine, PooledSQLiteEngine):
        if url.startswith(("postgres://", "postgresql://")):
            raise RuntimeError("CODESIGN_DATABASE_URL must be set before codesign.piccolo_conf is imported")
        engine.path = url.removeprefix("sqlite:///")
    else:
        engine.config["dsn"] = url
    return engine


def contains(column: Any, text: str) -> Any:
    """A case-insensitive substring match on both engines (SQLite's LIKE already ignores ASCII case)."""
    if isinstance(current_engine(), PooledSQLiteEngine):
        # SQLite's LIKE has no escape character by default: a % or _ typed here only widens the match.
        return column.like(f"%{text}%")
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%")
