"""The fields of the notifications forms; labels and help text live in the templates."""

from __future__ import annotations

from codesign.notifications.services import FREQUENCIES
from codesign.web.forms import Field

EMAIL_DIGEST = (Field("frequency", kind="choice", choices=FREQUENCIES, max_length=10),)
