"""Who may do what with listening sessions, through HTTP: every action for a visitor, a participant (no account,
joined a vote), a member, the council's organiser, another council's organiser and an admin."""

from __future__ import annotations

import pytest

from tests.conftest import call, login, post
from tests.test_listening import SESSION, council, start  # noqa: F401 - the council fixture

ROLES = ("visitor", "participant", "member", "organiser", "other_organiser", "admin")
USERNAMES = {"member": "ada", "organiser": "amina", "other_organiser": "omar", "admin": "root"}
OK, GONE, LOGIN = 200, 404, "login"
DONE = 303
INSIGHT = {"statement": "A new insight.", "themes": ["language_barrier"], "consent_scope": "themes_only",
           "consent_status": "granted_anonymous", "sensitivity": "low", "raised_by": "one"}
FEEDBACK = {"service_setting": "pharmacy", "treated": "well", "understood": "yes", "interpreter": "not_needed"}

# (method, path, data, {role: expected}); a role left out expects what "member" expects, and visitors and
# participants (no account) are sent to log in wherever an account is needed.
STAFF_ONLY = {"member": GONE, "organiser": OK, "other_organiser": GONE, "admin": GONE}
STAFF_POST = {"member": GONE, "organiser": DONE, "other_organiser": GONE, "admin": GONE}
COUNCIL_READ = {"member": OK, "organiser": OK, "other_organiser": GONE, "admin": OK}
REPORT_READ = {"member": OK, "organiser": OK, "other_organiser": GONE, "admin": GONE}
PUBLIC = {role: OK for role in ROLES}
PUBLIC_POST = {role: DONE for role in ROLES}
ACTIONS = [
    ("GET", "/councils/riverside/listening", None, COUNCIL_READ),
    ("GET", "/councils/riverside/listening/new", None, STAFF_ONLY),
    ("POST", "/councils/riverside/listening/new", SESSION, STAFF_POST),
    ("GET", "/listening/1", None, COUNCIL_READ),
    ("GET", "/listening/1/edit", None, STAFF_ONLY),
    ("POST", "/listening/1/edit", SESSION, STAFF_POST),
    ("GET", "/announce/{public}", None, PUBLIC),
    ("POST", "/announce/{public}/register", {"language": "ar"}, PUBLIC_POST),
    ("GET", "/listening/1/facilitate", None, STAFF_ONLY),
    ("POST", "/listening/1/notes", {"text": "A note."}, STAFF_POST),
    ("POST", "/listening/1/insights", INSIGHT, STAFF_POST),
    ("POST", "/listening/insights/1/status", {"status": "validated", "consent_status": "granted_anonymous"},
     STAFF_POST),
    ("POST", "/listening/1/attendance", {"language": "ar", "count": "6"}, STAFF_POST),
    ("POST", "/listening/1/consent", {"consent_l2": "6", "consent_l4": "0"}, STAFF_POST),
    ("POST", "/listening/1/votes", {"title": "Again", "method": "dots", "insights": ["1", "2"]}, STAFF_POST),
    ("GET", "/listening/votes/1", None, STAFF_ONLY),
    ("GET", "/listening/votes/1/projector", None, STAFF_ONLY),
    ("GET", "/live", None, PUBLIC),
    ("GET", "/live/{code}", None, PUBLIC),
    ("POST", "/live/{code}", {"dots_i1": "1"}, PUBLIC_POST),
    ("GET", "/listening/1/report", None, REPORT_READ),
    ("GET", "/listening/1/report.md", None, REPORT_READ),
    ("GET", "/listening/1/feedback", None, REPORT_READ),
    ("POST", "/listening/1/feedback", {"days": "5"}, STAFF_POST),
    ("GET", "/feedback/{feedback}", None, PUBLIC),
    ("POST", "/feedback/{feedback}", FEEDBACK, PUBLIC_POST),
    ("POST", "/listening/insights/2/draft", None, STAFF_POST),
    ("POST", "/listening/votes/1/close", None, STAFF_POST),
    ("GET", "/listening/1/cancel", None, STAFF_ONLY),
    ("POST", "/listening/1/cancel", {"confirm": "on"}, STAFF_POST),
]


def expected_for(role: str, expectations: dict[str, object]) -> object:
    if role in expectations:
        return expectations[role]
    return LOGIN if role in ("visitor", "participant") else expectations["member"]


@pytest.mark.parametrize("role", ROLES)
def test_every_listening_action_for_every_role(client, council, role):  # noqa: F811
    from codesign.listening import participation
    from codesign.listening.tables import FeedbackForm, ListeningSession, LiveVote

    start(client, council)
    login(client, "amina")
    post(client, "/listening/1/feedback", {"days": "14"})
    post(client, "/logout")
    values = {
        "public": call(client, lambda: ListeningSession.select(ListeningSession.public_id).first())["public_id"],
        "code": call(client, lambda: LiveVote.select(LiveVote.code).first())["code"],
        "feedback": call(client, lambda: FeedbackForm.select(FeedbackForm.public_id).first())["public_id"],
    }
    client.cookies.clear()
    if role in USERNAMES:
        login(client, USERNAMES[role])
    if role == "participant":
        client.get(f"/live/{values['code']}")
    participation._recent.clear()
    for method, path, data, expectations in ACTIONS:
        url = path.format(**values)
        response = post(client, url, data) if method == "POST" else client.get(url, follow_redirects=False)
        wanted = expected_for(role, expectations)
        if wanted == LOGIN:
            assert response.status_code == 303 and "/login" in response.headers["location"], (method, url)
        else:
            assert response.status_code == wanted, (role, method, url, response.status_code)
