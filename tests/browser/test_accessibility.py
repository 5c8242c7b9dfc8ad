"""Accessibility in a real browser: axe-core (WCAG 2.2 AA and best practice) on the main pages in English
and Arabic, the skip link from the keyboard, and reflow at 320 CSS pixels (WCAG 1.4.10).

axe-core comes from node_modules (package-lock.json); nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_COUNCIL, DEMO_INVITATION, DEMO_PASSWORD, ROOT, ContextFactory

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  const brief = (list) => list.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary || ''})),
  }));
  return {passes: results.passes.length, violations: brief(results.violations)};
}"""
NARROW = {"width": 320, "height": 640}


@pytest.fixture
def axe_page(new_context: ContextFactory) -> Page:
    """A page in a context that ignores the app's Content-Security-Policy.

    The CSP allows scripts from the app's own origin only, and add_script_tag(path=…) inserts axe as an
    inline <script>, which it blocks. The bypass is for this context only: the journeys keep the real CSP.
    """
    if not AXE.is_file():
        pytest.fail(f"axe-core is missing: {AXE} (npm ci installs it from package-lock.json)")
    return new_context(bypass_csp=True).new_page()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    results: dict[str, Any] = page.evaluate(RUN_AXE, AXE_TAGS)
    assert results["passes"] > 0, f"axe checked nothing on {page.url}"
    violations: list[dict[str, Any]] = results["violations"]
    return violations


def describe(where: str, violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for violation in violations:
        first = violation["nodes"][0] if violation["nodes"] else {"target": "?", "html": "", "summary": ""}
        lines.append(f"{where}: {violation['id']} ({violation['impact']}) {violation['help']} "
                     f"[{len(violation['nodes'])} node(s)]\n    first: {first['target']}  {first['html'][:160]}\n"
                     f"    {first['summary']}".rstrip())
    return lines


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator('main form[action="/login"] button[type="submit"]').click()


def switch_language(page: Page, code: str) -> None:
    """With the header form, as a person would (for a member it changes their setting too)."""
    page.locator("#language-select").select_option(code)
    page.locator('form.language-switcher button[type="submit"]').click()
    expect(page.locator("html")).to_have_attribute("lang", code)


@pytest.fixture
def organiser_language() -> Iterator[list[Page]]:
    """Puts the demo organiser back to English after a test switched them (the server is shared)."""
    pages: list[Page] = []
    yield pages
    for page in pages:
        page.goto("/")
        if page.locator('a[href="/account"]').count() and page.locator("html").get_attribute("lang") != "en":
            switch_language(page, "en")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_main_pages_have_no_axe_violations(axe_page: Page, organiser_language: list[Page], language: str) -> None:
    page = axe_page
    problems: list[str] = []

    def check(where: str) -> None:
        expect(page.locator("html")).to_have_attribute("lang", language)
        problems.extend(describe(f"{language} {where}", axe_violations(page)))

    page.goto("/")
    if language != "en":
        switch_language(page, language)  # anonymous: the language cookie
    check("home")
    page.goto("/login")
    check("/login")
    log_in(page, "organiser", "not the password")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".error-summary")).to_be_focused()  # autofocus: read first, no script needed
    check("/login after a failed attempt")
    page.goto(f"/join?code={DEMO_INVITATION}")
    check("/join?code=…")

    log_in(page, "organiser")
    expect(page.locator('.site-header a[href="/account"]')).to_be_visible()
    if language != "en":
        organiser_language.append(page)
        switch_language(page, language)
    check("home, logged in")
    draft = "/drafts/housing-notice-under-the-door"
    for path in (f"/councils/{DEMO_COUNCIL}", f"/councils/{DEMO_COUNCIL}/members",
                 f"/councils/{DEMO_COUNCIL}/invitations", "/account", f"/councils/{DEMO_COUNCIL}/drafts",
                 f"/councils/{DEMO_COUNCIL}/drafts?q=interpreter", f"/councils/{DEMO_COUNCIL}/drafts/new",
                 draft, f"{draft}/history", f"{draft}/amend", "/drafts/shelter-the-first-night",
                 f"{draft}/comments/new?block=1", f"{draft}/flag", f"/councils/{DEMO_COUNCIL}/moderation",
                 f"/councils/{DEMO_COUNCIL}/moderation/log", "/notifications", "/account/email-digest",
                 "/decisions/1", "/drafts/health-three-new-medicines", f"/councils/{DEMO_COUNCIL}/priorities",
                 "/priorities/1", "/drafts/benefits-two-spellings-one-person/decisions/new",
                 # The review workflow, the library and listening sessions (the demo's first session is 1).
                 f"/councils/{DEMO_COUNCIL}/settings", "/drafts/police-who-will-see-this",
                 "/drafts/police-who-will-see-this/reviewers", "/library", "/library/school-starting-in-march",
                 "/library/packs", f"/councils/{DEMO_COUNCIL}/listening", f"/councils/{DEMO_COUNCIL}/listening/new",
                 "/listening/1", "/listening/1/facilitate", "/listening/1/report", "/listening/1/feedback",
                 "/live"):
        page.goto(path)
        check(path)
    page.goto("/listening/1")
    announcement = page.locator('main a[href*="/announce/"]').first.get_attribute("href") or ""
    page.goto(announcement)
    check("a session's public announcement")

    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_have_attribute("href", "#main")
    expect(focused).to_be_in_viewport()  # it shows itself when focused

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab goes on from the start of the main content, not from the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)"), (
        page.evaluate("document.activeElement.outerHTML"))


