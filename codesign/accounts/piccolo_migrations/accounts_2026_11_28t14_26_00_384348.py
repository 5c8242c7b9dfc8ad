"""One registration per reviewer and review kind."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-28T14:26:00:384348"
VERSION = "1.38.0"
DESCRIPTION = "One registration per reviewer and review kind."

# Written as SQL that SQLite and PostgreSQL both accept.
UP = 'CREATE UNIQUE INDEX IF NOT EXISTS reviewer_kind_user_kind ON reviewer_kind ("user", kind)'
DOWN = "DROP INDEX IF EXISTS reviewer_kind_user_kind"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="accounts", description=DESCRIPTION)

    async def run():
        await engine_finder().run_ddl(UP)

    async def run_backwards():
        await engine_finder().run_ddl(DOWN)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
