"""The trainers' half of a scenario's life, as browser steps: the demo trainer publishes an approved scenario as
version 1.0.0, builds a training pack with it, downloads the pack's facilitator guide (a PDF with a page per role
brief), and records a usage report; the council's organiser then sees the report on the draft's page, as an
aggregate suppressed below five reports. tests/browser/test_review_journey.py runs them at the end of the journey.

Each person has a browser context of their own; assertions use Playwright's auto-waiting `expect`.
"""

from __future__ import annotations

import re
import secrets
from datetime import date

from playwright.sync_api import expect

from tests.browser.conftest import ContextFactory
from tests.browser.people import log_in
from tests.library_helpers import outline_titles


def trainer_publishes_packs_prints_and_reports(new_context: ContextFactory, slug: str, title: str,
                                               query: str) -> None:
    """The trainer's half of a scenario's life, then the council seeing the usage report (shared with the whole
    journey of tests/browser/test_scenario_journey.py)."""
    SLUG, TITLE = slug, title  # noqa: N806 - read as the constants they are
    trainer = new_context().new_page()
    log_in(trainer, "trainer")

    # --- Publish the approved scenario ----------------------------------------------------------
    # Trainers never see the council's draft: the library lists what its councils approved.
    trainer.goto("/library")
    trainer.locator("section", has=trainer.locator("#waiting-heading")).get_by_role("link", name=TITLE).click()
    expect(trainer.locator("p.lead")).to_have_text("It will be published as version 1.0.0.")
    trainer.locator("#change_notes").fill("First release.")
    trainer.locator('main form[action$="/publish"] button[type="submit"]').click()
    expect(trainer).to_have_url(re.compile(rf"/library/{SLUG}$"))
    expect(trainer.locator(".flash")).to_have_text("Version 1.0.0 is in the library now.")
    expect(trainer.locator("h1")).to_have_text(TITLE)
    expect(trainer.locator("h3", has_text="Role brief:").first).to_be_visible()

    # It is in the library list, and the search finds it.
    trainer.goto("/library")
    trainer.locator("#q").fill(query)
    trainer.locator('form[role="search"] button[type="submit"]').click()
    expect(trainer.locator("#results").get_by_role("link", name=TITLE)).to_be_visible()

    # --- Build a pack -----------------------------------------------------------------------------
    pack_title = f"Front counter induction {secrets.token_hex(3)}"
    trainer.goto("/library/packs")
    trainer.locator("#title").fill(pack_title)
    trainer.locator("#introduction").fill("For new front counter staff.")
    trainer.locator('form[action="/library/packs"] button[type="submit"]').click()
    expect(trainer.locator("h1")).to_have_text(pack_title)
    pack_url = trainer.url
    trainer.goto(f"/library/{SLUG}")
    trainer.locator("#add-pack").select_option(label=pack_title)
    trainer.locator('form[action="/library/packs/add"] button[type="submit"]').click()
    expect(trainer).to_have_url(pack_url)
    expect(trainer.locator(".flash")).to_have_text("The scenario is added to the pack.")
    expect(trainer.locator("#pack-items").get_by_role("link", name=TITLE)).to_be_visible()

    # --- Download the pack's facilitator guide --------------------------------------------------
    with trainer.expect_download() as download_info:
        trainer.get_by_role("link", name="Facilitator guide for the whole pack (PDF)").click()
    pdf = download_info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    titles = outline_titles(pdf)
    briefs = [t for t in titles if t.startswith("Role brief: ")]
    assert TITLE in titles and len(briefs) >= 2, titles

    # --- Record a usage report --------------------------------------------------------------------
    trainer.goto(f"/library/{SLUG}")
    trainer.get_by_role("link", name="Report how a session went").click()
    trainer.locator("#run_on").fill(date.today().isoformat())
    trainer.locator("#audience_role").select_option("police_staff")
    trainer.locator("#group_size").fill("9")
    trainer.locator("#rating").select_option("4")
    trainer.locator("#confidence_before").select_option("2")
    trainer.locator("#confidence_after").select_option("4")
    trainer.locator("#notes").fill("The pause points helped.")
    trainer.locator('main form[action$="/report"] button[type="submit"]').click()
    expect(trainer).to_have_url(re.compile(rf"/library/{SLUG}/v/1\.0\.0$"))
    expect(trainer.locator(".flash")).to_contain_text("Your report is saved")
    expect(trainer.locator("#mine-heading")).to_be_visible()

    # --- The council's organiser sees the report, as an aggregate --------------------------------
    organiser = new_context().new_page()
    log_in(organiser, "organiser")
    organiser.goto(f"/drafts/{SLUG}")
    panel = organiser.locator("section", has=organiser.locator("#library-heading"))
    expect(panel.get_by_role("link", name="Version 1.0.0")).to_be_visible()
    # Fewer than five reports so far (other runs on this server may add more): suppressed, or shown as totals.
    suppressed = panel.locator(".usage-suppressed")
    table = panel.locator("table", has_text="How trainers used it")
    expect(suppressed.or_(table)).to_be_visible()
    if suppressed.count():
        expect(suppressed).to_have_text("Fewer than five usage reports so far: the figures are not shown yet.")
        expect(panel).not_to_contain_text("The pause points helped.")
    else:
        expect(table).to_contain_text("All audiences")

