"""HTTP handlers of personal API tokens at /library/tokens: list and make (the secret is shown once, on the answer
to the form), and revoke after a confirmation page."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post

from codesign.accounts.guards import actor_of, login_required
from codesign.errors import NotFound, ValidationFailed
from codesign.i18n import _
from codesign.library import forms, permissions, tokens
from codesign.web.forms import Form, RowId, form_data
from codesign.web.responses import see_other
from codesign.web.templating import render

# The page that shows a new secret must not be kept by the browser or any cache.
NO_STORE = {"Cache-Control": "no-store"}


async def _context(request: Request, form: Form | None = None, secret: str | None = None) -> dict[str, Any]:
    actor = actor_of(request)
    if not permissions.can_make_tokens(actor):
        raise NotFound()
    return {"tokens": await tokens.list_tokens(actor), "form": form or Form(forms.TOKEN), "secret": secret,
            "max_tokens": tokens.MAX_TOKENS}


@get("/library/tokens", guards=[login_required])
async def token_list(request: Request) -> Response:
    return render(request, "library/tokens.html", await _context(request))


@post("/library/tokens", guards=[login_required])
async def token_create(request: Request) -> Response:
    """Makes a token and answers with the page that shows its secret, this once. Unlike other forms there is no
    redirect: the secret would otherwise have to wait in the session (stored in the database) for the next page."""
    form = Form(forms.TOKEN, await form_data(request))
    if form.validate():
        try:
            _id, secret = await tokens.create_token(actor_of(request), form.values["name"])
        except ValidationFailed as failure:
            form.errors.update(failure.errors)
        else:
            return render(request, "library/tokens.html", await _context(request, secret=secret),
                          headers=NO_STORE)
    return render(request, "library/tokens.html", await _context(request, form), status_code=422)


@get("/library/tokens/{token_id:int}/revoke", guards=[login_required])
async def token_revoke_confirm(request: Request, token_id: RowId) -> Response:
    row = await tokens.token(actor_of(request), token_id)
    return render(request, "library/token_revoke.html", {"token": row})


@post("/library/tokens/{token_id:int}/revoke", guards=[login_required])
async def token_revoke(request: Request, token_id: RowId) -> Response:
    name = await tokens.revoke_token(actor_of(request), token_id)
    return see_other(request, "/library/tokens", _("The token “%(name)s” is revoked: it no longer works.", name=name))


ROUTES: list[Any] = [token_list, token_create, token_revoke_confirm, token_revoke]
