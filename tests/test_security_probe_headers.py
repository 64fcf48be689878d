"""The security headers are on every answer, the error pages' (400, 404, 405, 413, 429, 500,
503) as much as the pages', and on files and JSON; cookies carry their flags."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from habitory.security import CSP

from .conftest import HTMX

EXPECTED = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _check(response, what: str) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, f"{what}: {name}"
    if response.mimetype == "text/html":
        assert response.headers.get("Cache-Control") == "no-store", what
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def _broken(*_args, **_kwargs):
    raise RuntimeError("boom")


def _database_down(*_args, **_kwargs):
    raise OperationalError("SELECT 1", {}, Exception("connection refused"))


@pytest.mark.parametrize("htmx", [False, True])
def test_every_error_answer_carries_the_security_headers(make_app, htmx):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="1 per minute",
                   WTF_CSRF_ENABLED=True, PROPAGATE_EXCEPTIONS=False, TESTING=False)
    app.view_functions["pwa.offline"] = _broken
    app.view_functions["pwa.manifest"] = _database_down
    client = app.test_client()
    headers = HTMX if htmx else {}
    cases = {
        400: lambda: client.post("/login", data={"email": "a@example.com"}, headers=headers),
        404: lambda: client.get("/nowhere", headers=headers),
        405: lambda: client.get("/logout", headers=headers),
        413: lambda: client.post("/register", data={"email": "x" * 200_000}, headers=headers),
        500: lambda: client.get("/offline", headers=headers),
        503: lambda: client.get("/manifest.webmanifest", headers=headers),
    }
    for status, request in cases.items():
        response = request()
        assert response.status_code == status, (status, response.status_code)
        _check(response, f"{status} {headers}")
    with app.app_context():
        token = client.get("/login").get_data(as_text=True).split(
            'name="csrf_token" type="hidden" value="')[1].split('"')[0]
    answers = [client.post("/login", headers=headers, data={
        "csrf_token": token, "email": "a@example.com", "password": "x" * 10}) for _ in range(3)]
    assert answers[-1].status_code == 429
    _check(answers[-1], "429")


def test_files_json_and_the_service_worker_carry_them_too(client, user):
    for url in ("/static/js/app.js", "/sw.js", "/manifest.webmanifest", "/healthz",
                "/settings/export", "/settings/export?format=csv", "/api/openapi.json",
                "/api/v1/today", "/offline"):
        _check(client.get(url), url)


def test_cookies_are_httponly_lax_and_secure_when_asked(make_app):
    for secure in (False, True):
        app = make_app(SESSION_COOKIE_SECURE=secure, REMEMBER_COOKIE_SECURE=secure)
        client = app.test_client()
        client.post("/register", data={"email": "ada@example.com", "password": "p" * 12,
                                       "confirm": "p" * 12})
        client.post("/logout")
        response = client.post("/login", data={"email": "ada@example.com", "password": "p" * 12,
                                               "remember": "y"})
        cookies = response.headers.getlist("Set-Cookie")
        for name in ("session=", "remember_token="):
            cookie = next(c for c in cookies if c.startswith(name))
            assert "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie
            assert ("Secure" in cookie) is secure, cookie
