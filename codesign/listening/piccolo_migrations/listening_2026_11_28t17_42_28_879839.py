from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Timestamptz
from piccolo.columns.indexes import IndexMethod

ID = "2026-11-28T17:42:28:879839"
VERSION = "1.38.0"
DESCRIPTION = "When the last raw insight of a session was validated (the notes retention clock)."


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="listening", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="ListeningSession",
        tablename="listening_session",
        column_name="insights_validated_at",
        db_column_name="insights_validated_at",
        column_class_name="Timestamptz",
        column_class=Timestamptz,
        params={
            "default": None,
            "null": True,
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
