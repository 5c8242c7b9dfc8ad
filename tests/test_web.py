"""The shared web layer: health check, security headers, CSRF, error pages, static assets."""

from __future__ import annotations

from unittest import mock

from tests.conftest import csrf, login, post, text_of


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_does_not_answer(client):
    with mock.patch("codesign.db.current_engine", side_effect=RuntimeError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_every_page_sends_a_strict_content_security_policy(client):
    for path in ("/", "/login", "/no-such-page", "/static/css/codesign.css"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "style-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script_or_style_and_nothing_from_other_hosts(client):
    html = client.get("/").text
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html
    assert '<script src="/static/vendor/htmx.min.js" defer></script>' in html


def test_htmx_is_served_by_the_app_itself(client):
    response = client.get("/static/vendor/htmx.min.js")
    assert response.status_code == 200
    assert "htmx" in response.text[:2000]


def test_skip_link_language_switcher_and_footer_are_on_every_page(client):
    html = client.get("/about").text
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert 'action="/language"' in html
    for href in ("/code-of-conduct", "/privacy", "/about"):
        assert f'href="{href}"' in html


def test_a_post_without_csrf_token_is_refused_with_a_friendly_page_and_changes_nothing(client, world):
    world.user("ada")
    client.get("/")
    response = client.post("/login", data={"username": "ada", "password": "correct horse battery"})
    assert response.status_code == 403
    assert "The form has expired" in response.text
    assert "codesign_session" not in response.cookies


def test_a_wrong_csrf_header_is_refused_and_a_right_one_accepted(client, world):
    world.user("ada")
    token = csrf(client)
    bad = client.post("/login", data={"username": "ada", "password": "correct horse battery"},
                      headers={"x-csrftoken": "0" * 128})
    assert bad.status_code == 403
    good = client.post("/login", data={"username": "ada", "password": "correct horse battery"},
                       headers={"x-csrftoken": token, "hx-request": "true"})
    assert good.status_code == 204
    assert good.headers["hx-redirect"] == "/"


def test_csrf_cookie_is_http_only(client):
    cookie = client.get("/").headers["set-cookie"]
    assert "csrftoken=" in cookie and "HttpOnly" in cookie


def test_unknown_page_is_a_404_in_the_visitors_language(client):
    response = client.get("/no-such-page", headers={"accept-language": "ar"})
    assert response.status_code == 404
    assert 'lang="ar" dir="rtl"' in response.text
    assert "Page not found" not in response.text


def test_unknown_page_uses_the_language_cookie(client):
    client.cookies.set("lang", "es")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert 'lang="es"' in response.text


def test_an_unexpected_error_shows_the_500_page_and_no_traceback(client, world, monkeypatch):
    world.user("ada")
    login(client, "ada")

    async def broken(actor):
        raise RuntimeError("boom")

    monkeypatch.setattr("codesign.accounts.services.profile", broken)
    response = client.get("/account")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "boom" not in response.text and "Traceback" not in response.text


def test_logout_is_a_post(client, world):
    world.user("ada")
    login(client, "ada")
    assert client.get("/logout").status_code in (404, 405)
    response = post(client, "/logout")
    assert response.status_code == 303
    assert "Log in" in text_of(client.get("/").text)


def test_only_the_health_check_itself_is_exempt_from_csrf(client, world):
    """The exemption is a regular expression: a draft named "healthz-…" must not open a way around the check."""
    client.get("/")
    for path in ("/drafts/healthz-x/steps/submit", "/library/healthz-x/retire"):
        assert client.post(path, data={}).status_code == 403, path
