"""Raw notes are kept 30 days after the session's insights are validated, and never past the session's own period
(domain.md §3.2 raw_notes_delete_by, §5.4), with a fixed `now`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from codesign.listening import retention
from tests.conftest import call, login, post, text_of
from tests.test_listening import council, start  # noqa: F401 - the council fixture

STARTS = datetime(2031, 5, 4, 16, 30, tzinfo=UTC)  # the session of tests.test_listening.SESSION, in UTC
VALIDATED = datetime(2031, 5, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("days", "validated_at", "expected"), [
    (90, None, STARTS + timedelta(days=90)),
    (90, VALIDATED, VALIDATED + timedelta(days=30)),
    (20, VALIDATED, STARTS + timedelta(days=20)),  # the session's own period is shorter
    (90, STARTS + timedelta(days=80), STARTS + timedelta(days=90)),  # validated late: never past 90 days
])
def test_notes_are_deleted_at_the_earlier_of_the_two_limits(days, validated_at, expected):
    assert retention.notes_delete_by(STARTS, days, validated_at) == expected


@pytest.fixture
def clock(monkeypatch):
    from codesign.listening import facilitation

    now = {"at": VALIDATED}
    monkeypatch.setattr(facilitation, "_now", lambda: now["at"])
    return now


def validated_at(client):
    from codesign.listening.tables import ListeningSession

    return call(client, lambda: ListeningSession.select(ListeningSession.insights_validated_at).first())[
        "insights_validated_at"]


def set_status(client, insight: int, status: str) -> int:
    return post(client, f"/listening/insights/{insight}/status",
                {"status": status, "consent_status": "granted_anonymous"}).status_code


def test_the_clock_starts_when_the_last_raw_insight_is_validated(client, council, clock):  # noqa: F811
    from codesign.listening.tables import Note

    start(client, council)  # three raw insights
    login(client, "amina")
    post(client, "/listening/1/notes", {"text": "A raw note."})
    assert "Deleted on August 2, 2031" in text_of(client.get("/listening/1/facilitate").text)  # 90 days
    assert set_status(client, 1, "validated") == 303 and set_status(client, 2, "archived") == 303
    assert validated_at(client) is None  # insight 3 is still raw
    post(client, "/logout")
    login(client, "ada")  # a member cannot validate, so cannot start the clock
    assert set_status(client, 3, "validated") == 404 and validated_at(client) is None
    post(client, "/logout")
    login(client, "amina")
    assert set_status(client, 3, "validated") == 303
    assert validated_at(client) == VALIDATED
    assert "Deleted on June 9, 2031" in text_of(client.get("/listening/1/facilitate").text)
    clock["at"] = VALIDATED + timedelta(days=3)
    assert set_status(client, 1, "validated") == 303  # validating again does not move the clock
    assert validated_at(client) == VALIDATED
    assert call(client, retention.purge, VALIDATED + timedelta(days=30) - timedelta(seconds=1)).notes == 0
    assert call(client, Note.count) == 1
    assert call(client, retention.purge, VALIDATED + timedelta(days=30)).notes == 1
    assert call(client, Note.count) == 0


def test_a_new_or_reopened_insight_stops_the_clock(client, council, clock):  # noqa: F811
    from codesign.listening.tables import Note

    start(client, council)
    login(client, "amina")
    post(client, "/listening/1/notes", {"text": "A raw note."})
    for insight in (1, 2, 3):
        set_status(client, insight, "validated")
    assert validated_at(client) == VALIDATED
    post(client, "/listening/1/insights", {"statement": "One more.", "consent_scope": "themes_only",
                                           "consent_status": "granted_anonymous", "sensitivity": "low",
                                           "raised_by": "one"})
    assert validated_at(client) is None
    assert call(client, retention.purge, VALIDATED + timedelta(days=31)).notes == 0  # still needed
    clock["at"] = VALIDATED + timedelta(days=70)
    set_status(client, 4, "validated")
    assert validated_at(client) == clock["at"]
    set_status(client, 2, "raw")
    assert validated_at(client) is None
    set_status(client, 2, "validated")
    assert validated_at(client) == clock["at"]
    # Validated 76 days after the session: 30 more days would pass 90 days, so 90 days wins.
    assert call(client, retention.purge, STARTS + timedelta(days=90) - timedelta(seconds=1)).notes == 0
    assert call(client, retention.purge, STARTS + timedelta(days=90)).notes == 1
    assert call(client, Note.count) == 0
