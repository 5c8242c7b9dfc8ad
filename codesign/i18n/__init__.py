"""Languages: the known locales, negotiation, per-request translations and Babel formatting."""

from codesign.i18n.translations import current_locale, gettext, lazy_gettext, ngettext, use_locale

_ = gettext

__all__ = ["_", "current_locale", "gettext", "lazy_gettext", "ngettext", "use_locale"]
