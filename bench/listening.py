"""The listening benchmark: N participants join a live vote with its code and vote (some change their vote) against
a real granian server on SQLite, while a projector polls the results.

    .venv/bin/python -m bench.listening [--participants 1000] [--seconds 60] [--rate 50] [--output PATH]

Setup is not measured: a fresh data dir, `codesign db migrate`, and in-process through the services one council,
its organiser, a session with four insights and an open dot vote on them. Then granian starts on 127.0.0.1; every
participant is a browser of its own (no account) that opens /live/<code> (which sets its CSRF and device cookies)
and posts its dots, at a steady rate (open loop). One in ten changes its vote two seconds later. The organiser's
projector polls the htmx results every 3 s throughout. Afterwards the database is checked for lost and duplicated
ballots, the projector must show the final counts, and the figures replace the listening section of
docs/benchmarks.md. Helpers (server, percentiles, machine facts) come from bench.voting. Nothing but 127.0.0.1 is
contacted, and everything is removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import math
import os
import re
import secrets
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench.voting import (
    LOAD_AVERAGE,
    ONE_CONNECTION,
    SPEED_CHECK,
    TLS_UNUSED,
    between,
    free_port,
    machine_facts,
    migrate,
    ms,
    percentile,
    speed_check,
    start_server,
    stop_server,
    tree_cpu_seconds,
    wait_for_quiet,
    wait_until_healthy,
)
from codesign import db
from codesign.accounts.actor import Actor, CouncilRole
from codesign.accounts.passwords import hash_password, use_fast_hashing
from codesign.accounts.tables import User
from codesign.councils.tables import Council, Membership
from codesign.listening import facilitation, participation, sessions
from codesign.listening.tables import LiveBallot

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-organiser-password"  # noqa: S105 - a throwaway account in a throwaway database
TARGET_P99_MS = 100.0
CHANGE_LAG = 2.0
POLL_SECONDS = 3.0
DOTS = 3
OPTIONS = ("i1", "i2", "i3", "i4")
START, END = "<!-- bench:listening:start -->", "<!-- bench:listening:end -->"
INSIGHTS = ("Asked for papers the service does not need.", "No interpreter on the phone line.",
            "Letters arrive after the appointment.", "Children are asked to translate.")


@dataclass
class Call:
    kind: str  # join | vote | change | projector
    due: float
    sent: float | None = None
    latency: float | None = None
    status: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        wanted = 200 if self.kind in ("join", "projector") else 303
        return self.error is None and self.status == wanted


@dataclass
class Participant:
    index: int
    client: httpx.AsyncClient | None = None
    token: str = ""  # the device token from its signed cookie
    choice: dict[str, int] = field(default_factory=dict)  # the last accepted ballot
    calls: list[Call] = field(default_factory=list)


def dots_for(index: int, changed: bool = False) -> dict[str, int]:
    """A spread of ballots: all three dots on one option, or two and one."""
    first = OPTIONS[(index + (1 if changed else 0)) % len(OPTIONS)]
    second = OPTIONS[(index * 7 + 2) % len(OPTIONS)]
    return {first: DOTS} if index % 3 == 0 or first == second else {first: 2, second: 1}


async def setup(url: str) -> tuple[int, str]:
    """A council, its organiser, a session with four insights and an open dot vote; returns (vote id, code)."""
    engine = db.configure(url)
    await db.start(engine)
    try:
        use_fast_hashing(True)
        now = datetime.now(UTC)
        async with db.write_transaction():
            rows = await User.insert(User(username="organiser", display_name="Organiser",
                                          password_hash=await hash_password(PASSWORD), created_at=now))
            organiser_id = int(rows[0]["id"])
            rows = await Council.insert(Council(name="Benchmark council", slug="bench", created_at=now))
            council_id = int(rows[0]["id"])
            await Membership.insert(Membership(council=council_id, user=organiser_id, role="organiser", joined_at=now))
        organiser = Actor(user_id=organiser_id, username="organiser",
                          councils=(CouncilRole(council_id, "bench", "Benchmark council", "organiser"),))
        session_id = await sessions.schedule(organiser, council_id, sessions.SessionInput(
            title="Benchmark session", purpose="", date=now.strftime("%Y-%m-%d"), time="18:00", time_zone="UTC",
            format="in_person", venue_type="community_centre"))
        ids = [await facilitation.add_insight(organiser, session_id, text, ["language_barrier"], "themes_only",
                                              "granted_anonymous", "low", "several") for text in INSIGHTS]
        vote_id = await participation.open_vote(organiser, session_id, "What matters most?", "dots", DOTS, ids, [])
        code = (await participation.votes_of(session_id))[0]["code"]
    finally:
        await db.stop(engine)
    return vote_id, code


async def warm_up(base: str, code: str) -> None:
    """Compiles the participant page's templates once, as any running server has: a join and an empty ballot
    (refused with 422, so nothing is stored)."""
    async with browser(base) as client:
        await client.get(f"/live/{code}")
        await client.post(f"/live/{code}", data={"_csrf_token": client.cookies.get("csrftoken") or ""})


def browser(base: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base, follow_redirects=False, timeout=30, limits=ONE_CONNECTION,
                             verify=TLS_UNUSED)


async def timed(call: Call, request: object) -> httpx.Response | None:
    call.sent = time.perf_counter()
    try:
        response = await request  # type: ignore[misc]
    except httpx.HTTPError as error:
        call.error = type(error).__name__
        return None
    finally:
        call.latency = time.perf_counter() - call.sent
    call.status = response.status_code
    return response


async def take_part(person: Participant, base: str, code: str, secret: str, start: float, rate: float,
                    change: bool, limit: asyncio.Semaphore, deadline: float) -> None:
    """Joins (GET), votes (POST), and maybe changes the vote: as a phone's browser does, on its own connection."""
    join = Call("join", start + person.index / rate)
    person.calls.append(join)
    await asyncio.sleep(max(0.0, join.due - time.perf_counter()))
    client = person.client = browser(base)
    try:
        async with limit:
            if time.perf_counter() >= deadline:
                join.error = "not sent before the deadline"
                return
            response = await timed(join, client.get(f"/live/{code}"))
        if response is None or not join.ok:
            return
        cookie = client.cookies.get(participation.COOKIE) or ""
        person.token = participation.device_token(secret, cookie) or ""
        steps = [("vote", dots_for(person.index), join.due)]
        if change:
            steps.append(("change", dots_for(person.index, changed=True), join.due + CHANGE_LAG))
        for kind, choice, due in steps:
            call = Call(kind, due)
            person.calls.append(call)
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            data = {"_csrf_token": client.cookies.get("csrftoken") or "",
                    **{f"dots_{option}": str(choice.get(option, 0)) for option in OPTIONS}}
            async with limit:
                if time.perf_counter() >= deadline:
                    call.error = "not sent before the deadline"
                    return
                await timed(call, client.post(f"/live/{code}", data=data))
            if not call.ok:
                return
            person.choice = choice
    finally:
        await client.aclose()
        person.client = None


