"""Expert review in the real server and Debian's chromium: a demo draft is submitted and discussed, passes a
council decision, the organiser assigns two reviewers from its page, one requests changes, the author revises and
the draft comes back, that reviewer reads what changed and signs off, the second signs off too, and the final
council sign-off approves it. Then a trainer publishes it, builds a pack, downloads the PDF guide and records a
usage report, and the council sees the report (tests/browser/library_steps.py).

The council requires two reviews for this journey (its settings are put back at the end), and a decision needs
only the organiser's vote (a 1 % quorum), so other journeys' members do not change the outcome.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_COUNCIL, ContextFactory
from tests.browser.library_steps import trainer_publishes_packs_prints_and_reports
from tests.browser.people import join, log_in

pytestmark = pytest.mark.browser

SLUG = "civil-registration-a-name-for-the-baby"  # no other browser test touches this demo draft
DRAFT = f"/drafts/{SLUG}"
SETTINGS = f"/councils/{DEMO_COUNCIL}/settings"
CHECKLIST_SIZE = 8  # safeguarding and rights accuracy both have eight questions


def flash(page: Page, text: str) -> None:
    expect(page.locator(".flash")).to_contain_text(text)


def set_required_reviews(page: Page, kinds: list[str]) -> list[str]:
    """Ticks exactly these kinds on the council's settings page; returns the kinds ticked before."""
    page.goto(SETTINGS)
    boxes = page.locator('input[name="required_review_kinds"]')
    before = [boxes.nth(i).get_attribute("value") or "" for i in range(boxes.count()) if boxes.nth(i).is_checked()]
    for i in range(boxes.count()):
        boxes.nth(i).set_checked((boxes.nth(i).get_attribute("value") or "") in kinds)
    page.locator(f'main form[action="{SETTINGS}"] button[type="submit"]').click()
    expect(page.locator(".flash")).to_be_visible()
    return before


