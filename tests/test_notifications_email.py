"""Email digests: the pure digest, queueing (frequency, address, never twice), the outbox worker, SMTP and .eml."""

from __future__ import annotations

import dataclasses
import os
import socket
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from codesign.notifications import digest
from tests.conftest import IS_POSTGRES, call
from tests.test_notifications import notify

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


# --- the digest itself (pure) ------------------------------------------------------------------


def notice(id: int, scenario_id: int | None, minutes: int, title: str = "", kind: str = "reply") -> digest.Notice:
    return digest.Notice(id=id, kind=kind, scenario_id=scenario_id, scenario_title=title or f"Draft {scenario_id}",
                         url=f"/drafts/d{scenario_id}#n{id}", created_at=T0 + timedelta(minutes=minutes),
                         params={"who": "Bob"})


@pytest.mark.parametrize(
    ("notices", "expected"),
    [
        ([], []),
        ([notice(1, 7, 0)], [(7, [1])]),
        # Drafts ordered by their newest notice; notices newest first within a draft.
        ([notice(1, 7, 0), notice(2, 8, 1), notice(3, 7, 2), notice(4, 8, 3)], [(8, [4, 2]), (7, [3, 1])]),
        # Notices without a draft form a group of their own, placed by its newest notice too.
        ([notice(1, None, 5), notice(2, 8, 1), notice(3, 9, 9)], [(9, [3]), (None, [1]), (8, [2])]),
        # The same moment: the later notice (higher id) comes first.
        ([notice(1, 7, 0), notice(2, 8, 0)], [(8, [2]), (7, [1])]),
    ],
)
def test_digest_groups_by_draft_newest_first(notices, expected):
    groups = digest.group(notices)
    assert [(g.scenario_id, [n.id for n in g.notices]) for g in groups] == expected


def test_a_renamed_draft_is_shown_under_its_newest_title():
    groups = digest.group([notice(1, 7, 0, "Old name"), notice(2, 7, 5, "New name")])
    assert groups[0].title == "New name"


def test_digest_text_has_links_and_is_in_the_members_language():
    notices = [notice(1, 7, 0, "Keys"), notice(2, 8, 1, "Clinic"), notice(3, 7, 2, "Keys", "revision")]
    english = digest.build(notices, locale="en", display_name="Ada", frequency="daily",
                           base_url="https://codesign.example.org/")
    assert english.subject == "Codesign: 3 new notifications"
    body = english.body
    assert body.startswith("Hello Ada,")
    assert body.index("Keys\n") < body.index("Clinic\n")  # Keys has the newest notice
    assert body.index("Bob saved a new version of “Keys”") < body.index("Bob replied to you on “Keys”")
    assert "https://codesign.example.org/drafts/d7#n3" in body
    assert "https://codesign.example.org/notifications" in body
    assert "https://codesign.example.org/account/email-digest" in body
    assert "at most once a day" in body
    assert english.notice_ids == (3, 1, 2)
    french = digest.build(notices, locale="fr", display_name="Ada", frequency="weekly")
    assert "replied to you" not in french.body and "new notifications" not in french.subject
    assert "http://127.0.0.1:8000/drafts/d8#n2" in french.body


def test_digest_counts_what_it_leaves_out_and_never_links_off_site():
    one = [digest.Notice(id=1, kind="mention", scenario_id=None, scenario_title="", url="//evil.example/x",
                         created_at=T0)]
    built = digest.build(one, locale="en", display_name="", frequency="weekly", more=4)
    assert built.subject == "Codesign: 5 new notifications"
    assert "And 4 more notifications" in built.body
    assert "evil.example" not in built.body and "http://127.0.0.1:8000/notifications" in built.body
    assert "Other notifications" in built.body and "at most once a week" in built.body


# --- queueing ------------------------------------------------------------------------------------


def set_email(client: Any, user_id: int, address: str | None) -> None:
    from codesign.accounts.tables import User

    call(client, lambda: User.update({User.email: address}).where(User.id == user_id))


def choose(client: Any, user_id: int, frequency: str, last: datetime | None = None) -> None:
    from codesign.notifications.tables import EmailSettings

    call(client, lambda: EmailSettings.insert(EmailSettings(user=user_id, frequency=frequency, last_digest_at=last)))


