"""Hostile or broken input gets a clear 4xx with a message, never a 500, and costs little:
control characters, oversized bodies, numbers past what the database holds."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import LoginFailure, User

from .conftest import PASSWORD


def _register(client, email, password=PASSWORD, confirm=None):
    return client.post("/register", data={"email": email, "password": password,
                                          "confirm": confirm or password, "timezone": "UTC"})


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x7f", "\x85", "\t"])
def test_control_characters_in_login_and_register_emails_are_refused_at_the_field(
    client, character
):
    email = f"a{character}b@example.com"
    for response in (client.post("/login", data={"email": email, "password": PASSWORD}),
                     _register(client, email)):
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert f"control character (U+{ord(character):04X})" in html
        assert 'aria-invalid="true"' in html
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(LoginFailure.id))) == 0


def test_control_characters_in_new_passwords_are_refused(client, auth):
    refused = _register(client, "ada@example.com", password="correct\x00horse battery")
    assert refused.status_code == 422 and "control character (U+0000)" in refused.get_data(True)
    auth.register()
    changed = client.post("/settings/password", data={
        "password-current": PASSWORD, "password-password": "brand\x00new pass",
        "password-confirm": "brand\x00new pass"})
    assert changed.status_code == 422 and "control character (U+0000)" in changed.get_data(True)
    auth.logout()
    assert auth.login().status_code == 303  # the password is unchanged


def test_control_characters_in_account_and_settings_fields_are_refused(client, auth):
    auth.register()
    email = client.post("/settings/email", data={"email-email": "new\x00@example.com",
                                                 "email-current": PASSWORD})
    assert email.status_code == 422 and "control character (U+0000)" in email.get_data(True)
    zone = client.post("/settings", data={"timezone": "Europe/Paris\x00",
                                          "day_start_hour": "0"})
    assert zone.status_code == 422 and "Choose a timezone" in zone.get_data(True)
    hour = client.post("/settings", data={"timezone": "UTC", "day_start_hour": "3\x00"})
    assert hour.status_code == 422 and "Choose an hour" in hour.get_data(True)
    missed = client.post("/settings/notifications", data={"missed_days": "2\x00"})
    assert missed.status_code == 422 and "between 1 and 7" in missed.get_data(True)
    assert db.session.scalar(sa.select(User.email)) == "ada@example.com"


def test_emails_are_compared_in_one_unicode_form(client, auth):
    decomposed, composed = "jose\u0301@example.com", "jos\u00e9@example.com"
    assert _register(client, decomposed).status_code == 303
    assert db.session.scalar(sa.select(User.email)) == composed
    auth.logout()
    assert auth.login(email=composed).status_code == 303
    auth.logout()
    assert _register(client, composed).status_code == 422
