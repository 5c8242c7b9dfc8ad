"""A council decision in the real server and Debian's chromium: three new members join, the organiser
submits a demo draft for community review and opens a secret decision on it, the members vote (one
changes their ballot, with JavaScript off), and the organiser closes it: the outcome, the turnout, the
chart, the table and the CSV show, and nobody ever sees who chose what.

Each person has a browser context of their own; assertions use Playwright's auto-waiting `expect`.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ContextFactory
from tests.browser.people import Member, join, log_in

pytestmark = pytest.mark.browser

SLUG = "benefits-two-spellings-one-person"  # no other browser test touches this demo draft
DRAFT = f"/drafts/{SLUG}"
# The electorate is every member at opening: the demo's, these three, and whoever other journeys on the
# same server added before. A low quorum keeps three ballots enough for a council of up to 20 members; the
# expected outcome is still worked out from the eligible count the page shows, so a bigger one also passes.
QUORUM_PERCENT = 15
CHOICE_LABELS = {"approve": "Approve", "request_changes": "Request changes", "reject": "Reject",
                 "abstain": "Abstain"}








def vote(member: Member, decision: str, choice: str) -> None:
    """Picks a choice on the decision page and saves it; the page then shows it as the member's vote."""
    page = member.page
    form = page.locator(f'form[action="{decision}/ballot"]')
    form.locator(f'input[type="radio"][name="choice"][value="{choice}"]').check()
    form.locator('button[type="submit"]').click()
    expect(page).to_have_url(re.compile(rf"{re.escape(decision)}$"))
    expect(page.locator(".flash")).to_have_text("Your vote is saved. You can change it until the decision closes.")
    expect(page.locator("p.notice").filter(has_text="Your vote:").locator("strong")).to_have_text(
        CHOICE_LABELS[choice])
    # The form now offers a change, with the saved choice ticked.
    expect(page.locator("#vote-heading")).to_have_text("Change your vote")
    expect(form.locator(f'input[name="choice"][value="{choice}"]')).to_be_checked()


def eligible_count(page: Page, voted: int) -> int:
    """N from “<voted> of N eligible members have voted.”, once the page shows that many votes."""
    fact = page.locator(".facts-list li").filter(has_text="eligible members have voted")
    expect(fact).to_have_text(re.compile(rf"^{voted} of \d+ eligible members have voted\.$"))
    match = re.match(rf"{voted} of (\d+) ", fact.inner_text())
    assert match is not None, fact.inner_text()
    return int(match.group(1))


