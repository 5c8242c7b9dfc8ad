"""The interface languages and how a request's language is chosen."""

from __future__ import annotations

from babel import Locale

DEFAULT_LOCALE = "en"
SUPPORTED_LOCALES = ("en", "ar", "fa", "es", "fr", "uk")
# Each language is named in itself, so that people can find their own in any interface language.
LANGUAGE_NAMES = {code: Locale.parse(code).get_display_name(code) for code in SUPPORTED_LOCALES}
LANGUAGE_COOKIE = "lang"


def is_supported(code: str | None) -> bool:
    return code in SUPPORTED_LOCALES


def text_direction(code: str) -> str:
    return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"


def parse_accept_language(header: str) -> list[str]:
    """Language tags of an Accept-Language header, best first (q=0 dropped)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        if not tag or tag == "*":
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def from_accept_language(header: str | None) -> str | None:
    for tag in parse_accept_language(header or ""):
        base = tag.replace("_", "-").split("-")[0]
        if base in SUPPORTED_LOCALES:
            return base
    return None


def negotiate(user_locale: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The member's setting, then the language cookie, then Accept-Language, then English."""
    for candidate in (user_locale, cookie):
        if is_supported(candidate):
            return candidate  # type: ignore[return-value]
    return from_accept_language(accept_language) or DEFAULT_LOCALE
