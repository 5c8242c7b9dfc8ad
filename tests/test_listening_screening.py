"""Free text screened for identifying details (P-01, P-17): the pure screening, feedback that never stores contact
details or document numbers, the organiser's marks, and warnings (never rewriting) on organisers' notes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from codesign.scenarios.privacy import PLACEHOLDER, screen, sensitive_terms
from tests.conftest import call, login, post, text_of
from tests.test_listening import council  # noqa: F401 - the council fixture
from tests.test_listening_batches import ANSWER, clock, open_form, send  # noqa: F401 - the clock fixture

R = PLACEHOLDER


@pytest.mark.parametrize(("text", "expected"), [
    # email and web addresses
    ("Write to rosa.m@example.org please.", f"Write to {R} please."),
    ("see https://example.org/a?b=1.", f"see {R}."),
    ("my page www.facebook.com/rosa.m, ok", f"my page {R}, ok"),
    ("apply at gov.uk/apply now", f"apply at {R} now"),
    # phone numbers in the ways people write them
    ("Call +44 7700 900123 now", f"Call {R} now"),
    ("Call 07700 900123.", f"Call {R}."),
    ("ring 07700900123", f"ring {R}"),
    ("ring 07700-900-123!", f"ring {R}!"),
    ("office (020) 7946 0018", f"office {R}"),
    ("+44 (0) 20 7946 0018", R),
    ("llame al 612 345 678", f"llame al {R}"),
    ("رقمي ٠٧٧٠٠٩٠٠١٢٣ شكرا", f"رقمي {R} شكرا"),  # Arabic-Indic digits
    ("شماره من ۰۹۱۲ ۳۴۵ ۶۷۸۹ است", f"شماره من {R} است"),  # Persian digits
    # passport, case and ID-like numbers
    ("passport AB1234567", f"passport {R}"),
    ("Case number X-00012345 was mentioned", f"Case number {R} was mentioned"),
    ("my case HO/123456/2023 is slow", f"my case {R} is slow"),
    ("reference GWF012345678.", f"reference {R}."),
    ("ref ab12cd34", f"ref {R}"),
    ("NI QQ 12 34 56 C", f"NI {R}"),
    ("رقم ملفي AB١٢٣٤٥٦٧", f"رقم ملفي {R}"),
    # ordinary numbers stay
    ("I went 3 times in 2024.", "I went 3 times in 2024."),
    ("On 2024-03-05 at 10:30, room 4", "On 2024-03-05 at 10:30, room 4"),
    ("on 05.03.2024 and 12/03/2024", "on 05.03.2024 and 12/03/2024"),
    ("£1,200 rent, 2 children aged 8 and 13", "£1,200 rent, 2 children aged 8 and 13"),
    ("waited 45 minutes, 3 hours, 10000km, the 1990s", "waited 45 minutes, 3 hours, 10000km, the 1990s"),
    ("COVID-19, H1N1 and bus 25", "COVID-19, H1N1 and bus 25"),
    ("انتظرت ٣ ساعات", "انتظرت ٣ ساعات"),
    ("", ""),
])
def test_screening_removes_contact_details_and_document_numbers_only(text, expected):
    screened = screen(text)
    assert screened.text == expected
    assert screened.removed == expected.count(R)
    assert screen(screened.text).removed == 0  # screening its own output changes nothing


@pytest.mark.parametrize(("text", "terms"), [
    ("They asked for my visa and my papers.", ["visa", "papers"]),
    ("My asylum case is still open.", ["asylum case"]),
    ("Sin papeles no me atendieron.", ["papeles"]),
    ("نسيت جواز السفر في البيت.", ["جواز السفر"]),
    ("It is advisable to arrive early.", []),  # "visa" inside another word
    ("Kind staff, clear letter.", []),
])
def test_terms_that_suggest_sensitivity_are_found_and_kept(text, terms):
    assert sensitive_terms(text) == terms
    assert screen(text).text == text  # kept: only marked for organisers


def _feedback_rows(client):
    from codesign.listening.tables import Feedback

    return call(client, lambda: Feedback.select(Feedback.text).order_by(Feedback.id).run())


def test_the_form_says_before_sending_what_is_removed(client, council, clock):  # noqa: F811
    public = open_form(client)
    page = text_of(client.get(f"/feedback/{public}").text)
    assert "Please do not write names." in page
    assert "we remove email addresses, phone numbers, web addresses and numbers such as passport" in page


def test_feedback_with_an_email_and_a_phone_number_stores_neither(client, council, clock):  # noqa: F811
    public = open_form(client)
    text = "Ask rosa.m@example.org or call +44 7700 900123 (or ۰۹۱۲ ۳۴۵ ۶۷۸۹). Passport AB1234567. Waited 3 hours."
    response = post(client, f"/feedback/{public}", {**ANSWER, "text": text})
    assert response.status_code == 303 and response.headers["location"] == f"/feedback/{public}/thanks?removed=1"
    assert "We removed contact details or numbers" in text_of(client.get(response.headers["location"]).text)
    stored = _feedback_rows(client)[0]["text"]
    assert stored == f"Ask {R} or call {R} (or {R}). Passport {R}. Waited 3 hours."
    for detail in ("rosa", "example.org", "7700", "900123", "۰۹۱۲", "1234567"):
        assert detail not in stored
    plain = post(client, f"/feedback/{public}", {**ANSWER, "text": "Waited 3 times in 2024."})
    assert plain.headers["location"] == f"/feedback/{public}/thanks"
    assert "We removed" not in text_of(client.get(plain.headers["location"]).text)
    assert _feedback_rows(client)[1]["text"] == "Waited 3 times in 2024."


def test_the_organisers_view_marks_answers_that_mention_immigration_matters(client, council, clock):  # noqa: F811
    public = open_form(client)
    send(client, public, 1, text="They asked for my visa papers at the desk.")
    send(client, public, 4, text="Kind staff.")
    clock["at"] = datetime(2031, 6, 9, 8, 0, tzinfo=UTC)  # the release day
    login(client, "amina")
    page = text_of(client.get("/listening/1/feedback").text)
    assert "5 answers released" in page
    assert "They asked for my visa papers at the desk. Mentions immigration matters: check before sharing" in page
    assert page.count("Mentions immigration matters: check before sharing") == 1  # not "Kind staff."
    assert f"“{R}” shows where" in page
    post(client, "/logout")
    login(client, "ada")  # a member sees no free text, so no marks either
    assert "Mentions immigration" not in text_of(client.get("/listening/1/feedback").text)


def test_text_stored_before_screening_is_screened_when_shown(client, council, clock):  # noqa: F811
    from codesign.listening.tables import Feedback

    public = open_form(client)
    send(client, public, 5)
    call(client, lambda: Feedback.update({Feedback.text: "Call me on 07700 900123."}).where(Feedback.id == 1))
    clock["at"] = datetime(2031, 6, 9, 8, 0, tzinfo=UTC)
    login(client, "amina")
    page = text_of(client.get("/listening/1/feedback").text)
    assert f"Call me on {R}." in page and "900123" not in page


def test_organisers_notes_and_insights_are_flagged_not_rewritten(client, council):  # noqa: F811
    from codesign.listening.tables import Insight, Note
    from tests.test_listening import schedule

    login(client, "amina")
    schedule(client)
    note = "Her caseworker is on 07700 900123; she worries about her asylum case."
    response = post(client, "/listening/1/notes", {"text": note}, follow_redirects=True)
    page = text_of(response.text)
    assert "Note added. Please check it: it may hold contact details, a document number or a mention" in page
    assert call(client, lambda: Note.select(Note.text).first())["text"] == note  # organisers' words are kept
    assert "Looks like contact details or a document number" in page
    assert "Mentions immigration matters: check before sharing" in page
    response = post(client, "/listening/1/notes", {"text": "Long queue at the desk."}, follow_redirects=True)
    assert "Note added." in text_of(response.text) and "Please check it" not in text_of(response.text)
    assert text_of(response.text).count("Looks like contact details") == 1  # only the first note

    htmx = post(client, "/listening/1/notes", {"text": "Call rosa.m@example.org"}, headers={"hx-request": "true"})
    assert htmx.status_code == 200 and "Please check it" in text_of(htmx.text)

    insight = {"statement": "People are asked for papers the service does not need.", "themes": ["document_mismatch"],
               "consent_scope": "paraphrase", "consent_status": "granted_anonymous", "sensitivity": "low",
               "raised_by": "several"}
    response = post(client, "/listening/1/insights", insight, follow_redirects=True)
    page = text_of(response.text)
    assert "Insight added. Please check it" in page
    assert "does not need. Mentions immigration matters: check before sharing" in page
    assert call(client, lambda: Insight.select(Insight.statement).first())["statement"] == insight["statement"]

    response = post(client, "/listening/1/votes", {"title": "Which visa issue first?", "method": "ranking",
                                                   "insights": ["1"]})
    assert response.status_code == 422  # one option is not a vote; nothing about the title's words
    response = post(client, "/listening/1/insights", {**insight, "statement": "No interpreter offered."},
                    follow_redirects=True)
    assert "Insight added." in text_of(response.text) and "Please check it" not in text_of(response.text)
    response = post(client, "/listening/1/votes", {"title": "Which visa issue first?", "method": "ranking",
                                                   "insights": ["1", "2"]}, follow_redirects=True)
    assert "The vote is open. Show the code to the room. Please check it" in text_of(response.text)
