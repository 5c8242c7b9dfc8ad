"""Listening sessions through HTTP: scheduling, the public announcement and registration as counts."""

from __future__ import annotations

import pytest

from tests.conftest import another_browser, call, login, post, text_of

SESSION = {
    "title": "Housing desks: what happened", "purpose": "To inform the next housing scenario.",
    "date": "2031-05-04", "time": "18:30", "time_zone": "Europe/Madrid", "format": "in_person",
    "venue_type": "community_centre", "accessibility": ["step_free", "childcare"], "registration_open": "on",
    "notes_retention_days": "90", "feedback_retention_days": "90", "role_facilitator": "1", "role_recorder": "1",
    "lang_1": "ar", "mode_1": "facilitated_in_language", "lang_2": "es", "mode_2": "consecutive_interpreting",
    "pair_1": "es-en", "provider_1": "community_interpreter", "agreement_1": "on",
    "item_1": "Welcome and ground rules", "minutes_1": "15", "method_1": "open_discussion",
    "item_2": "Priority vote", "minutes_2": "20", "method_2": "dot_vote",
}


@pytest.fixture
def council(client, world):
    council_id = world.council()
    other_id = world.council("hillside", "Hillside Council")
    ids = {"id": council_id, "other": other_id}
    for name, role, where in (("ada", "member", council_id), ("amina", "organiser", council_id),
                              ("omar", "organiser", other_id)):
        ids[name] = world.user(name)
        world.member(where, ids[name], role)
    ids["admin"] = world.user("root", role="admin")
    ids["outsider"] = world.user("outsider")
    return ids


def schedule(client, **changes):
    return post(client, "/councils/riverside/listening/new", {**SESSION, **changes})


def public_id(client):
    from codesign.listening.tables import ListeningSession

    return call(client, lambda: ListeningSession.select(ListeningSession.public_id).first())["public_id"]


def test_an_organiser_schedules_a_session_with_its_announcement(client, council):
    from codesign.listening.tables import ListeningSession

    login(client, "amina")
    assert client.get("/councils/riverside/listening/new").status_code == 200
    response = schedule(client)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/listening/1"
    row = call(client, lambda: ListeningSession.select().first())
    assert row["starts_at"].isoformat().startswith("2031-05-04T16:30")  # 18:30 in Madrid (summer time) in UTC
    page = text_of(client.get("/listening/1").text)
    assert "LS-0001" in page and "Step-free access" in page and "es-en" in page
    with another_browser(client):
        announced = client.get(f"/announce/{public_id(client)}")
        assert announced.status_code == 200
        text = text_of(announced.text)
        assert "Housing desks: what happened" in text and "Community centre" in text and "Childcare" in text
        assert "Count me in" in text
