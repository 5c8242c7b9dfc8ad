"""`codesign listening purge` runs the same retention service as the app's scheduled task."""

from __future__ import annotations

import pytest

from tests.conftest import IS_POSTGRES
from tests.test_cli import codesign

pytestmark = pytest.mark.skipif(IS_POSTGRES, reason="runs the CLI against its own SQLite file")


def test_the_purge_command_reports_what_it_deleted(tmp_path):
    assert codesign(tmp_path, "db", "migrate").returncode == 0
    result = codesign(tmp_path, "listening", "purge")
    assert result.returncode == 0, result.stderr
    assert "0 raw note(s) deleted, 0 feedback text(s) deleted, 0 stale vote(s) closed." in result.stdout


def test_the_app_runs_the_purge_on_a_schedule():
    from codesign.app import SCHEDULED
    from codesign.listening import retention

    assert (retention.scheduled_purge, retention.PURGE_EVERY) in SCHEDULED
