"""create_app(settings): the Litestar application. It lists the domains and nothing else."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.static_files import create_static_files_router

from codesign import db
from codesign.accounts import controllers as accounts
from codesign.accounts.labels import LABELS
from codesign.accounts.passwords import use_fast_hashing
from codesign.accounts.sessions import session_middleware_factory
from codesign.councils import controllers as councils
from codesign.councils.middleware import council_roles_middleware
from codesign.councils.navigation import navigation
from codesign.deliberation import controllers as deliberation
from codesign.i18n.middleware import locale_middleware
from codesign.library import api as library_api
from codesign.library import controllers as library
from codesign.listening import controllers as listening
from codesign.listening import retention as listening_retention
from codesign.notifications import controllers as notifications
from codesign.notifications import labels as notification_labels
from codesign.notifications.middleware import unread_count_middleware, unread_notifications
from codesign.pages import controllers as pages
from codesign.review import controllers as review
from codesign.scenarios import controllers as scenarios
from codesign.scenarios import vocabularies
from codesign.settings import Settings, settings_from_env
from codesign.voting import controllers as voting
from codesign.voting import services as voting_services
from codesign.web import templating
from codesign.web.errors import EXCEPTION_HANDLERS
from codesign.web.health import healthz
from codesign.web.security import add_security_headers

DOMAIN_ROUTES = [
    *pages.ROUTES, *accounts.ROUTES, *councils.ROUTES, *scenarios.ROUTES, *notifications.ROUTES, *deliberation.ROUTES,
    *voting.ROUTES, *review.ROUTES, *library.ROUTES, *listening.ROUTES,
]


CLOSE_DUE_EVERY = 30  # seconds
# Work the app does by itself, every so many seconds; each task is idempotent, so several app processes doing
# it side by side is harmless.
SCHEDULED: list[tuple[Callable[[], Awaitable[object]], float]] = [
    (voting_services.close_due, CLOSE_DUE_EVERY),  # decisions close at their time whether or not anyone visits
    (listening_retention.scheduled_purge, listening_retention.PURGE_EVERY),  # raw notes and feedback text expire
]
log = logging.getLogger("codesign")


async def scheduled(task: Callable[[], Awaitable[object]], every: float) -> None:
    """Runs `task` every `every` seconds until cancelled; one failure is logged, not fatal."""
    while True:
        await asyncio.sleep(every)
        try:
            await task()
        except Exception:
            log.exception("scheduled task failed")


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or settings_from_env()
    engine = db.configure(settings.database_url)
    use_fast_hashing(settings.fast_password_hashing)
    voting_services.configure(settings.secret_key)
    templating.configure(settings.template_dir)
    templating.add_context_provider(navigation)
    templating.add_context_provider(unread_notifications)
    notification_labels.register_stage_names(vocabularies.STATES)
    templating.add_globals(
        labels=LABELS,
        readability_formulas=vocabularies.READABILITY_FORMULAS,
        readability_levels=vocabularies.READABILITY_LEVELS,
        readability_reasons=vocabularies.READABILITY_REASONS,
        amendment_statuses=vocabularies.AMENDMENT_STATUSES,
    )

    @asynccontextmanager
    async def database(app: Litestar) -> AsyncIterator[None]:
        await db.start(engine)
        tasks = [asyncio.create_task(scheduled(task, every)) for task, every in SCHEDULED]
        try:
            yield
        finally:
            for running in tasks:
                running.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await running
            await db.stop(engine)

    app = Litestar(
        route_handlers=[
            healthz,
            *DOMAIN_ROUTES,
            create_static_files_router(path="/static", directories=[settings.static_dir], name="static",
                                       cache_control=None, include_in_schema=False),
        ],
        lifespan=[database],
        middleware=[
            session_middleware_factory(settings.session_max_age, settings.secure_cookies),
            council_roles_middleware,
            unread_count_middleware,
            locale_middleware,
        ],
        csrf_config=CSRFConfig(
            secret=settings.secret_key,
            cookie_name="csrftoken",
            header_name="x-csrftoken",
            cookie_httponly=True,
            cookie_secure=settings.secure_cookies,
            cookie_samesite="lax",
            exclude=["^/healthz$"],  # a regular expression: anchored, so no other path escapes the check
        ),
        exception_handlers=EXCEPTION_HANDLERS,
        before_send=[add_security_headers],
        # Only the read-only JSON API is described (its router opts back in), as JSON: no UI page loading scripts.
        openapi_config=OpenAPIConfig(title="Codesign library API", version="1.0.0", path="/api",
                                     components=library_api.COMPONENTS,
                                     render_plugins=[JsonRenderPlugin(path="/schema")]),
        include_in_schema=False,
        debug=settings.debug,
    )
    app.state.settings = settings
    return app
