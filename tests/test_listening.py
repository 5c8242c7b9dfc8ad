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


def start(client, council, **changes):
    """amina schedules a session, notes one thing, adds three insights and opens a dot vote on them."""
    login(client, "amina")
    assert schedule(client, **changes).status_code == 303
    for statement, themes in (("Asked for papers at the housing desk.", ["fear_of_authorities"]),
                              ("No interpreter offered on the phone.", ["language_barrier"]),
                              ("Letters arrive in English only.", ["language_barrier", "document_mismatch"])):
        response = post(client, "/listening/1/insights", {
            "statement": statement, "themes": themes, "consent_scope": "paraphrase",
            "consent_status": "granted_anonymous", "sensitivity": "medium", "raised_by": "several"})
        assert response.status_code == 303, response.text
    opened = post(client, "/listening/1/votes", {"title": "What matters most?", "method": "dots", "dots": "3",
                                                 "insights": ["1", "2", "3"]})
    assert opened.headers["location"] == "/listening/votes/1", opened.text
    post(client, "/logout")


def code(client):
    from codesign.listening.tables import LiveVote

    return call(client, lambda: LiveVote.select(LiveVote.code).first())["code"]


def test_facilitator_mode_notes_and_insights_with_and_without_htmx(client, council):
    from codesign.listening.tables import Insight, Note

    login(client, "amina")
    schedule(client)
    page = client.get("/listening/1/facilitate")
    assert page.status_code == 200 and "Fear of authorities" in page.text
    assert post(client, "/listening/1/notes", {"text": "Long waits at the desk."}).status_code == 303
    fragment = post(client, "/listening/1/notes", {"text": "Forms only in English."}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "Forms only in English." in fragment.text and 'data-hx-swap-oob="true"' in fragment.text
    empty = post(client, "/listening/1/notes", {"text": "  "}, headers={"HX-Request": "true"})
    assert empty.status_code == 422 and "This field is required." in empty.text
    assert call(client, Note.count) == 2
    bad = post(client, "/listening/1/insights", {"statement": "x", "themes": ["not_a_theme"], "consent_scope": "all",
                                                 "consent_status": "pending", "sensitivity": "low",
                                                 "raised_by": "one"})
    assert bad.status_code == 422 and call(client, Insight.count) == 0
    ok = post(client, "/listening/1/insights", {"statement": "Asked for papers.", "themes": ["fear_of_authorities"],
                                                "consent_scope": "quote", "consent_status": "pending",
                                                "sensitivity": "high", "raised_by": "many"},
              headers={"HX-Request": "true"})
    assert ok.status_code == 200 and "INS-0001" in ok.text
    assert post(client, "/listening/1/attendance", {"language": "ar", "count": "7"}).status_code == 303
    assert post(client, "/listening/1/attendance", {"language": "ar", "count": "8"}).status_code == 303
    assert post(client, "/listening/1/attendance", {"language": "<b>", "count": "-1"}).status_code == 422
    assert "(ar): 8" in text_of(client.get("/listening/1/facilitate").text)
    assert post(client, "/listening/insights/1/status", {"status": "validated",
                                                          "consent_status": "granted_anonymous"}).status_code == 303
    assert call(client, lambda: Insight.select(Insight.status).first())["status"] == "validated"


def test_participants_join_with_a_code_vote_once_per_device_and_change_their_vote(client, council):
    from codesign.listening.tables import LiveBallot, LiveVote

    start(client, council)
    the_code = code(client)
    assert client.get(f"/live?code={the_code.lower()}", follow_redirects=False).headers["location"] == f"/live/{the_code}"
    page = client.get(f"/live/{the_code}")
    assert page.status_code == 200 and "Share out up to 3 dots" in page.text
    assert client.cookies.get("cs_device")
    assert post(client, f"/live/{the_code}", {"dots_i1": "2", "dots_i2": "1"}).status_code == 303
    assert post(client, f"/live/{the_code}", {"dots_i1": "3"}).status_code == 303  # replaces, never adds
    assert call(client, LiveBallot.count) == 1
    too_many = post(client, f"/live/{the_code}", {"dots_i1": "3", "dots_i3": "1"})
    assert too_many.status_code == 422 and "Give fewer dots" in too_many.text
    with another_browser(client):
        client.get(f"/live/{the_code}")
        assert post(client, f"/live/{the_code}", {"dots_i3": "2", "dots_i2": "1"}).status_code == 303
    with another_browser(client):
        client.cookies.set("cs_device", "abc.def", path="/live")
        forged = post(client, f"/live/{the_code}", {"dots_i3": "1"})
        assert forged.status_code == 422
    assert call(client, LiveBallot.count) == 2
    stored = call(client, lambda: LiveBallot.select().run())
    assert set(stored[0]) == {"id", "vote", "device", "choice"}  # no address, no time, no person
    login(client, "amina")
    projector = client.get("/listening/votes/1/projector")
    assert projector.status_code == 200 and "2 devices have voted." in text_of(projector.text)
    fragment = client.get("/listening/votes/1/projector", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and 'data-hx-trigger="every 3s"' in fragment.text
    assert "<svg" in client.get("/listening/votes/1").text  # the QR code, made on the server
    assert post(client, "/listening/votes/1/close").status_code == 303
    assert call(client, LiveBallot.count) == 0  # ballots are deleted once counted
    result = call(client, lambda: LiveVote.select(LiveVote.result).first())["result"]
    assert '"participants": 2' in result
    final = text_of(client.get("/listening/votes/1/projector").text)  # 2 devices: below k, no points (P-09)
    assert "Final results" in final and "Fewer than 5 devices voted." in final and "points" not in final
    post(client, "/logout")
    closed = post(client, f"/live/{the_code}", {"dots_i1": "1"})
    assert closed.status_code == 422 and "This vote is closed." in closed.text


def test_a_ranking_vote_on_insights_and_a_rate_limit_per_device(client, council):
    from codesign.listening import participation

    start(client, council)
    login(client, "amina")
    post(client, "/listening/1/votes", {"title": "Order", "method": "ranking", "insights": ["1", "2"]})
    post(client, "/logout")
    from codesign.listening.tables import LiveVote

    ranking_code = call(client, lambda: LiveVote.select(LiveVote.code).where(LiveVote.id == 2).first())["code"]
    client.get(f"/live/{ranking_code}")
    assert post(client, f"/live/{ranking_code}", {"rank_1": "i2", "rank_2": "i1"}).status_code == 303
    assert post(client, f"/live/{ranking_code}", {"rank_1": "i2", "rank_2": "i2"}).status_code == 422
    participation._recent.clear()
    statuses = [post(client, f"/live/{ranking_code}", {"rank_1": "i1"}).status_code for _ in range(12)]
    assert statuses.count(303) == participation.RATE_LIMIT and statuses[-1] == 429
    participation._recent.clear()


def test_the_report_suppresses_small_groups_and_exports_markdown_and_pdf(client, council):
    start(client, council)
    login(client, "amina")
    for language, count in (("ar", "7"), ("es", "3"), ("uk", "12")):
        post(client, "/listening/1/attendance", {"language": language, "count": count})
    report = client.get("/listening/1/report")
    page = text_of(report.text)
    assert report.status_code == 200
    # es (3) is hidden; ar (7) is hidden too, or 22 - 12 would give es away.
    assert "(es) fewer than 5" in page and "(ar) not shown, to protect a smaller group" in page
    assert "(uk) 12" in page and "In all 22" in page
    assert "Language barrier" in page and "INS-0002" in page
    markdown = client.get("/listening/1/report.md")
    assert markdown.status_code == 200 and markdown.headers["content-type"].startswith("text/markdown")
    assert "| es | fewer than 5 |" in markdown.text and "| ar | not shown" in markdown.text
    assert "| 7 |" not in markdown.text and "| 3 |" not in markdown.text
    pdf = client.get("/listening/1/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_an_insight_becomes_a_draft_with_its_provenance(client, council):
    from codesign.listening.tables import Insight
    from codesign.scenarios.tables import Revision

    start(client, council)
    login(client, "amina")
    response = post(client, "/listening/insights/2/draft")
    assert response.status_code == 303, response.text
    slug = response.headers["location"].removeprefix("/drafts/")
    assert slug.startswith("insight-0002-no-interpreter")
    front = call(client, lambda: Revision.select(Revision.front_matter).first())["front_matter"]
    assert "source_type: listening_session_insight" in front and "ref: INS-0002" in front
    assert "session: LS-0001" in front and "consent_scope: paraphrase" in front
    assert "consent_status: granted_anonymous" in front
    insight = call(client, lambda: Insight.select(Insight.status, Insight.scenario).where(Insight.id == 2).first())
    assert insight["status"] == "in_proposal" and insight["scenario"] is not None
    page = text_of(client.get(f"/drafts/{slug}").text)
    assert "From listening sessions" in page and "Insight INS-0002 from listening session LS-0001" in page
    again = post(client, "/listening/insights/2/draft", follow_redirects=True)
    assert "already in a proposal" in again.text
    post(client, "/listening/insights/3/status", {"status": "validated", "consent_status": "withdrawn"})
    refused = post(client, "/listening/insights/3/draft", follow_redirects=True)
    assert "Consent for this insight is withdrawn" in refused.text


def test_anonymous_feedback_shows_aggregates_only_from_five_and_text_to_organisers(client, council, monkeypatch):
    from datetime import UTC, datetime

    from codesign.listening import feedback
    from codesign.listening.tables import Feedback

    now = {"at": datetime(2031, 6, 4, 10, 0, tzinfo=UTC)}  # a Wednesday; answers are released on Mondays
    monkeypatch.setattr(feedback, "_now", lambda: now["at"])
    login(client, "amina")
    schedule(client)
    assert post(client, "/listening/1/feedback", {"days": "0"}).status_code == 422
    assert post(client, "/listening/1/feedback", {"days": "14"}).status_code == 303
    from codesign.listening.tables import FeedbackForm

    public = call(client, lambda: FeedbackForm.select(FeedbackForm.public_id).first())["public_id"]
    answer = {"service_setting": "housing_intake", "treated": "badly", "understood": "no",
              "interpreter": "not_offered", "text": "Nobody explained the letter."}
    with another_browser(client):
        assert client.get(f"/feedback/{public}").status_code == 200
        assert post(client, f"/feedback/{public}", {**answer, "treated": "rudely"}).status_code == 422
        for _n in range(4):
            assert post(client, f"/feedback/{public}", answer).status_code == 303
        post(client, f"/feedback/{public}", {**answer, "treated": "well", "text": ""})
    page = text_of(client.get("/listening/1/feedback").text)
    assert "No answers are released yet" in page and "Nobody explained" not in page
    now["at"] = datetime(2031, 6, 9, 0, 0, tzinfo=UTC)  # the release day
    page = text_of(client.get("/listening/1/feedback").text)
    assert "5 answers released" in page and "Nobody explained the letter." in page
    assert "Badly 4" not in page  # 4 badly and 1 well: both below five, hidden
    post(client, "/logout")
    login(client, "ada")
    member = text_of(client.get("/listening/1/feedback").text)
    assert "5 answers released" in member and "Nobody explained" not in member
    assert call(client, Feedback.count) == 5
    rows = call(client, lambda: Feedback.select().run())
    assert "received_on" in rows[0] and not any("ip" in key or "_at" in key for key in rows[0])


def test_retention_purges_raw_notes_and_feedback_text_after_the_period(client, council):
    from datetime import UTC, datetime, timedelta

    from codesign.listening import retention
    from codesign.listening.tables import Feedback, FeedbackForm, ListeningSession, LiveBallot, LiveVote, Note

    start(client, council, notes_retention_days="30", feedback_retention_days="10")
    login(client, "amina")
    post(client, "/listening/1/notes", {"text": "A raw note."})
    post(client, "/listening/1/feedback", {"days": "14"})
    public = call(client, lambda: FeedbackForm.select(FeedbackForm.public_id).first())["public_id"]
    post(client, f"/feedback/{public}", {"service_setting": "pharmacy", "treated": "well", "understood": "yes",
                                         "interpreter": "not_needed", "text": "Kind staff."})
    client.get(f"/live/{code(client)}")
    post(client, f"/live/{code(client)}", {"dots_i1": "1"})
    starts = call(client, lambda: ListeningSession.select(ListeningSession.starts_at).first())["starts_at"]
    today = datetime.now(UTC)
    assert call(client, retention.purge, today) == retention.Purged(notes=0, feedback_texts=0, votes_closed=0)
    assert call(client, retention.purge, today + timedelta(days=10)).feedback_texts == 1
    assert call(client, lambda: Feedback.select(Feedback.text).first())["text"] == ""
    assert call(client, Feedback.count) == 1  # the answer stays, for the aggregates
    before = call(client, retention.purge, starts + timedelta(days=29))
    assert before.notes == 0 and before.votes_closed == 1  # a vote open for 30 days: counted, ballots deleted
    assert call(client, Note.count) == 1 and call(client, LiveBallot.count) == 0
    assert call(client, lambda: LiveVote.select(LiveVote.closed_at).first())["closed_at"] is not None
    assert call(client, retention.purge, starts + timedelta(days=30)).notes == 1
    assert call(client, Note.count) == 0
    assert call(client, retention.purge, starts + timedelta(days=400)) == retention.Purged(0, 0, 0)


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"time_zone": "Mars/Olympus"}, "time_zone", "Enter a time zone such as"),
    ({"time_zone": "../etc/passwd"}, "time_zone", "Enter a time zone such as"),
    ({"date": "2031-02-30"}, "date", "Enter the date and time"),
    ({"online_link": "https://meet.example.org/x"}, "online_link", "Only an online session"),
    ({"format": "online", "venue_type": "online", "online_link": "javascript:alert(1)"}, "online_link",
     "starts with https://"),
    ({"lang_3": "Arabic!", "mode_3": "sign_language"}, "lang_3", "language code"),
    ({"pair_2": "arabic", "provider_2": "volunteer"}, "pair_2", "language pair"),
    ({"item_3": "Break", "minutes_3": "0", "method_3": "open_discussion"}, "item_3", "from 1 to 480 minutes"),
    ({"format": "carrier_pigeon"}, "format", "Choose one of the options"),
    ({"accessibility": ["step_free", "teleport"]}, "accessibility", "Choose only from the options"),
    ({"notes_retention_days": "365"}, "notes_retention_days", "at most 90"),
    ({"title": ""}, "title", "This field is required"),
])
def test_scheduling_rules(client, council, changes, field, message):
    from codesign.listening.tables import ListeningSession

    login(client, "amina")
    response = schedule(client, **changes)
    assert response.status_code == 422
    assert f'href="#{field}"' in response.text and message in response.text
    assert call(client, ListeningSession.count) == 0


