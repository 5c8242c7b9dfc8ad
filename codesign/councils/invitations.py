"""Invitation codes: short, unambiguous to read aloud or type on a phone, and checked with a precise reason."""

from __future__ import annotations

import secrets
from datetime import datetime

from codesign.i18n import _

# No 0/O, 1/I/L: codes are read out at meetings and typed on small keyboards.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())[:32]


def display(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if len(code) == CODE_LENGTH else code


def problem(row: dict | None, now: datetime) -> str | None:
    """Why a code cannot be used, in words, or None when it can."""
    if row is None:
        return _("We do not know this invitation code. Check it and try again.")
    if row["revoked_at"] is not None:
        return _("This invitation code was withdrawn. Ask your organiser for a new one.")
    if row["expires_at"] <= now:
        return _("This invitation code has expired. Ask your organiser for a new one.")
    if row["uses"] >= row["max_uses"]:
        return _("This invitation code has been used up. Ask your organiser for a new one.")
    return None
