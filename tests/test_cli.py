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


@pytest.fixture(scope="module")
def council_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli-import")
    assert codesign(folder, "db", "migrate").returncode == 0
    assert codesign(folder, "demo").returncode == 0
    return folder


def test_import_checks_everything_first_and_writes_nothing_on_error(council_dir, tmp_path):
    good = tmp_path / "good-one.md"
    good.write_text((ROOT / "proposals" / "housing-notice-under-the-door.md").read_text()
                    .replace("id: housing-notice-under-the-door", "id: good-one"))
    bad = tmp_path / "bad-one.md"
    bad.write_text(good.read_text().replace("id: good-one", "id: bad-one").replace("format: triad_roleplay",
                                                                                   "format: ballet"))
    result = codesign(council_dir, "import", str(tmp_path), "--council", "riverside")
    assert result.returncode != 0
    assert f"{bad}:12: format:" in result.stderr and "nothing was imported" in result.stderr
    bad.unlink()
    result = codesign(council_dir, "import", str(tmp_path), "--council", "riverside")
    assert result.returncode == 0, result.stderr
    assert "1 created, 0 revised, 0 unchanged." in result.stdout
    again = codesign(council_dir, "import", str(good), "--council", "riverside")
    assert "0 created, 0 revised, 1 unchanged." in again.stdout


def test_demo_data_includes_the_proposals_and_export_writes_them_back(council_dir, tmp_path):
    result = codesign(council_dir, "export", str(tmp_path), "--council", "riverside")
    assert result.returncode == 0, result.stderr
    for path in (ROOT / "proposals").glob("*.md"):
        if path.name != "README.md":
            assert (tmp_path / path.name).read_text() == path.read_text()


def test_import_needs_a_known_council(council_dir):
    result = codesign(council_dir, "import", str(ROOT / "proposals"), "--council", "nowhere")
    assert result.returncode != 0 and "no council" in result.stderr


def test_import_of_a_large_folder_reports_progress_and_a_summary(council_dir, tmp_path):
    sample = (ROOT / "proposals" / "housing-notice-under-the-door.md").read_text()
    for number in range(60):
        (tmp_path / f"bulk-{number:03d}.md").write_text(
            sample.replace("id: housing-notice-under-the-door", f"id: bulk-{number:03d}"))
    result = codesign(council_dir, "import", str(tmp_path), "--council", "riverside")
    assert result.returncode == 0, result.stderr
    assert "50/60 checked" in result.stderr and "60/60 imported" in result.stderr
    assert "60 created, 0 revised, 0 unchanged." in result.stdout
