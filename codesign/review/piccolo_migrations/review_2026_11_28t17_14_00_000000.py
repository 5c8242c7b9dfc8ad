"""Composite indexes for the reviewer's queue and a draft's review panel."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-28T17:14:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Indexes for the review queue (reviewer, awaiting, due) and a draft's assignments."

# Written as SQL that SQLite and PostgreSQL both accept.
INDEXES = {
    "review_assignment_queue": "CREATE INDEX IF NOT EXISTS review_assignment_queue ON review_assignment "
                               "(reviewer, awaiting, due_at)",
    "review_assignment_draft": "CREATE INDEX IF NOT EXISTS review_assignment_draft ON review_assignment "
                               "(scenario, kind)",
    "review_history": "CREATE INDEX IF NOT EXISTS review_history ON expert_review "
                                 "(assignment, created_at)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="review", description=DESCRIPTION)

    async def run():
        for sql in INDEXES.values():
            await engine_finder().run_ddl(sql)

    async def run_backwards():
        for name in INDEXES:
            await engine_finder().run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
