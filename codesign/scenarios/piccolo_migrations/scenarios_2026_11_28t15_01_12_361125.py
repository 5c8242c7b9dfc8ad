"""Composite indexes, and full-text search: FTS5 on SQLite, a GIN index on PostgreSQL."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-28T15:01:12:361125"
VERSION = "1.38.0"
DESCRIPTION = "Composite indexes and full-text search for scenarios."

COMMON = [
    'CREATE UNIQUE INDEX IF NOT EXISTS revision_scenario_number ON revision (scenario, number)',
    'CREATE UNIQUE INDEX IF NOT EXISTS co_author_scenario_user ON co_author (scenario, "user")',
    'CREATE INDEX IF NOT EXISTS scenario_facet_value ON scenario_facet (facet, value, scenario)',
    'CREATE INDEX IF NOT EXISTS scenario_council_updated ON scenario (council, updated_at)',
]
# The FTS5 table holds its own copy of the searchable text, keyed by the scenario's id (rowid).
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS scenario_fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')",
]
# 'simple' configuration: no stemming, because drafts are written in many languages.
POSTGRES = [
    "CREATE INDEX IF NOT EXISTS scenario_search ON scenario "
    "USING GIN (to_tsvector('simple', title || ' ' || search_text))",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="scenarios", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        for sql in COMMON + (SQLITE if engine.engine_type == "sqlite" else POSTGRES):
            await engine.run_ddl(sql)

    async def run_backwards():
        engine = engine_finder()
        for name in ("revision_scenario_number", "co_author_scenario_user", "scenario_facet_value",
                     "scenario_council_updated", "scenario_search"):
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")
        if engine.engine_type == "sqlite":
            await engine.run_ddl("DROP TABLE IF EXISTS scenario_fts")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
