"""The voting benchmark: N voters cast (and some change) secret ballots against a real granian server.

    .venv/bin/python -m bench.voting [--engine sqlite|postgres] [--voters 2000] [--seconds 60] [--output PATH]

Setup is not measured: a fresh data dir (and on PostgreSQL a fresh database), `codesign db migrate`, and the
electorate made in-process through the services and table inserts. Then granian starts on 127.0.0.1, every voter
logs in, and the ballots arrive at a steady rate (open loop, with a cap on requests in flight). Afterwards the
database is checked for lost and duplicated ballots, and the figures replace this engine's section of
docs/benchmarks.md. Everything is removed again at the end; nothing but 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import importlib.metadata
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from codesign import db
from codesign.accounts.actor import Actor, CouncilRole
from codesign.accounts.passwords import hash_password, use_fast_hashing
from codesign.accounts.tables import User
from codesign.councils.tables import Council, Membership
from codesign.scenarios import services as scenarios
from codesign.voting import services as voting
from codesign.voting.tables import Ballot, Eligibility

ROOT = Path(__file__).resolve().parent.parent
PROPOSAL = ROOT / "proposals" / "housing-notice-under-the-door.md"
PASSWORD = "bench-voter-password"  # noqa: S105 - throwaway accounts in a throwaway database
COUNCIL_SLUG = "bench"
COUNCIL_NAME = "Benchmark council"
TARGET_P99_MS = 100.0
BATCH = 250  # rows per INSERT while making the electorate
CHANGE_LAG = 2.0  # seconds between a voter's first ballot and its change, on the schedule
# The spread of choices: half approve, three in ten reject, two in ten abstain.
FIRST_CHOICES = ("approve",) * 5 + ("reject",) * 3 + ("abstain",) * 2
ONE_CONNECTION = httpx.Limits(max_connections=1, max_keepalive_connections=1)
TLS_UNUSED = ssl.create_default_context()  # plain HTTP; one shared context spares each client building its own
CHANGED_TO = {"approve": "reject", "reject": "abstain", "abstain": "approve"}
LOAD_AVERAGE = "load average just before the measured phase (1, 5, 15 min)"
SPEED_CHECK = "speed check just before the measured phase: 1,000,000 turns of a pure-Python loop"
ENGINES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


# --- results ------------------------------------------------------------------------------------------------


@dataclass
class Request:
    """One ballot request: when it was due, when it went out, and what came back."""

    voter: int
    kind: str  # "first" | "change"
    choice: str
    due: float
    sent: float | None = None
    latency: float | None = None
    status: int | None = None
    error: str | None = None

    @property
    def accepted(self) -> bool:
        return self.status == 303 and self.error is None

    @property
    def failure(self) -> str | None:
        if self.error:
            return self.error
        if self.status != 303:
            return f"HTTP {self.status}"
        return None


@dataclass
class Voter:
    username: str
    user_id: int
    client: httpx.AsyncClient | None = None
    cookies: httpx.Cookies | None = None
    token: str = ""
    first: Request | None = None
    change: Request | None = None


@dataclass
class Checks:
    accepted_voters: int = 0
    ballot_rows: int = 0
    distinct_keys: int = 0
    lost: int = 0
    duplicated: int = 0
    wrong_choice: int = 0
    unconfirmed: int = 0
    unknown_keys: int = 0
    eligibility_voted: int = 0
    eligibility_mismatch: int = 0


@dataclass
class Run:
    engine: str
    workers: int
    voters: int
    seconds: float
    rate: float
    concurrency: int
    started_at: datetime
    machine: dict[str, str]
    requests: list[Request] = field(default_factory=list)
    login_seconds: float = 0.0
    measured_wall: float = 0.0
    server_cpu: float = 0.0
    process_cpu: list[float] = field(default_factory=list)  # per granian process, the main one first
    client_cpu: float = 0.0
    other_cpu: float = 0.0
    database_cpu: float | None = None  # the PostgreSQL backends of the benchmark database, if on this machine
    others_before: float = 0.0
    keep_connections: bool = False
    steal_cpu: float = 0.0
    checks: Checks = field(default_factory=Checks)


# --- setup --------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_url_from_env() -> str:
    url = os.environ.get("CODESIGN_BENCH_DATABASE_URL", "")
    if not url and os.environ.get("CODESIGN_DATABASE_URL", "").startswith("postgresql://"):
        url = os.environ["CODESIGN_DATABASE_URL"]
    return url


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def create_database(server_url: str) -> tuple[str, str]:
    """A fresh, uniquely named database on the server of `server_url`; returns its URL and name."""
    import asyncpg

    parts = urlsplit(server_url)
    name = f"codesign_bench_{secrets.token_hex(4)}"
    connection = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        await connection.execute(f"CREATE DATABASE {quoted(name)}")
    finally:
        await connection.close()
    return urlunsplit(parts._replace(path=f"/{name}")), name


async def drop_database(server_url: str, name: str) -> None:
    import asyncpg

    parts = urlsplit(server_url)
    connection = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
    try:
        await connection.execute(f"DROP DATABASE IF EXISTS {quoted(name)} WITH (FORCE)")
    finally:
        await connection.close()


async def backend_cpu_seconds(url: str, name: str) -> dict[int, float]:
    """CPU seconds of the PostgreSQL backends serving database `name`, when they run on this machine."""
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                                      name)
    finally:
        await connection.close()
    seconds: dict[int, float] = {}
    for row in rows:
        seconds.update(tree_cpu_seconds(int(row["pid"])))
    return seconds


async def postgres_version(url: str) -> str:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()


def migrate(env: dict[str, str]) -> None:
    result = subprocess.run([sys.executable, "-m", "codesign", "db", "migrate"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise SystemExit(f"`codesign db migrate` failed:\n{result.stdout}\n{result.stderr}")


async def make_electorate(url: str, secret: str, count: int) -> tuple[int, list[Voter]]:
    """One council, one organiser, `count` voting members, a draft in community review and an open decision."""
    engine = db.configure(url)
    await db.start(engine)
    try:
        use_fast_hashing(True)
        voting.configure(secret)
        password_hash = await hash_password(PASSWORD)
        now = datetime.now(UTC)
        async with db.write_transaction():
            rows = await User.insert(User(username="organiser", display_name="Organiser", password_hash=password_hash,
                                          created_at=now))
            organiser_id = int(rows[0]["id"])
            rows = await Council.insert(Council(name=COUNCIL_NAME, slug=COUNCIL_SLUG, created_at=now))
            council_id = int(rows[0]["id"])
            await Membership.insert(Membership(council=council_id, user=organiser_id, role="organiser",
                                               joined_at=now))
        names = [f"voter{number:05d}" for number in range(count)]
        for start in range(0, count, BATCH):
            batch = names[start:start + BATCH]
            async with db.write_transaction():
                await User.insert(*[User(username=name, display_name=f"Voter {name[5:]}", password_hash=password_hash,
                                         created_at=now) for name in batch])
                made = await User.select(User.id).where(User.username.is_in(batch))
                await Membership.insert(*[Membership(council=council_id, user=row["id"], role="member",
                                                     joined_at=now) for row in made])
        ids = {row["username"]: int(row["id"]) for row in
               await User.select(User.id, User.username).where(User.username.like("voter%"))}
        organiser = Actor(user_id=organiser_id, username="organiser", display_name="Organiser",
                          councils=(CouncilRole(council_id, COUNCIL_SLUG, COUNCIL_NAME, "organiser"),))
        slug = await scenarios.propose_draft(organiser, council_id, PROPOSAL.read_text(encoding="utf-8"),
                                             "Benchmark draft", "name")
        await scenarios.transition(organiser, slug, "submit")
        decision_id = await voting.open_decision(
            organiser, slug, "Should this draft go on to expert review?", "simple_majority", 50, secret=True,
            live_results=False, opens_at=None, closes_at=now + timedelta(days=1))
    finally:
        await db.stop(engine)
    return decision_id, [Voter(name, ids[name]) for name in names]


# --- the server ---------------------------------------------------------------------------------------------


def start_server(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    granian = Path(sys.executable).parent / "granian"
    if not granian.exists():
        raise SystemExit(f"granian is not installed next to {sys.executable}: run `just sync`")
    command = [str(granian), "--interface", "asgi", "--factory", "codesign.app:create_app", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    with log.open("wb") as output:
        # A session of its own, so that the whole server (main process and workers) can be stopped together.
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                                start_new_session=True)


async def wait_until_healthy(base: str, server: subprocess.Popen[bytes], log: Path, workers: int) -> None:
    deadline = time.monotonic() + 30
    healthy = 0
    async with httpx.AsyncClient(base_url=base, timeout=1) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise SystemExit(f"the server exited with {server.returncode}:\n{log.read_text(errors='replace')}")
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get("/healthz")).status_code == 200:
                    healthy += 1
                    # Several answers in a row, so that every worker has most likely started.
                    if healthy >= 5 * workers:
                        return
            await asyncio.sleep(0.1)
    raise SystemExit(f"the server did not answer /healthz within 30 s:\n{log.read_text(errors='replace')}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)  # the group of the server this script started
        server.wait(timeout=5)


def machine_cpu_seconds() -> tuple[float, float]:
    """CPU time the whole machine was busy, and the part of it stolen by the hypervisor (from /proc/stat)."""
    tick = os.sysconf("SC_CLK_TCK")
    values = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values[:8]
    return (user + nice + system + irq + softirq + steal) / tick, steal / tick


def tree_cpu_seconds(pid: int) -> dict[int, float]:
    """User + system CPU seconds of a process and of each of its descendants (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds: dict[int, float] = {}
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            seconds[current] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(child) for child in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return seconds


async def wait_for_quiet(longest: float) -> float:
    """Waits (at most `longest` seconds) for a second in which other processes use under a quarter of a core, so
    that a shared machine's other work disturbs the run less; returns the cores others used in the last second."""
    give_up = time.monotonic() + longest
    own = time.process_time()
    busy, _steal = machine_cpu_seconds()
    while True:
        await asyncio.sleep(1.0)
        now_busy, _steal = machine_cpu_seconds()
        now_own = time.process_time()
        others = max(0.0, now_busy - busy - (now_own - own))
        if others < 0.25 or time.monotonic() >= give_up:
            return others
        busy, own = now_busy, now_own


# --- the voters ---------------------------------------------------------------------------------------------


def browser(base: str, cookies: httpx.Cookies | None = None) -> httpx.AsyncClient:
    """A voter's browser: its own cookies and its own connection (opened on the first request)."""
    return httpx.AsyncClient(base_url=base, cookies=cookies, follow_redirects=False, timeout=30,
                             limits=ONE_CONNECTION, verify=TLS_UNUSED)


async def log_in(voter: Voter, base: str, keep: bool) -> None:
    """Logs the voter in; its connection is closed afterwards unless `keep` (then it stays open, idle)."""
    problem = ""
    client = browser(base)
    async with contextlib.AsyncExitStack() as stack:
        if not keep:
            stack.push_async_callback(client.aclose)
        for _attempt in range(3):
            try:
                await client.get("/login")
                token = client.cookies.get("csrftoken") or ""
                response = await client.post("/login", data={"_csrf_token": token, "username": voter.username,
                                                             "password": PASSWORD, "next": ""})
            except httpx.HTTPError as error:
                problem = type(error).__name__
                continue
            if response.status_code == 303:
                voter.token = client.cookies.get("csrftoken") or token
                voter.cookies = httpx.Cookies(client.cookies)
                voter.client = client if keep else None
                return
            problem = f"HTTP {response.status_code}"
    raise SystemExit(f"{voter.username} could not log in ({problem}); the setup failed before the measurement")


async def log_everyone_in(voters: list[Voter], base: str, concurrency: int, keep: bool) -> float:
    limit = asyncio.Semaphore(concurrency)

    async def one(voter: Voter) -> None:
        async with limit:
            await log_in(voter, base, keep)

    started = time.perf_counter()
    await asyncio.gather(*(one(voter) for voter in voters))
    return time.perf_counter() - started


async def close_clients(voters: list[Voter]) -> None:
    clients = [voter.client for voter in voters if voter.client is not None]
    for voter in voters:
        voter.client = None
    await asyncio.gather(*(client.aclose() for client in clients), return_exceptions=True)


async def send(request: Request, voter: Voter, decision_id: int, limit: asyncio.Semaphore, deadline: float,
               after: asyncio.Event | None, done: asyncio.Event | None) -> None:
    """Sends one ballot when it is due; the voter's last request closes its connection afterwards."""
    try:
        await asyncio.sleep(max(0.0, request.due - time.perf_counter()))
        if after is not None:
            await after.wait()
            if voter.first is None or not voter.first.accepted:
                request.error = "skipped: first ballot failed"
                return
        async with limit:
            now = time.perf_counter()
            if now >= deadline:
                request.error = "not sent before the deadline"
                return
            assert voter.client is not None
            request.sent = now
            try:
                response = await voter.client.post(
                    f"/decisions/{decision_id}/ballot",
                    data={"_csrf_token": voter.token, "choice": request.choice, "reason": ""},
                    timeout=max(0.1, deadline - now))
                request.status = response.status_code
            except httpx.HTTPError as error:
                request.error = type(error).__name__
            request.latency = time.perf_counter() - now
    finally:
        last = request.kind == "change" or voter.change is None or not request.accepted
        if last and voter.client is not None:
            client, voter.client = voter.client, None
            await client.aclose()
        if done is not None:
            done.set()


async def cast_ballots(voters: list[Voter], decision_id: int, rate: float, seconds: float, concurrency: int,
                       change_every: int) -> tuple[list[Request], float]:
    """Open loop: voter i's ballot is due at start + i / rate; every `change_every`-th voter changes it
    CHANGE_LAG seconds later (after the first came back). At most `concurrency` requests are in flight."""
    limit = asyncio.Semaphore(concurrency)
    start = time.perf_counter() + 0.5
    deadline = start + seconds
    tasks = []
    requests: list[Request] = []
    for index, voter in enumerate(voters):
        choice = FIRST_CHOICES[index % len(FIRST_CHOICES)]
        voter.first = Request(index, "first", choice, start + index / rate)
        first_done = asyncio.Event()
        tasks.append(send(voter.first, voter, decision_id, limit, deadline, None, first_done))
        requests.append(voter.first)
        if change_every and index % change_every == change_every // 2:
            voter.change = Request(index, "change", CHANGED_TO[choice], voter.first.due + CHANGE_LAG)
            tasks.append(send(voter.change, voter, decision_id, limit, deadline, first_done, None))
            requests.append(voter.change)
    running = [asyncio.ensure_future(task) for task in tasks]
    _done, pending = await asyncio.wait(running, timeout=max(1.0, deadline - time.perf_counter()) + 5)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for request in requests:
        if request.status is None and request.error is None:
            request.error = "cancelled at the deadline"
    ends = [r.sent + r.latency for r in requests if r.sent is not None and r.latency is not None]
    return requests, (max(ends) - start) if ends else 0.0


# --- checks -------------------------------------------------------------------------------------------------


async def check_ballots(url: str, secret: str, decision_id: int, voters: list[Voter]) -> Checks:
    """What the database holds after the run, against what the voters were told."""
    engine = db.configure(url)
    await db.start(engine)
    try:
        voting.configure(secret)
        rows = await Ballot.select(Ballot.ballot_key, Ballot.choice).where(Ballot.decision == decision_id)
        voted = await Eligibility.select(Eligibility.user).where(
            (Eligibility.decision == decision_id) & Eligibility.voted.eq(True))
    finally:
        await db.stop(engine)
    checks = Checks(ballot_rows=len(rows), eligibility_voted=len(voted))
    stored: dict[str, list[str]] = {}
    for row in rows:
        stored.setdefault(row["ballot_key"], []).append(row["choice"])
    checks.distinct_keys = len(stored)
    checks.duplicated = sum(len(choices) - 1 for choices in stored.values())
    voted_ids = {row["user"] for row in voted}
    known: set[str] = set()
    for voter in voters:
        key = voting.ballot_key(decision_id, voter.user_id)
        known.add(key)
        sent = [r for r in (voter.first, voter.change) if r is not None and r.sent is not None]
        accepted = [r for r in sent if r.accepted]
        # A request the client saw fail may still have been committed; a 422 was not.
        maybe = [r for r in sent if r.error is not None or (r.status is not None and r.status >= 500)]
        if (voter.user_id in voted_ids) != (key in stored):
            checks.eligibility_mismatch += 1
        if not accepted:
            if key in stored:
                checks.unconfirmed += 1
            continue
        checks.accepted_voters += 1
        if key not in stored:
            checks.lost += 1
            continue
        allowed = {accepted[-1].choice} | {r.choice for r in maybe if r.due > accepted[-1].due}
        if stored[key][-1] not in allowed:
            checks.wrong_choice += 1
    checks.unknown_keys = sum(1 for key in stored if key not in known)
    return checks


# --- figures ------------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (the smallest value with at least `share` of the values at or below it)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value * 1000:,.1f} ms"


def latency_row(label: str, requests: list[Request]) -> str:
    sent = [r for r in requests if r.sent is not None]
    answered = [r.latency for r in sent if r.latency is not None and r.status is not None]
    errors = sum(1 for r in requests if r.failure and not r.failure.startswith("skipped"))
    accepted = sum(1 for r in requests if r.accepted)
    return (f"| {label} | {len(requests):,} | {len(sent):,} | {accepted:,} | {errors:,} | "
            f"{ms(percentile(answered, 0.50))} | {ms(percentile(answered, 0.90))} | {ms(percentile(answered, 0.99))} "
            f"| {ms(max(answered) if answered else math.nan)} |")


def machine_facts(engine: str, postgres: str | None) -> dict[str, str]:
    cpu = ""
    with contextlib.suppress(OSError):
        match = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        cpu = match.group(1).strip() if match else ""
    system = platform.platform()
    with contextlib.suppress(OSError):
        match = re.search(r'^PRETTY_NAME="?([^"\n]+)"?$', Path("/etc/os-release").read_text(), re.MULTILINE)
        system = match.group(1) if match else system
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    facts = {
        "CPU cores (nproc)": f"{len(os.sched_getaffinity(0))}" + (f" × {cpu}" if cpu else ""),
        "system": f"{system}, Linux {platform.release()}",
        "Python": platform.python_version(),
        "granian / Litestar / piccolo / httpx": " / ".join(
            importlib.metadata.version(name) for name in ("granian", "litestar", "piccolo", "httpx")),
        LOAD_AVERAGE: load,
    }
    if engine == "sqlite":
        facts["SQLite"] = f"{sqlite3.sqlite_version} (WAL, synchronous=NORMAL, BEGIN IMMEDIATE behind a lock)"
    else:
        facts["PostgreSQL"] = f"{postgres} on 127.0.0.1 (asyncpg pool of up to 10 per app process)"
    return facts


def verdict(run: Run, p99: float, errors: int) -> str:
    checks = run.checks
    problems = []
    if errors:
        problems.append(f"{errors:,} error(s)")
    if checks.lost or checks.duplicated or checks.unknown_keys:
        problems.append(f"{checks.lost:,} lost and {checks.duplicated + checks.unknown_keys:,} duplicated ballot(s)")
    if checks.wrong_choice:
        problems.append(f"{checks.wrong_choice:,} ballot(s) stored with a choice other than the last accepted one")
    if math.isnan(p99) or p99 * 1000 >= TARGET_P99_MS:
        problems.append(f"p99 is {ms(p99)}, not under {TARGET_P99_MS:.0f} ms")
    if not problems:
        return (f"**Target met**: no errors, no lost or duplicated ballots, p99 {ms(p99)} "
                f"(under {TARGET_P99_MS:.0f} ms).")
    return "**Target not met**: " + "; ".join(problems) + "."


def slow_seconds(requests: list[Request]) -> str:
    """Where the slow answers fell: spread over the run, or bunched in a few seconds."""
    dues = [r.due for r in requests]
    if not dues:
        return "none"
    start = min(dues)
    slow = Counter(int(r.due - start) for r in requests
                   if r.latency is not None and r.latency * 1000 >= TARGET_P99_MS)
    if not slow:
        return "none"
    parts = [f"{second} s: {count}" for second, count in sorted(slow.items())]
    return f"{sum(slow.values()):,} ({', '.join(parts)})"


def speed_check() -> float:
    """Milliseconds a fixed pure-Python loop takes here now: a rough gauge of how fast the cores are at the time of a
    run (shared or throttled cores take longer), to compare runs with."""
    best = math.inf
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number % 7
        best = min(best, time.perf_counter() - started)
    return best * 1000


def section(run: Run) -> str:
    requests = run.requests
    firsts = [r for r in requests if r.kind == "first"]
    changes = [r for r in requests if r.kind == "change"]
    answered = [r.latency for r in requests if r.latency is not None and r.status is not None]
    failures = Counter(r.failure for r in requests if r.failure and not r.failure.startswith("skipped"))
    errors = sum(failures.values())
    skipped = sum(1 for r in requests if r.failure and r.failure.startswith("skipped"))
    lags = [r.sent - r.due for r in requests if r.sent is not None]
    checks = run.checks
    p99 = percentile(answered, 0.99)
    title = f"{ENGINES[run.engine]}, {run.workers} app process{'es' if run.workers > 1 else ''}"
    cores = len(os.sched_getaffinity(0))
    window = run.voters / run.rate + CHANGE_LAG
    accepted = sum(1 for r in requests if r.accepted)
    rate = accepted / run.measured_wall if run.measured_wall else 0.0
    sent = [r for r in requests if r.sent is not None]
    per_request = run.server_cpu / len(sent) * 1000 if sent else 0.0
    lines = [
        f"## {title}",
        "",
        f"Run of {run.started_at:%Y-%m-%d %H:%M} UTC: {run.voters:,} voters, ballots due at {run.rate:g}/s "
        f"(an arrival window of {window:.0f} s within the {run.seconds:g} s budget), at most {run.concurrency} "
        f"requests in flight, `granian --workers {run.workers}`; "
        + ("each voter's log-in connection kept open until it voted (`--keep-connections`)."
           if run.keep_connections else "each voter votes on a new connection of its own."),
        "",
        verdict(run, p99, errors),
        "",
        "| ballots | due | sent | accepted (303) | errors | p50 | p90 | p99 | max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        latency_row("first ballot", firsts),
        latency_row("changed ballot", changes),
        latency_row("all", requests),
        "",
    ]
    if failures:
        lines += ["Errors: " + ", ".join(f"{reason} × {count:,}" for reason, count in failures.most_common()) + ".",
                  ""]
    if skipped:
        lines += [f"{skipped:,} change(s) were not sent because the voter's first ballot had failed.", ""]
    lines += [
        "| check after the run (in the database) | count |",
        "|---|---:|",
        f"| voters told their ballot was saved (a 303) | {checks.accepted_voters:,} |",
        f"| ballot rows stored for the decision | {checks.ballot_rows:,} |",
        f"| **lost**: told saved, but no ballot stored | {checks.lost:,} |",
        f"| **duplicated**: more than one row for a voter, or a row for no voter | "
        f"{checks.duplicated + checks.unknown_keys:,} |",
        f"| stored choice is not the last one accepted | {checks.wrong_choice:,} |",
        f"| stored although the voter saw an error | {checks.unconfirmed:,} |",
        f"| eligibility rows marked voted | {checks.eligibility_voted:,} |",
        f"| voted mark and stored ballot disagree | {checks.eligibility_mismatch:,} |",
        "",
        "| where the time went | |",
        "|---|---|",
        f"| measured phase, first ballot due → last answer | {run.measured_wall:.1f} s |",
        f"| accepted ballots per second over that time | {rate:.1f} |",
        f"| answers slower than {TARGET_P99_MS:.0f} ms, by the second of the run they were due in | "
        f"{slow_seconds(requests)} |",
        f"| CPU used by the server (all granian processes) | {run.server_cpu:.1f} s "
        f"({run.server_cpu / run.measured_wall * 100 if run.measured_wall else 0:.0f} % of one core; supervisor / "
        f"worker(s): "
        f"{' / '.join(f'{value:.1f}' for value in run.process_cpu)} s) |",
        f"| server CPU per ballot request | {per_request:.1f} ms |",
        f"| CPU used by this load generator, same machine | {run.client_cpu:.1f} s "
        f"({run.client_cpu / run.measured_wall * 100 if run.measured_wall else 0:.0f} % of one core; "
        f"{cores} cores in all) |",
        *([f"| CPU used by the PostgreSQL backends of the benchmark database | {run.database_cpu:.1f} s |"]
          if run.database_cpu is not None else []),
        f"| cores busy with other processes in the last second before the run | {run.others_before:.2f} |",
        f"| CPU used by other processes on the machine meanwhile | {run.other_cpu:.1f} s "
        f"(of which stolen by the hypervisor: {run.steal_cpu:.1f} s) |",
        f"| sent later than due: waiting for a free slot or for the client (p99 / max) | "
        f"{ms(percentile(lags, 0.99))} / {ms(max(lags) if lags else math.nan)} |",
        f"| log-in of every voter (setup, not measured) | {run.login_seconds:.1f} s |",
        "",
        "| machine | |",
        "|---|---|",
        *[f"| {name} | {value} |" for name, value in run.machine.items()],
    ]
    return "\n".join(lines)


INTRO = """# Benchmarks

## Voting: 2,000 voters within 60 seconds

`just bench` runs `bench/voting.py`. It is a benchmark, not a test: it measures a real server and writes the figures
below, each engine's section replaced by its newest run (the notes at the end are kept as written). The target, on a
2-core machine: **no errors, no lost or duplicated ballots, and p99 latency under 100 ms**.

How it measures:

1. **Setup, not measured.** A fresh temporary data dir (on PostgreSQL also a fresh database, dropped afterwards),
   `codesign db migrate`, then in-process through the services and table inserts: one council with one organiser
   and N voting members (user rows share one precomputed argon2 hash with the fast test parameters), the draft
   `proposals/housing-notice-under-the-door.md` proposed and submitted to community review, and a decision opened on
   it (secret ballot, simple majority, quorum 50 %, closes in a day).
2. **The server**: granian on a free 127.0.0.1 port with the same data dir or database, a fixed
   `CODESIGN_SECRET_KEY` and `CODESIGN_FAST_PASSWORD_HASHING=1`; 1 worker on SQLite, 2 on PostgreSQL;
   `--no-access-log --log-level warning`, everything else at granian's defaults.
3. **Log-in, not measured**: each voter is a browser of its own (an `httpx.AsyncClient` with its own cookies and
   its own connection): it gets `/login` for the CSRF cookie, posts the form, and closes its connection
   (32 voters at a time).
4. **Measured**: every voter posts `/decisions/<id>/ballot` as the plain HTML form does (CSRF field and choice;
   half approve, three in ten reject, two in ten abstain), on a new connection of its own that it closes when it
   is done. It is an open loop: voter *i*'s ballot is due at *start + i / rate* (100/s by default, so 2,000 ballots
   arrive over 20 s) whether or not earlier ones have been answered, with at most 64 requests in flight. One voter
   in ten changes the ballot 2 s after the first was due (once the first came back); changes have their own row.
   Latency runs from sending a request (connecting included) to its full response, by `time.perf_counter`;
   percentiles are nearest-rank. An error is any answer but the 303 redirect, a connection error or timeout, or a
   request still unsent or unanswered when the time budget (60 s) ends. A request that waits for one of the 64
   slots waits outside its latency; that wait is shown apart. The load generator's own garbage collector is
   paused while it measures (with 2,000 clients a full collection stalls it for ~100 ms); the server's is not.
5. **Checks**: after the server has stopped, the database is read: every voter who got a 303 must have exactly
   one ballot row (found by the keyed ballot hash), holding the choice last accepted; the eligibility rows marked
   voted must match the ballots.

The load generator shares the machine, and its cores, with the server; each run lists the CPU time both used, and
what other processes took meanwhile (on a shared machine other work can wreck a run: the benchmark waits up to 60 s
for a quiet second before it measures, and says how busy the machine was).

Run it with `just bench` (SQLite, then PostgreSQL when a server is given) or
`.venv/bin/python -m bench.voting --engine sqlite|postgres [--voters 2000] [--seconds 60] [--rate 100]
[--concurrency 64] [--output docs/benchmarks.md]` (`--help` lists the other options, such as
`--keep-connections`). The PostgreSQL run needs a server on which it may create and
drop a database: **`CODESIGN_BENCH_DATABASE_URL`**`=postgresql://user@127.0.0.1:5432/postgres`, read by `bench/`
only (when it is unset, a `CODESIGN_DATABASE_URL` starting with `postgresql://` is used). The database the URL
names is not touched: the benchmark creates `codesign_bench_<random>` on that server and drops it at the end.
"""

NOTES_START = "<!-- notes:start -->"
NOTES_END = "<!-- notes:end -->"
DEFAULT_NOTES = "## Notes\n\nNo notes yet."


def markers(engine: str) -> tuple[str, str]:
    return f"<!-- bench:{engine}:start -->", f"<!-- bench:{engine}:end -->"


def between(text: str, start: str, end: str) -> str | None:
    if start in text and end in text:
        return text.split(start, 1)[1].split(end, 1)[0].strip("\n")
    return None


def write_report(path: Path, run: Run) -> None:
    """Rewrites the intro and this engine's section; the other engine's section and the notes stay as they were."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    parts = [INTRO.rstrip("\n")]
    for engine in ENGINES:
        start, end = markers(engine)
        body = section(run) if engine == run.engine else between(old, start, end)
        if body is None:
            body = f"## {ENGINES[engine]}\n\nNot run yet."
        parts.append(f"{start}\n{body}\n{end}")
    notes = between(old, NOTES_START, NOTES_END) or DEFAULT_NOTES
    parts.append(f"{NOTES_START}\n{notes}\n{NOTES_END}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def summary(run: Run) -> Iterable[str]:
    requests = run.requests
    answered = [r.latency for r in requests if r.latency is not None and r.status is not None]
    errors = sum(1 for r in requests if r.failure and not r.failure.startswith("skipped"))
    checks = run.checks
    yield (f"{ENGINES[run.engine]} ({run.workers} worker(s)): {len(requests):,} requests, {errors:,} errors, "
           f"p50 {ms(percentile(answered, 0.5))}, p90 {ms(percentile(answered, 0.9))}, "
           f"p99 {ms(percentile(answered, 0.99))}, max {ms(max(answered) if answered else math.nan)}")
    yield (f"ballots: {checks.accepted_voters:,} voters accepted, {checks.ballot_rows:,} rows, lost {checks.lost}, "
           f"duplicated {checks.duplicated + checks.unknown_keys}, wrong choice {checks.wrong_choice}, "
           f"eligibility voted {checks.eligibility_voted:,}")
    yield verdict(run, percentile(answered, 0.99), errors).replace("**", "")


# --- the whole run ------------------------------------------------------------------------------------------


async def benchmark(args: argparse.Namespace) -> Run:
    engine = args.engine
    workers = 1 if engine == "sqlite" else 2
    window = args.voters / args.rate + CHANGE_LAG
    if window > args.seconds * 0.8:
        raise SystemExit(f"{args.voters} voters at {args.rate}/s take {window:.0f} s, too close to the "
                         f"{args.seconds} s budget: raise --rate or --seconds")
    secret = secrets.token_hex(32)
    data_dir = Path(tempfile.mkdtemp(prefix="codesign-bench-"))
    env = {key: value for key, value in os.environ.items()
           if key not in ("CODESIGN_DEBUG", "CODESIGN_SECURE_COOKIES", "CODESIGN_PORT", "CODESIGN_DATABASE_URL")}
    env.update({"CODESIGN_DATA_DIR": str(data_dir), "CODESIGN_SECRET_KEY": secret,
                "CODESIGN_FAST_PASSWORD_HASHING": "1", "PICCOLO_CONF": "codesign.piccolo_conf"})
    server_url = database_name = None
    postgres = None
    server: subprocess.Popen[bytes] | None = None
    voters: list[Voter] = []
    try:
        if engine == "postgres":
            server_url = args.database_url or postgres_url_from_env()
            if not server_url.startswith(("postgresql://", "postgres://")):
                raise SystemExit("the PostgreSQL run needs CODESIGN_BENCH_DATABASE_URL=postgresql://… "
                                 "(or --database-url)")
            url, database_name = await create_database(server_url)
            postgres = await postgres_version(url)
            env["CODESIGN_DATABASE_URL"] = url
        else:
            url = f"sqlite:///{data_dir / 'codesign.sqlite'}"
        # The engine piccolo_conf builds in this process must be of the same kind (codesign.db.configure).
        os.environ["CODESIGN_DATABASE_URL"] = url
        os.environ["CODESIGN_DATA_DIR"] = str(data_dir)
        run = Run(engine=engine, workers=workers, voters=args.voters, seconds=args.seconds, rate=args.rate,
                  concurrency=args.concurrency, started_at=datetime.now(UTC), machine=machine_facts(engine, postgres),
                  keep_connections=args.keep_connections)
        print(f"setting up {args.voters:,} voters on {ENGINES[engine]} in {data_dir} …", flush=True)
        migrate(env)
        decision_id, voters = await make_electorate(url, secret, args.voters)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = data_dir / "server.log"
        server = start_server(env, port, workers, log)
        await wait_until_healthy(base, server, log, workers)
        print(f"server up on {base} ({workers} worker(s)); logging {len(voters):,} voters in …", flush=True)
        run.login_seconds = await log_everyone_in(voters, base, min(32, args.concurrency), args.keep_connections)
        for voter in voters:
            voter.client = voter.client or browser(base, voter.cookies)

        run.others_before = await wait_for_quiet(args.quiet_wait)
        run.machine[LOAD_AVERAGE] = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        run.machine[SPEED_CHECK] = f"{speed_check():.0f} ms (best of 5; a slower core or a busier host takes longer)"
        print(f"casting ballots at {args.rate:g}/s …", flush=True)
        # The load generator is the measuring instrument: its own garbage collector must not pause it mid-run
        # (2,000 clients make a full collection take ~100 ms). The server's collector runs as usual.
        gc.collect()
        gc.freeze()
        gc.disable()
        try:
            database_before = await backend_cpu_seconds(url, database_name) if database_name else {}
            server_cpu, client_cpu, (machine_cpu, steal_cpu) = (
                tree_cpu_seconds(server.pid), time.process_time(), machine_cpu_seconds())
            run.requests, run.measured_wall = await cast_ballots(voters, decision_id, args.rate, args.seconds,
                                                                 args.concurrency, args.change_every)
            after = tree_cpu_seconds(server.pid)
            run.process_cpu = [after[pid] - server_cpu.get(pid, 0.0) for pid in after]
            run.server_cpu = sum(run.process_cpu)
            run.client_cpu = time.process_time() - client_cpu
            machine_after, steal_after = machine_cpu_seconds()
            if database_name:
                database_after = await backend_cpu_seconds(url, database_name)
                if database_after:
                    run.database_cpu = sum(value - database_before.get(pid, 0.0)
                                           for pid, value in database_after.items())
        finally:
            gc.enable()
            gc.unfreeze()
        run.other_cpu = max(0.0, machine_after - machine_cpu - run.server_cpu - run.client_cpu
                            - (run.database_cpu or 0.0))
        run.steal_cpu = steal_after - steal_cpu
        await close_clients(voters)
        stop_server(server)
        if server.returncode not in (0, -signal.SIGTERM):
            print(f"note: the server exited with {server.returncode}", file=sys.stderr)
        run.checks = await check_ballots(url, secret, decision_id, voters)
        failures = log.read_text(errors="replace").strip()
        if failures:
            print(f"server log:\n{failures[-4000:]}", file=sys.stderr)
        return run
    finally:
        await close_clients(voters)
        if server is not None:
            stop_server(server)
        if database_name and server_url:
            await drop_database(server_url, database_name)
        shutil.rmtree(data_dir, ignore_errors=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.voting", description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=tuple(ENGINES), default="sqlite")
    parser.add_argument("--voters", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget of the measured phase")
    parser.add_argument("--rate", type=float, default=100.0, help="ballots due per second (open loop)")
    parser.add_argument("--concurrency", type=int, default=64, help="most requests in flight at once")
    parser.add_argument("--change-every", type=int, default=10, help="every n-th voter changes the ballot (0: none)")
    parser.add_argument("--keep-connections", action="store_true",
                        help="keep each voter's log-in connection open, idle, until it votes (as a browser might)")
    parser.add_argument("--quiet-wait", type=float, default=60.0,
                        help="seconds to wait at most for the machine to be quiet before measuring")
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL server to create the benchmark database on (default: "
                             "CODESIGN_BENCH_DATABASE_URL, or CODESIGN_DATABASE_URL if it is postgresql://)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    if args.voters < 1 or args.rate <= 0 or args.seconds <= 0 or args.concurrency < 1 or args.change_every < 0:
        parser.error("--voters, --rate, --seconds and --concurrency must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    run = asyncio.run(benchmark(args))
    write_report(args.output, run)
    for line in summary(run):
        print(line)
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
