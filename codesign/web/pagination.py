"""Offset pagination with a fixed page size and links that work without JavaScript."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PAGE_SIZE = 25


@dataclass(frozen=True)
class Page:
    items: list[Any]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_number(raw: Any) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, 100_000))


def offset(number: int, size: int = PAGE_SIZE) -> int:
    return (number - 1) * size
