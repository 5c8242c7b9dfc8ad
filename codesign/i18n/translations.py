"""Per-request translations: the locale lives in a ContextVar set by the locale middleware."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel.support import LazyProxy, NullTranslations, Translations

from codesign.i18n.locales import DEFAULT_LOCALE, is_supported
from codesign.settings import PROJECT_ROOT

LOCALE_DIR = PROJECT_ROOT / "locales"
_locale: ContextVar[str] = ContextVar("codesign_locale", default=DEFAULT_LOCALE)


@lru_cache(maxsize=16)
def translations_for(locale: str, locale_dir: Path = LOCALE_DIR) -> NullTranslations:
    if locale == DEFAULT_LOCALE:
        return NullTranslations()
    return Translations.load(str(locale_dir), [locale], "messages")


def current_locale() -> str:
    return _locale.get()


def set_locale(locale: str) -> None:
    _locale.set(locale if is_supported(locale) else DEFAULT_LOCALE)


@contextlib.contextmanager
def use_locale(locale: str) -> Iterator[None]:
    token = _locale.set(locale if is_supported(locale) else DEFAULT_LOCALE)
    try:
        yield
    finally:
        _locale.reset(token)


def gettext(message: str, **variables: object) -> str:
    text = translations_for(_locale.get()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: object) -> str:
    text: str = translations_for(_locale.get()).ngettext(singular, plural, n)
    return text % {"num": n, **variables}


def pgettext(context: str, message: str, **variables: object) -> str:
    text = str(translations_for(_locale.get()).pgettext(context, message))
    return text % variables if variables else text


def npgettext(context: str, singular: str, plural: str, n: int, **variables: object) -> str:
    text = translations_for(_locale.get()).npgettext(context, singular, plural, n)
    return text % {"num": n, **variables}


def lazy_gettext(message: str) -> LazyProxy:
    """For module-level strings (choices, labels): translated when rendered, in the request's language."""
    return LazyProxy(gettext, message, enable_cache=False)


def jinja_callables() -> dict[str, object]:
    """Untouched lookups for Jinja's newstyle gettext, which formats and escapes by itself."""
    return {
        "gettext": lambda message: translations_for(_locale.get()).gettext(message),
        "ngettext": lambda s, p, n: translations_for(_locale.get()).ngettext(s, p, n),
        "pgettext": lambda c, m: translations_for(_locale.get()).pgettext(c, m),
        "npgettext": lambda c, s, p, n: translations_for(_locale.get()).npgettext(c, s, p, n),
    }
