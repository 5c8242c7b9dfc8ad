"""Releases withdrawn before their text was blanked on withdrawal lose it now: body, front matter, summary and
search text (title, version, status and reason stay). Data only; nothing to undo."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-28T18:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Blank the text of withdrawn releases."

BLANK = "UPDATE release SET body = '', front_matter = '', summary = '', search_text = '' WHERE status = 'withdrawn'"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="library", description=DESCRIPTION)

    async def run():
        await engine_finder().run_ddl(BLANK)

    manager.add_raw(run)
    return manager
