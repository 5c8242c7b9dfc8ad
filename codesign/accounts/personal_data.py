"""Each domain registers how to export and erase a person's data; accounts calls them all.

This keeps the dependency arrow pointing one way: accounts does not import the domains
that build on it, yet "download my data" and "delete my account" cover every domain.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

Exporter = Callable[[int], Awaitable[Any]]
Eraser = Callable[[int], Awaitable[None]]

EXPORTERS: dict[str, Exporter] = {}
ERASERS: dict[str, Eraser] = {}


def register(name: str, exporter: Exporter, eraser: Eraser) -> None:
    EXPORTERS[name] = exporter
    ERASERS[name] = eraser
