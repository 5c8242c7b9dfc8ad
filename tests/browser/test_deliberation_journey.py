"""A draft's discussion in the real server and Debian's chromium: two members discuss one paragraph,
a third sees a new comment arrive without reloading and flags a reply, and the organiser hides it.

Each person has a browser context of their own; assertions use Playwright's auto-waiting `expect`.
The one long wait is for the live update, which polls every 20 seconds.
"""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_COUNCIL, ContextFactory
from tests.browser.people import join, log_in

pytestmark = pytest.mark.browser

SLUG = "housing-notice-under-the-door"
DRAFT = f"/drafts/{SLUG}"
LIVE_UPDATE_TIMEOUT = 30_000  # the discussion polls every 20 s

# The paragraph's words as the server keeps them for the excerpt: its HTML with every tag replaced
# by a space and the white space collapsed (see comments._paragraph).
PARAGRAPH_WORDS = """(element) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) { parts.push(walker.currentNode.nodeValue); }
  return parts.join(' ').split(/\\s+/).filter(Boolean).join(' ');
}"""








def post_comment(page: Page, intent: str, body: str) -> int:
    """Fills the comment form on the page and posts it; returns the new comment's id from the address."""
    form = page.locator(f'form.comment-form[action="{DRAFT}/comments"]')
    form.locator(f'input[type="radio"][name="intent"][value="{intent}"]').check()
    form.locator("#body").fill(body)
    form.get_by_role("button", name="Post comment").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(DRAFT)}#comment-\d+$"))
    match = re.search(r"#comment-(\d+)$", page.url)
    assert match is not None, page.url
    return int(match.group(1))