async def projector(base: str, vote_id: int, stop: asyncio.Event, calls: list[Call]) -> None:
    """The organiser's projector: logs in, then polls the results block as htmx does."""
    async with httpx.AsyncClient(base_url=base, follow_redirects=False, timeout=30, verify=TLS_UNUSED) as client:
        await client.get("/login")
        await client.post("/login", data={"_csrf_token": client.cookies.get("csrftoken") or "",
                                          "username": "organiser", "password": PASSWORD, "next": ""})
        while not stop.is_set():
            call = Call("projector", time.perf_counter())
            calls.append(call)
            await timed(call, client.get(f"/listening/votes/{vote_id}/projector", headers={"HX-Request": "true"}))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), POLL_SECONDS)


async def final_projector(base: str, vote_id: int) -> str:
    async with httpx.AsyncClient(base_url=base, follow_redirects=False, timeout=30, verify=TLS_UNUSED) as client:
        await client.get("/login")
        await client.post("/login", data={"_csrf_token": client.cookies.get("csrftoken") or "",
                                          "username": "organiser", "password": PASSWORD, "next": ""})
        return (await client.get(f"/listening/votes/{vote_id}/projector")).text


@dataclass
class Checks:
    accepted: int = 0
    rows: int = 0
    lost: int = 0
    duplicated: int = 0
    wrong_choice: int = 0
    projector_shows_final: bool = False
    projector_detail: str = ""


async def check(url: str, secret: str, vote_id: int, people: list[Participant], html: str) -> Checks:
    engine = db.configure(url)
    await db.start(engine)
    try:
        stored = await LiveBallot.select(LiveBallot.device, LiveBallot.choice).where(LiveBallot.vote == vote_id)
    finally:
        await db.stop(engine)
    by_device = Counter(row["device"] for row in stored)
    choices = {row["device"]: json.loads(row["choice"]) for row in stored}
    checks = Checks(rows=len(stored))
    expected_devices = set()
    totals = Counter()
    for person in people:
        if not person.choice:
            continue
        checks.accepted += 1
        device = participation.device_key(secret, vote_id, person.token)
        expected_devices.add(device)
        if device not in by_device:
            checks.lost += 1
        elif {k: v for k, v in choices[device].items() if v} != person.choice:
            checks.wrong_choice += 1
        totals.update(person.choice)
    checks.duplicated = sum(count - 1 for count in by_device.values()) + len(set(by_device) - expected_devices)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    wanted = [f"{checks.accepted:,} devices have voted."] + [f"{totals[o]:,} points" for o in OPTIONS]
    missing = [phrase for phrase in wanted if phrase not in text]
    checks.projector_shows_final = not missing
    checks.projector_detail = "; ".join(wanted) if not missing else "missing: " + "; ".join(missing)
    return checks


