"""Dates and numbers formatted per locale through Babel, exposed as Jinja filters."""

from __future__ import annotations

from datetime import datetime, timedelta

from babel import dates, numbers

from codesign.i18n.translations import current_locale

DEFAULT_TIMEZONE = "UTC"


def format_number(value: float | int) -> str:
    return numbers.format_decimal(value, locale=current_locale())


def format_datetime(value: datetime | None, fmt: str = "medium", tz: str = DEFAULT_TIMEZONE) -> str:
    if value is None:
        return ""
    return dates.format_datetime(value, fmt, tzinfo=dates.get_timezone(tz), locale=current_locale())


def format_date(value: datetime | None, fmt: str = "medium") -> str:
    if value is None:
        return ""
    return dates.format_date(value, fmt, locale=current_locale())


def format_timedelta_until(value: datetime, now: datetime) -> str:
    return dates.format_timedelta(value - now, add_direction=True, locale=current_locale())


def format_duration(value: timedelta) -> str:
    """A length of time in words, e.g. "3 days", in the request's language."""
    return dates.format_timedelta(value, threshold=1.0, locale=current_locale())


FILTERS = {
    "duration": format_duration,
    "number": format_number,
    "datetime": format_datetime,
    "date": format_date,
}