def council_decides(page: Page, purpose: str = "draft") -> None:
    """The organiser opens a decision (a 1 % quorum), votes for it and closes it: it passes."""
    page.goto(DRAFT)
    link = f"{DRAFT}/decisions/new?purpose=signoff" if purpose == "signoff" else f"{DRAFT}/decisions/new"
    page.locator(f'a[href="{link}"]').click()
    page.locator("#quorum").fill("1")
    page.locator(f'main form[action="{DRAFT}/decisions/new"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/decisions/\d+$"))
    decision = re.sub(r"^https?://[^/]+", "", page.url)
    page.locator(f'form[action="{decision}/ballot"] input[name="choice"][value="approve"]').check()
    page.locator(f'form[action="{decision}/ballot"] button[type="submit"]').click()
    flash(page, "Your vote is saved.")
    page.locator(f'form[action="{decision}/close"] button[type="submit"]').click()
    flash(page, "The decision is closed: Passed.")


def stage(page: Page, name: str) -> None:
    page.goto(DRAFT)
    expect(page.locator("main p").filter(has_text="Stage:").locator("strong")).to_have_text(name)


def fill_review(page: Page, kind: str, outcome: str, summary: str = "", noes: dict[int, str] | None = None) -> None:
    """Answers the checklist on the review page (yes, or no with a note) and submits it."""
    noes = noes or {}
    for number in range(1, CHECKLIST_SIZE + 1):
        item = f"{kind}_{number}"
        value = "no" if number in noes else "yes"
        page.locator(f'input[name="answer_{item}"][value="{value}"]').check()
        if number in noes:
            page.locator(f"#note_{item}").fill(noes[number])
    page.locator(f'input[name="outcome"][value="{outcome}"]').check()
    if summary:
        page.locator("#summary").fill(summary)
    page.locator('main form button[type="submit"]', has_text="Submit the review").click()


def open_review(page: Page, title: str) -> None:
    """From the queue (reached by the Reviews link in the navigation) to the review of this draft."""
    page.goto("/")
    page.locator('a[href="/reviews"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your reviews")
    page.locator("ul.cards li").filter(has_text=title).locator("h2 a").click()
    expect(page).to_have_url(re.compile(r"/reviews/\d+$"))


def test_two_reviewers_one_requests_changes_then_both_sign_off_and_the_draft_is_approved(
        new_context: ContextFactory) -> None:
    organiser = new_context().new_page()
    log_in(organiser, "organiser")
    previous = set_required_reviews(organiser, ["safeguarding", "rights"])
    try:
        _journey(new_context, organiser)
    finally:
        set_required_reviews(organiser, previous)


def _journey(new_context: ContextFactory, organiser: Page) -> None:
    # --- A second reviewer: a new member whom the admin registers as a rights reviewer -------------------------
    rights = join(new_context, "Rashid", javascript=False)
    admin = new_context().new_page()
    log_in(admin, "admin")
    admin.goto(f"/admin/people?q={rights.username}")
    admin.locator("table a", has_text=rights.username).click()
    admin.locator('input[name="reviewer_kinds"][value="rights"]').check()
    admin.locator('main form button[type="submit"]', has_text="Save roles").click()
    flash(admin, "The roles are saved.")

    # --- The organiser (the demo drafts' author) submits the draft; a member comments -----------------------
    organiser.goto(DRAFT)
    title = organiser.get_by_role("heading", level=1).inner_text().strip()
    organiser.locator(f'form[action="{DRAFT}/steps/submit"] button[type="submit"]').click()
    flash(organiser, "The draft is now at this stage: Community review.")
    member = join(new_context, "Noor")
    member.page.goto(DRAFT)
    member.page.locator('input[name="intent"][value="question"]').check()
    member.page.locator("#body").fill("Who tells the parents which spellings the register accepts?")
    member.page.locator('form.comment-form button[type="submit"]').click()
    expect(member.page.locator("#comment-list")).to_contain_text("Who tells the parents which spellings")

    # --- The council passes it to expert review ------------------------------------------------------------
    council_decides(organiser)
    stage(organiser, "Expert review")

    # --- The organiser assigns two reviewers from the draft's page (htmx swaps the panel) ---------------------
    panel = organiser.locator("#review-panel")
    expect(panel.get_by_role("heading", name="Expert review")).to_be_visible()
    for kind, username in (("safeguarding", "reviewer"), ("rights", rights.username)):
        panel.locator("#review_kind").select_option(kind)
        panel.locator("#reviewer").select_option(username)
        panel.locator("#due_days").fill("14")
        panel.locator('button[type="submit"]', has_text="Assign").click()
        expect(organiser.locator("#review-panel p.notice")).to_have_text("The reviewer is assigned and has been told.")
    expect(panel).to_contain_text("Ruth (reviewer)")
    expect(panel).to_contain_text(rights.display_name)
    expect(panel.locator("strong", has_text="Pass")).to_have_count(0)

    # --- The safeguarding reviewer requests changes -----------------------------------------------------------
    reviewer = new_context().new_page()
    log_in(reviewer, "reviewer")
    open_review(reviewer, title)
    expect(reviewer.get_by_role("heading", level=1)).to_contain_text("Safeguarding and trauma review of")
    expect(reviewer.locator("#diff-heading")).to_have_count(0)
    fill_review(reviewer, "safeguarding", "changes_requested", "Say who supports a participant who gets upset.",
                {6: "The notes do not say how to support a distressed participant."})
    flash(reviewer, "The draft went back to its authors with your reasons")
    expect(reviewer.locator("#history-heading + ol li").first).to_contain_text("Changes requested")

    # --- The author reads the reasons, revises and resubmits; the council passes it again --------------------
    stage(organiser, "Changes requested")
    expect(organiser.locator("main")).to_contain_text("Say who supports a participant who gets upset.")
    organiser.goto(f"{DRAFT}/edit")
    situation = organiser.locator("#section_situation")
    situation.fill(situation.input_value() + "\n\nA colleague sits nearby and can step in if anyone gets upset.")
    organiser.locator('main form button[name="action"][value="save"]').click()
    flash(organiser, "Your changes are saved as a new version.")
    organiser.locator(f'form[action="{DRAFT}/steps/submit"] button[type="submit"]').click()
    flash(organiser, "The draft is now at this stage: Community review.")
    council_decides(organiser)
    stage(organiser, "Expert review")

    # --- The reviewer reads what changed since their review and signs off -------------------------------------
    open_review(reviewer, title)
    expect(reviewer.locator("#diff-heading")).to_contain_text("What changed since your review")
    expect(reviewer.locator("pre.diff ins", has_text="colleague")).not_to_have_count(0)
    fill_review(reviewer, "safeguarding", "pass")
    flash(reviewer, "Your review is saved and signs off this version of the draft.")

    # --- The rights reviewer, whose browser runs no JavaScript, signs off too --------------------------------
    open_review(rights.page, title)
    expect(rights.page.get_by_role("heading", level=1)).to_contain_text("Rights and legal accuracy review of")
    fill_review(rights.page, "rights", "pass_with_notes", "Check the registration deadline locally.")
    flash(rights.page, "Your review is saved and signs off this version of the draft.")

    # --- The final council sign-off approves it --------------------------------------------------------------
    organiser.goto(DRAFT)
    expect(organiser.locator("#review-panel")).to_contain_text("Every required review has signed off the newest version.")
    council_decides(organiser, "signoff")
    stage(organiser, "Approved")

    # --- A trainer publishes it, builds a pack, downloads the PDF and reports a session; the council sees it --
    trainer_publishes_packs_prints_and_reports(new_context, SLUG, title, "name baby")