def row(label: str, calls: list[Call]) -> str:
    answered = [c.latency for c in calls if c.latency is not None and c.status is not None]
    errors = sum(1 for c in calls if not c.ok)
    return (f"| {label} | {len(calls):,} | {sum(1 for c in calls if c.ok):,} | {errors:,} | "
            f"{ms(percentile(answered, 0.5))} | {ms(percentile(answered, 0.9))} | {ms(percentile(answered, 0.99))} | "
            f"{ms(max(answered) if answered else math.nan)} |")


def section(args: argparse.Namespace, people: list[Participant], polls: list[Call], checks: Checks,
            machine: dict[str, str], wall: float, server_cpu: float, client_cpu: float, started: datetime) -> str:
    calls = [c for p in people for c in p.calls]
    participant_calls = [c for c in calls if c.kind != "projector"]
    answered = [c.latency for c in participant_calls if c.latency is not None and c.status is not None]
    p99 = percentile(answered, 0.99)
    errors = Counter((c.error or f"HTTP {c.status}") for c in participant_calls if not c.ok)
    problems = []
    if errors:
        problems.append(f"{sum(errors.values()):,} error(s)")
    if checks.lost or checks.duplicated or checks.wrong_choice:
        problems.append(f"{checks.lost} lost, {checks.duplicated} duplicated, {checks.wrong_choice} wrong ballot(s)")
    if not checks.projector_shows_final:
        problems.append("the projector did not show the final counts")
    if math.isnan(p99) or p99 * 1000 >= TARGET_P99_MS:
        problems.append(f"p99 is {ms(p99)}, not under {TARGET_P99_MS:.0f} ms")
    verdict = (f"**Target met**: no errors, no lost or duplicated ballots, the projector shows the final counts, "
               f"p99 {ms(p99)} (under {TARGET_P99_MS:.0f} ms)." if not problems
               else "**Target not met**: " + "; ".join(problems) + ".")
    lines = [
        "## Listening sessions: 1,000 participants join a live vote and vote (SQLite, 1 app process)",
        "",
        "`just bench` runs `bench/listening.py` after `bench/voting.py` and replaces this section (between its "
        "markers) with its newest run. Setup is not measured (a fresh data dir, `codesign db migrate`, then through "
        "the services: a council, its organiser, a session with four insights and an open dot vote on them with 3 "
        "dots each). "
        "Each participant is a browser of its own with no account (an `httpx.AsyncClient`, own cookies, own connection "
        "closed at the end): it opens `/live/<code>` (the join page, which sets its CSRF cookie and its signed device "
        "cookie), then posts its dots as the plain form does. Participant *i* joins at *start + i / rate* (open loop) "
        "and votes as soon as the page is back; one in ten changes its vote 2 s after joining. The organiser's "
        "projector polls the htmx results block every 3 s throughout, and loads the whole page once at the end. Then "
        "the database is read: every participant who got a 303 must have exactly one ballot row (found by the keyed "
        "hash of its device token), holding the dots it last sent; the projector must show the final device count "
        "and every option's points.",
        "",
        f"Run of {started:%Y-%m-%d %H:%M} UTC: {args.participants:,} participants, joins due at {args.rate:g}/s within "
        f"the {args.seconds:g} s budget, at most {args.concurrency} requests in flight, `granian --workers 1`; the "
        f"measured phase took {wall:.1f} s.",
        "",
        verdict,
        "",
        "| requests | sent | answered as expected | errors | p50 | p90 | p99 | max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        row("join (GET /live/<code>)", [c for c in calls if c.kind == "join"]),
        row("vote (POST, first)", [c for c in calls if c.kind == "vote"]),
        row("vote changed (POST)", [c for c in calls if c.kind == "change"]),
        row("all participant requests", participant_calls),
        row("projector poll (htmx block)", polls),
        "",
        f"Ballots checked in the database: {checks.accepted:,} participants with an accepted vote, {checks.rows:,} "
        f"ballot rows; lost {checks.lost}, duplicated {checks.duplicated}, holding another choice than the last "
        f"accepted {checks.wrong_choice}. Projector at the end: "
        f"{'shows' if checks.projector_shows_final else 'does not show'} the final counts ({checks.projector_detail}).",
        "",
        f"Errors by kind: {', '.join(f'{k}: {v}' for k, v in errors.items()) or 'none'}. CPU time during the measured "
        f"phase: server {server_cpu:.1f} s, load generator {client_cpu:.1f} s.",
        "",
        "| machine | |",
        "|---|---|",
        *(f"| {key} | {value} |" for key, value in machine.items()),
    ]
    return "\n".join(lines)