def test_an_online_session_keeps_its_link_and_editing_and_cancelling(client, council):
    login(client, "amina")
    online = {"format": "online", "venue_type": "online", "online_link": "https://meet.example.org/room"}
    assert schedule(client, **online).status_code == 303
    assert "https://meet.example.org/room" in client.get("/listening/1").text
    edit = client.get("/listening/1/edit")
    assert edit.status_code == 200 and 'value="18:30"' in edit.text and 'value="es-en"' in edit.text
    assert post(client, "/listening/1/edit", {**SESSION, "title": "Renamed"}).status_code == 303
    page = client.get("/listening/1").text
    assert "Renamed" in page and "meet.example.org" not in page
    assert post(client, "/listening/1/cancel", {}).status_code == 422  # needs the confirmation
    assert post(client, "/listening/1/cancel", {"confirm": "on"}).status_code == 303
    with another_browser(client):
        announced = client.get(f"/announce/{public_id(client)}").text
        assert "This session is cancelled." in announced and "Count me in" not in announced
        closed = post(client, f"/announce/{public_id(client)}/register", {"language": "ar"})
        assert closed.status_code == 422 and "Registration for this session is closed." in closed.text


def test_registration_keeps_only_counts_per_offered_language(client, council):
    from codesign.listening.tables import LanguageCount

    login(client, "amina")
    schedule(client)
    post(client, "/logout")
    pid = public_id(client)
    for language in ("ar", "ar", "es"):
        with another_browser(client):
            assert post(client, f"/announce/{pid}/register", {"language": language}).status_code == 303
    assert post(client, f"/announce/{pid}/register", {"language": "de"}).status_code == 422
    rows = call(client, lambda: LanguageCount.select().order_by(LanguageCount.language).run())
    assert [(r["kind"], r["language"], r["count"]) for r in rows] == [("registered", "ar", 2),
                                                                     ("registered", "es", 1)]
    assert set(rows[0]) == {"id", "session", "kind", "language", "count"}  # nothing about anyone
    assert client.get("/announce/no-such-session").status_code == 404


