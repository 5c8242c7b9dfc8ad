"""piccolo's configuration: the engine from the environment, and one piccolo app per domain."""

from piccolo.conf.apps import AppRegistry

from codesign.db import engine_for_url
from codesign.settings import database_url_from_env

DB = engine_for_url(database_url_from_env())

APP_REGISTRY = AppRegistry(
    apps=[
        "codesign.accounts.piccolo_app",
        "codesign.councils.piccolo_app",
        "codesign.scenarios.piccolo_app",
        "codesign.notifications.piccolo_app",
        "codesign.deliberation.piccolo_app",
        "codesign.voting.piccolo_app",
        "codesign.review.piccolo_app",
        "codesign.library.piccolo_app",
        "codesign.listening.piccolo_app",
    ]
)
