"""A listening session in the real server and Debian's chromium: the organiser schedules a session and opens it in
facilitator mode (insights captured with htmx), opens a dot vote; participants with no account join with the
code (one without JavaScript, one switching the page to Arabic) and vote; the projector, already open, shows the
results once five devices have voted; the organiser closes the vote and turns the top insight into a draft whose
page shows where it came from.

Each person has a browser context of their own; assertions use Playwright's auto-waiting `expect`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_COUNCIL, ContextFactory
from tests.browser.people import log_in

pytestmark = pytest.mark.browser

TITLE = "Journey: the benefits office"
INSIGHTS = ("Journey: staff spell names differently on every letter.",
            "Journey: nobody explains which documents are needed.",
            "Journey: the queue number screen is only in English.")
# Dots per participant on the three insights (in the order above): after five, the first insight wins with 8.
BALLOTS = ((3, 0, 0), (2, 1, 0), (0, 1, 2), (2, 1, 0), (1, 0, 0))


def schedule(page: Page) -> str:
    page.goto(f"/councils/{DEMO_COUNCIL}/listening")
    page.locator(f'a[href="/councils/{DEMO_COUNCIL}/listening/new"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a listening session")
    page.locator("#title").fill(TITLE)
    page.locator("#purpose").fill("To choose the next scenario about benefits offices.")
    page.locator("#date").fill((datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%d"))
    page.locator("#time").fill("17:30")
    page.locator("#time_zone").fill("Europe/Madrid")
    page.locator("#format").select_option("in_person")
    page.locator("#venue_type").select_option("library")
    page.locator("#lang_1").fill("es")
    page.locator("#mode_1").select_option("facilitated_in_language")
    page.locator("#lang_2").fill("ar")
    page.locator("#mode_2").select_option("consecutive_interpreting")
    page.locator("#access-hearing_loop").check()
    page.locator("#item_1").fill("Stories from the desk")
    page.locator("#minutes_1").fill("40")
    page.locator("#method_1").select_option("story_circle")
    page.locator('main form button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/listening/\d+$"))
    expect(page.locator(".flash")).to_have_text("The session is scheduled. Share its announcement link.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    return re.sub(r"^https?://[^/]+", "", page.url)


def add_insight(page: Page, statement: str) -> str:
    """Adds an insight in facilitator mode (htmx: the page is not reloaded); returns its reference."""
    form = page.locator("#insight-form form")
    form.locator("#statement").fill(statement)
    form.locator("#theme-document_mismatch").check()
    form.locator("#consent_scope").select_option("paraphrase")
    form.locator('button[type="submit"]').click()
    item = page.locator("#insights li").filter(has_text=statement)
    expect(item).to_have_count(1)
    expect(page.locator("#insight-form #statement")).to_have_value("")  # a fresh form came back
    ref = item.locator("strong").first.inner_text()
    assert re.fullmatch(r"INS-\d{4,}", ref), ref
    return ref


def participate(new_context: ContextFactory, code: str, dots: tuple[int, ...], refs: list[str], *,
                javascript: bool = True, arabic: bool = False) -> Page:
    page = new_context(javascript=javascript).new_page()
    page.goto("/live")
    if arabic:  # the language switcher works without an account
        page.locator("#language-select").select_option("ar")
        page.locator('form.language-switcher button[type="submit"]').click()
        expect(page.locator("html")).to_have_attribute("lang", "ar")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#code").fill(code.lower())
    page.locator('main form[action="/live"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(rf"/live/{code}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("What should the next scenario be about?")
    for ref, count in zip(refs, dots, strict=True):
        page.locator(f"#dots_i{int(ref.removeprefix('INS-'))}").fill(str(count))
    page.locator(f'main form[action="/live/{code}"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(rf"/live/{code}$"))
    if not arabic:
        expect(page.locator(".flash")).to_have_text("Your vote is saved. You can change it until the vote closes.")
    expect(page.locator("p.notice")).to_be_visible()  # "You have voted…"
    return page


def test_a_session_a_live_vote_the_projector_and_an_insight_into_a_draft(new_context: ContextFactory) -> None:
    # --- The organiser schedules a session; its announcement is public --------------------------------------------
    page = new_context().new_page()
    log_in(page, "organiser")
    session = schedule(page)
    announcement = page.locator("main a[href*='/announce/']").first.get_attribute("href") or ""
    visitor = new_context().new_page()
    visitor.goto(re.sub(r"^https?://[^/]+", "", announcement))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator("main")).to_contain_text("Hearing loop")

    # --- Facilitator mode: three insights, captured with htmx -----------------------------------------------------
    page.locator(f'a[href="{session}/facilitate"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Facilitator mode")
    refs = [add_insight(page, statement) for statement in INSIGHTS]

    # --- A dot vote on them ---------------------------------------------------------------------------------------
    vote_form = page.locator(f'form[action="{session}/votes"]')
    vote_form.locator("#title").fill("What should the next scenario be about?")
    vote_form.locator("#method").select_option("dots")
    vote_form.locator("#dots").fill("3")
    for ref in refs:
        vote_form.locator(f"#vote-insight-{int(ref.removeprefix('INS-'))}").check()
    vote_form.locator('button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/listening/votes/\d+$"))
    vote = re.sub(r"^https?://[^/]+", "", page.url)
    code = page.locator(".join-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code), code
    expect(page.locator(".qr-figure svg")).to_be_visible()  # made by the server, inline

    # --- The projector is open before anyone votes ------------------------------------------------------------------
    projector = new_context().new_page()
    log_in(projector, "organiser")
    projector.goto(f"{vote}/projector")
    expect(projector.locator(".participants")).to_have_text("0 devices have voted.")

    # --- Three participants join with the code and vote ---------------------------------------------------------
    participate(new_context, code, BALLOTS[0], refs)
    participate(new_context, code, BALLOTS[1], refs, javascript=False)
    participate(new_context, code, BALLOTS[2], refs, arabic=True)

    # The projector catches up by itself (htmx polls every 3 s), without a reload; with fewer than five devices
    # it shows no points, which would tell a small room who voted what (P-09).
    expect(projector.locator(".participants")).to_have_text("3 devices have voted.", timeout=10_000)
    expect(projector.locator("#projector-results")).to_contain_text(
        "Points are shown once at least 5 devices have voted.")
    expect(projector.locator(".projector-bars")).to_have_count(0)
    participate(new_context, code, BALLOTS[3], refs)
    participate(new_context, code, BALLOTS[4], refs)
    expect(projector.locator(".participants")).to_have_text("5 devices have voted.", timeout=10_000)
    bars = projector.locator(".projector-bars li")
    expect(bars.locator(".option")).to_have_text(list(INSIGHTS))  # 8, 3 and 2 points: best first
    expect(bars.locator(".points")).to_have_text(["8 points", "3 points", "2 points"])

    # --- The organiser closes the vote: the tally is kept, the ballots are gone -----------------------------------
    page.locator(f'form[action="{vote}/close"] button[type="submit"]').click()
    expect(page.locator(".flash")).to_have_text("The vote is closed. The tally is kept and every ballot is deleted.")
    projector.goto(f"{vote}/projector")
    expect(projector.locator("#projector-results-heading")).to_have_text("Final results")
    expect(projector.locator(".projector-bars .points").first).to_have_text("8 points")

    # --- The top insight becomes a draft that shows its provenance --------------------------------------------
    page.goto(f"{session}/report")
    expect(page.locator("main")).to_contain_text(refs[0])
    page.locator(f'form[action="/listening/insights/{int(refs[0].removeprefix("INS-"))}/draft"] button').click()
    expect(page).to_have_url(re.compile(r"/drafts/insight-\d+-journey-staff-spell-names"))
    expect(page.locator(".flash")).to_have_text(
        "The insight is now a draft proposal; its provenance is in the front matter.")
    provenance = page.locator("section[aria-labelledby='provenance-heading']")
    session_ref = f"LS-{int(session.rsplit('/', 1)[1]):04d}"
    expect(provenance).to_contain_text(
        f"Insight {refs[0]} from listening session {session_ref}; consent scope: Paraphrase.")
    expect(provenance).to_contain_text("Consent: Agreed, anonymous.")
