"""Hostile or broken input gets a clear 4xx with a message, never a 500, and costs little:
control characters, oversized bodies, numbers past what the database holds."""

from __future__ import annotations

import json
import re
import time

import pytest
import sqlalchemy as sa
from werkzeug.test import encode_multipart

from habitory.extensions import db
from habitory.models import LoginFailure, User

from .conftest import HTMX, PASSWORD, upload_body


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


TEN_MB_EMAIL = "a" * (10 * 1024 * 1024) + "@example.com"
# Refusing must not cost what parsing would (~10 s of CPU for the email validator on 10 MB);
# the bound leaves room for the test client encoding the body on a busy machine.
SECOND = 2.0


def _timed(call):
    started = time.perf_counter()
    response = call()
    return response, time.perf_counter() - started


@pytest.mark.parametrize("path", ["/login", "/register"])
def test_a_ten_megabyte_email_is_refused_at_once_with_413(client, path):
    form = {"email": TEN_MB_EMAIL, "password": PASSWORD, "confirm": PASSWORD}
    response, seconds = _timed(lambda: client.post(path, data=form))
    assert response.status_code == 413 and seconds < SECOND
    html = response.get_data(as_text=True)
    assert "Too large" in html and "more than this server accepts" in html
    fragment, seconds = _timed(lambda: client.post(path, data=form, headers=HTMX))
    assert fragment.status_code == 413 and seconds < SECOND
    assert fragment.headers["HX-Retarget"] == "#messages"
    assert "<html" not in fragment.get_data(as_text=True)
    # Encoded here, in memory: the test client would spool 10 MB to a temporary file that it
    # never closes (a ResourceWarning, and the suite fails on warnings).
    boundary, body = encode_multipart(form)
    multipart, seconds = _timed(lambda: client.post(
        path, data=body, content_type=f"multipart/form-data; boundary={boundary}"))
    assert multipart.status_code == 413 and seconds < SECOND


def test_an_oversized_field_in_a_small_multipart_body_is_413(client):
    form = {"email": "a" * 100_000 + "@example.com", "password": PASSWORD}
    response = client.post("/login", data=form, content_type="multipart/form-data")
    assert response.status_code == 413


def test_a_long_email_within_the_body_limit_is_refused_by_length_first(client):
    email = "a" * 30_000 + "@example.com"
    for path in ("/login", "/register"):
        response, seconds = _timed(lambda path=path: client.post(
            path, data={"email": email, "password": PASSWORD, "confirm": PASSWORD}))
        assert response.status_code == 422 and seconds < SECOND
        html = response.get_data(as_text=True)
        assert "at most 254 characters" in html and "Enter a valid email" not in html


def _upload(client, fields: dict, name: str, content: bytes):
    return client.post("/settings/import", **upload_body(fields, name, content))


def test_imports_may_be_larger_than_forms_but_not_unbounded(app, client, auth):
    auth.register()
    backup = json.dumps({"format": "habitory", "habits": [], "padding": "x" * 2_000_000})
    upload = _upload(client, {}, "backup.json", backup.encode())
    assert upload.status_code != 413  # a real file of 2 MB gets read (and judged on its content)
    huge = b"x" * (app.config["IMPORT_MAX_BYTES"] + 6 * 1024 * 1024)
    refused, seconds = _timed(lambda: _upload(client, {}, "huge.json", huge))
    assert refused.status_code == 413 and seconds < 1
    assert "file" in refused.get_data(as_text=True)
    # The other forms of the settings keep the small limit.
    assert client.post("/settings", data={"timezone": "x" * 200_000}).status_code == 413


def test_the_import_limit_holds_with_csrf_on(make_app):
    """CSRF reads the form before the view runs: the larger limit must already apply."""
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    page = client.get("/register").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    client.post("/register", data={"csrf_token": token, "email": "ada@example.com",
                                   "password": PASSWORD, "confirm": PASSWORD, "timezone": "UTC"})
    # Signing in gives the session a new CSRF secret: the signed-in page's token.
    token = re.search(r'"X-CSRFToken": "([^"]+)"', client.get("/").get_data(as_text=True)).group(1)
    upload = _upload(client, {"csrf_token": token}, "b.json", b"{" + b" " * 2_000_000 + b"}")
    assert upload.status_code == 422 and "expired" not in upload.get_data(as_text=True)
    refused = client.post("/login", data={"csrf_token": token, "email": TEN_MB_EMAIL})
    assert refused.status_code in (302, 413)  # logged in: the login page sends home first
