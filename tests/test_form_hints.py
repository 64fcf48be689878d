"""A field's hint and its error never say the same thing twice, and aria-describedby names only
elements that are on the page."""

from __future__ import annotations

import re

from .conftest import PASSWORD


def _described_ids(html: str, field_id: str) -> list[str]:
    tag = re.search(rf'<input[^>]*\bid="{field_id}"[^>]*>', html).group(0)
    found = re.search(r'aria-describedby="([^"]*)"', tag)
    return found.group(1).split() if found else []


def _assert_described_ids_exist(html: str, field_id: str) -> None:
    for described in _described_ids(html, field_id):
        assert f'id="{described}"' in html, described


def test_a_short_password_at_sign_up_is_said_once(client):
    page = client.post("/register", data={"email": "ada@example.com", "password": "short",
                                          "confirm": "short", "timezone": "UTC"})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "Use at least 8 characters." in html
    assert "At least 8 characters." not in html
    assert _described_ids(html, "password") == ["password-error"]
    _assert_described_ids_exist(html, "password")


def test_the_hint_stays_when_it_adds_something(client):
    # Before anything is typed the rule is the hint; with no password at all, the error says a
    # password is needed and the hint still says how long.
    assert "At least 8 characters." in client.get("/register").get_data(as_text=True)
    html = client.post("/register", data={"email": "ada@example.com", "password": "",
                                          "confirm": "", "timezone": "UTC"}).get_data(
        as_text=True)
    assert "Choose a password." in html and "At least 8 characters." in html
    assert _described_ids(html, "password") == ["password-error", "password-hint"]
    _assert_described_ids_exist(html, "password")
    # Another field's hint (the timezone's) is not touched by the password's error.
    assert "Your days start and end in this timezone." in html


def test_a_short_new_password_in_settings_is_said_once(client, user):
    page = client.post("/settings/password", data={
        "password-current": PASSWORD, "password-password": "short",
        "password-confirm": "short"})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert "Use at least 8 characters." in html
    assert "At least 8 characters." not in html
    assert _described_ids(html, "password-password") == ["password-password-error"]
    _assert_described_ids_exist(html, "password-password")
