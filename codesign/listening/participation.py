"""Live priority votes in the room: open one on insights or drafts, participants join with a short code and no
account, one ballot per device (a random token in a signed cookie; the database keeps only a keyed hash of it per
vote), rate-limited per device, counted and then deleted when the vote closes (domain.md §3.4 step 6).
No address, no time and no identity is stored with a ballot.

The rate limit is kept in this process's memory, on purpose, although the app otherwise keeps nothing in process
memory (product.md: several app processes behind a load balancer). It only damps abuse: what guarantees one ballot
per device is the unique (vote, device) index, which holds across every process, so each further process lets a
device try at most RATE_LIMIT more times per window, and a repeated ballot only replaces the device's own. Moving it
into the database would add a write on every ballot, on the path the live-vote benchmark measures (SQLite has one
writer), and would store when each device voted, which this module otherwise never writes down. Nor would it stop
more: a device token costs one page load, so the limit slows a replaying script, not one that fetches new tokens."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections import deque
from datetime import UTC, datetime
from typing import Any

from codesign.accounts.actor import Actor
from codesign.db import write_transaction
from codesign.errors import NotFound, RateLimited, ValidationFailed
from codesign.i18n import _
from codesign.i18n import lazy_gettext as _l
from codesign.listening import facilitation, permissions, tallies
from codesign.listening.tables import Insight, LiveBallot, LiveVote
from codesign.scenarios.tables import Scenario

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read off a projector
CODE_LENGTH = 6
MAX_OPTIONS = 12
COOKIE = "cs_device"
COOKIE_MAX_AGE = 24 * 3600
# Per device token: at most this many ballots (first or changed) in the window, in this process (see above).
RATE_LIMIT = 10
RATE_WINDOW = 60.0
_recent: dict[str, deque[float]] = {}


def _now() -> datetime:
    return datetime.now(UTC)


# --- the device token -------------------------------------------------------------------------------------------


def _signature(secret: str, token: str) -> str:
    key = hashlib.sha256(("listening-device:" + secret).encode()).digest()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()[:32]


def new_device_cookie(secret: str) -> str:
    token = secrets.token_urlsafe(18)
    return f"{token}.{_signature(secret, token)}"


def device_token(secret: str, cookie: str | None) -> str | None:
    """The token of a genuine cookie, or None for a missing or forged one."""
    if not cookie or "." not in cookie or len(cookie) > 100:
        return None
    token, _dot, signature = cookie.rpartition(".")
    return token if hmac.compare_digest(signature, _signature(secret, token)) else None


def device_key(secret: str, vote_id: int, token: str) -> str:
    """What the database keeps: a keyed hash of (vote, token), so two votes cannot be linked to one device."""
    key = hashlib.sha256(("listening-ballot:" + secret).encode()).digest()
    return hmac.new(key, f"{vote_id}:{token}".encode(), hashlib.sha256).hexdigest()


def check_rate(token: str, now: float | None = None) -> None:
    moment = time.monotonic() if now is None else now
    if len(_recent) > 50_000:  # forget idle devices rather than grow without bound
        for stale in [k for k, v in _recent.items() if not v or v[-1] < moment - RATE_WINDOW]:
            del _recent[stale]
    recent = _recent.setdefault(token, deque())
    while recent and recent[0] < moment - RATE_WINDOW:
        recent.popleft()
    if len(recent) >= RATE_LIMIT:
        raise RateLimited(_("Too many votes from this device in a short time. Wait a minute and try again."))
    recent.append(moment)


# --- organisers -------------------------------------------------------------------------------------------------


async def open_vote(actor: Actor, session_id: int, title: str, method: str, dots: int, insight_ids: list[int],
                    draft_ids: list[int]) -> int:
    """Opens a live vote on some of the session's insights and the council's drafts; returns its id."""
    row = await facilitation.facilitated(actor, session_id)
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Write what the room is choosing.")
    if method not in tallies.METHODS:
        errors["method"] = _("Choose one of the options shown.")
    if row["cancelled_at"] is not None:
        errors["title"] = _("This session is cancelled.")
    found = await Insight.select(Insight.id, Insight.statement).where(
        Insight.id.is_in(insight_ids) & (Insight.session == session_id)
        & (Insight.status != "withdrawn")).order_by(Insight.id) if insight_ids else []
    drafts = await Scenario.select(Scenario.id, Scenario.title).where(
        Scenario.id.is_in(draft_ids) & (Scenario.council == row["council"])).order_by(Scenario.id) if draft_ids else []
    options = [{"id": f"i{i['id']}", "label": i["statement"][:200], "insight": i["id"]} for i in found]
    options += [{"id": f"d{d['id']}", "label": d["title"], "scenario": d["id"]} for d in drafts]
    if not 2 <= len(options) <= MAX_OPTIONS:
        errors["options"] = _("Choose from %(min)s to %(max)s insights or drafts.", min=2, max=MAX_OPTIONS)
    if errors:
        raise ValidationFailed(errors)
    async with write_transaction():
        code = await _free_code()
        rows = await LiveVote.insert(LiveVote(
            session=session_id, code=code, title=title.strip()[:200], method=method, dots=dots or 3,
            options=json.dumps(options, ensure_ascii=False), opened_at=_now()))
    return int(rows[0]["id"])


async def _free_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not await LiveVote.exists().where(LiveVote.code == code):
            return code


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    row["option_list"] = json.loads(row["options"])
    row["is_open"] = row["closed_at"] is None
    return row


async def vote_for(actor: Actor, vote_id: int) -> dict[str, Any]:
    """A vote the actor may run (an organiser of its council); NotFound otherwise."""
    row = await LiveVote.select(*LiveVote.all_columns(), LiveVote.session.council, LiveVote.session.title).where(
        LiveVote.id == vote_id).first()
    if row is None or not permissions.can_facilitate(actor, row["session.council"]):
        raise NotFound()
    return _decoded(row)


async def votes_of(session_id: int) -> list[dict[str, Any]]:
    rows = await LiveVote.select(LiveVote.id, LiveVote.title, LiveVote.method, LiveVote.code, LiveVote.options,
                                 LiveVote.closed_at, LiveVote.result).where(
        LiveVote.session == session_id).order_by(LiveVote.id).limit(50)
    return [_decoded(row) for row in rows]


async def results(row: dict[str, Any]) -> tallies.Result:
    """The stored tally of a closed vote, or the live one from the ballots so far."""
    options = [o["id"] for o in row["option_list"]]
    if row["closed_at"] is not None and row["result"]:
        stored = json.loads(row["result"])
        scores = [tallies.rules.Score(**s) for s in stored["scores"]]
        return tallies.Result(participants=stored["participants"], scores=scores)
    ballots = await LiveBallot.select(LiveBallot.choice).where(LiveBallot.vote == row["id"])
    return tallies.tally(row["method"], [json.loads(b["choice"]) for b in ballots], options, row["dots"])


async def close(actor: Actor, vote_id: int) -> None:
    """Counts, stores the tally, deletes every ballot and marks voted-for insights prioritised, in one transaction.
    Closing twice changes nothing."""
    row = await vote_for(actor, vote_id)
    await _close(row)


async def close_by_system(vote_id: int) -> None:
    """Closes a vote left open past the retention period (no actor: the scheduled purge)."""
    row = await LiveVote.select(*LiveVote.all_columns()).where(LiveVote.id == vote_id).first()
    if row is not None:
        await _close(_decoded(row))


async def _close(row: dict[str, Any]) -> None:
    vote_id = row["id"]
    async with write_transaction():
        claimed = await LiveVote.update({LiveVote.closed_at: _now()}).where(
            (LiveVote.id == vote_id) & LiveVote.closed_at.is_null()).returning(LiveVote.id)
        if not claimed:
            return
        result = await results({**row, "closed_at": None})
        await LiveVote.update({LiveVote.result: json.dumps({
            "participants": result.participants,
            "scores": [{"option": s.option, "points": s.points, "rank": s.rank} for s in result.scores]})}).where(
            LiveVote.id == vote_id)
        await LiveBallot.delete().where(LiveBallot.vote == vote_id)
        chosen = [o["insight"] for o in row["option_list"] for s in result.scores
                  if o["id"] == s.option and s.points > 0 and "insight" in o]
        if chosen:
            await Insight.update({Insight.status: "prioritised"}).where(
                Insight.id.is_in(chosen) & Insight.status.is_in(["raw", "validated"]))


# --- participants (no account) ------------------------------------------------------------------------------------


async def by_code(code: str) -> dict[str, Any]:
    row = await LiveVote.select(LiveVote.id, LiveVote.title, LiveVote.method, LiveVote.dots, LiveVote.options,
                                LiveVote.closed_at, LiveVote.result, LiveVote.code).where(
        LiveVote.code == code.strip().upper()[:CODE_LENGTH]).first()
    if row is None:
        raise NotFound()
    return _decoded(row)


async def my_ballot(secret: str, row: dict[str, Any], token: str | None) -> Any:
    if token is None or row["closed_at"] is not None:
        return None
    found = await LiveBallot.select(LiveBallot.choice).where(
        (LiveBallot.vote == row["id"]) & (LiveBallot.device == device_key(secret, row["id"], token))).first()
    return json.loads(found["choice"]) if found else None


BALLOT_ERRORS = {
    "empty": _l("Give at least one dot, or choose at least one option."),
    "too_many_dots": _l("Give fewer dots: you have only the number shown."),
    "negative_dots": _l("Dots cannot be below zero."),
    "duplicate_option": _l("Choose each option only once."),
}


async def cast(secret: str, code: str, token: str | None, choice: Any) -> None:
    """Records this device's ballot, or replaces it: the unique (vote, device) index keeps exactly one."""
    row = await by_code(code)
    if row["closed_at"] is not None:
        raise ValidationFailed({}, _("This vote is closed."))
    if token is None:
        raise ValidationFailed({}, _("Your browser did not send back the cookie this vote needs. Allow cookies "
                                     "for this site, then send your vote again."))
    check_rate(token)  # every attempt counts, a refused one too
    options = [o["id"] for o in row["option_list"]]
    problem = tallies.check_ballot(row["method"], choice, options, row["dots"])
    if problem:
        raise ValidationFailed({"ballot": str(BALLOT_ERRORS.get(problem, _("Choose one of the options shown.")))})
    await _write_ballot(row["id"], device_key(secret, row["id"], token), json.dumps(choice))


async def _write_ballot(vote_id: int, device: str, stored: str) -> None:
    """Writes the ballot only if the vote is still open, checked again inside the write transaction: a ballot
    written after closing would never be counted nor deleted. On SQLite the transaction holds the one write lock;
    elsewhere the vote's row is locked for share, so closing (an UPDATE of that row) waits for this ballot to be
    committed, then counts and deletes it, or this waits for the close and finds the vote closed."""
    async with write_transaction():
        query = LiveVote.select(LiveVote.id).where((LiveVote.id == vote_id) & LiveVote.closed_at.is_null())
        if LiveVote._meta.db.engine_type != "sqlite":
            query = query.lock_rows("SHARE")
        if await query.first() is None:
            raise ValidationFailed({}, _("This vote is closed."))
        await LiveBallot.insert(LiveBallot(vote=vote_id, device=device, choice=stored)).on_conflict(
            target=(LiveBallot.vote, LiveBallot.device), action="DO UPDATE", values=[LiveBallot.choice])
