"""One Jinja environment with Babel, and `render`: a full page, or named blocks for htmx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2_fragments import render_blocks
from litestar import Request, Response
from litestar.enums import MediaType
from litestar.utils.scope.state import ScopeState
from markupsafe import Markup, escape

from codesign.i18n.formatting import FILTERS
from codesign.i18n.locales import LANGUAGE_NAMES, SUPPORTED_LOCALES, text_direction
from codesign.i18n.translations import current_locale, jinja_callables

_env: Environment | None = None
# Context shared by every page (navigation, current council): filled by the domains at start-up.
_context_providers: list[Any] = []


def build_environment(template_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(**jinja_callables(), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(FILTERS)
    env.globals.update(
        locale=current_locale,
        text_dir=lambda: text_direction(current_locale()),
        language_names=LANGUAGE_NAMES,
        language_options=[(code, LANGUAGE_NAMES[code]) for code in SUPPORTED_LOCALES],
        supported_locales=SUPPORTED_LOCALES,
    )
    return env


def configure(template_dir: Path) -> Environment:
    global _env
    _env = build_environment(template_dir)
    return _env


def environment() -> Environment:
    assert _env is not None, "templating.configure() runs in create_app()"
    return _env


def add_globals(**values: Any) -> None:
    environment().globals.update(values)


def add_context_provider(provider: Any) -> None:
    """`provider(request) -> dict` adds values every page may use (computed from request state)."""
    if provider not in _context_providers:
        _context_providers.append(provider)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def csrf_token(request: Request) -> str:
    token = ScopeState.from_scope(request.scope).csrf_token
    return token if isinstance(token, str) else ""


def csrf_input(request: Request) -> Markup:
    """The hidden CSRF field, written from the escaped token (architecture rule 6)."""
    return Markup('<input type="hidden" name="_csrf_token" value="{}">').format(escape(csrf_token(request)))


def base_context(request: Request) -> dict[str, Any]:
    state = request.scope.get("state", {})
    session = state.get("session")
    flashes = session.pop("_flash", []) if session is not None else []
    context: dict[str, Any] = {
        "request": request,
        "actor": state.get("actor"),
        "csrf_token": csrf_token(request),
        "csrf_input": csrf_input(request),
        "flashes": flashes,
        "current_path": request.url.path,
    }
    for provider in _context_providers:
        context.update(provider(request))
    return context


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    blocks: list[str] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response[str]:
    """The whole page, or (for htmx requests asking for `blocks`) just those blocks."""
    values = {**base_context(request), **(context or {})}
    env = environment()
    if blocks and is_htmx(request):
        html = render_blocks(env, template, blocks, **values)
    else:
        html = env.get_template(template).render(**values)
    response_headers = {"Vary": "HX-Request", **(headers or {})}
    return Response(
        content=html,
        media_type=MediaType.HTML,
        status_code=status_code,
        headers=response_headers,
    )
