"""The email digest, a pure function: a member's notices grouped by draft, newest first, worded in their language."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from codesign.i18n import _, ngettext
from codesign.i18n.formatting import format_datetime
from codesign.i18n.translations import use_locale
from codesign.notifications import labels

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Notice:
    id: int
    kind: str
    scenario_id: int | None
    scenario_title: str
    url: str
    created_at: datetime
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    """The notices about one draft (or, with no draft, the others), newest first."""

    scenario_id: int | None
    title: str
    notices: tuple[Notice, ...]

    @property
    def newest(self) -> datetime:
        return self.notices[0].created_at


@dataclass(frozen=True)
class Digest:
    subject: str
    body: str
    notice_ids: tuple[int, ...]


def _newest_first(notice: Notice) -> tuple[datetime, int]:
    return notice.created_at, notice.id


def group(notices: Iterable[Notice]) -> list[Group]:
    """Groups by draft; drafts ordered by their newest notice, newest first; notices newest first within each.

    A draft is shown under the title of its newest notice, in case it was renamed in between.
    """
    by_draft: dict[int | None, list[Notice]] = {}
    for notice in sorted(notices, key=_newest_first, reverse=True):
        by_draft.setdefault(notice.scenario_id, []).append(notice)
    groups = [Group(key, items[0].scenario_title, tuple(items)) for key, items in by_draft.items()]
    # Stable: groups were created in the order of their newest notice already; sort to say so explicitly.
    return sorted(groups, key=lambda g: _newest_first(g.notices[0]), reverse=True)


def link(base_url: str, path: str) -> str:
    """An absolute link for an email; anything but a same-site path falls back to the notifications page."""
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    if not path.startswith("/") or path.startswith("//"):
        path = "/notifications"
    return base + path


def _heading(item: Group) -> str:
    if item.scenario_id is None:
        return _("Other notifications")
    return item.title or _("a draft without a title")


def _why(frequency: str) -> str:
    if frequency == "weekly":
        return _("You get this email at most once a week, because your account has an email address.")
    return _("You get this email at most once a day, because your account has an email address.")


def build(
    notices: Iterable[Notice],
    *,
    locale: str,
    display_name: str,
    frequency: str,
    base_url: str = DEFAULT_BASE_URL,
    more: int = 0,
) -> Digest:
    """One member's digest. `more` counts notices left out of the email (only the newest are listed)."""
    groups = group(notices)
    shown = sum(len(g.notices) for g in groups)
    total = shown + more
    with use_locale(locale):
        subject = ngettext("Codesign: %(num)s new notification", "Codesign: %(num)s new notifications", total)
        lines = [
            _("Hello %(name)s,", name=display_name) if display_name else _("Hello,"),
            "",
            ngettext("You have %(num)s new notification on Codesign.",
                     "You have %(num)s new notifications on Codesign.", total),
        ]
        for item in groups:
            lines += ["", "", _heading(item), ""]
            for notice in item.notices:
                lines.append("- " + labels.sentence(notice.kind, notice.params, notice.scenario_title))
                lines.append("  " + format_datetime(notice.created_at, "short"))
                lines.append("  " + link(base_url, notice.url))
        if more:
            lines += ["", ngettext("And %(num)s more notification: see them all in Codesign.",
                                   "And %(num)s more notifications: see them all in Codesign.", more)]
        lines += [
            "",
            "",
            _("All your notifications: %(url)s", url=link(base_url, "/notifications")),
            "",
            "-- ",
            _why(frequency),
            _("To get it less often, or to stop it: %(url)s", url=link(base_url, "/account/email-digest")),
        ]
    return Digest(subject=subject, body="\n".join(lines) + "\n",
                  notice_ids=tuple(n.id for g in groups for n in g.notices))
