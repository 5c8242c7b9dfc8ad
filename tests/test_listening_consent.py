"""Session-level consent counts per layer (domain.md §3.3): recorded in facilitator mode, checked against the
attendance, and shown to organisers on the report with small numbers suppressed."""

from __future__ import annotations

import pytest

from tests.conftest import call, login, post, text_of
from tests.test_listening import council, schedule  # noqa: F401 - the council fixture

COUNTS = {"consent_l2": "19", "consent_l3": "12", "consent_l4": "3", "consent_l5": "", "consent_l6": "16"}


def stored(client) -> str:
    from codesign.listening.tables import ListeningSession

    return call(client, lambda: ListeningSession.select(ListeningSession.consent_counts).first())["consent_counts"]


def with_attendance(client) -> None:
    login(client, "amina")
    assert schedule(client).status_code == 303
    for language, count in (("ar", "7"), ("uk", "12")):
        assert post(client, "/listening/1/attendance", {"language": language, "count": count}).status_code == 303


def test_the_facilitator_records_how_many_agreed_to_each_layer(client, council):  # noqa: F811
    with_attendance(client)
    response = post(client, "/listening/1/consent", COUNTS)
    assert response.status_code == 303 and response.headers["location"].endswith("/facilitate#consent")
    assert stored(client) == '{"l2": 19, "l3": 12, "l4": 3, "l6": 16}'  # numbers only; l5 was not asked
    page = client.get("/listening/1/facilitate").text
    assert 'id="consent_l3" name="consent_l3" type="text" value="12"' in page
    assert 'id="consent_l5" name="consent_l5" type="text" value=""' in page
    report = text_of(client.get("/listening/1/report").text)
    assert "Consent in the room (organisers only)" in report
    assert "L3 Adapted examples: situations changed and combined into scenarios 12" in report  # 12 agreed, 7 not
    assert "L4 Quotes: exact words, each checked with the person fewer than 5" in report
    # 19 of 19 agreed: the 0 who did not is a cell below five, so 19 is not shown either; 16 of 19 leaves 3.
    assert "L2 Notes for themes: points written down without names not shown, to protect" in report
    assert "L6 Follow-up: the organisation may get in touch to check the summary not shown" in report
    assert "L5 Credit: the organisation or a chosen pseudonym is named not recorded" in report
    markdown = client.get("/listening/1/report.md").text
    assert "| L3 Adapted examples: situations changed and combined into scenarios | 12 |" in markdown
    layers = [line for line in markdown.splitlines() if line.startswith("| L") and "People" not in line]
    assert len(layers) == 5 and not any(f"| {n} |" in line for line in layers for n in (3, 19, 16))
    assert post(client, "/listening/1/consent", {"consent_l2": "5"}).status_code == 303  # replaces all
    assert stored(client) == '{"l2": 5}'


@pytest.mark.parametrize(("value", "message"), [
    ("20", "Enter a whole number from 0 to 19, the people who attended."),
    ("-1", "at least 0"),
    ("x", ""),
    ("2.5", ""),
])
def test_a_wrong_count_is_refused_and_nothing_is_written(client, council, value, message):  # noqa: F811
    with_attendance(client)
    assert post(client, "/listening/1/consent", {"consent_l2": "4"}).status_code == 303
    response = post(client, "/listening/1/consent", {**COUNTS, "consent_l3": value})
    assert response.status_code == 422
    assert 'href="#consent_l3"' in response.text and message in text_of(response.text)
    assert text_of(response.text).startswith(" Error:") or "<title>Error:" in response.text
    assert stored(client) == '{"l2": 4}'


def test_no_consent_counts_before_the_attendance_and_attendance_not_below_them(client, council):  # noqa: F811
    login(client, "amina")
    schedule(client)
    refused = post(client, "/listening/1/consent", {"consent_l2": "1"})
    assert refused.status_code == 422 and "Record the attendance first" in refused.text
    assert stored(client) == "{}"
    assert post(client, "/listening/1/consent", {"consent_l2": "0"}).status_code == 303
    post(client, "/listening/1/attendance", {"language": "ar", "count": "7"})
    post(client, "/listening/1/attendance", {"language": "uk", "count": "12"})
    assert post(client, "/listening/1/consent", {"consent_l2": "15"}).status_code == 303
    lower = post(client, "/listening/1/attendance", {"language": "uk", "count": "7"})
    assert lower.status_code == 422 and "15 people agreed to a consent layer" in lower.text
    assert "(uk): 12" in text_of(client.get("/listening/1/facilitate").text)
    assert post(client, "/listening/1/attendance", {"language": "uk", "count": "8"}).status_code == 303


@pytest.mark.parametrize(("who", "status"), [("amina", 303), ("omar", 404), ("ada", 404), ("root", 404),
                                             (None, "login")])
def test_only_the_councils_organisers_record_and_read_consent_counts(client, council, who, status):  # noqa: F811
    with_attendance(client)
    assert post(client, "/listening/1/consent", {"consent_l3": "12"}).status_code == 303
    post(client, "/logout")
    client.cookies.clear()
    if who:
        login(client, who)
    response = post(client, "/listening/1/consent", {"consent_l3": "1"})
    if status == "login":
        assert response.status_code == 303 and "/login" in response.headers["location"]
    else:
        assert response.status_code == status
    assert stored(client) == ('{"l3": 1}' if who == "amina" else '{"l3": 12}')
    report = client.get("/listening/1/report", follow_redirects=False)
    if who == "ada":  # a member reads the report, but not the consent records (§5.3)
        assert report.status_code == 200 and "Consent in the room" not in report.text
        assert "Consent in the room" not in client.get("/listening/1/report.md").text
    elif who == "amina":
        assert "Consent in the room" in report.text
    else:
        assert report.status_code in (303, 404)
