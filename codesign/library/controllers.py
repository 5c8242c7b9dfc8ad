"""HTTP handlers of the library domain."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
