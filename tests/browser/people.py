"""People in the browser journeys: new members who join the demo council, and logging in as anyone."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_COUNCIL, DEMO_INVITATION, DEMO_PASSWORD, ContextFactory

NEW_MEMBER_PASSWORD = "journey member words"


@dataclass
class Member:
    username: str
    display_name: str
    page: Page


def join(new_context: ContextFactory, first_name: str, *, javascript: bool = True) -> Member:
    """A new member joins the demo council with its invitation code, in English, in a context of their own."""
    page = new_context(javascript=javascript).new_page()
    username = f"{first_name.lower()}{secrets.randbelow(10**8):08d}"
    display_name = f"{first_name} {secrets.randbelow(10**4):04d}"
    page.goto("/join")
    page.locator("#code").fill(DEMO_INVITATION)
    page.locator("#username").fill(username)
    page.locator("#display_name").fill(display_name)
    page.locator("#password").fill(NEW_MEMBER_PASSWORD)
    page.locator("#locale").select_option("en")
    page.locator('main form[action="/join"] button[type="submit"]').click()
    expect(page).to_have_url(re.compile(rf"/councils/{DEMO_COUNCIL}$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator('.site-header a[href="/account"]')).to_contain_text(display_name)
    return Member(username, display_name, page)


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Logs in and makes sure the page is in English (another journey may have changed a demo account's)."""
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator('main form[action="/login"] button[type="submit"]').click()
    expect(page.locator('.site-header a[href="/account"]')).to_be_visible()
    if page.locator("html").get_attribute("lang") != "en":
        page.locator("#language-select").select_option("en")
        page.locator('form.language-switcher button[type="submit"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
