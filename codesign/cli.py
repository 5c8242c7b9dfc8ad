"""The `codesign` command: database migrations, demo data and accounts. It calls the same services as the app."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import click

from codesign.settings import PROJECT_ROOT, settings_from_env

PICCOLO_APPS = ("accounts", "councils", "scenarios", "notifications", "deliberation", "voting")


def run(coroutine_factory: Callable[[], Awaitable[Any]]) -> Any:
    """Runs one use case against the configured database with the connection pool open."""
    from codesign import db

    settings = settings_from_env()

    async def main() -> Any:
        from codesign.voting.services import configure

        configure(settings.secret_key)
        engine = db.configure(settings.database_url)
        await db.start(engine)
        try:
            return await coroutine_factory()
        finally:
            await db.stop(engine)

    return asyncio.run(main())


@click.group()
def main() -> None:
    """Codesign: co-written role-play scenarios for training frontline staff."""


@main.group("db")
def database() -> None:
    """Database migrations (SQLite by default; PostgreSQL with CODESIGN_DATABASE_URL)."""


@database.command("migrate")
def migrate() -> None:
    """Apply every migration that has not run yet."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    async def forwards() -> Any:
        return await run_forwards(app_name="all")

    settings_from_env()  # creates the data dir for a fresh SQLite file
    response = run(forwards)
    if not response.success:
        raise click.ClickException(response.message or "migration failed")


@database.command("status")
def status() -> None:
    """List the migrations and whether each has run."""
    settings_from_env()
    subprocess.run([sys.executable, "-m", "piccolo.main", "migrations", "check"], check=True, cwd=PROJECT_ROOT,
                   env={**os.environ, "PICCOLO_CONF": "codesign.piccolo_conf"})


@database.command("makemigrations")
@click.argument("app", type=click.Choice(PICCOLO_APPS))
def makemigrations(app: str) -> None:
    """Write a new migration for APP from the changes to its tables."""
    settings_from_env()
    subprocess.run([sys.executable, "-m", "piccolo.main", "migrations", "new", app, "--auto"], check=True,
                   cwd=PROJECT_ROOT, env={**os.environ, "PICCOLO_CONF": "codesign.piccolo_conf"})


@main.command("demo")
def demo() -> None:
    """Load the demo data once (running it again changes nothing) and print the demo accounts."""
    from codesign.demo import load_demo, summary

    created = run(load_demo)
    click.echo("Demo data loaded." if created else "Demo data is already there.")
    click.echo(summary())


def _council_id(slug: str | None) -> int:
    from codesign.councils.tables import Council

    async def find() -> list[dict[str, Any]]:
        query = Council.select(Council.id, Council.slug)
        return await (query.where(Council.slug == slug) if slug else query.limit(2))

    rows = run(find)
    if slug and not rows:
        raise click.ClickException(f"no council has the short name {slug!r}")
    if not slug and len(rows) != 1:
        raise click.ClickException("there are several councils (or none): name one with --council SLUG")
    return int(rows[0]["id"])


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--council", "council_slug", default=None,
              help="The council's short name (needed when there are several).")
def import_proposals(paths: tuple[Path, ...], council_slug: str | None) -> None:
    """Import scenario drafts (files or folders of .md): all are checked before anything is written."""
    from codesign.scenarios import importer

    files = importer.collect(paths)
    if not files:
        raise click.ClickException("no Markdown files found")
    show = _progress("checked") if len(files) >= 50 else None
    parsed, errors = importer.validate(files, show)
    council_id = _council_id(council_slug)
    if not errors:
        errors = run(lambda: importer.conflicts(parsed, council_id))
    if errors:
        for error in errors:
            click.echo(error, err=True)
        raise click.ClickException(f"{len(errors)} problem(s) in {len(files)} file(s); nothing was imported")
    show = _progress("imported") if len(files) >= 50 else None
    report = run(lambda: importer.apply(parsed, council_id, progress=show))
    click.echo(f"{len(report.created)} created, {len(report.revised)} revised, {len(report.unchanged)} unchanged.")