def write_report(path: Path, body: str) -> None:
    """Replaces the listening section (or adds it at the end); the rest of the file stays as it was."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{START}\n{body}\n{END}"
    if between(old, START, END) is not None:
        before, rest = old.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


async def benchmark(args: argparse.Namespace) -> tuple[str, bool]:
    secret = secrets.token_hex(32)
    data_dir = Path(tempfile.mkdtemp(prefix="codesign-bench-listening-"))
    url = f"sqlite:///{data_dir / 'codesign.sqlite'}"
    env = {key: value for key, value in os.environ.items()
           if key not in ("CODESIGN_DEBUG", "CODESIGN_SECURE_COOKIES", "CODESIGN_PORT", "CODESIGN_DATABASE_URL")}
    env.update({"CODESIGN_DATA_DIR": str(data_dir), "CODESIGN_SECRET_KEY": secret,
                "CODESIGN_FAST_PASSWORD_HASHING": "1", "PICCOLO_CONF": "codesign.piccolo_conf",
                "CODESIGN_DATABASE_URL": url})
    os.environ["CODESIGN_DATABASE_URL"] = url
    os.environ["CODESIGN_DATA_DIR"] = str(data_dir)
    server: subprocess.Popen[bytes] | None = None
    started_at = datetime.now(UTC)
    try:
        print(f"setting up a live vote in {data_dir} …", flush=True)
        migrate(env)
        vote_id, code = await setup(url)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = data_dir / "server.log"
        server = start_server(env, port, 1, log)
        await wait_until_healthy(base, server, log, 1)
        await warm_up(base, code)
        machine = machine_facts("sqlite", None)
        await wait_for_quiet(args.quiet_wait)
        machine[LOAD_AVERAGE] = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        machine[SPEED_CHECK] = f"{speed_check():.0f} ms (best of 5)"
        people = [Participant(index) for index in range(args.participants)]
        polls: list[Call] = []
        stop = asyncio.Event()
        limit = asyncio.Semaphore(args.concurrency)
        print(f"{args.participants:,} participants join code {code} at {args.rate:g}/s …", flush=True)
        gc.collect()
        gc.freeze()
        gc.disable()
        try:
            server_before, client_before = tree_cpu_seconds(server.pid), time.process_time()
            start = time.perf_counter() + 0.5
            deadline = start + args.seconds
            poller = asyncio.ensure_future(projector(base, vote_id, stop, polls))
            tasks = [asyncio.ensure_future(take_part(person, base, code, secret, start, args.rate,
                                                     args.change_every > 0 and person.index % args.change_every == 5,
                                                     limit, deadline)) for person in people]
            await asyncio.wait(tasks, timeout=args.seconds + 5)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            wall = time.perf_counter() - start
            stop.set()
            await poller
            server_after = tree_cpu_seconds(server.pid)
            server_cpu = sum(server_after[pid] - server_before.get(pid, 0.0) for pid in server_after)
            client_cpu = time.process_time() - client_before
        finally:
            gc.enable()
            gc.unfreeze()
        html = await final_projector(base, vote_id)
        stop_server(server)
        checks = await check(url, secret, vote_id, people, html)
        body = section(args, people, polls, checks, machine, wall, server_cpu, client_cpu, started_at)
        return body, "Target met" in body
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(data_dir, ignore_errors=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.listening", description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget of the measured phase")
    parser.add_argument("--rate", type=float, default=50.0, help="participants joining per second (open loop)")
    parser.add_argument("--concurrency", type=int, default=64, help="most requests in flight at once")
    parser.add_argument("--change-every", type=int, default=10, help="every n-th participant changes its vote")
    parser.add_argument("--quiet-wait", type=float, default=30.0,
                        help="seconds to wait at most for the machine to be quiet before measuring")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    if args.participants < 1 or args.rate <= 0 or args.seconds <= 0 or args.concurrency < 1:
        parser.error("--participants, --rate, --seconds and --concurrency must be positive")
    if args.participants / args.rate + CHANGE_LAG > args.seconds * 0.8:
        parser.error("the arrivals take too much of the time budget: raise --rate or --seconds")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    body, met = asyncio.run(benchmark(args))
    write_report(args.output, body)
    for line in body.splitlines():
        if line.startswith(("**Target", "| all participant", "| projector", "Ballots checked")):
            print(line.replace("**", ""))
    print(f"written to {args.output}")
    if not met:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