def test_a_past_session_takes_no_registrations(client, council):
    login(client, "amina")
    schedule(client, date="2020-01-01")
    closed = post(client, f"/announce/{public_id(client)}/register", {"language": "ar"})
    assert closed.status_code == 422


def test_the_session_list_is_paginated_with_a_flat_query_count(client, council):
    from codesign import db

    login(client, "amina")
    schedule(client)
    client.get("/councils/riverside/listening")
    before = db.query_count()
    client.get("/councils/riverside/listening")
    few = db.query_count() - before
    for _n in range(30):
        schedule(client)
    client.get("/councils/riverside/listening")  # shows (and clears) the last flash message
    before = db.query_count()
    page = client.get("/councils/riverside/listening")
    assert db.query_count() - before == few
    assert "Page 1 of 2" in text_of(page.text)
    assert client.get("/councils/riverside/listening?page=2").status_code == 200


def html_pages(client, page) -> None:
    """Every listening page for the Nu Html Checker (tests/test_html_validity.py); the organiser is logged in."""
    from codesign.listening.tables import FeedbackForm, ListeningSession, LiveVote

    htmx = {"hx-request": "true"}
    page("listening-empty", client.get("/councils/riverside/listening"))
    page("listening-new", client.get("/councils/riverside/listening/new"))
    page("listening-new-errors", post(client, "/councils/riverside/listening/new",
                                      {**SESSION, "time_zone": "Nowhere", "lang_1": "!", "item_1": "x"}), 422)
    post(client, "/councils/riverside/listening/new", SESSION)
    page("listening-session", client.get("/listening/1"))
    page("listening-edit", client.get("/listening/1/edit"))
    page("listening-cancel", client.get("/listening/1/cancel"))
    page("listening-facilitate", client.get("/listening/1/facilitate"))
    page("fragment-listening-note", post(client, "/listening/1/notes", {"text": "A note."}, headers=htmx))
    page("fragment-listening-insight-errors", post(client, "/listening/1/insights", {"statement": ""},
                                                   headers=htmx), 422)
    for statement in ("Asked for papers.", "No interpreter offered."):
        post(client, "/listening/1/insights", {"statement": statement, "themes": ["language_barrier"],
                                               "consent_scope": "paraphrase", "consent_status": "granted_anonymous",
                                               "sensitivity": "low", "raised_by": "several"})
    page("fragment-listening-note-flagged", post(client, "/listening/1/notes", {"text": "Call 07700 900123."},
                                                 headers=htmx))
    page("listening-facilitate-flagged", client.get("/listening/1/facilitate"))  # "papers", a phone number
    post(client, "/listening/1/attendance", {"language": "ar", "count": "9"})
    page("listening-attendance-errors", post(client, "/listening/1/attendance", {"language": "", "count": "x"}), 422)
    post(client, "/listening/1/consent", {"consent_l2": "9", "consent_l3": "6", "consent_l4": "2"})
    page("listening-consent-errors", post(client, "/listening/1/consent", {"consent_l2": "99", "consent_l3": "x"}),
         422)
    page("listening-vote-errors", post(client, "/listening/1/votes", {"title": "", "method": "dots"}), 422)
    post(client, "/listening/1/votes", {"title": "Which first?", "method": "ranking", "insights": ["1", "2"]})
    page("listening-vote", client.get("/listening/votes/1"))
    page("listening-projector", client.get("/listening/votes/1/projector"))
    page("fragment-listening-projector", client.get("/listening/votes/1/projector", headers=htmx))
    post(client, "/listening/1/feedback", {"days": "7"})
    page("listening-feedback", client.get("/listening/1/feedback"))
    code = call(client, lambda: LiveVote.select(LiveVote.code).first())["code"]
    public = call(client, lambda: ListeningSession.select(ListeningSession.public_id).first())["public_id"]
    form = call(client, lambda: FeedbackForm.select(FeedbackForm.public_id).first())["public_id"]
    feedback_batches(client, page, form)
    saved = dict(client.cookies)
    post(client, "/logout")
    client.cookies.clear()
    page("listening-announcement", client.get(f"/announce/{public}"))
    page("listening-register-errors", post(client, f"/announce/{public}/register", {"language": "xx"}), 422)
    page("listening-join", client.get("/live"))
    page("listening-live", client.get(f"/live/{code}"))
    for _n in range(5):  # enough devices for the closed vote's points to be shown
        with another_browser(client):
            client.get(f"/live/{code}")
            post(client, f"/live/{code}", {"rank_1": "i2", "rank_2": "i1"})
    page("listening-live-errors", post(client, f"/live/{code}", {"rank_1": "i1", "rank_2": "i1"}), 422)
    page("ar-listening-live", client.get(f"/live/{code}", headers={"accept-language": "ar"}))
    page("listening-feedback-form", client.get(f"/feedback/{form}"))
    page("listening-feedback-errors", post(client, f"/feedback/{form}", {"treated": "x"}), 422)
    page("listening-feedback-thanks", client.get(f"/feedback/{form}/thanks"))
    page("listening-feedback-thanks-removed", client.get(f"/feedback/{form}/thanks?removed=1"))
    client.cookies.clear()
    client.cookies.update(saved)
    login(client, "amina")
    post(client, "/listening/votes/1/close")
    page("listening-vote-closed", client.get("/listening/votes/1"))
    page("listening-projector-closed", client.get("/listening/votes/1/projector"))
    page("listening-report", client.get("/listening/1/report"))
    draft = post(client, "/listening/insights/1/draft")
    page("draft-from-insight", client.get(draft.headers["location"]))


def feedback_batches(client, page, form: str) -> None:
    """The organiser's feedback page while answers wait (fewer than five, then five) and once they are released."""
    from datetime import timedelta

    from codesign.listening import feedback

    answer = {"service_setting": "pharmacy", "treated": "well", "understood": "yes", "interpreter": "not_needed",
              "text": "Kind staff."}
    for count, name in ((3, "listening-feedback-waiting-few"), (2, "listening-feedback-waiting")):
        with another_browser(client):
            for _n in range(count):
                post(client, f"/feedback/{form}", answer)
            answer["text"] = "They did not ask about my visa. Call me: 07700 900123."  # marked, and a placeholder
        page(name, client.get("/listening/1/feedback"))
    real_now = feedback._now
    feedback._now = lambda: real_now() + timedelta(days=8)  # past the next release day
    try:
        page("listening-feedback-released", client.get("/listening/1/feedback"))
    finally:
        feedback._now = real_now
