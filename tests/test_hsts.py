"""HSTS: an app configured for HTTPS (HABITORY_SECURE_COOKIES=1) tells browsers to come back
over HTTPS only; a plain-HTTP setup (the default, localhost, a LAN) never does."""

from __future__ import annotations

import pytest

HSTS = "max-age=31536000"
PATHS = ("/login", "/healthz", "/does-not-exist", "/static/favicon.svg", "/api/v1/habits")


@pytest.fixture
def https_client(make_app, monkeypatch):
    monkeypatch.setenv("HABITORY_SECURE_COOKIES", "1")
    app = make_app()
    assert app.config["SESSION_COOKIE_SECURE"]
    return app.test_client()


def test_every_response_of_an_https_setup_carries_hsts(https_client):
    for path in PATHS:
        with https_client.get(path) as response:  # closed: a static file is an open file
            assert response.headers.get("Strict-Transport-Security") == HSTS, path
    posted = https_client.post("/login", data={"email": "nobody@example.com", "password": "x"})
    assert posted.headers.get("Strict-Transport-Security") == HSTS


def test_a_plain_http_setup_sends_no_hsts(client, monkeypatch):
    monkeypatch.delenv("HABITORY_SECURE_COOKIES", raising=False)
    for path in PATHS:
        with client.get(path) as response:
            assert "Strict-Transport-Security" not in response.headers, path
