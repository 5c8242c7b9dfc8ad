"""A draft's life in the real server and Debian's chromium: two new members join, one proposes a
draft (with the no-JavaScript Preview button and the htmx live preview), edits it, compares the two
versions, the other proposes an amendment, and the first accepts it as version 3.

Each member has a browser context of their own; assertions use Playwright's auto-waiting `expect`.
"""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_COUNCIL, ContextFactory
from tests.browser.people import join

pytestmark = pytest.mark.browser

OBJECTIVES = """learning_objectives:
  - {id: LO1, competencies: [C04], text: "Offer a professional interpreter for the letter."}
  - {id: LO2, competencies: [C05], text: "Check the tenant understands the next steps."}"""






def test_propose_edit_compare_amend_and_accept_a_draft(new_context: ContextFactory) -> None:
    alice = join(new_context, "Amina")
    bob = join(new_context, "Bilal")
    slug = f"letter-at-the-desk-{secrets.token_hex(3)}"
    title = "A letter at the housing desk"
    page = alice.page

    # --- Member A proposes a draft -------------------------------------------------------------
    page.goto(f"/councils/{DEMO_COUNCIL}/drafts")
    page.get_by_role("link", name="Propose a new draft").click()
    expect(page).to_have_url(re.compile(rf"/councils/{DEMO_COUNCIL}/drafts/new$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Propose a new draft")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Short name for web addresses").fill(slug)
    page.locator("#summary").fill("A tenant brings a letter they cannot read to the housing desk.")
    page.locator("#service_setting").select_option("housing_intake")
    page.locator("#section_situation").fill("A tenant arrives with **a letter**.")

    # The Preview button is a plain form post: the whole page comes back with the rendered draft.
    page.get_by_role("button", name="Preview", exact=True).click()
    preview = page.locator("#live-preview")
    expect(preview.locator("strong")).to_have_text("a letter")
    expect(page.get_by_label("Title", exact=True)).to_have_value(title)
    expect(page.get_by_label("Short name for web addresses")).to_have_value(slug)
    expect(page.locator("#section_situation")).to_have_value("A tenant arrives with **a letter**.")

    # With JavaScript, typing into a section updates the preview through htmx, without a page load.
    page.wait_for_function("() => typeof window.htmx !== 'undefined'")
    page.evaluate("window.__marker = 1")
    page.locator("#section_characters").press_sequentially("The tenant, *Mr Rahimi*, and a housing officer.")
    expect(preview.locator("em")).to_have_text("Mr Rahimi")
    expect(preview).to_contain_text("and a housing officer.")
    expect(preview.locator("strong")).to_have_text("a letter")
    assert page.evaluate("window.__marker") == 1, "the live preview reloaded the page"

    # The starter details have an empty list of learning objectives, which every save refuses (see
    # test_a_new_draft_saves_with_the_starter_details): the experienced writer's box gets two.
    page.get_by_text("Other details (for experienced writers)").click()
    details = page.get_by_label("Other details in YAML")
    expect(details).to_be_visible()
    starter = details.input_value()
    assert "learning_objectives: []" in starter, starter
    details.fill(starter.replace("learning_objectives: []", OBJECTIVES))

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/drafts/{slug}$"))
    expect(page.locator(".flash")).to_have_text("Your draft is saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("article.prose strong")).to_have_text("a letter")

    # --- Member A edits it: version 2 ------------------------------------------------------------
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/drafts/{slug}/edit$"))
    situation = page.locator("#section_situation")
    expect(situation).to_have_value(re.compile(r"\*\*a letter\*\*"))
    situation.fill("A tenant arrives with **two letters**.")
    page.get_by_label("What did you change?").fill("Two letters, not one.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/drafts/{slug}$"))
    expect(page.locator(".flash")).to_have_text("Your changes are saved as a new version.")
    expect(page.locator("article.prose strong")).to_have_text("two letters")

    # History and comparison of the two newest versions (the default choice).
    page.get_by_role("link", name="History (2 versions)").click()
    expect(page).to_have_url(re.compile(rf"/drafts/{slug}/history$"))
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(page.locator("#a-1")).to_be_checked()
    expect(page.locator("#b-2")).to_be_checked()
    expect(page.locator("tbody tr").first).to_contain_text("Two letters, not one.")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(rf"/drafts/{slug}/compare\?(a=1&b=2|b=2&a=1)$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes from version 1 to version 2")
    diff = page.locator("pre.diff")
    expect(diff.locator("del")).to_have_count(1)
    expect(diff.locator("ins")).to_have_count(1)
    expect(diff.locator("del")).to_contain_text("a letter")
    expect(diff.locator("ins")).to_contain_text("two letters")
    expect(diff.locator("del .visually-hidden").first).to_have_text("removed: ")
    expect(diff.locator("ins .visually-hidden").first).to_have_text("added: ")
    expect(diff.locator("ins .visually-hidden").last).to_have_text(" end of change")

    # --- Member B proposes an amendment, in their own context ----------------------------------
    other = bob.page
    other.goto(f"/drafts/{slug}")
    expect(other.get_by_role("heading", level=1)).to_have_text(title)
    expect(other.get_by_role("link", name="Edit", exact=True)).to_have_count(0)
    other.get_by_role("link", name="Propose an amendment").click()
    expect(other).to_have_url(re.compile(rf"/drafts/{slug}/amend$"))
    expect(other.locator("#section_situation")).to_have_value(re.compile(r"\*\*two letters\*\*"))
    other.locator("#section_debrief").fill("Ask the group: what did the tenant need to hear first?")
    other.get_by_label("Why do you suggest this change?").fill("The debrief was empty.")
    other.get_by_role("button", name="Send amendment").click()
    expect(other).to_have_url(re.compile(rf"/drafts/{slug}$"))
    expect(other.locator(".flash")).to_have_text("Your amendment is sent to the authors.")
    amendment = other.locator("section[aria-labelledby='amendments-heading'] li").filter(
        has_text=f"Amendment by {bob.display_name}")
    expect(amendment).to_have_count(1)
    expect(amendment.locator(".tag")).to_have_text("Waiting for a decision")
    expect(amendment).to_contain_text("The debrief was empty.")
    # The draft itself does not change until an author decides.
    expect(other.locator("article.prose")).not_to_contain_text("what did the tenant need to hear first?")

    # --- Member A accepts it: version 3 ------------------------------------------------------------
    page.goto(f"/drafts/{slug}")
    listed = page.get_by_role("link", name=f"Amendment by {bob.display_name}")
    expect(listed).to_be_visible()
    listed.click()
    expect(page).to_have_url(re.compile(rf"/drafts/{slug}/amendments/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Amendment by {bob.display_name}")
    expect(page.get_by_text("The debrief was empty.")).to_be_visible()
    suggested = page.locator("pre.diff")
    expect(suggested.locator("ins").first).to_contain_text("what did the tenant need to hear first?")
    expect(suggested.locator("del")).to_have_count(0)
    page.get_by_role("button", name="Accept amendment").click()
    expect(page).to_have_url(re.compile(rf"/drafts/{slug}$"))
    expect(page.locator(".flash")).to_contain_text("accepted as version 3")
    expect(page.locator("article.prose")).to_contain_text("Ask the group: what did the tenant need to hear first?")
    expect(page.locator("article.prose strong")).to_have_text("two letters")
    expect(page.get_by_text(re.compile(r"^Version 3, by"))).to_be_visible()
    expect(page.locator("section[aria-labelledby='amendments-heading'] li .tag")).not_to_have_text(
        "Waiting for a decision")

    page.get_by_role("link", name="History (3 versions)").click()
    newest = page.locator("tbody tr").first
    expect(newest.get_by_role("rowheader")).to_have_text("Version 3")
    expect(newest).to_contain_text(f"(amendment by {bob.display_name})")
    expect(page.locator("tbody tr")).to_have_count(3)


def test_a_new_draft_saves_with_the_starter_details(new_context: ContextFactory) -> None:
    """“You can save at any point”: a title, a short name and one section are enough to save a first draft."""
    page = join(new_context, "Chiara").page
    slug = f"a-first-start-{secrets.token_hex(3)}"
    page.goto(f"/councils/{DEMO_COUNCIL}/drafts/new")
    page.get_by_label("Title", exact=True).fill("A first start")
    page.get_by_label("Short name for web addresses").fill(slug)
    page.locator("#section_situation").fill("Someone comes to the desk with a question.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_have_count(0, timeout=2_000)
    expect(page).to_have_url(re.compile(rf"/drafts/{slug}$"), timeout=2_000)
    expect(page.locator(".flash")).to_have_text("Your draft is saved.")
