"""Browser journeys: the real server (granian) on 127.0.0.1 with the demo data, driven by Debian's chromium.

The server gets its own data dir (and, on PostgreSQL, its own database), built from an explicit
environment: the settings tests/conftest.py puts into os.environ at import are not relied on.
Nothing but 127.0.0.1 is ever contacted: chromium's proxy points at a closed port, every host name
but 127.0.0.1 fails to resolve, and WebRTC may not send UDP around the proxy.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

ROOT = Path(__file__).parents[2]
DEMO_PASSWORD = "codesign-demo-2026"
DEMO_COUNCIL = "riverside"
DEMO_INVITATION = "WELCOME2026"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fresh_postgres_database(url: str) -> str:
    """Drops and creates <name>_browser on the same server; returns its URL."""
    import asyncpg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "postgres"
    browser_name = f"{name}_browser"
    maintenance = urlunsplit(parts._replace(path="/postgres"))

    async def recreate() -> None:
        connection = await asyncpg.connect(maintenance)
        try:
            quoted = '"' + browser_name.replace('"', '""') + '"'
            await connection.execute(f"DROP DATABASE IF EXISTS {quoted}")
            await connection.execute(f"CREATE DATABASE {quoted}")
        finally:
            await connection.close()

    # In a thread of its own: Playwright's sync API may already run an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as executor:
        executor.submit(asyncio.run, recreate()).result(timeout=60)
    return urlunsplit(parts._replace(path=f"/{browser_name}"))


def _server_env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CODESIGN_DATA_DIR"] = str(data_dir)
    env["CODESIGN_FAST_PASSWORD_HASHING"] = "1"
    env["CODESIGN_SECRET_KEY"] = secrets.token_hex(32)
    for name in ("CODESIGN_DEBUG", "CODESIGN_SECURE_COOKIES", "CODESIGN_PORT"):
        env.pop(name, None)  # plain HTTP on 127.0.0.1, production error pages
    database_url = os.environ.get("CODESIGN_DATABASE_URL", "")
    if database_url.startswith("postgresql://"):
        env["CODESIGN_DATABASE_URL"] = _fresh_postgres_database(database_url)
    else:
        env.pop("CODESIGN_DATABASE_URL", None)
    return env


def _run_cli(env: dict[str, str], *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "codesign", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.fail(f"`codesign {' '.join(args)}` failed:\n{result.stdout}\n{result.stderr}")


def _wait_until_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited with {server.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:  # noqa: S310 - 127.0.0.1 only
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"the server did not answer /healthz within 20 s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The base URL of a granian server with migrated demo data, stopped at the end of the session."""
    granian = Path(sys.executable).parent / "granian"
    if not granian.exists():
        pytest.fail(f"granian is not installed next to {sys.executable}")
    data_dir = Path(tempfile.mkdtemp(prefix="codesign-browser-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        env = _server_env(data_dir)
        _run_cli(env, "db", "migrate")
        _run_cli(env, "demo")
        port = _free_port()
        log = data_dir / "server.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [str(granian), "--interface", "asgi", "--factory", "codesign.app:create_app", "--host", "127.0.0.1",
                 "--port", str(port), "--workers", "1", "--no-access-log"],
                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(url, process, log)
        yield url
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        message = "Debian's chromium is not installed (apt-get install chromium); the browser journeys need it."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


class ContextFactory:
    """Makes browser contexts with no cookies that ask for English pages, and closes them after the test.

    Every request is checked on its way out: one for a host other than 127.0.0.1 is aborted and
    fails the test (chromium's flags already keep it from leaving the machine).
    """

    def __init__(self, browser: Browser, server: str) -> None:
        self.browser = browser
        self.server = server
        self.contexts: list[BrowserContext] = []
        self.outside: list[str] = []

    def __call__(self, *, javascript: bool = True, **options: Any) -> BrowserContext:
        """`options` go to Browser.new_context as they are (viewport, bypass_csp, …)."""
        context = self.browser.new_context(base_url=self.server, locale="en-GB", java_script_enabled=javascript,
                                           **options)
        context.set_default_timeout(5_000)
        context.set_default_navigation_timeout(10_000)
        context.route("**/*", self._only_local)
        self.contexts.append(context)
        return context

    def _only_local(self, route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def new_context(browser: Browser, server: str) -> Iterator[ContextFactory]:
    factory = ContextFactory(browser, server)
    try:
        yield factory
    finally:
        factory.close()
    assert not factory.outside, f"the page tried to reach other hosts: {factory.outside}"


@pytest.fixture
def context(new_context: ContextFactory) -> BrowserContext:
    """A fresh context with JavaScript on."""
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
