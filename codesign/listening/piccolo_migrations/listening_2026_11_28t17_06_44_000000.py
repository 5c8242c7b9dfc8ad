"""One ballot per device and vote; one count per session, kind and language."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-28T17:06:44:000000"
VERSION = "1.38.0"
DESCRIPTION = "Unique indexes that make double ballots and double counts impossible."

# Written as SQL that SQLite and PostgreSQL both accept.
INDEXES = {
    "listening_ballot_vote_device": "CREATE UNIQUE INDEX IF NOT EXISTS listening_ballot_vote_device ON "
                                    "listening_ballot (vote, device)",
    "listening_count_session_kind_language": "CREATE UNIQUE INDEX IF NOT EXISTS listening_count_session_kind_language "
                                             "ON listening_count (session, kind, language)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="listening", description=DESCRIPTION)

    async def run():
        for sql in INDEXES.values():
            await engine_finder().run_ddl(sql)

    async def run_backwards():
        for name in INDEXES:
            await engine_finder().run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
