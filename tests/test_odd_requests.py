"""Requests no browser sends, answered with a clear 4xx, never a 500: JSON bodies posted to the
pages' forms, ids past the database's range, dates in other ISO forms, HEAD, stray times."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit, User

from .conftest import HTMX, PASSWORD


def _habit(client):
    client.post("/habits", data={"name": "Read"})
    return db.session.scalar(sa.select(Habit.id).where(Habit.name == "Read"))


@pytest.mark.parametrize("body", [{"email": 5, "password": "x"},
                                  {"email": "ada@example.com", "password": 12345678}, [1], "text",
                                  {"email": ["a"], "password": {"b": 1}}, None])
@pytest.mark.parametrize("path", ["/login", "/register"])
def test_a_json_body_on_the_sign_in_forms_is_an_empty_form(client, path, body):
    response = client.post(path, json=body)
    assert response.status_code in (400, 401, 415, 422), response.status_code
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


@pytest.mark.parametrize(("path", "body"), [
    ("/habits", {"name": 5}), ("/habits", ["Read"]), ("/habits/{id}/rename", {"name": 5}),
    ("/habits/{id}/toggle", {"day": 5}), ("/habits/{id}/day", {"amount": 5}),
    ("/habits/{id}/day", {"note": 5}), ("/settings/password", {"password-current": 5}),
    ("/settings/email", {"email-email": 5}), ("/settings/tokens", {"name": 5}),
    ("/settings/delete", {"delete-current": 12345678}),
    ("/push/subscriptions", {"endpoint": 5, "p256dh": [1], "auth": {}}),
    ("/push/subscriptions/delete", {"endpoint": 5}),
])
def test_a_json_body_on_a_page_form_changes_nothing_and_is_no_500(client, user, path, body):
    hid = _habit(client)
    for headers in ({}, HTMX):
        response = client.post(path.format(id=hid), json=body, headers=headers)
        assert 400 <= response.status_code < 500, (path, response.status_code)
    assert db.session.scalar(sa.select(Habit.name).where(Habit.id == hid)) == "Read"
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0
    assert db.session.get(User, user.id) is not None


@pytest.mark.parametrize("url", ["/habits/2147483648/delete", "/habits/2147483648/edit",
                                 "/habits/99999999999999999999/delete",
                                 "/notifications/2147483648/read"])
def test_an_id_past_the_databases_range_is_not_found_whatever_the_method(client, user, url):
    assert client.post(url).status_code == 404
    assert client.get("/habits/2147483647").status_code == 404  # the largest id is an id


@pytest.mark.parametrize("day", ["20261125", "2026-W48-3", "2026-11-25T00:00", "2026-330",
                                 " 2026-11-25x"])
def test_a_day_is_written_yyyy_mm_dd_and_nothing_else(client, user, day):
    hid = _habit(client)
    response = client.post(f"/habits/{hid}/toggle", data={"day": day}, headers=HTMX)
    assert response.status_code == 422
    assert "YYYY-MM-DD" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0


def test_head_of_the_sign_in_pages_is_answered_like_get(client):
    for path in ("/login", "/register"):
        assert client.head(path).status_code == 200


@pytest.mark.parametrize("times", ["-0:30", "7:5", "07:30:00", "+7:30", "07 :30", "24:00"])
def test_a_reminder_time_is_hh_mm(client, user, times):
    response = client.post("/habits", data={"form": "full", "kind": "yes_no", "schedule": "daily",
                                            "colour": "teal", "name": "Stretch",
                                            "reminders": times})
    assert response.status_code == 422
    assert db.session.scalar(sa.select(Habit).where(Habit.name == "Stretch")) is None


def test_seven_thirty_is_still_a_time(client, user):
    response = client.post("/habits", data={"form": "full", "kind": "yes_no", "schedule": "daily",
                                            "colour": "teal", "name": "Stretch",
                                            "reminders": "7:30, 21:05"})
    assert response.status_code == 303


def test_wrong_current_passwords_in_settings_lock_like_wrong_logins(client, user, app):
    limit = app.config["LOGIN_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        refused = client.post("/settings/password", data={
            "password-current": "not it at all", "password-password": "a new one 123",
            "password-confirm": "a new one 123"})
        assert refused.status_code == 422
    # Locked now: even the right password is not tried, here or for the other two forms ...
    for path, data in (("/settings/password", {"password-current": PASSWORD,
                                               "password-password": "a new one 123",
                                               "password-confirm": "a new one 123"}),
                       ("/settings/email", {"email-email": "eve@example.com",
                                            "email-current": PASSWORD}),
                       ("/settings/delete", {"delete-current": PASSWORD})):
        locked = client.post(path, data=data)
        assert locked.status_code == 429, path
        assert "Wait 15 minutes" in locked.get_data(as_text=True)
    db.session.expire_all()
    kept = db.session.get(User, user.id)
    assert kept is not None and kept.email == "ada@example.com" and kept.check_password(PASSWORD)


def test_head_of_a_page_that_also_takes_a_post_is_answered_like_get(client, user):
    for path in ("/settings/import", "/settings"):
        assert client.head(path).status_code == 200, path


def test_wrong_logins_by_strangers_never_lock_the_owner_out_of_settings(client, user, app):
    from habitory.domain import throttle
    from habitory.models import LoginFailure

    # A hundred and more wrong logins for Ada's account from addresses all over: the login
    # page is locked for any address that fails once more, but Ada, signed in, can still
    # change her password (the one thing she needs now) even after one typo.
    db.session.add_all(LoginFailure(email="ada@example.com", address=f"203.0.113.{i}")
                       for i in range(app.config["LOGIN_FAILURES_PER_ACCOUNT_ALL_ADDRESSES"]))
    db.session.commit()
    with app.test_request_context():
        throttle.record_failure("ada@example.com", "127.0.0.1")
    typo = client.post("/settings/password", data={
        "password-current": "not it", "password-password": "a new one 123",
        "password-confirm": "a new one 123"})
    assert typo.status_code == 422
    changed = client.post("/settings/password", data={
        "password-current": PASSWORD, "password-password": "a new one 123",
        "password-confirm": "a new one 123"})
    assert changed.status_code == 303


def test_a_stranger_cannot_make_the_import_page_hold_a_big_form(make_app):
    # CSRFProtect reads the form before login_required turns the stranger away: the upload's
    # 25 MB form memory is for a signed-in user only.
    import io

    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/settings/import", content_type="multipart/form-data", data={
        "note": "x" * (200 * 1024), "file": (io.BytesIO(b"a,b\n"), "x.csv")})
    assert response.status_code == 413
