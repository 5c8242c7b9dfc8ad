"""The Atom feed of new releases at /library/feed.atom (RFC 4287), built with ElementTree so every value is
escaped; like the library, it needs a signed-in session, or a personal API token (header or `?token=`, see
access.py) for feed readers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 - we only build XML, never parse it

from litestar import Request, Response, get

from codesign.accounts.guards import actor_of
from codesign.i18n import _
from codesign.library import catalogue
from codesign.library.access import TokenRejected, feed_access, token_rejected

ATOM = "http://www.w3.org/2005/Atom"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def atom(base_url: str, rows: list[dict[str, Any]], title: str, now: datetime) -> bytes:
    """The feed document for these releases, newest first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"{base_url}/library"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(rows[0]["published_at"] if rows else now)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base_url}/library/feed.atom")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=f"{base_url}/library")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = "Codesign"
    for row in rows:
        link = f"{base_url}/library/{row['slug']}/v/{row['version']}"
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{row['title']} ({row['version']})"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = link
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(row["published_at"])
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=link)
        summary = row["summary"] + (f"\n\n{row['change_notes']}" if row.get("change_notes") else "")
        ET.SubElement(entry, f"{{{ATOM}}}summary", type="text").text = summary
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False)


@get("/library/feed.atom", guards=[feed_access], exception_handlers={TokenRejected: token_rejected})
async def library_feed(request: Request) -> Response:
    rows = await catalogue.newest(actor_of(request))
    base = str(request.base_url).rstrip("/")
    return Response(content=atom(base, rows, _("New in the Codesign library"), datetime.now(UTC)),
                    media_type="application/atom+xml; charset=utf-8")
