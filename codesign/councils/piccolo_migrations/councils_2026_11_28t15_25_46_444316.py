"""One block per council and person."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-28T15:25:46:444316"
VERSION = "1.38.0"
DESCRIPTION = "One block per council and person."

# Written as SQL that SQLite and PostgreSQL both accept.
UP = 'CREATE UNIQUE INDEX IF NOT EXISTS council_block_council_user ON council_block (council, "user")'
DOWN = "DROP INDEX IF EXISTS council_block_council_user"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="councils", description=DESCRIPTION)

    async def run():
        await engine_finder().run_ddl(UP)

    async def run_backwards():
        await engine_finder().run_ddl(DOWN)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
