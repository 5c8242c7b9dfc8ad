"""Languages: negotiation, right-to-left layout, complete catalogs, Babel formatting."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from codesign.i18n import catalogs
from codesign.i18n.formatting import format_datetime, format_number
from codesign.i18n.locales import SUPPORTED_LOCALES, from_accept_language, negotiate, text_direction
from codesign.i18n.translations import use_locale

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("user", "cookie", "header", "expected"),
    [
        ("es", "fr", "uk", "es"),
        (None, "fr", "uk", "fr"),
        (None, None, "uk,en;q=0.5", "uk"),
        (None, None, "de-CH, fa-IR;q=0.8", "fa"),
        (None, None, "en;q=0.1, ar;q=0.9", "ar"),
        (None, "klingon", "xx", "en"),
        (None, None, "fr;q=0, es", "es"),
        (None, None, "", "en"),
        (None, None, "garbage;q=abc", "en"),
    ],
)
def test_language_is_the_members_setting_then_cookie_then_accept_language(user, cookie, header, expected):
    assert negotiate(user, cookie, header) == expected


def test_accept_language_ignores_unsupported_and_zero_quality():
    assert from_accept_language("de, it;q=0.9") is None


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_direction(locale):
    assert text_direction(locale) == ("rtl" if locale in ("ar", "fa") else "ltr")


@pytest.mark.parametrize("locale", ["ar", "fa"])
def test_right_to_left_pages(client, locale):
    html = client.get("/", headers={"accept-language": locale}).text
    assert f'<html lang="{locale}" dir="rtl">' in html


def test_stylesheet_uses_logical_properties_only():
    css = (ROOT / "static" / "css" / "codesign.css").read_text()
    physical = re.findall(r"(?<![\w-])(margin|padding|border)-(left|right)\b|(?<![\w-])(left|right)\s*:|text-align:\s*(left|right)|float:\s*(left|right)", css)
    assert physical == []


@pytest.mark.parametrize("locale", [code for code in SUPPORTED_LOCALES if code != "en"])
def test_every_catalog_is_complete(locale):
    assert catalogs.catalog_problems(locale) == []


def test_messages_pot_is_not_stale():
    assert catalogs.stale_template() == []


@pytest.mark.parametrize("locale", [code for code in SUPPORTED_LOCALES if code != "en"])
def test_home_page_chrome_is_translated(client, locale):
    html = client.get("/", headers={"accept-language": locale}).text
    for english in ("Skip to main content", "Change language", "Code of conduct", "Privacy notice", "Log in"):
        assert english not in html


def test_numbers_and_dates_follow_the_locale():
    moment = datetime(2026, 3, 5, 15, 30, tzinfo=UTC)
    with use_locale("en"):
        assert format_number(1234567.5) == "1,234,567.5"
        assert "Mar 5, 2026" in format_datetime(moment)
    with use_locale("fr"):
        assert format_number(1234567.5).replace("\u202f", " ").replace("\xa0", " ") == "1 234 567,5"
        assert "mars 2026" in format_datetime(moment)
    with use_locale("uk"):
        assert "2026" in format_datetime(moment) and "бер" in format_datetime(moment)


def test_plural_forms_follow_the_language(client, world):
    from tests.conftest import login

    council = world.council()
    ada = world.user("ada", locale="uk")
    world.member(council, ada)
    login(client, "ada")
    html = client.get("/councils/riverside/members").text
    assert "1 учасник" in html
