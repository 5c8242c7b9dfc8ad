"""Words for notifications: a notice is stored as (kind, params, title) and worded here in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from codesign.i18n import _
from codesign.i18n import lazy_gettext as _l

FREQUENCIES = {
    "never": _l("Never"),
    "daily": _l("Once a day at most"),
    "weekly": _l("Once a week at most"),
}

# Names of a draft's stages, keyed as the scenarios domain stores them; app.py registers them at start-up,
# because this domain comes before scenarios and may not import it.
STAGE_NAMES: dict[str, Any] = {}


def register_stage_names(names: Mapping[str, Any]) -> None:
    STAGE_NAMES.update(names)


def stage_name(stage: str) -> str:
    """A stage's name in the current language: a registered key, or else an English name from the catalogs."""
    if stage in STAGE_NAMES:
        return str(STAGE_NAMES[stage])
    return _(stage) if stage else ""


def _template(kind: str, params: Mapping[str, str]) -> tuple[str, dict[str, str]]:
    """The translated sentence (placeholders still in it) and the values for its placeholders."""
    who = params.get("who") or _("Someone")
    if kind == "mention":
        return _("%(who)s mentioned you on “%(title)s”"), {"who": who}
    if kind == "reply":
        return _("%(who)s replied to you on “%(title)s”"), {"who": who}
    if kind == "revision":
        return _("%(who)s saved a new version of “%(title)s”"), {"who": who}
    if kind == "amendment":
        return _("%(who)s proposed an amendment to “%(title)s”"), {"who": who}
    if kind == "state_change":
        stage = stage_name(params.get("stage", ""))
        if params.get("who"):
            return _("%(who)s moved “%(title)s” to the stage “%(stage)s”"), {"who": who, "stage": stage}
        return _("“%(title)s” moved to the stage “%(stage)s”"), {"stage": stage}
    if kind == "review_assigned":
        return _("%(who)s asked you to review “%(title)s”"), {"who": who}
    if kind == "new_release":
        return _("Version %(version)s of “%(title)s” is in the library"), {"version": params.get("version", "")}
    if kind == "release_withdrawn":
        return _("“%(title)s” was taken out of the library: consent for one of its sources was withdrawn"), {}
    if kind == "release_retired":
        return _("“%(title)s” was taken out of the library: the scenario was retired"), {}
    return _("There is news about “%(title)s”"), {}


def sentence(kind: str, params: Mapping[str, str], title: str) -> str:
    """The notice as plain text (for emails)."""
    template, values = _template(kind, params)
    return template % {**values, "title": title or _("a draft without a title")}


def sentence_html(kind: str, params: Mapping[str, str], title: str) -> Markup:
    """The notice for a page: names and titles escaped and isolated (<bdi>), so right-to-left text reads well."""
    template, values = _template(kind, params)
    values = {**values, "title": title or _("a draft without a title")}
    isolated = {key: Markup("<bdi>{}</bdi>").format(value) for key, value in values.items()}
    # escape() makes a Markup of the translated sentence; `%` escapes anything but the isolated values.
    return escape(template) % isolated
