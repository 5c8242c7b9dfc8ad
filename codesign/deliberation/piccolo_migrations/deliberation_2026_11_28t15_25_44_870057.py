"""One support and one follow per person and draft; indexes for threads, flags and sorting drafts."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-28T15:25:44:870057"
VERSION = "1.38.0"
DESCRIPTION = "Composite indexes for deliberation."

# Written as SQL that SQLite and PostgreSQL both accept.
INDEXES = {
    "support_scenario_user": 'CREATE UNIQUE INDEX IF NOT EXISTS support_scenario_user ON support (scenario, "user")',
    "follow_scenario_user": 'CREATE UNIQUE INDEX IF NOT EXISTS follow_scenario_user ON follow (scenario, "user")',
    "comment_scenario_thread": "CREATE INDEX IF NOT EXISTS comment_scenario_thread ON comment (scenario, thread_id, id)",
    "comment_author_created": 'CREATE INDEX IF NOT EXISTS comment_author_created ON comment (author, created_at)',
    "flag_council_open": "CREATE INDEX IF NOT EXISTS flag_council_open ON flag (council, resolved_at, created_at)",
    "scenario_council_supports": "CREATE INDEX IF NOT EXISTS scenario_council_supports ON scenario (council, support_count)",
    "scenario_council_comments": "CREATE INDEX IF NOT EXISTS scenario_council_comments ON scenario (council, comment_count)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="deliberation", description=DESCRIPTION)

    async def run():
        for sql in INDEXES.values():
            await engine_finder().run_ddl(sql)

    async def run_backwards():
        for name in INDEXES:
            await engine_finder().run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