def outbox(client: Any) -> list[dict[str, Any]]:
    from codesign.notifications.tables import OutboxEmail

    return call(client, lambda: OutboxEmail.select().order_by(OutboxEmail.id))


def queue(client: Any, now: datetime, frequency: str | None = None) -> int:
    from codesign.notifications.services import queue_digests

    return call(client, queue_digests, now, frequency)


def test_queue_digests_respects_address_frequency_and_never_queues_twice(client, world):
    from codesign.notifications.tables import Notification

    ada, bob, cara, dan, eve = (world.user(name) for name in ("ada", "bob", "cara", "dan", "eve"))
    for person, address in ((ada, "ada@example.org"), (cara, "cara@example.org"), (dan, "dan@example.org"),
                            (eve, "eve@example.org")):
        set_email(client, person, address)
    now = datetime.now(UTC) + timedelta(seconds=1)
    choose(client, cara, "weekly", last=now - timedelta(days=3))
    choose(client, dan, "never")
    notify(client, [ada, bob, cara, dan, eve])
    # Eve read hers in the app already: nothing to mail.
    call(client, lambda: Notification.update({Notification.read_at: now}).where(Notification.user == eve))

    assert queue(client, now) == 1  # only Ada: Bob gave no address, Cara's week is not over, Dan said never
    assert queue(client, now) == 0  # never twice
    rows = outbox(client)
    assert [(r["user"], r["to_address"]) for r in rows] == [(ada, "ada@example.org")]
    assert rows[0]["dedupe_key"] == f"digest:{ada}:{now.date().isoformat()}"
    assert "Bob replied to you on “Housing keys”" in rows[0]["body"]
    emailed = call(client, lambda: Notification.select(Notification.user).where(Notification.emailed_at.is_not_null()))
    assert [row["user"] for row in emailed] == [ada]

    # A new notice an hour later waits for Ada's next day; Cara's week ends four days later.
    notify(client, [ada])
    assert queue(client, now + timedelta(hours=1)) == 0
    assert queue(client, now + timedelta(days=4), "daily") == 1  # Ada only: the filter leaves Cara out
    assert queue(client, now + timedelta(days=4)) == 1  # now Cara
    assert queue(client, now + timedelta(days=4)) == 0
    assert sorted(r["user"] for r in outbox(client)) == [ada, ada, cara]
    assert len({r["dedupe_key"] for r in outbox(client)}) == 3


def test_an_outbox_key_that_exists_already_is_not_queued_again(client, world):
    """Two workers racing: the unique dedupe key refuses the second digest for the same period."""
    from codesign.notifications.tables import EmailSettings, Notification, OutboxEmail

    ada = world.user("ada")
    set_email(client, ada, "ada@example.org")
    notify(client, [ada])
    now = datetime.now(UTC) + timedelta(seconds=1)
    call(client, lambda: OutboxEmail.insert(OutboxEmail(
        user=ada, to_address="ada@example.org", subject="s", body="b", dedupe_key=f"digest:{ada}:{now.date()}",
        created_at=now, next_attempt_at=now)))
    assert queue(client, now) == 0
    assert len(outbox(client)) == 1
    # All rolled back together: the notice is still waiting and the claim on the member was undone.
    assert call(client, lambda: Notification.count().where(Notification.emailed_at.is_null())) == 1
    assert call(client, lambda: EmailSettings.count()) == 0


# --- sending -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Collector:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, collector
    finally:
        controller.stop()


def smtp_settings(settings: Any, tmp_path: Path, port: int) -> Any:
    return dataclasses.replace(settings, data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none",
                               mail_from="Codesign <codesign@example.org>", base_url="https://codesign.example.org")


def run_once(client: Any, settings: Any, now: datetime) -> tuple[int, int]:
    from codesign.notifications import worker

    return call(client, worker.run_once, settings, now)


def send_due(client: Any, settings: Any, now: datetime) -> int:
    from codesign.notifications import worker

    return call(client, worker.send_due, settings, now)


