"""Anonymous feedback released in weekly batches of at least five (P-17): the pure rule, and what each role sees."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from codesign.listening import batching
from tests.conftest import another_browser, call, login, post, text_of
from tests.test_listening import council, schedule  # noqa: F401 - the council fixture

WED = date(2031, 6, 4)  # a Wednesday
MON = date(2031, 6, 9)  # the Monday after it


@pytest.mark.parametrize(("arrivals", "today", "released_before", "released", "waiting"), [
    ([], MON, None, 0, 0),
    ([WED] * 4, MON, None, 0, 4),  # fewer than five: they wait
    ([WED] * 5, MON - timedelta(days=1), None, 0, 5),  # five, but not a release day yet
    ([WED] * 5, MON, MON, 5, 0),
    ([WED] * 5 + [MON], MON, MON, 5, 1),  # arrived on the release day: waits for the next one
    ([WED] * 5 + [MON] * 4, MON + timedelta(days=7), MON, 5, 4),  # the second batch would hold 4: not released
    ([WED] * 5 + [MON] * 5, MON + timedelta(days=7), MON + timedelta(days=7), 10, 0),
    ([WED] * 3 + [WED + timedelta(days=7)] * 2, MON + timedelta(days=7), MON + timedelta(days=7), 5, 0),
    ([WED] * 6 + [WED + timedelta(days=14)] * 5, MON + timedelta(days=30), MON + timedelta(days=14), 11, 0),
])
def test_batches_are_weekly_and_never_smaller_than_five(arrivals, today, released_before, released, waiting):
    state = batching.release(arrivals, today)
    assert (state.released_before, state.released, state.waiting) == (released_before, released, waiting)
    assert sum(batching.is_released(day, state) for day in arrivals) == released


@pytest.mark.parametrize(("today", "expected"), [
    (WED, MON), (MON, MON + timedelta(days=7)), (MON - timedelta(days=1), MON),
])
def test_the_next_release_day_is_the_coming_monday(today, expected):
    assert batching.next_release_day(today) == expected
    assert batching.release([], today).next_release == expected


ANSWER = {"service_setting": "housing_intake", "treated": "badly", "understood": "no",
          "interpreter": "not_offered", "text": "Nobody explained the letter."}


@pytest.fixture
def clock(monkeypatch):
    from codesign.listening import feedback

    now = {"at": datetime(2031, 6, 4, 10, 0, tzinfo=UTC)}
    monkeypatch.setattr(feedback, "_now", lambda: now["at"])
    return now


def send(client, public: str, times: int, **changes: str) -> None:
    with another_browser(client):
        for _n in range(times):
            assert post(client, f"/feedback/{public}", {**ANSWER, **changes}).status_code == 303


def open_form(client) -> str:
    from codesign.listening.tables import FeedbackForm

    login(client, "amina")
    schedule(client)
    assert post(client, "/listening/1/feedback", {"days": "30"}).status_code == 303
    post(client, "/logout")
    return call(client, lambda: FeedbackForm.select(FeedbackForm.public_id).first())["public_id"]


def page_for(client, who: str | None) -> tuple[int, str]:
    client.cookies.clear()
    if who:
        login(client, who)
    response = client.get("/listening/1/feedback", follow_redirects=False)
    text = text_of(response.text) if response.status_code == 200 else response.headers.get("location", "")
    if who:
        post(client, "/logout")
    return response.status_code, text


def test_nobody_sees_how_many_answers_wait_only_the_next_release_day(client, council, clock):  # noqa: F811
    """An organiser who posts k - 1 answers must not see the moment a participant sends one: no waiting count,
    no "fewer than / at least k waiting", only the rule and the next release day (the same whatever arrived)."""
    public = open_form(client)
    status, before = page_for(client, "amina")
    assert status == 200 and "The next release day is Monday, June 9, 2031." in before
    send(client, public, 4)
    _status, four = page_for(client, "amina")
    send(client, public, 1)
    _status, five = page_for(client, "amina")
    assert before == four == five  # the page does not change as answers arrive
    assert "waiting." not in five and "answers are waiting" not in five and "No answers are released yet" in five
    _status, member = page_for(client, "ada")
    assert "answers are waiting" not in member and "No answers are released yet" in member
    assert page_for(client, "omar")[0] == 404  # another council's organiser
    assert page_for(client, None)[0] == 303 and "/login" in page_for(client, None)[1]  # a visitor
    send(client, public, 1, treated="well", text="")

    clock["at"] = datetime(2031, 6, 9, 8, 0, tzinfo=UTC)  # release day
    send(client, public, 1)  # arrives on the release day: waits for the next one
    _status, organiser = page_for(client, "amina")
    assert "6 answers released" in organiser and "Nobody explained the letter." in organiser
    assert "The next release day is Monday, June 16, 2031." in organiser and "answers are waiting" not in organiser
    _status, member = page_for(client, "ada")
    assert "6 answers released" in member and "Nobody explained" not in member

    clock["at"] = datetime(2031, 6, 16, 8, 0, tzinfo=UTC)  # one answer is not a batch
    _status, organiser = page_for(client, "amina")
    assert "6 answers released" in organiser and "answers are waiting" not in organiser
    send(client, public, 4)
    clock["at"] = datetime(2031, 6, 23, 0, 0, tzinfo=UTC)
    _status, organiser = page_for(client, "amina")
    assert "11 answers released" in organiser


def test_an_answer_keeps_only_the_day_it_arrived(client, council, clock):  # noqa: F811
    from codesign.listening.tables import Feedback

    public = open_form(client)
    clock["at"] = datetime(2031, 6, 4, 23, 59, 58, tzinfo=UTC)
    send(client, public, 1)
    row = call(client, lambda: Feedback.select().first())
    assert row["received_on"] == date(2031, 6, 4) and not isinstance(row["received_on"], datetime)
    assert not any(key.endswith("_at") for key in row)
