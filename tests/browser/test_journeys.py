"""Journeys through the real server in Debian's chromium, with and without JavaScript.

Each test starts from a fresh browser context (no cookies); the server and its demo data are shared.
Assertions use Playwright's auto-waiting `expect`, never sleeps.
"""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import DEMO_COUNCIL, DEMO_INVITATION, DEMO_PASSWORD, ContextFactory

pytestmark = pytest.mark.browser

CODE = re.compile(r"[A-Z0-9]{5}-[A-Z0-9]{5}")

# The header, the footer and the council tabs, without what is rightly not translated: names people
# and councils chose (in <bdi>), language names written in their own language (lang="…"), and the
# product name.
CHROME_TEXT = """() => {
  const parts = [];
  for (const selector of ['.site-header', '.site-footer', 'nav.tabs']) {
    const element = document.querySelector(selector);
    if (!element) { throw new Error('missing ' + selector); }
    const copy = element.cloneNode(true);
    copy.querySelectorAll('bdi, [lang], .brand').forEach((node) => node.remove());
    parts.push(copy.innerText);
  }
  return parts.join('\\n');
}"""
PRODUCT_NAME = "Codesign"


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Logs in with the form on /login, whatever language the page is in."""
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator('main form[action="/login"] button[type="submit"]').click()


def log_out_and_check(page: Page) -> None:
    """Logs out with the header button; the page after it may be in any language."""
    page.locator('form[action="/logout"] button').click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".flash")).to_be_visible()
    expect(page.locator('.account-menu a[href="/login"]')).to_be_visible()
    expect(page.locator('a[href="/account"]')).to_have_count(0)
    expect(page.locator('form[action="/logout"]')).to_have_count(0)


def test_join_with_invitation_code_then_switch_to_arabic(page: Page) -> None:
    username = f"newmember{secrets.randbelow(10**8):08d}"
    page.goto("/join")
    page.get_by_label("Invitation code").fill(DEMO_INVITATION)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Display name").fill("Nour")
    page.get_by_label("Password").fill("a few words to remember")
    page.get_by_label("Language of the site").select_option("en")
    page.get_by_label("Email address").fill(f"{username}@example.org")
    page.get_by_label("Languages you speak").fill("Arabic, English")
    page.get_by_role("button", name="Create account and join").click()

    expect(page).to_have_url(re.compile(rf"/councils/{DEMO_COUNCIL}$"))
    header = page.locator(".site-header")
    expect(header.get_by_role("link", name=re.compile("My account"))).to_be_visible()
    expect(header.get_by_role("link", name=re.compile("My account"))).to_contain_text("Nour")
    expect(page.locator(".flash")).to_have_text("Welcome to the council.")
    expect(page.get_by_text("You are in this council as: Member.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    header.get_by_label("Language", exact=True).select_option("ar")
    header.get_by_role("button", name="Change language").click()

    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page).to_have_url(re.compile(rf"/councils/{DEMO_COUNCIL}$"))
    expect(page.locator("#language-select")).to_have_value("ar")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    chrome = page.evaluate(CHROME_TEXT).replace(PRODUCT_NAME, "")
    assert chrome.strip(), "the header, footer and tabs have no text left to check"
    english = re.findall(r"[A-Za-z]{2,}", chrome)
    assert not english, f"untranslated words in the Arabic page chrome: {english}\n{chrome}"

    # The choice is the member's setting: it stays after logging out and in again.
    log_out_and_check(page)
    log_in(page, username, "a few words to remember")
    expect(page.locator("html")).to_have_attribute("lang", "ar")


def test_organiser_creates_a_council_and_an_invitation(page: Page) -> None:
    slug = f"harbour-{secrets.token_hex(3)}"
    log_in(page, "organiser")
    expect(page.locator('a[href="/account"]')).to_be_visible()

    page.goto("/councils")
    page.get_by_role("link", name="Create a council").click()
    expect(page).to_have_url(re.compile(r"/councils/new$"))
    page.get_by_label("Name", exact=True).fill("Harbour Advisory Council")
    page.get_by_label("Short name for web addresses").fill(slug)
    page.get_by_label("Public description").fill("People who arrived by sea, advising the port city's services.")
    page.get_by_role("button", name="Create council").click()

    expect(page).to_have_url(re.compile(rf"/councils/{slug}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Harbour Advisory Council")
    expect(page.get_by_text("You are in this council as: Organiser.")).to_be_visible()
    expect(page.locator(".flash")).to_have_text("The council is created. You are its organiser.")

    page.locator("nav.tabs").get_by_role("link", name="Invitation codes").click()
    expect(page).to_have_url(re.compile(rf"/councils/{slug}/invitations$"))
    expect(page.get_by_text("No invitation codes yet.")).to_be_visible()
    page.get_by_label("Role for people who join with this code").select_option("member")
    page.get_by_label("Valid for how many days").fill("30")
    page.get_by_label("How many people can use it").fill("12")
    # htmx is loaded (deferred) before the form is used; otherwise the click would be a plain post.
    page.wait_for_function("() => typeof window.htmx !== 'undefined'")

    page.evaluate("window.__marker = 1")
    page.get_by_role("button", name="Create invitation code").click()

    status = page.get_by_role("status").filter(has_text="New invitation code:")
    expect(status).to_be_visible()
    expect(status).to_have_text(re.compile(rf"New invitation code: {CODE.pattern}"))
    rows = page.locator("#invitations tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("code")).to_have_text(re.compile(rf"^{CODE.pattern}$"))
    expect(rows.first).to_contain_text("0 of 12")
    announced = CODE.search(status.inner_text())
    assert announced is not None
    expect(rows.first.locator("code")).to_have_text(announced.group(0))
    assert page.evaluate("window.__marker") == 1, "creating the code reloaded the page"
    expect(page).to_have_url(re.compile(rf"/councils/{slug}/invitations$"))
    # The swapped-in form is ready for another code, with the defaults.
    expect(page.get_by_label("How many people can use it")).to_have_value("10")


def test_log_in_and_out_without_javascript(new_context: ContextFactory) -> None:
    context: BrowserContext = new_context(javascript=False)
    page = context.new_page()
    page.goto("/login")
    # Playwright's own evaluation still works, but the page's scripts (htmx) never ran.
    assert page.evaluate("typeof window.htmx") == "undefined"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Username").fill("farah")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # Farah's language is Arabic: the page after logging in is in Arabic.
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    account = page.locator('.site-header a[href="/account"]')
    expect(account).to_be_visible()
    expect(account).to_contain_text("Farah")
    expect(page.locator(".flash")).to_be_visible()
    expect(page.locator('.account-menu a[href="/login"]')).to_have_count(0)

    log_out_and_check(page)
    expect(html).to_have_attribute("dir", "rtl")  # the language cookie keeps the page in Arabic


def test_log_in_and_out_with_javascript(page: Page) -> None:
    log_in(page, "lucia", "not the password at all")
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_label("Username")).to_have_value("lucia")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.locator('a[href="/account"]')).to_have_count(0)

    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # Lucía's language is Spanish.
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "es")
    expect(html).to_have_attribute("dir", "ltr")
    account = page.locator('.site-header a[href="/account"]')
    expect(account).to_be_visible()
    expect(account).to_contain_text("Lucía")
    expect(page.locator(".flash")).to_be_visible()

    log_out_and_check(page)
    expect(html).to_have_attribute("lang", "es")


def test_login_message_is_in_the_members_language(page: Page) -> None:
    log_in(page, "farah")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    flash = page.locator(".flash")
    expect(flash).to_be_visible()
    expect(flash).not_to_have_text(re.compile(r"[A-Za-z]{2,}"), timeout=1_000)
