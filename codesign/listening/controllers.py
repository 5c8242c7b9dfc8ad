"""HTTP handlers of the listening domain."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
