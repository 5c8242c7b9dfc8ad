"""Server-side form validation: every field checked, all errors at once, messages translated.

Forms keep what the user typed so that a page re-rendered with errors loses nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from litestar.params import Parameter

from codesign.i18n import _

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
USERNAME_RE = re.compile(r"^[A-Za-z0-9_.-]+$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_INTEGER = 2_147_483_647


def clean_text(value: str) -> str:
    """Trim, normalise Unicode, and drop control characters other than newlines and tabs."""
    value = unicodedata.normalize("NFC", value)
    value = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C"
                    or unicodedata.category(ch) == "Cf")
    return value.strip()


@dataclass(frozen=True)
class Field:
    name: str
    kind: str = "text"  # text | textarea | int | bool | choice | multichoice | slug | username | email | password
    required: bool = True
    min_length: int = 0
    max_length: int = 200
    min_value: int | None = None
    max_value: int | None = None
    choices: Callable[[], Iterable[str]] | Iterable[str] = ()
    # An extra rule: returns a translated message when the value is wrong.
    check: Callable[[Any], str | None] | None = None

    def allowed(self) -> list[str]:
        return [str(c) for c in (self.choices() if callable(self.choices) else self.choices)]


@dataclass
class Form:
    fields: tuple[Field, ...]
    data: Mapping[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def validate(self) -> bool:
        for spec in self.fields:
            raw = self.data.get(spec.name)
            if spec.kind == "multichoice":
                items = raw if isinstance(raw, list) else ([raw] if raw else [])
                self.raw[spec.name] = [str(i) for i in items]
            elif isinstance(raw, list):
                raw = raw[-1] if raw else None
            if spec.kind != "multichoice":
                self.raw[spec.name] = "" if raw is None else str(raw)
            if spec.kind == "password" and isinstance(raw, str) and raw:
                self.raw[spec.name] = ""  # never echo a password back into the page
            value, error = _convert(spec, raw)
            if error is None and spec.check is not None and value not in (None, "", []):
                error = spec.check(value)
            if error:
                self.errors[spec.name] = error
            else:
                self.values[spec.name] = value
        return not self.errors

    def add_error(self, name: str, message: str) -> None:
        self.errors[name] = message

    @property
    def valid(self) -> bool:
        return not self.errors


def _convert(spec: Field, raw: Any) -> tuple[Any, str | None]:
    if spec.kind == "bool":
        checked = raw in ("on", "true", "1", "yes")
        if spec.required and not checked:
            return None, _("Tick this box to confirm.")
        return checked, None
    if spec.kind == "multichoice":
        items = raw if isinstance(raw, list) else ([raw] if raw else [])
        allowed = spec.allowed()
        chosen = [str(i) for i in items]
        if any(i not in allowed for i in chosen):
            return None, _("Choose only from the options shown.")
        if spec.required and not chosen:
            return None, _("Choose at least one option.")
        return chosen, None
    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    text = text if spec.kind == "password" else clean_text(text)
    if not text:
        if spec.required:
            return None, _("This field is required.")
        return (None if spec.kind in ("int", "email") else ""), None
    if spec.kind == "int":
        try:
            number = int(text)
        except ValueError:
            return None, _("Enter a whole number.")
        if spec.min_value is not None and number < spec.min_value:
            return None, _("Enter a number of at least %(min)s.", min=spec.min_value)
        # Without a stated maximum, ids and counts still fit a database integer.
        maximum = spec.max_value if spec.max_value is not None else MAX_INTEGER
        if number > maximum:
            return None, _("Enter a number of at most %(max)s.", max=maximum)
        return number, None
    if len(text) < spec.min_length:
        return None, _("Use at least %(min)s characters.", min=spec.min_length)
    if len(text) > spec.max_length:
        return None, _("Use at most %(max)s characters.", max=spec.max_length)
    if spec.kind == "choice" and text not in spec.allowed():
        return None, _("Choose one of the options shown.")
    if spec.kind == "slug" and not SLUG_RE.match(text):
        return None, _("Use lowercase letters, digits and single hyphens only.")
    if spec.kind == "username" and not USERNAME_RE.match(text):
        return None, _("Use Latin letters, digits, dots, hyphens and underscores only.")
    if spec.kind == "email" and not EMAIL_RE.match(text):
        return None, _("Enter an email address such as name@example.org, or leave it empty.")
    return text, None


async def form_data(request: Any) -> dict[str, Any]:
    """The posted form as a dict; a repeated field becomes a list."""
    form = await request.form()
    data: dict[str, Any] = {}
    for key, value in form.multi_items():
        if not isinstance(value, str):
            continue  # no file uploads on these forms
        if key in data:
            existing = data[key]
            data[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            data[key] = value
    return data


# A database row id in an address: a bigger number is refused (400) before it reaches the database.
RowId = Annotated[int, Parameter(ge=1, le=MAX_INTEGER)]