def test_a_real_smtp_server_gets_exactly_one_digest_after_two_passes(client, world, settings, tmp_path, smtp_server):
    controller, collector = smtp_server
    ada = world.user("ada", display_name="Ada")
    set_email(client, ada, "ada@example.org")
    notify(client, [ada], title="Housing keys")
    notify(client, [ada], "mention", title="Clinic visit", scenario_id=2, url="/drafts/clinic")
    mail = smtp_settings(settings, tmp_path, controller.port)
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert run_once(client, mail, now) == (1, 1)
    assert run_once(client, mail, now + timedelta(minutes=1)) == (0, 0)
    assert len(collector.messages) == 1
    envelope = collector.messages[0]
    assert envelope.rcpt_tos == ["ada@example.org"] and envelope.mail_from == "codesign@example.org"
    message = message_from_bytes(envelope.original_content, policy=policy.default)
    assert message["Subject"] == "Codesign: 2 new notifications"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].startswith(f"<codesign.{outbox(client)[0]['id']}.")
    body = message.get_content()
    assert "Hello Ada," in body and "https://codesign.example.org/drafts/clinic" in body
    assert body.index("Clinic visit") < body.index("Housing keys")
    row = outbox(client)[0]
    assert row["sent_at"] is not None and row["attempts"] == 1 and row["failed_at"] is None
    assert not (tmp_path / "outbox").exists()


def test_without_smtp_the_email_is_written_as_an_eml_file(client, world, settings, tmp_path):
    ada = world.user("ada", locale="es")
    set_email(client, ada, "ada@example.org")
    notify(client, [ada])
    files = dataclasses.replace(settings, data_dir=tmp_path, smtp_host="")
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert run_once(client, files, now) == (1, 1)
    assert run_once(client, files, now) == (0, 0)
    written = sorted((tmp_path / "outbox").iterdir())
    assert [path.name for path in written] == [f"{outbox(client)[0]['id']:08d}.eml"]
    message = message_from_bytes(written[0].read_bytes(), policy=policy.default)
    assert message["To"] == "ada@example.org"
    assert message["Subject"].startswith("Codesign: 1 ") and "notification" not in message["Subject"]


def test_a_failing_smtp_server_is_retried_with_back_off_then_given_up(client, world, settings, tmp_path):
    from codesign.notifications import worker

    ada = world.user("ada")
    set_email(client, ada, "ada@example.org")
    notify(client, [ada])
    closed = smtp_settings(settings, tmp_path, free_port())  # nothing listens there
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert run_once(client, closed, now) == (1, 0)
    waits = []
    moment = now
    for attempt in range(1, worker.MAX_ATTEMPTS + 1):
        row = outbox(client)[0]
        assert row["attempts"] == attempt and row["sent_at"] is None and row["last_error"]
        if attempt == worker.MAX_ATTEMPTS:
            assert row["failed_at"] is not None
            break
        assert row["failed_at"] is None
        waits.append(row["next_attempt_at"] - moment)
        assert send_due(client, closed, row["next_attempt_at"] - timedelta(seconds=1)) == 0  # not yet
        moment = row["next_attempt_at"]
        assert send_due(client, closed, moment) == 0
    assert waits == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
                     timedelta(hours=6)]
    assert send_due(client, closed, now + timedelta(days=30)) == 0
    assert outbox(client)[0]["attempts"] == worker.MAX_ATTEMPTS


def test_a_retry_after_a_failure_delivers_once(client, world, settings, tmp_path, smtp_server):
    controller, collector = smtp_server
    ada = world.user("ada")
    set_email(client, ada, "ada@example.org")
    notify(client, [ada])
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert run_once(client, smtp_settings(settings, tmp_path, free_port()), now) == (1, 0)
    working = smtp_settings(settings, tmp_path, controller.port)
    assert send_due(client, working, now + timedelta(seconds=30)) == 0  # back-off: not before a minute
    assert send_due(client, working, now + timedelta(minutes=1)) == 1
    assert send_due(client, working, now + timedelta(days=1)) == 0
    assert len(collector.messages) == 1
    row = outbox(client)[0]
    assert row["attempts"] == 2 and row["sent_at"] is not None and row["last_error"] == ""