@main.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--council", "council_slug", default=None, help="Only this council's drafts.")
def export_proposals(directory: Path, council_slug: str | None) -> None:
    """Write every draft's newest version as DIRECTORY/<id>.md (private fields are never written)."""
    from codesign.scenarios import importer

    council_id = _council_id(council_slug) if council_slug else None
    written = run(lambda: importer.export(directory, council_id))
    click.echo(f"{len(written)} file(s) written to {directory}.")


def _progress(verb: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        if done % 50 == 0 or done == total:
            click.echo(f"{done}/{total} {verb}", err=True)

    return show


@main.command("worker")
@click.option("--once", is_flag=True, help="Do one pass (queue the due digests, send the due emails) and stop.")
@click.option("--interval", default=60, show_default=True, type=click.IntRange(min=1),
              help="Seconds between passes.")
def worker(once: bool, interval: int) -> None:
    """Queue the email digests and send the outbox, with retries. Several workers may run at once."""
    import logging
    import signal

    from codesign.notifications import worker as outbox

    settings = settings_from_env()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if once:
        queued, sent = run(lambda: outbox.run_once(settings))
        click.echo(f"{queued} digest(s) queued, {sent} email(s) sent.")
        return

    async def forever() -> None:
        task = asyncio.current_task()
        if task is not None:
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await outbox.run_forever(settings, interval)

    where = f"SMTP at {settings.smtp_host}" if settings.smtp_host else f".eml files in {settings.outbox_dir}"
    click.echo(f"Worker started: email goes to {where}. Ctrl-C stops it.")
    with contextlib.suppress(KeyboardInterrupt):
        run(forever)
    click.echo("Worker stopped.")


@main.group("listening")
def listening() -> None:
    """Listening sessions."""


@listening.command("purge")
def listening_purge() -> None:
    """Delete raw session notes and anonymous-feedback free text whose retention period has passed (the app also
    does this every hour), and close live votes left open for 30 days."""
    from codesign.listening import retention

    purged = run(retention.purge)
    click.echo(f"{purged.notes} raw note(s) deleted, {purged.feedback_texts} feedback text(s) deleted, "
               f"{purged.votes_closed} stale vote(s) closed.")


@main.group("user")
def user() -> None:
    """Accounts."""


@user.command("create")
@click.option("--username", required=True, help="Latin letters, digits, dots, hyphens and underscores.")
@click.option("--role", type=click.Choice(["admin", "trainer", "reviewer", "member"]), default="member",
              show_default=True, help="An instance role; council roles come from invitation codes.")
@click.option("--display-name", default=None, help="Shown to others; defaults to the username.")
@click.option("--locale", default="en", show_default=True)
def user_create(username: str, role: str, display_name: str | None, locale: str) -> None:
    """Create an account. The password comes from CODESIGN_PASSWORD or standard input, never an argument."""
    from codesign.accounts.services import NewAccount, create_user
    from codesign.errors import ValidationFailed
    from codesign.web.forms import Field, Form

    password = os.environ.get("CODESIGN_PASSWORD")
    if not password:
        if sys.stdin.isatty():
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        else:
            password = sys.stdin.readline().rstrip("\n")
    form = Form((Field("username", kind="username", min_length=3, max_length=40),), {"username": username})
    if not form.validate():
        raise click.ClickException(f"username: {form.errors['username']}")
    account = NewAccount(form.values["username"], display_name or username, password, locale)
    try:
        user_id = run(lambda: create_user(account, role=None if role == "member" else role))
    except ValidationFailed as error:
        raise click.ClickException("; ".join(f"{k}: {v}" for k, v in error.errors.items())) from error
    click.echo(f"Created user {account.username} (id {user_id}) with role {role}.")


if __name__ == "__main__":
    main()