def test_secret_decision_three_members_vote_one_changes_and_the_organiser_closes_it(
        new_context: ContextFactory) -> None:
    # --- Three members join before the decision opens (eligibility is fixed then) -----------------------
    members = [join(new_context, "Dalia"), join(new_context, "Emeka", javascript=False), join(new_context, "Fatima")]
    dalia, emeka, fatima = members

    # --- The organiser submits the draft for community review -----------------------------------------------
    page = new_context().new_page()
    log_in(page, "organiser")
    page.goto(DRAFT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two spellings, one person")
    expect(page.locator(f'a[href="{DRAFT}/decisions/new"]')).to_have_count(0)  # not in community review yet
    submit = page.locator(f'form[action="{DRAFT}/steps/submit"]')
    expect(submit.locator('button[type="submit"]')).to_have_text("Submit for community review")
    submit.locator('button[type="submit"]').click()
    expect(page).to_have_url(re.compile(rf"{re.escape(DRAFT)}$"))
    expect(page.locator(".flash")).to_have_text("The draft is now at this stage: Community review.")
    expect(page.locator(f'form[action="{DRAFT}/steps/submit"]')).to_have_count(0)

    # --- …and opens a secret council decision on it --------------------------------------------------------
    with page.expect_navigation() as navigation:
        page.locator(f'a[href="{DRAFT}/decisions/new"]').click()
    opened = navigation.value
    assert opened is not None and opened.status == 200, f"GET {DRAFT}/decisions/new answered {opened and opened.status}"
    expect(page).to_have_url(re.compile(rf"{re.escape(DRAFT)}/decisions/new$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a council decision")
    question = page.locator("#question").input_value()
    assert question.strip(), "the question should come filled in"
    page.locator('input[type="radio"][name="rule"][value="simple_majority"]').check()
    page.locator("#quorum").fill(str(QUORUM_PERCENT))
    secret = page.locator('input[type="checkbox"][name="secret"]')
    expect(secret).to_be_checked()  # secret by default
    expect(page.locator('input[type="checkbox"][name="live_results"]')).not_to_be_checked()
    page.locator(f'main form[action="{DRAFT}/decisions/new"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/decisions/\d+$"))
    expect(page.locator(".flash")).to_have_text("The decision is open. Members can vote now.")
    decision = re.sub(r"^https?://[^/]+", "", page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(question.strip())
    expect(page.locator(".facts-list")).to_contain_text("Secret ballot: nobody can see who chose what.")
    eligible = eligible_count(page, 0)
    assert eligible >= 3 + 1, eligible  # the three new members and the organiser at least
    people = page.locator("section[aria-labelledby='eligible-heading'] ul.eligible li")
    for member in members:
        expect(people.filter(has_text=member.display_name)).to_have_count(1)
    expect(people.locator(".tag")).to_have_count(0)

    # The draft page now lists the decision as open, on a secret ballot.
    page.goto(DRAFT)
    listed = page.locator("section[aria-labelledby='decisions-heading'] li").filter(
        has=page.locator(f'a[href="{decision}"]'))
    expect(listed.locator(".tag")).to_have_text(["Open for votes", "Secret ballot"])

    # --- Three members vote; one changes their ballot (without JavaScript) ------------------------------------
    for member in members:
        member.page.goto(decision)
        expect(member.page.locator("#vote-heading")).to_have_text("Vote")
        expect(member.page.locator("p.notice").filter(has_text="Your vote:")).to_have_count(0)
    vote(dalia, decision, "approve")
    vote(emeka, decision, "reject")
    vote(fatima, decision, "request_changes")
    vote(emeka, decision, "approve")  # changes their mind: one ballot, the new choice

    # --- While it is open: no results, and who voted but never what they chose ---------------------------------
    for viewer in (fatima.page, page):
        viewer.goto(decision)
        results = viewer.locator("section[aria-labelledby='results-heading']")
        expect(results.locator("p.muted")).to_have_text("The results are shown when the decision closes.")
        expect(results.locator("svg.chart")).to_have_count(0)
        expect(results.locator("table")).to_have_count(0)
        assert eligible_count(viewer, 3) == eligible
        who = viewer.locator("section[aria-labelledby='eligible-heading']")
        expect(who.get_by_role("heading", level=2)).to_have_text("Who could vote")
        for member in members:
            entry = who.locator("li").filter(has_text=member.display_name)
            expect(entry.locator(".tag")).to_have_text("voted")
        expect(who.locator(".tag")).to_have_count(3)
        for label in CHOICE_LABELS.values():
            expect(who).not_to_contain_text(label)
    expect(page.locator(f'form[action="{decision}/ballot"]')).to_be_visible()  # the organiser may vote too

    # --- The organiser closes it ------------------------------------------------------------------------
    needed = (eligible * QUORUM_PERCENT + 99) // 100  # rounded up, as the server counts it
    quorum_met = len(members) >= needed
    outcome = "Passed" if quorum_met else "No quorum: not enough members took part"
    page.locator(f'form[action="{decision}/close"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(rf"{re.escape(decision)}$"))
    expect(page.locator(".flash")).to_have_text(f"The decision is closed: {outcome}.")
    expect(page.locator(f'form[action="{decision}/close"]')).to_have_count(0)
    expect(page.locator(f'form[action="{decision}/ballot"]')).to_have_count(0)

    for viewer in (page, dalia.page):
        if viewer is not page:
            viewer.goto(decision)
            expect(viewer.locator("p.notice").filter(has_text="Your vote:").locator("strong")).to_have_text("Approve")
            expect(viewer.locator(f'form[action="{decision}/ballot"]')).to_have_count(0)
        results = viewer.locator("section[aria-labelledby='results-heading']")
        expect(results.locator("p.lead strong")).to_have_text(outcome)
        turnout = results.locator("p").filter(has_text="Turnout:")
        expect(turnout).to_contain_text(f"Turnout: 3 of {eligible} (")
        expect(turnout).to_contain_text(f"Quorum: {needed} needed.")
        expect(turnout).to_contain_text("The quorum was met." if quorum_met else "The quorum was not met.")
        chart = results.locator("svg.chart")
        expect(chart).to_be_visible()
        expect(chart.locator("rect")).to_have_count(4)
        rows = results.locator("table tbody tr")
        expect(rows.locator("th")).to_have_text(["Approve", "Request changes", "Reject", "Abstain"])
        expect(rows.locator("td:nth-child(2)")).to_have_text(["2", "1", "0", "0"])
        expect(rows.locator("td:nth-child(3)")).to_have_text(["66.7%", "33.3%", "0%", "0%"])
        # A secret ballot: nobody sees who chose what, not even now.
        expect(viewer.get_by_role("heading", name="Who chose what")).to_have_count(0)
        for member in members:
            expect(results).not_to_contain_text(member.display_name)
        expect(viewer.locator("section[aria-labelledby='eligible-heading'] .tag")).to_have_count(3)
        expect(results.locator(f'a[href="{decision}/results.csv"]')).to_be_visible()

    response = page.request.get(f"{decision}/results.csv")
    assert response.status == 200, response.status
    assert response.headers["content-type"].startswith("text/csv"), response.headers["content-type"]
    csv_text = response.text()
    for line in ("Approve,2,66.7", "Request changes,1,33.3", "Reject,0,0.0", "Abstain,0,0.0",
                 f"Eligible,{eligible}", "Turnout,3", f"Quorum needed,{needed}", f"Outcome,{outcome}"):
        assert line in csv_text, f"{line!r} not in:\n{csv_text}"
    for member in members:
        assert member.display_name not in csv_text

    # The draft page lists the decision with its outcome.
    page.goto(DRAFT)
    listed = page.locator("section[aria-labelledby='decisions-heading'] li").filter(
        has=page.locator(f'a[href="{decision}"]'))
    expect(listed.locator(".tag")).to_have_text([outcome, "Secret ballot"])
