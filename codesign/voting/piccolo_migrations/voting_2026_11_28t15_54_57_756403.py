"""One ballot per voter and decision, one eligibility per person, one priority ballot per member."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-28T15:54:57:756403"
VERSION = "1.38.0"
DESCRIPTION = "Unique indexes that make double votes impossible."

# Written as SQL that SQLite and PostgreSQL both accept.
INDEXES = {
    "ballot_decision_key": "CREATE UNIQUE INDEX IF NOT EXISTS ballot_decision_key ON ballot (decision, ballot_key)",
    "eligibility_decision_user": 'CREATE UNIQUE INDEX IF NOT EXISTS eligibility_decision_user ON eligibility '
                                 '(decision, "user")',
    "priority_ballot_vote_voter": "CREATE UNIQUE INDEX IF NOT EXISTS priority_ballot_vote_voter ON priority_ballot "
                                  "(vote, voter)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="voting", description=DESCRIPTION)

    async def run():
        for sql in INDEXES.values():
            await engine_finder().run_ddl(sql)

    async def run_backwards():
        for name in INDEXES:
            await engine_finder().run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
