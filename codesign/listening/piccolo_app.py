"""piccolo app for listening sessions."""

import os

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="listening",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=table_finder(modules=["codesign.listening.tables"], exclude_imported=True),
    migration_dependencies=["codesign.scenarios.piccolo_app"],
    commands=[],
)