def no_horizontal_scrolling(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > NARROW["width"] + 1:
        wide = page.evaluate("""(limit) => [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > limit || e.getBoundingClientRect().left < 0)
            .slice(0, 8).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
              + (e.className ? '.' + String(e.className).replace(/ /g, '.') : '')
              + ' ' + Math.round(e.getBoundingClientRect().width) + 'px')""", NARROW["width"] + 1)
        pytest.fail(f"{page.url} scrolls sideways at {NARROW['width']}px: scrollWidth {width}; wide: {wide}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pages_reflow_at_320_pixels(new_context: ContextFactory, organiser_language: list[Page],
                                    language: str) -> None:
    page = new_context(viewport=NARROW).new_page()
    page.goto("/join")
    if language != "en":
        switch_language(page, language)
    no_horizontal_scrolling(page)
    page.locator('main form[action="/join"] button[type="submit"]').click()  # sent empty: every error shows
    expect(page.locator(".error-summary")).to_be_visible()
    no_horizontal_scrolling(page)

    log_in(page, "organiser")
    expect(page.locator('.site-header a[href="/account"]')).to_be_visible()
    if language != "en":
        organiser_language.append(page)
        switch_language(page, language)
    for path in (f"/councils/{DEMO_COUNCIL}/members", f"/councils/{DEMO_COUNCIL}/invitations",
                 f"/councils/{DEMO_COUNCIL}/drafts", f"/councils/{DEMO_COUNCIL}/drafts/new",
                 "/drafts/housing-notice-under-the-door", "/drafts/housing-notice-under-the-door/history",
                 f"/councils/{DEMO_COUNCIL}/settings", "/drafts/police-who-will-see-this", "/library",
                 "/library/school-starting-in-march", "/listening/1/facilitate", "/listening/1/report", "/live"):
        page.goto(path)
        no_horizontal_scrolling(page)


def test_new_invitation_code_is_announced_and_keeps_the_focus(page: Page) -> None:
    """With htmx, the new code goes into a live region that was already on the page, and the focus comes back
    to the (swapped-in) button; the request carries the CSRF header from data-hx-headers-inherited."""
    log_in(page, "organiser")
    page.goto(f"/councils/{DEMO_COUNCIL}/invitations")
    page.wait_for_function("() => typeof window.htmx !== 'undefined'")
    status = page.locator("#invitation-status")
    expect(status).to_have_attribute("role", "status")
    expect(status).to_be_empty()
    live_region = status.element_handle()

    button = page.get_by_role("button", name="Create invitation code")
    button.focus()
    with page.expect_request(lambda request: request.method == "POST") as sent:
        page.keyboard.press("Enter")
    assert sent.value.headers.get("x-csrftoken"), "htmx did not send the CSRF header"
    assert sent.value.headers.get("hx-request") == "true", "the form was not sent by htmx"

    expect(status).to_contain_text("New invitation code:")
    assert page.evaluate("(element) => element.isConnected", live_region), "the live region was replaced"
    expect(page.get_by_role("button", name="Create invitation code")).to_be_focused()