def test_discuss_a_paragraph_flag_and_hide_a_reply(new_context: ContextFactory) -> None:
    amina = join(new_context, "Amina")
    bilal = join(new_context, "Bilal")
    chen = join(new_context, "Chen")
    tag = secrets.token_hex(3)
    concern = f"The deadline on the notice is never read aloud to Rosa ({tag})."
    reply = f"Agreed: the worker should read the date back to her ({tag})."
    later = f"Should the observer also check the interpreter's words? ({tag})"
    hide_reason = f"Not respectful to other members ({tag})."

    # --- A comments on one paragraph -------------------------------------------------------------
    page = amina.page
    page.goto(DRAFT)
    # The first block of the draft that is a paragraph (not a heading), with its comment link.
    block = page.locator("article.draft-text .block").filter(
        has=page.locator("xpath=./p[not(contains(@class, 'block-tools'))]")).first
    paragraph = block.locator("xpath=./p[not(contains(@class, 'block-tools'))]").first
    words = paragraph.evaluate(PARAGRAPH_WORDS)
    assert len(words) > 40, words
    link = block.locator(f'.block-tools a[href^="{DRAFT}/comments/new?block="]')
    expect(link).to_have_count(1)
    expect(link).to_contain_text("Comment on this paragraph")
    href = link.get_attribute("href") or ""
    block_index = href.rsplit("=", 1)[1]
    expect(block).to_have_attribute("id", f"block-{block_index}")
    link.click()

    expect(page).to_have_url(re.compile(rf"{re.escape(DRAFT)}/comments/new\?block={block_index}$"))
    expect(page.locator("blockquote.quoted")).to_contain_text(words[:40])
    expect(page.locator('form.comment-form input[type="hidden"][name="block"]')).to_have_value(block_index)
    first_id = post_comment(page, "concern", concern)

    expect(page.locator(".flash")).to_have_text("Your comment is posted.")
    first = page.locator(f"li#comment-{first_id}")
    expect(first).to_have_class(re.compile(r"\bdepth-0\b"))
    expect(first.locator(".prose")).to_have_text(concern)
    expect(first.locator(".comment-meta")).to_contain_text(amina.display_name)
    expect(first.locator(".tag.intent-concern")).to_have_text("Concern")
    anchor = first.locator(".comment-anchor")
    expect(anchor).to_contain_text("On the paragraph:")
    excerpt = anchor.locator("q").inner_text().strip()
    excerpt = excerpt.removesuffix("...").removesuffix("…").strip()
    assert len(excerpt) > 20 and words.startswith(excerpt), f"excerpt {excerpt!r} is not from {words!r}"
    # The paragraph's link now counts the comment.
    page.goto(DRAFT)
    expect(page.locator(f"#block-{block_index} .block-tools a")).to_contain_text("(1 comment)")

    # --- B replies to it ----------------------------------------------------------------------------
    other = bilal.page
    other.goto(DRAFT)
    other.locator(f'li#comment-{first_id} a[href="{DRAFT}/comments/new?parent={first_id}"]').click()
    expect(other).to_have_url(re.compile(rf"{re.escape(DRAFT)}/comments/new\?parent={first_id}$"))
    expect(other.locator("blockquote.quoted")).to_contain_text(concern)
    expect(other.locator('form.comment-form input[type="hidden"][name="parent"]')).to_have_value(str(first_id))
    reply_id = post_comment(other, "support", reply)
    assert reply_id > first_id

    reply_item = other.locator(f"li#comment-{first_id} + li.comment.depth-1")
    expect(reply_item).to_have_attribute("id", f"comment-{reply_id}")
    expect(reply_item.locator(".prose")).to_have_text(reply)
    expect(reply_item.locator(".comment-meta")).to_contain_text(bilal.display_name)
    expect(reply_item.locator(".tag.intent-support")).to_have_text("Support")
    expect(reply_item.locator(".comment-anchor")).to_have_count(0)  # only the thread's first comment quotes

    # --- C watches the discussion; A posts again; it appears for C without a reload -------------------
    watcher = chen.page
    watcher.goto(DRAFT)
    expect(watcher.locator(f"li#comment-{reply_id}")).to_be_visible()
    expect(watcher.locator("#comment-poller")).to_have_attribute(
        "data-hx-get", re.compile(rf"^{re.escape(DRAFT)}/comments\?after=\d+$"))
    watcher.wait_for_function("() => typeof window.htmx !== 'undefined'")
    watcher.evaluate("window.__marker = 1")
    expect(watcher.locator("#comment-announcer")).to_have_text("")

    page.goto(DRAFT)
    later_id = post_comment(page, "question", later)
    expect(page.locator(f"li#comment-{later_id} .prose")).to_have_text(later)

    arrived = watcher.locator(f"#comment-list > li#comment-{later_id}")
    expect(arrived).to_be_visible(timeout=LIVE_UPDATE_TIMEOUT)
    expect(arrived.locator(".prose")).to_have_text(later)
    expect(arrived.locator(".tag.intent-question")).to_have_text("Question")
    assert watcher.evaluate("window.__marker") == 1, "the live update reloaded the page"
    expect(watcher.locator("#comment-announcer")).to_have_text(re.compile(r"\S"))
    expect(watcher.locator("#comment-announcer")).to_have_attribute("role", "status")
    expect(watcher.locator("li.comment").filter(has_text=later)).to_have_count(1)
    # The next poll asks only for what is newer than the comment that arrived.
    expect(watcher.locator("#comment-poller")).to_have_attribute(
        "data-hx-get", f"{DRAFT}/comments?after={later_id}")

    # --- C flags B's reply ----------------------------------------------------------------------------
    flag_link = watcher.locator(f'li#comment-{reply_id} a[href="{DRAFT}/flag?comment={reply_id}"]')
    expect(flag_link).to_have_text("Flag")
    flag_link.click()
    expect(watcher).to_have_url(re.compile(rf"{re.escape(DRAFT)}/flag\?comment={reply_id}$"))
    flag_form = watcher.locator(f'form[action="{DRAFT}/flag"]')
    expect(flag_form.locator('input[type="hidden"][name="comment"]')).to_have_value(str(reply_id))
    reason = watcher.get_by_label("What is wrong?")
    expect(reason).to_have_attribute("name", "reason")
    reason.select_option("offensive")
    expect(reason.locator("option:checked")).to_have_text("Offensive or disrespectful")
    flag_form.get_by_role("button", name="Send flag").click()
    expect(watcher).to_have_url(re.compile(rf"{re.escape(DRAFT)}#discussion$"))
    expect(watcher.locator(".flash")).to_have_text("Thank you. The organisers of the council will look at it.")
    # The reply still shows for everyone until an organiser decides.
    expect(watcher.locator(f"li#comment-{reply_id} .prose")).to_have_text(reply)

    # --- The organiser hides it -------------------------------------------------------------------------
    organiser = new_context().new_page()
    log_in(organiser, "organiser")
    expect(organiser.locator("html")).to_have_attribute("lang", "en")
    organiser.goto(f"/councils/{DEMO_COUNCIL}/moderation")
    hide_form = organiser.locator(f'form[action="/moderation/comments/{reply_id}/hide"]')
    expect(hide_form).to_have_count(1)
    card = organiser.locator("ul.cards > li").filter(has=hide_form)
    expect(card).to_contain_text("Offensive or disrespectful")
    expect(card.locator("blockquote")).to_have_text(reply)
    expect(card.locator(f'a[href="{DRAFT}#comment-{reply_id}"]')).to_be_visible()
    hide_form.get_by_label("Reason shown in place of the comment").fill(hide_reason)
    hide_form.get_by_role("button", name="Hide comment").click()
    expect(organiser).to_have_url(re.compile(rf"{re.escape(DRAFT)}#comment-{reply_id}$"))
    expect(organiser.locator(".flash")).to_have_text("The comment is hidden; its place shows why.")
    hidden = organiser.locator(f"li#comment-{reply_id}")
    expect(hidden.locator(".placeholder")).to_have_text(f"Hidden by a moderator: {hide_reason}")
    expect(hidden).not_to_contain_text(reply)
    expect(hidden.locator(f'form[action="/moderation/comments/{reply_id}/restore"]')).to_be_visible()

    # Members see the reason in its place, not the text, and can no longer reply to it or flag it.
    watcher.goto(DRAFT)
    seen = watcher.locator(f"li#comment-{reply_id}")
    expect(seen.locator(".placeholder")).to_have_text(f"Hidden by a moderator: {hide_reason}")
    expect(seen).not_to_contain_text(reply)
    expect(seen.locator(".prose")).to_have_count(0)
    expect(seen.locator(f'a[href="{DRAFT}/flag?comment={reply_id}"]')).to_have_count(0)
    expect(watcher.locator(f"li#comment-{first_id} .prose")).to_have_text(concern)

    # The flag has left the queue, and the log lists the action.
    organiser.goto(f"/councils/{DEMO_COUNCIL}/moderation")
    expect(organiser.locator(f'form[action="/moderation/comments/{reply_id}/hide"]')).to_have_count(0)
    organiser.locator(f'a[href="/councils/{DEMO_COUNCIL}/moderation/log"]').click()
    expect(organiser).to_have_url(re.compile(rf"/councils/{DEMO_COUNCIL}/moderation/log$"))
    row = organiser.locator("tbody tr").filter(has=organiser.locator(f'a[href="{DRAFT}#comment-{reply_id}"]'))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Hid a comment")
    expect(row).to_contain_text(hide_reason)
    expect(row).to_contain_text("Amina (organiser)")
