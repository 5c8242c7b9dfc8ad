"""Test set-up: one app per session, an isolated database per test, on SQLite or PostgreSQL.

The engine is chosen by CODESIGN_DATABASE_URL, as in production. SQLite tests copy a
migrated template file; PostgreSQL tests truncate every table. All database work runs on
the app's own event loop through the client's portal (stack-notes P11).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

_DATA_DIR = Path(tempfile.mkdtemp(prefix="codesign-tests-"))
os.environ["CODESIGN_DATA_DIR"] = str(_DATA_DIR)
os.environ["CODESIGN_SECRET_KEY"] = "test-secret-key-not-for-production-0123456789"
os.environ["CODESIGN_FAST_PASSWORD_HASHING"] = "1"

from litestar import Litestar  # noqa: E402
from litestar.testing import TestClient  # noqa: E402

from codesign import db  # noqa: E402
from codesign.settings import settings_from_env  # noqa: E402

IS_POSTGRES = os.environ.get("CODESIGN_DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
PASSWORD = "correct horse battery"


def _migrate() -> None:
    from piccolo.apps.migrations.commands.forwards import run_forwards

    async def main() -> None:
        engine = db.current_engine()
        if IS_POSTGRES:
            await engine.start_connection_pool()
            await engine.run_ddl("DROP SCHEMA public CASCADE")
            await engine.run_ddl("CREATE SCHEMA public")
        result = await run_forwards(app_name="all")
        assert result.success, result.message
        if IS_POSTGRES:
            await engine.close_connection_pool()

    # In a thread of its own: Playwright's sync API keeps an event loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, main()).result()


@pytest.fixture(scope="session")
def settings() -> Any:
    return settings_from_env()


@pytest.fixture(scope="session")
def template_db(settings: Any) -> Path | None:
    engine = db.configure(settings.database_url)
    if IS_POSTGRES:
        _migrate()
        return None
    template = _DATA_DIR / "template.sqlite"
    engine.path = str(template)
    _migrate()
    return template


@pytest.fixture(scope="session")
def app(settings: Any, template_db: Path | None) -> Litestar:
    from codesign.app import create_app

    return create_app(settings)


def _all_tables() -> list[str]:
    """Every table of every domain, so PostgreSQL tests start empty however many domains there are."""
    from codesign.piccolo_conf import APP_REGISTRY

    return [table._meta.tablename for config in APP_REGISTRY.app_configs.values() for table in config.table_classes]


TABLES = _all_tables()


@pytest.fixture
def client(app: Litestar, template_db: Path | None, tmp_path: Path) -> Iterator[TestClient]:
    engine = db.current_engine()
    if template_db is not None:
        database = tmp_path / "test.sqlite"
        shutil.copyfile(template_db, database)
        engine.path = str(database)  # type: ignore[union-attr]
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        if IS_POSTGRES:
            test_client.blocking_portal.call(
                engine.run_ddl, f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"
            )
        yield test_client


def call(client: TestClient, function: Any, *args: Any, **kwargs: Any) -> Any:
    """Runs a coroutine function on the app's event loop (where the connection pool lives)."""

    async def run() -> Any:
        return await function(*args, **kwargs)

    return client.blocking_portal.call(run)


def csrf(client: TestClient, path: str = "/") -> str:
    if not client.cookies.get("csrftoken"):
        client.get(path)
    token = client.cookies.get("csrftoken")
    assert token
    return token


def post(client: TestClient, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """A form post with the CSRF field, as a browser sends it."""
    form = {"_csrf_token": csrf(client), **(data or {})}
    return client.post(path, data=form, follow_redirects=kwargs.pop("follow_redirects", False), **kwargs)


def login(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    response = post(client, "/login", {"username": username, "password": password})
    assert response.status_code == 303, response.text
    return response


@contextlib.contextmanager
def another_browser(client: TestClient) -> Iterator[TestClient]:
    """Acts as a second person (own cookies) through the same client, so the app and its pool stay single."""
    saved = httpx.Cookies(client.cookies)
    client.cookies.clear()
    try:
        yield client
    finally:
        client.cookies.clear()
        client.cookies.update(saved)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- factories -------------------------------------------------------------------------------


class World:
    """Builds people and councils through the services the app uses."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def user(self, username: str, role: str | None = None, locale: str = "en", display_name: str | None = None) -> int:
        from codesign.accounts.services import NewAccount, create_user

        account = NewAccount(username, display_name or username.title(), PASSWORD, locale)
        return call(self.client, create_user, account, role)

    def council(self, slug: str = "riverside", name: str = "Riverside Council") -> int:
        from codesign.accounts.actor import Actor
        from codesign.councils import services
        from codesign.councils.tables import Council

        admin = Actor(user_id=None, is_admin=True)
        call(self.client, services.create_council, admin, name, slug, "A council for testing.", None)
        return call(self.client, lambda: Council.select(Council.id).where(Council.slug == slug).first())["id"]

    def member(self, council_id: int, user_id: int, role: str = "member") -> None:
        from datetime import UTC, datetime

        from codesign.councils.tables import Membership

        call(self.client, lambda: Membership.insert(
            Membership(council=council_id, user=user_id, role=role, joined_at=datetime.now(UTC))))

    def invitation(self, council_id: int, role: str = "member", days: int = 7, uses: int = 5) -> str:
        from codesign.accounts.actor import Actor
        from codesign.councils import services

        admin = Actor(user_id=None, is_admin=True)
        return call(self.client, services.create_invitation, admin, council_id, role, days, uses)


@pytest.fixture
def world(client: TestClient) -> World:
    return World(client)
