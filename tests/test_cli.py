"""The `codesign` command: accounts from the command line, demo data, migrations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import IS_POSTGRES

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(IS_POSTGRES, reason="runs the CLI against its own SQLite file")


def codesign(data_dir: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CODESIGN_DATA_DIR": str(data_dir), "CODESIGN_FAST_PASSWORD_HASHING": "1", **env}
    environment.pop("CODESIGN_DATABASE_URL", None)
    environment.pop("CODESIGN_PASSWORD", None) if "CODESIGN_PASSWORD" not in env else None
    return subprocess.run([sys.executable, "-m", "codesign", *args], cwd=ROOT, env=environment, input=stdin,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    assert codesign(folder, "db", "migrate").returncode == 0
    return folder


def test_user_create_reads_the_password_from_the_environment(data_dir):
    result = codesign(data_dir, "user", "create", "--username", "ada", "--role", "admin",
                      CODESIGN_PASSWORD="a long admin password")
    assert result.returncode == 0, result.stderr
    assert "Created user ada" in result.stdout
    assert "a long admin password" not in result.stdout + result.stderr


def test_user_create_reads_the_password_from_standard_input(data_dir):
    result = codesign(data_dir, "user", "create", "--username", "tom", "--role", "trainer",
                      stdin="another long password\n")
    assert result.returncode == 0, result.stderr


def test_user_create_refuses_bad_input_clearly(data_dir):
    short = codesign(data_dir, "user", "create", "--username", "bob", stdin="short\n")
    assert short.returncode != 0 and "password" in short.stderr
    taken = codesign(data_dir, "user", "create", "--username", "ada", CODESIGN_PASSWORD="a long admin password")
    assert taken.returncode != 0 and "taken" in taken.stderr
    bad = codesign(data_dir, "user", "create", "--username", "no spaces", CODESIGN_PASSWORD="a long admin password")
    assert bad.returncode != 0 and "username" in bad.stderr


def test_there_is_no_password_option(data_dir):
    result = codesign(data_dir, "user", "create", "--username", "eve", "--password", "x")
    assert result.returncode != 0


def test_demo_loads_once_and_prints_the_accounts(tmp_path):
    assert codesign(tmp_path, "db", "migrate").returncode == 0
    first = codesign(tmp_path, "demo")
    assert first.returncode == 0, first.stderr
    assert "Demo data loaded." in first.stdout and "organiser" in first.stdout and "WELCOME2026" in first.stdout
    second = codesign(tmp_path, "demo")
    assert "Demo data is already there." in second.stdout


def test_migrate_twice_is_harmless(data_dir):
    assert codesign(data_dir, "db", "migrate").returncode == 0
