"""CSRF protection stays on for real: forms need the field, htmx the header."""

from __future__ import annotations

import re

import pytest

from .conftest import PASSWORD


@pytest.fixture
def csrf_client(make_app):
    return make_app(WTF_CSRF_ENABLED=True).test_client()


def token_from(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def register(client) -> str:
    token = token_from(client.get("/register").get_data(as_text=True))
    response = client.post("/register", data={
        "csrf_token": token, "email": "ada@example.com", "password": PASSWORD,
        "confirm": PASSWORD, "timezone": "UTC"})
    assert response.status_code == 303
    return token_from(client.get("/").get_data(as_text=True))


def test_register_without_token_is_refused(csrf_client):
    response = csrf_client.post("/register", data={
        "email": "ada@example.com", "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code in (400, 422)
    assert response.location != "/"


def test_every_post_needs_the_token(csrf_client):
    register(csrf_client)
    for path in ("/habits", "/habits/1/toggle", "/habits/1/rename", "/habits/1/move",
                 "/habits/1/archive", "/habits/1/unarchive", "/habits/1/delete", "/logout",
                 "/habits/1/edit", "/habits/1/day", "/settings", "/settings/theme",
                 "/settings/notifications", "/settings/password", "/settings/email",
                 "/settings/delete", "/settings/import", "/settings/import/confirm",
                 "/notifications/1/read", "/notifications/1/delete",
                 "/notifications/read-all"):
        response = csrf_client.post(path, data={"name": "x"})
        assert response.status_code == 400, path
        assert "expired" in response.get_data(as_text=True)


def test_form_field_and_htmx_header_both_work(csrf_client):
    token = register(csrf_client)
    response = csrf_client.post("/habits", data={"name": "Read", "csrf_token": token})
    assert response.status_code == 303
    html = csrf_client.get("/").get_data(as_text=True)
    toggle_url = re.search(r'hx-post="(/habits/\d+/toggle)"', html).group(1)
    response = csrf_client.post(toggle_url, headers={"HX-Request": "true", "X-CSRFToken": token})
    assert response.status_code == 200 and 'aria-pressed="true"' in response.get_data(as_text=True)


def test_stale_token_on_htmx_gets_a_clear_message_in_the_page(csrf_client):
    register(csrf_client)
    response = csrf_client.post("/habits", data={"name": "Read"},
                                headers={"HX-Request": "true", "X-CSRFToken": "stale"})
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#messages"
    assert "Reload the page" in response.get_data(as_text=True)


def test_pages_carry_the_token_for_htmx(csrf_client):
    register(csrf_client)
    html = csrf_client.get("/").get_data(as_text=True)
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