def test_two_workers_never_claim_the_same_email(client, world, settings, tmp_path):
    from codesign.notifications import worker

    ada = world.user("ada")
    set_email(client, ada, "ada@example.org")
    notify(client, [ada])
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert queue(client, now) == 1
    first = call(client, worker.claim, now)
    assert first is not None and first["attempts"] == 1
    assert call(client, worker.claim, now) is None  # leased to the first worker
    # A worker that died mid-send: the email is tried again once the lease is over, not before.
    assert call(client, worker.claim, now + worker.LEASE - timedelta(seconds=1)) is None
    again = call(client, worker.claim, now + worker.LEASE)
    assert again is not None and again["id"] == first["id"] and again["attempts"] == 2


def test_an_address_removed_after_queueing_gets_no_email(client, world, settings, tmp_path):
    ada = world.user("ada")
    set_email(client, ada, "ada@example.org")
    notify(client, [ada])
    files = dataclasses.replace(settings, data_dir=tmp_path, smtp_host="")
    now = datetime.now(UTC) + timedelta(seconds=1)
    assert queue(client, now) == 1
    set_email(client, ada, None)
    assert send_due(client, files, now) == 0
    row = outbox(client)[0]
    assert row["sent_at"] is None and row["failed_at"] is not None
    assert not (tmp_path / "outbox").exists()


def test_settings_read_the_smtp_configuration_from_the_environment(tmp_path):
    from codesign.settings import settings_from_env

    env = {"CODESIGN_DATA_DIR": str(tmp_path), "CODESIGN_SECRET_KEY": "x" * 40, "CODESIGN_SMTP_HOST": "mail.example.org",
           "CODESIGN_SMTP_USERNAME": "codesign", "CODESIGN_SMTP_PASSWORD": "hunter2-long", "CODESIGN_SMTP_TLS": "tls",
           "CODESIGN_MAIL_FROM": "Codesign <no-reply@example.org>", "CODESIGN_BASE_URL": "https://c.example.org/"}
    settings = settings_from_env(env)
    assert settings.smtp_port_or_default == 465 and settings.smtp_tls == "tls"
    assert settings.base_url == "https://c.example.org"
    assert "hunter2" not in repr(settings)
    assert settings_from_env({**env, "CODESIGN_SMTP_TLS": "starttls"}).smtp_port_or_default == 587
    assert settings_from_env({**env, "CODESIGN_SMTP_PORT": "2525"}).smtp_port_or_default == 2525
    assert settings_from_env({"CODESIGN_DATA_DIR": str(tmp_path), "CODESIGN_SECRET_KEY": "x" * 40}).base_url == (
        "http://127.0.0.1:8000")
    with pytest.raises(ValueError, match="CODESIGN_SMTP_TLS"):
        settings_from_env({**env, "CODESIGN_SMTP_TLS": "ssl3"})


# --- the command line ------------------------------------------------------------------------------


@pytest.mark.skipif(IS_POSTGRES, reason="runs the CLI against its own SQLite file")
def test_cli_worker_once_writes_the_digest(tmp_path):
    environment = {**os.environ, "CODESIGN_DATA_DIR": str(tmp_path), "CODESIGN_FAST_PASSWORD_HASHING": "1",
                   "CODESIGN_PASSWORD": "a long enough password"}
    for name in ("CODESIGN_DATABASE_URL", "CODESIGN_SMTP_HOST"):
        environment.pop(name, None)

    def codesign(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "codesign", *args], cwd=ROOT, env=environment,
                              capture_output=True, text=True, timeout=120)

    assert codesign("db", "migrate").returncode == 0
    assert codesign("user", "create", "--username", "ada").returncode == 0
    with sqlite3.connect(tmp_path / "codesign.sqlite") as database:
        database.execute("UPDATE account SET email = 'ada@example.org' WHERE username = 'ada'")
        database.execute(
            "INSERT INTO notification (user, kind, scenario_id, scenario_title, url, params, created_at) "
            "SELECT id, 'reply', 1, 'Housing keys', '/drafts/keys', '{\"who\": \"Bob\"}', '2026-01-01 10:00:00+00:00' "
            "FROM account WHERE username = 'ada'")
    result = codesign("worker", "--once")
    assert result.returncode == 0, result.stderr
    assert "1 digest(s) queued, 1 email(s) sent." in result.stdout
    written = list((tmp_path / "outbox").glob("*.eml"))
    assert len(written) == 1 and "Housing keys" in written[0].read_text()
    again = codesign("worker", "--once")
    assert "0 digest(s) queued, 0 email(s) sent." in again.stdout
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
