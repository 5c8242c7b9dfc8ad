"""piccolo app for scenarios."""

import os

from piccolo.conf.apps import AppConfig, table_finder

APP_CONFIG = AppConfig(
    app_name="scenarios",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=table_finder(modules=["codesign.scenarios.tables"], exclude_imported=True),
    migration_dependencies=["codesign.councils.piccolo_app"],
    commands=[],
)
