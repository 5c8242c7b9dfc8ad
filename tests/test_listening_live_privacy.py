"""A live vote's points are shown only once at least k devices have voted (domain.md P-09), on every page that
shows them: the projector and its htmx block, the vote page, /live/{code} once closed, and the report (HTML,
Markdown and PDF)."""

from __future__ import annotations

import pytest

from codesign.listening import tallies
from tests.conftest import another_browser, call, login, post, text_of
from tests.test_listening import code, council, start

__all__ = ["council"]


def ballots(client, the_code: str, count: int) -> None:
    for _n in range(count):
        with another_browser(client):
            client.get(f"/live/{the_code}")
            assert post(client, f"/live/{the_code}", {"dots_i1": "2", "dots_i2": "1"}).status_code == 303


def pages(client, the_code: str, monkeypatch) -> dict[str, str]:
    """Every page showing the vote's results, as text (the organiser is logged in); the PDF as the HTML it is made of."""
    from codesign.listening import reports

    printed: list[str] = []
    monkeypatch.setattr(reports, "_write_pdf", lambda html: printed.append(html) or b"%PDF")
    shown = {
        "vote": client.get("/listening/votes/1").text,
        "projector": client.get("/listening/votes/1/projector").text,
        "block": client.get("/listening/votes/1/projector", headers={"HX-Request": "true"}).text,
        "report": client.get("/listening/1/report").text,
        "markdown": client.get("/listening/1/report.md").text,
    }
    assert client.get("/listening/1/report.pdf").status_code == 200
    shown["pdf"] = printed[0]
    with another_browser(client):
        shown["live"] = client.get(f"/live/{the_code}").text
    return {name: text_of(html) for name, html in shown.items()}


def test_the_rule_is_k_devices():
    assert not tallies.scores_shown(0) and not tallies.scores_shown(tallies.K - 1)
    assert tallies.scores_shown(tallies.K)


def test_fewer_than_five_devices_never_see_points_open_or_closed(client, council, monkeypatch):
    start(client, council)
    the_code = code(client)
    ballots(client, the_code, 4)
    login(client, "amina")
    projector = text_of(client.get("/listening/votes/1/projector").text)
    block = text_of(client.get("/listening/votes/1/projector", headers={"HX-Request": "true"}).text)
    for text in (projector, block):
        assert "4 devices have voted." in text and "points" not in text.replace("Points are shown", "")
        assert "Points are shown once at least 5 devices have voted." in text
    assert post(client, "/listening/votes/1/close").status_code == 303
    for name, text in pages(client, the_code, monkeypatch).items():
        assert "8 points" not in text and ": 8" not in text and " 8 " not in text, name
        assert "Fewer than 5 devices voted." in text, name


def test_five_devices_see_the_points(client, council, monkeypatch):
    start(client, council)
    the_code = code(client)
    ballots(client, the_code, 5)
    login(client, "amina")
    block = text_of(client.get("/listening/votes/1/projector", headers={"HX-Request": "true"}).text)
    assert "5 devices have voted." in block and "10 points" in block and "5 points" in block
    assert post(client, "/listening/votes/1/close").status_code == 303
    shown = pages(client, the_code, monkeypatch)
    assert "10 points" in shown["projector"] and "10 points" in shown["block"]
    assert "Option Points 1 " in shown["vote"] and " 10 " in shown["vote"]
    for name in ("report", "pdf", "live"):
        assert " 10 " in shown[name], name
    assert ": 10" in shown["markdown"] and "5 devices voted." in shown["markdown"]


def test_a_ballot_raced_past_the_close_writes_nothing(client, council, monkeypatch):
    """cast() checks the vote is open before its transaction; a ballot whose check ran just before the close
    commits must still write nothing (it would never be counted nor deleted)."""
    from codesign.errors import ValidationFailed
    from codesign.listening import participation
    from codesign.listening.tables import LiveBallot

    start(client, council)
    the_code = code(client)
    client.get(f"/live/{the_code}")
    stale = call(client, participation.by_code, the_code)  # read while the vote was open
    login(client, "amina")
    assert post(client, "/listening/votes/1/close").status_code == 303
    post(client, "/logout")
    with pytest.raises(ValidationFailed, match="This vote is closed."):
        call(client, participation._write_ballot, 1, "device-key", '{"i1": 1}')
    real_by_code = participation.by_code

    async def open_then(code_: str):
        found = await real_by_code(code_)
        return {**found, "closed_at": None, "is_open": True} if found["id"] == stale["id"] else found

    monkeypatch.setattr(participation, "by_code", open_then)  # the open-state check sees the vote before it closed
    raced = post(client, f"/live/{the_code}", {"dots_i1": "1"})
    assert raced.status_code == 422 and "This vote is closed." in raced.text
    assert call(client, LiveBallot.count) == 0


def test_the_report_pdf_fetches_nothing(monkeypatch):
    """WeasyPrint is given a fetcher that refuses every URL, so nothing in a report's HTML makes the server fetch."""
    from codesign.listening import reports
    from codesign.web import pdf

    for url in ("file:///etc/passwd", "http://127.0.0.1:9/a.css", "data:text/plain,x"):
        with pytest.raises(ValueError, match="fetch no resources"):
            pdf.no_fetching().fetch(url)
    asked: list[str] = []

    class Spy(pdf._fetcher_class()):
        def fetch(self, url, headers=None):
            asked.append(url)
            return super().fetch(url, headers)

    monkeypatch.setattr(reports, "no_fetching", Spy)
    html = ('<link rel="stylesheet" href="http://127.0.0.1:9/a.css"><p>Report</p>'
            '<img src="file:///etc/hostname" alt="">')
    assert reports._write_pdf(html).startswith(b"%PDF")  # the resources are left out, the PDF is made
    assert asked == ["http://127.0.0.1:9/a.css", "file:///etc/hostname"]
