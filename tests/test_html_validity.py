"""Every kind of page is valid HTML, as the Nu Html Checker (vnu) sees it.

The pages are rendered through the test client (no browser), written to a temporary folder and
checked by one run of vnu.jar from node_modules, so the Java start-up is paid once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import call, login, post

ROOT = Path(__file__).parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Known false positives: (kind, regular expression on the message). Add one only with a comment saying
# why it is not a real problem; never to silence one.
IGNORED: list[tuple[str, re.Pattern[str]]] = []


def _vnu_command() -> list[str]:
    java = shutil.which("java")
    missing = [what for what, ok in (("java", java), (str(VNU_JAR), VNU_JAR.is_file())) if not ok]
    if missing:
        message = f"the Nu Html Checker needs {' and '.join(missing)} (npm ci installs vnu-jar; Java 11+)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert java is not None
    return [java, "-Xss2m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]


def _logout(client: Any) -> None:
    post(client, "/logout")
    client.cookies.clear()


def render_pages(client: Any, world: Any) -> dict[str, str]:
    """Name -> HTML of a representative page of every template, with the status each should have."""
    pages: dict[str, str] = {}

    def page(name: str, response: Any, status: int = 200) -> None:
        assert response.status_code == status, f"{name}: {response.status_code}\n{response.text[:500]}"
        assert response.headers["content-type"].startswith("text/html"), name
        pages[name] = response.text

    council = world.council("riverside", "Riverside Council")
    world.user("root", role="admin")
    amina = world.user("amina")
    world.member(council, amina, "organiser")
    ada = world.user("ada", display_name="Ada Lovelace")
    world.member(council, ada)
    farah = world.user("farah", locale="ar", display_name="فرح")
    world.member(council, farah)
    code = world.invitation(council)

    # Anonymous, in English.
    page("home-anonymous", client.get("/"))
    page("login", client.get("/login"))
    page("login-errors", post(client, "/login", {"username": "", "password": ""}), 422)
    page("join-code", client.get("/join", params={"code": code}))
    page("join-errors", post(client, "/join", {"code": "NOPE", "username": "a b", "password": "short",
                                               "display_name": "", "locale": "en", "email": "not-an-email"}), 422)
    page("councils", client.get("/councils"))
    page("council-anonymous", client.get("/councils/riverside"))
    page("about", client.get("/about"))
    page("privacy", client.get("/privacy"))
    page("conduct", client.get("/code-of-conduct"))
    page("not-found", client.get("/no/such/page"), 404)
    page("csrf", client.post("/login", data={"username": "x", "password": "y"}), 403)
    assert "The form has expired" in pages["csrf"], "a post without its CSRF token did not get the CSRF page"

    # Anonymous, in Arabic (right to left).
    arabic = {"accept-language": "ar"}
    page("ar-home-anonymous", client.get("/", headers=arabic))
    page("ar-join-code", client.get("/join", params={"code": code}, headers=arabic))
    page("ar-join-errors", post(client, "/join", {"code": "", "username": "", "password": ""}, headers=arabic), 422)

    # The admin: organisations, people, a person, a new council with an organisation to choose.
    login(client, "root")
    assert post(client, "/admin/organisations", {"name": "Women Together", "slug": "women-together",
                                                 "kind": "migrant_led", "description": "A network."}).status_code == 303
    organisation = re.search(r'<option value="(\d+)">Women Together', client.get(f"/admin/people/{ada}").text)
    assert organisation, "the organisation is not offered on the person page"
    assert post(client, f"/admin/people/{ada}", {"organisation": organisation.group(1)}).status_code == 303
    page("admin-organisations", client.get("/admin/organisations"))
    page("admin-organisations-errors", post(client, "/admin/organisations", {"name": "", "slug": "Bad Slug"}), 422)
    page("admin-people", client.get("/admin/people"))
    page("admin-person", client.get(f"/admin/people/{ada}"))
    page("admin-person-errors", post(client, f"/admin/people/{ada}", {"reviewer_kinds": ["astrology"]}), 422)
    page("council-new", client.get("/councils/new"))
    page("council-new-errors", post(client, "/councils/new", {"name": "", "slug": "x y"}), 422)
    page("council-admin", client.get("/councils/riverside"))
    page("council-appoint-errors", post(client, "/councils/riverside/organisers", {"username": "nobody"}), 422)
    _logout(client)

    # The organiser of the council.
    login(client, "amina")
    page("home-logged-in", client.get("/"))
    page("council-organiser", client.get("/councils/riverside"))
    page("members", client.get("/councils/riverside/members"))
    page("workflow-settings", client.get("/councils/riverside/settings"))
    page("workflow-settings-errors", post(client, "/councils/riverside/settings", {"default_quorum": "0"}), 422)
    page("invitations", client.get("/councils/riverside/invitations"))
    page("invitations-errors", post(client, "/councils/riverside/invitations",
                                    {"role": "king", "days": "0", "max_uses": "lots"}), 422)
    # What htmx swaps in: checked inside a minimal document of its own (see FRAGMENT_PAGE).
    htmx = {"hx-request": "true"}
    page("fragment-invitation-created", post(client, "/councils/riverside/invitations",
                                             {"role": "member", "days": "7", "max_uses": "3"}, headers=htmx))
    page("fragment-invitation-errors", post(client, "/councils/riverside/invitations",
                                            {"role": "member", "days": "0", "max_uses": "3"}, headers=htmx), 422)
    page("council-edit", client.get("/councils/riverside/edit"))
    page("council-edit-errors", post(client, "/councils/riverside/edit", {"name": ""}), 422)
    page("member-remove", client.get(f"/councils/riverside/members/{ada}/remove"))
    page("account", client.get("/account"))
    page("account-password", client.get("/account/password"))
    page("account-password-errors", post(client, "/account/password", {"current_password": "", "new_password": "x"}),
         422)
    page("account-delete", client.get("/account/delete"))
    page("account-delete-errors", post(client, "/account/delete", {"password": ""}), 422)
    page("join-logged-in", client.get("/join"))
    # Scenario drafts: the list, the editor (empty, with errors, with a preview), a draft, its history,
    # a comparison, an old version, an amendment.
    page("drafts-empty", client.get("/councils/riverside/drafts"))
    page("draft-new", client.get("/councils/riverside/drafts/new"))
    draft = {"title": "Keys", "id": "keys", "summary": "", "details": "", "shown_as": "name", "action": "save",
             "section_situation": "A *family* arrives.\n\n| a | b |\n|---|---|\n| 1 | 2 |", "consent_records": "SES-1"}
    page("draft-new-errors", post(client, "/councils/riverside/drafts/new", {**draft, "title": "",
                                                                             "details": "x: [broken"}), 422)
    page("draft-new-preview", post(client, "/councils/riverside/drafts/new", {**draft, "action": "preview"}))
    post(client, "/councils/riverside/drafts/new", draft)
    post(client, "/drafts/keys/edit", {**draft, "section_situation": "A family arrives late.", "base": "1"})
    post(client, "/drafts/keys/amend", {**draft, "section_debrief": "How was it?", "reason": "A debrief."})
    page("drafts", client.get("/councils/riverside/drafts?q=family"))
    page("fragment-drafts", client.get("/councils/riverside/drafts?q=family", headers=htmx))
    page("draft", client.get("/drafts/keys"))
    page("draft-edit", client.get("/drafts/keys/edit"))
    page("draft-history", client.get("/drafts/keys/history"))
    page("draft-compare", client.get("/drafts/keys/compare?a=1&b=2"))
    page("draft-revision", client.get("/drafts/keys/revisions/1"))
    page("draft-amend", client.get("/drafts/keys/amend"))
    page("draft-amendment", client.get("/drafts/keys/amendments/1"))
    page("fragment-live-preview", post(client, "/drafts/preview", draft, headers=htmx))
    # The discussion, moderation and notices.
    post(client, "/drafts/keys/comments", {"body": "A *first* comment.", "intent": "question", "shown_as": "name"})
    post(client, "/drafts/keys/comments", {"body": "On a paragraph.", "intent": "concern", "block": "1"})
    post(client, "/drafts/keys/comments", {"body": "A reply.", "intent": "support", "parent": "1"})
    post(client, "/drafts/keys/flag", {"reason": "spam", "comment": "2"})
    page("draft-with-discussion", client.get("/drafts/keys"))
    page("comment-new-paragraph", client.get("/drafts/keys/comments/new?block=1"))
    page("comment-reply", client.get("/drafts/keys/comments/new?parent=1"))
    page("comment-errors", post(client, "/drafts/keys/comments", {"body": "", "intent": "nope"}), 422)
    page("comment-edit", client.get("/comments/1/edit"))
    page("comment-delete", client.get("/comments/1/delete"))
    page("comments-all", client.get("/drafts/keys/comments"))
    page("fragment-new-comments", client.get("/drafts/keys/comments?after=0", headers=htmx))
    page("flag", client.get("/drafts/keys/flag?comment=1"))
    page("moderation", client.get("/councils/riverside/moderation"))
    post(client, "/moderation/comments/2/hide", {"reason": "Off topic."})
    page("moderation-log", client.get("/councils/riverside/moderation/log"))
    page("comment-edits", client.get("/moderation/comments/1/edits"))
    page("notifications", client.get("/notifications"))
    page("email-digest", client.get("/account/email-digest"))
    # Council decisions and priority votes.
    page("priorities-empty", client.get("/councils/riverside/priorities"))
    page("priority-new", client.get("/councils/riverside/priorities/new"))
    page("priority-new-errors", post(client, "/councils/riverside/priorities/new", {"title": "", "method": "x"}), 422)
    post(client, "/councils/riverside/priorities/new", {"title": "Next", "method": "borda", "topics": "A\nB\nC"})
    post(client, "/councils/riverside/priorities/new", {"title": "Dots", "method": "dots", "topics": "A\nB"})
    page("priority-borda", client.get("/priorities/1"))
    page("priority-dots", client.get("/priorities/2"))
    page("priority-errors", post(client, "/priorities/1/ballot", {"rank_1": "t1", "rank_2": "t1"}), 422)
    post(client, "/priorities/1/ballot", {"rank_1": "t2", "rank_2": "t1"})
    post(client, "/priorities/1/close")
    page("priority-results", client.get("/priorities/1"))
    page("priorities", client.get("/councils/riverside/priorities"))
    _logout(client)
    login(client, "ada")
    ready = (Path(__file__).resolve().parents[1] / "proposals" / "housing-notice-under-the-door.md").read_text()
    from codesign.accounts.actor import Actor, CouncilRole
    from codesign.scenarios import services as scenario_services

    ada_actor = Actor(user_id=ada, councils=(CouncilRole(council, "riverside", "Riverside", "member"),))
    call(client, scenario_services.propose_draft, ada_actor, council, ready, "", "name")
    post(client, "/drafts/housing-notice-under-the-door/steps/submit")
    _logout(client)
    login(client, "amina")
    page("decision-new", client.get("/drafts/housing-notice-under-the-door/decisions/new"))
    page("decision-new-errors", post(client, "/drafts/housing-notice-under-the-door/decisions/new",
                                     {"question": "", "rule": "x", "quorum": "0"}), 422)
    post(client, "/drafts/housing-notice-under-the-door/decisions/new",
         {"question": "Go on?", "rule": "consent", "quorum": "20", "secret": "", "live_results": "on"})
    post(client, "/decisions/1/ballot", {"choice": "approve"})
    page("decision-open", client.get("/decisions/1"))
    page("decision-errors", post(client, "/decisions/1/ballot", {"choice": "reject", "reason": ""}), 422)
    post(client, "/decisions/1/close")
    page("decision-closed", client.get("/decisions/1"))
    from tests.test_listening import html_pages as listening_pages

    listening_pages(client, page)  # scheduling, facilitator mode, live votes, reports, feedback
    # Expert review: assigning from the draft (organiser), then the queue and a review (reviewer).
    from codesign.accounts.tables import User
    from codesign.review.checklists import CHECKLISTS

    rev = world.user("rev", role="reviewer", display_name="Rev")
    women = int(organisation.group(1))  # migrant-led: rev may then sign off a bias review (approve() below)
    call(client, lambda: User.update({User.organisation: women}).where(User.id == rev))
    reviewers = "/drafts/housing-notice-under-the-door/reviewers"
    page("review-assign", client.get(reviewers))
    page("review-assign-errors", post(client, reviewers, {"review_kind": "x", "reviewer": "", "due_days": "0"}), 422)
    page("fragment-review-panel-errors", post(client, reviewers, {"review_kind": "safeguarding", "reviewer": "nobody",
                                                                  "due_days": "7"}, headers=htmx), 422)
    post(client, reviewers, {"review_kind": "safeguarding", "reviewer": "rev", "due_days": "14"})
    page("draft-with-reviews", client.get("/drafts/housing-notice-under-the-door"))
    _logout(client)
    login(client, "rev")
    page("review-queue", client.get("/reviews"))
    page("review", client.get("/reviews/1"))
    page("review-errors", post(client, "/reviews/1", {"outcome": "pass", "answer_safeguarding_1": "no"}), 422)
    checklist = {f"answer_{item.id}": "yes" for item in CHECKLISTS["safeguarding"]}
    post(client, "/reviews/1", {**checklist, "outcome": "changes_requested", "summary": "Add a stop signal."})
    page("review-history", client.get("/reviews/1"))
    _logout(client)
    # After a revision that only touches the Situation: rev's (forced) sign-off still stands, which the review
    # page says; a bias sign-off from outside a migrant-led organisation does not count, which the panel says.
    from codesign.review.tables import Assignment
    from codesign.scenarios.tables import Scenario

    world.user("bert", role="reviewer", display_name="Bert")
    login(client, "amina")
    post(client, reviewers, {"review_kind": "bias", "reviewer": "bert", "due_days": "14"})
    post(client, reviewers, {"review_kind": "bias", "reviewer": "rev", "due_days": "14"})
    _logout(client)
    call(client, scenario_services.save_draft, ada_actor, "housing-notice-under-the-door",
         ready.replace("she has not slept", "she is tired"), "Shorter", "name")
    call(client, lambda: Scenario.update({Scenario.state: "expert_review"}).where(
        Scenario.slug == "housing-notice-under-the-door"))
    call(client, lambda: Assignment.update({Assignment.last_outcome: "pass", Assignment.awaiting: False}).where(
        Assignment.id == 1))
    call(client, lambda: Assignment.update({Assignment.last_outcome: "pass", Assignment.last_revision: 2}).where(
        Assignment.id == 2))
    login(client, "rev")
    page("review-diff-still-signed-off", client.get("/reviews/1"))
    _logout(client)
    login(client, "amina")
    page("draft-reviews-bias-needs-migrant-led", client.get("/drafts/housing-notice-under-the-door"))
    _logout(client)
    assert "your sign-off still stands" in pages["review-diff-still-signed-off"]
    # A reviewer who became a co-author since may no longer review (a conflict of interest).
    from datetime import UTC, datetime

    from codesign.scenarios.tables import CoAuthor

    bert = call(client, lambda: User.select(User.id).where(User.username == "bert").first())["id"]
    housing = call(client, lambda: Scenario.select(Scenario.id).where(
        Scenario.slug == "housing-notice-under-the-door").first())["id"]
    call(client, lambda: CoAuthor.insert(CoAuthor(scenario=housing, user=bert, added_at=datetime.now(UTC))))
    login(client, "bert")
    page("review-conflict", client.get("/reviews/2"))
    _logout(client)
    assert "You wrote part of this draft" in pages["review-conflict"]
    assert "are not from a migrant-led organisation" in pages["draft-reviews-bias-needs-migrant-led"]

    # The library: a trainer publishes an approved scenario, builds a pack (and is asked before deleting it), reports
    # a session and makes an API token; the organiser sees the usage aggregate and the withdrawn-consent form on
    # the draft, and retires the scenario from its release page.
    from codesign.accounts.actor import Actor, CouncilRole
    from codesign.library.demo import approve
    from codesign.scenarios import services as scenario_services

    role = (CouncilRole(council, "riverside", "Riverside Council", "organiser"),)
    organiser = Actor(user_id=amina, display_name="Amina", councils=role)
    shelter = (Path(__file__).resolve().parents[1] / "proposals" / "shelter-the-first-night.md").read_text()
    call(client, scenario_services.propose_draft, organiser, council, shelter, "", "name")
    call(client, approve, "shelter-the-first-night", organiser, organiser, "rev")
    world.user("tess", role="trainer", display_name="Tess")
    login(client, "tess")
    page("library-publish", client.get("/drafts/shelter-the-first-night/publish"))
    post(client, "/drafts/shelter-the-first-night/publish", {"change_notes": ""})
    page("library-list", client.get("/library"))
    page("library-search", client.get("/library", params={"q": "shelter", "group_size": "8"}))
    page("library-errors", client.get("/library", params={"service_setting": "nope"}), 422)
    page("fragment-library-results", client.get("/library", headers={"HX-Request": "true"}))
    page("library-packs", client.get("/library/packs"))
    page("library-packs-errors", post(client, "/library/packs", {"title": ""}), 422)
    post(client, "/library/packs", {"title": "Induction", "introduction": "For new staff."})
    page("library-release", client.get("/library/shelter-the-first-night"))
    post(client, "/library/packs/add", {"pack": "1", "release": "1"})
    page("library-pack", client.get("/library/packs/1"))
    page("library-pack-delete", client.get("/library/packs/1/delete"))
    page("library-pack-delete-errors", post(client, "/library/packs/1/delete", {}), 422)
    page("library-report", client.get("/library/shelter-the-first-night/v/1.0.0/report"))
    page("library-report-errors", post(client, "/library/shelter-the-first-night/v/1.0.0/report",
                                       {"run_on": "x", "rating": "9"}), 422)
    page("library-tokens-empty", client.get("/library/tokens"))
    page("library-tokens-errors", post(client, "/library/tokens", {"name": ""}), 422)
    page("library-token-secret", post(client, "/library/tokens", {"name": "Agency learning system"}))
    page("library-tokens", client.get("/library/tokens"))
    page("library-token-revoke", client.get("/library/tokens/1/revoke"))
    _logout(client)
    login(client, "amina")
    page("library-draft-panels", client.get("/drafts/shelter-the-first-night"))
    page("library-consent-confirm", post(client, "/drafts/shelter-the-first-night/consent/confirm",
                                         {"ref": "INS-0027", "reason": "Asked."}))
    page("library-consent-errors", post(client, "/drafts/shelter-the-first-night/consent",
                                        {"ref": "INS-0027", "reason": ""}), 422)
    page("library-retire-errors", post(client, "/library/shelter-the-first-night/retire", {"reason": ""}), 422)
    post(client, "/library/shelter-the-first-night/retire", {"reason": "Replaced by a new scenario.", "confirm": "on"})
    page("library-release-retired", client.get("/library/shelter-the-first-night"))
    _logout(client)

    # A member who may post for an organisation (the checkbox on the account page), flash messages.
    login(client, "ada")
    page("account-with-organisation", client.get("/account"))
    page("account-errors", post(client, "/account", {"display_name": "", "locale": "xx", "email": "nope"}), 422)
    page("home-member-flash", post(client, "/account", {"display_name": "Ada", "locale": "en",
                                                        "speak_for_organisation": "on"}, follow_redirects=True))
    page("forbidden", client.get("/admin/organisations"), 403)
    _logout(client)

    # A member whose language is Arabic.
    login(client, "farah")
    page("ar-home-logged-in", client.get("/"))
    page("ar-members", client.get("/councils/riverside/members"))
    page("ar-council", client.get("/councils/riverside"))
    page("ar-account", client.get("/account"))
    assert 'dir="rtl"' in pages["ar-members"] and 'lang="ar"' in pages["ar-members"]
    # The form macros' own words are translated too (Babel once skipped their folder, "_macros").
    for english in ("There is a problem", "(optional)", ">Error:<"):
        assert english not in pages["ar-join-errors"], f"{english!r} is not translated on the Arabic join page"
    return pages


FRAGMENT_PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>htmx fragment</title></head>'
                 "<body><h1>The page around the fragment</h1>\n{}\n</body></html>")


def broken_fragment_links(html: str) -> list[str]:
    """Links within the page (error summaries, the skip link) whose target id is not on the page."""
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    return sorted({target for target in re.findall(r'href="#([^"]+)"', html) if target not in ids})


def run_vnu(files: list[Path]) -> list[dict[str, Any]]:
    command = [*_vnu_command(), *map(str, files)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("vnu did not finish within 180 s")
    # vnu writes its JSON report to stderr; accept stdout too, in case a version changes that.
    for output in (result.stderr, result.stdout):
        start = output.find("{")
        if start != -1:
            try:
                return list(json.loads(output[start:])["messages"])
            except (json.JSONDecodeError, KeyError):
                continue
    pytest.fail(f"vnu gave no JSON report (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")


def is_problem(message: dict[str, Any]) -> bool:
    kind = message.get("type")
    if kind == "info" and message.get("subType") == "warning":
        kind = "warning"
    if kind not in ("error", "non-document-error", "warning"):
        return False
    text = message.get("message", "")
    return not any(kind == ignored_kind and pattern.search(text) for ignored_kind, pattern in IGNORED)


def describe(message: dict[str, Any]) -> str:
    name = Path(message.get("url", "?").removeprefix("file:")).name
    kind = message.get("subType") if message.get("type") == "info" else message.get("type")
    extract = message.get("extract", "").replace("\n", " ").strip()
    return f"{name}:{message.get('lastLine', '?')}: {kind}: {message.get('message', '')}\n    {extract}"


def test_every_page_is_valid_html(client, world, tmp_path):
    pages = render_pages(client, world)
    folder = tmp_path / "pages"
    folder.mkdir()
    files = []
    problems = []
    for name, html in pages.items():
        if name.startswith("fragment-"):
            assert "<html" not in html, f"{name} is a whole page, not an htmx fragment"
            html = FRAGMENT_PAGE.format(html)
        else:
            problems += [f"{name}.html: a link to #{target}, but no element has that id"
                         for target in broken_fragment_links(html)]
            if 'class="error-summary"' in html and not name.startswith("ar-") and "<title>Error: " not in html:
                problems.append(f"{name}.html: the page shows errors, but its title does not start with 'Error:'")
        path = folder / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)

    # A page that is surely invalid: proves that vnu ran, read every file and reported in the format parsed here.
    canary = folder / "zz-canary.html"
    canary.write_text("<p>no doctype, no title", encoding="utf-8")

    messages = run_vnu([*files, canary])
    assert any(m.get("url", "").endswith("/zz-canary.html") and m.get("type") == "error" for m in messages), (
        f"vnu did not report the invalid canary page; its report: {messages[:5]}")
    messages = [m for m in messages if not m.get("url", "").endswith("/zz-canary.html")]
    problems += [describe(message) for message in messages if is_problem(message)]
    assert not problems, f"{len(problems)} HTML problem(s) in {folder}:\n" + "\n".join(problems)
