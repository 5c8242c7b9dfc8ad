"""Composite indexes of the library, one follow per person and scenario, and full-text search of releases:
FTS5 on SQLite, a GIN index on PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-28T17:07:22:100000"
VERSION = "1.38.0"
DESCRIPTION = "Composite indexes and full-text search for releases."

COMMON = [
    'CREATE UNIQUE INDEX IF NOT EXISTS library_follow_scenario_user ON library_follow (scenario, "user")',
    "CREATE INDEX IF NOT EXISTS release_facet_value ON release_facet (facet, value, release)",
    "CREATE INDEX IF NOT EXISTS release_status_published ON release (status, published_at)",
    "CREATE INDEX IF NOT EXISTS release_scenario_status ON release (scenario, status)",
    "CREATE INDEX IF NOT EXISTS training_pack_item_position ON training_pack_item (pack, position)",
    "CREATE INDEX IF NOT EXISTS usage_report_scenario_role ON usage_report (scenario, audience_role)",
]
# The FTS5 table holds its own copy of the searchable text, keyed by the release's id (rowid).
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS release_fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')",
]
# 'simple' configuration: no stemming, because scenarios are written in many languages.
POSTGRES = [
    "CREATE INDEX IF NOT EXISTS release_search ON release "
    "USING GIN (to_tsvector('simple', title || ' ' || search_text))",
]
NAMES = ("library_follow_scenario_user", "release_facet_value", "release_status_published", "release_scenario_status",
         "training_pack_item_position", "usage_report_scenario_role", "release_search")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="library", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        for sql in COMMON + (SQLITE if engine.engine_type == "sqlite" else POSTGRES):
            await engine.run_ddl(sql)

    async def run_backwards():
        engine = engine_finder()
        for name in NAMES:
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")
        if engine.engine_type == "sqlite":
            await engine.run_ddl("DROP TABLE IF EXISTS release_fts")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
