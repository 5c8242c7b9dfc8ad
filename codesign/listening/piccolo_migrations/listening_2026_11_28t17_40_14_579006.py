from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Text
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-28T17:40:14:579006"
VERSION = "1.38.0"
DESCRIPTION = "Session-level consent counts per layer (L2–L6)."


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="listening", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="ListeningSession",
        tablename="listening_session",
        column_name="consent_counts",
        db_column_name="consent_counts",
        column_class_name="Text",
        column_class=Text,
        params={
            "default": "{}",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
