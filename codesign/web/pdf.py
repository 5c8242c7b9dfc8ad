"""PDFs made with WeasyPrint load nothing from anywhere: a URL fetcher that refuses every resource (a page's HTML
is self-contained, so an address in it, written by a user or not, never makes the server fetch)."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher  # imported when a PDF is made: WeasyPrint is slow to load

    class NoFetching(URLFetcher):  # type: ignore[misc]
        """Refuses every URL (file:, http:, data: alike); WeasyPrint leaves the resource out and goes on."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"PDFs fetch no resources ({url[:40]})")

    return NoFetching


def no_fetching() -> Any:
    """A fetcher to pass as WeasyPrint's url_fetcher (to HTML and to CSS): nothing is ever fetched."""
    return _fetcher_class()(allowed_protocols=(), allow_redirects=False)
