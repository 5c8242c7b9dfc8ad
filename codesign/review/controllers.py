"""HTTP handlers of the review domain."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
