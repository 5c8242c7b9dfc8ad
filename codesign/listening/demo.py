"""Demo data for listening sessions: one session a week ahead with insights, attendance counts and a feedback form."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from codesign.accounts.actor import Actor
from codesign.listening import facilitation, feedback, sessions

INSIGHTS = (
    ("People are asked for immigration papers at housing desks when the service does not need them.",
     ["fear_of_authorities"], "paraphrase"),
    ("Phone lines offer no interpreter, so people bring their children to translate.",
     ["language_barrier", "caring_responsibilities"], "paraphrase"),
    ("Letters about appointments arrive in English only and after the date.", ["language_barrier"], "themes_only"),
)


async def load(organiser: Actor, council_id: int) -> int:
    """Schedules the demo session through the same services as the app; returns its id."""
    day = datetime.now(UTC) + timedelta(days=7)
    session_id = await sessions.schedule(organiser, council_id, sessions.SessionInput(
        title="Housing and health desks: what happened to you?",
        purpose="To choose the next training scenarios for housing and health front desks. We cannot change "
                "decisions on individual cases.",
        date=day.strftime("%Y-%m-%d"), time="18:00", time_zone="Europe/London", format="in_person",
        venue_type="community_centre", accessibility=["step_free", "childcare", "food", "regular_breaks"],
        registration_open=True, roles={"facilitator": 1, "recorder": 1, "host": 1, "community_mentor": 1},
        languages=[{"lang": "ar", "mode": "facilitated_in_language"},
                   {"lang": "fa", "mode": "consecutive_interpreting"},
                   {"lang": "en", "mode": "facilitated_in_language"}],
        interpreters=[{"pair": "fa-en", "provider": "community_interpreter", "agreement": "yes"}],
        agenda=[{"item": "Welcome, ground rules and consent", "minutes": "15", "method": "open_discussion"},
                {"item": "Stories from the desk", "minutes": "40", "method": "story_circle"},
                {"item": "What matters most", "minutes": "20", "method": "dot_vote"}]))
    for statement, themes, scope in INSIGHTS:
        await facilitation.add_insight(organiser, session_id, statement, themes, scope, "granted_anonymous", "medium",
                                       "several")
    for language, count in (("ar", 6), ("fa", 3), ("en", 5)):
        await facilitation.set_attendance(organiser, session_id, language, count)
    await feedback.open_form(organiser, session_id, 14)
    return session_id
