"""What a user (or someone holding one of their devices) meets around the account's sessions:
an email change ends the other devices' logins as a password change does, a stale tab's
"Log out" lands on the login page, an unknown email costs the same hash as a known one, and
an account's counters of wrong passwords go with it."""

from __future__ import annotations

import re

import sqlalchemy as sa

from habitory.auth import routes
from habitory.domain import tokens
from habitory.extensions import db
from habitory.models import LoginFailure, User

from .conftest import HTMX, PASSWORD, AuthActions, client_with, cookies_of


def _logged_in(client) -> bool:
    return client.get("/settings/account").status_code == 200


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'"X-CSRFToken": "([^"]+)"', html)
    return found.group(1)


def test_an_email_change_logs_other_devices_out_and_keeps_this_one(app, client, user):
    phone = app.test_client()
    AuthActions(phone).login(remember=True)
    phone_cookies = cookies_of(phone)
    laptop = app.test_client()
    AuthActions(laptop).login(remember=True)
    _, secret = tokens.create(user.id, "script", "read")
    assert _logged_in(phone) and _logged_in(laptop)

    changed = laptop.post("/settings/email", data={"email-email": "ada@new.example",
                                                   "email-current": PASSWORD})
    assert changed.status_code == 303
    page = laptop.get("/settings/account").get_data(as_text=True)
    assert "ada@new.example" in page and "logged out" in page
    assert not _logged_in(phone)
    assert not _logged_in(client_with(app, {"remember_token": phone_cookies["remember_token"]}))
    assert not _logged_in(client)
    # The device that made the change stays in, its "Remember me" too (a fresh cookie).
    assert _logged_in(laptop)
    assert _logged_in(client_with(app, {"remember_token": cookies_of(laptop)["remember_token"]}))
    # The password is unchanged, so the scripts' tokens keep working.
    assert client_with(app, {}).get("/api/v1/habits", headers={
        "Authorization": f"Bearer {secret}"}).status_code == 200


def test_a_refused_email_change_logs_nobody_out(app, client, user):
    phone = app.test_client()
    AuthActions(phone).login()
    wrong = client.post("/settings/email", data={"email-email": "ada@new.example",
                                                 "email-current": "not the password"})
    assert wrong.status_code == 422
    assert _logged_in(phone) and _logged_in(client)


def test_log_out_in_a_tab_left_open_after_logging_out_in_another_lands_on_the_login_page(
        csrf_app):
    browser = csrf_app.test_client()
    token = _token(browser.get("/register").get_data(as_text=True))
    browser.post("/register", data={"csrf_token": token, "email": "ada@example.com",
                                    "password": PASSWORD, "confirm": PASSWORD})
    stale = _token(browser.get("/").get_data(as_text=True))  # the second tab's page
    assert browser.post("/logout", data={"csrf_token": stale}).status_code == 303
    # The second tab still shows the page: its "Log out" is what the user clicks next.
    again = browser.post("/logout", data={"csrf_token": stale})
    assert again.status_code == 303 and again.location == "/login"
    over_htmx = browser.post("/logout", data={"csrf_token": stale}, headers=HTMX)
    assert over_htmx.headers.get("HX-Redirect") == "/login"


def test_a_forged_logout_still_needs_the_token_while_logged_in(csrf_app):
    browser = csrf_app.test_client()
    token = _token(browser.get("/register").get_data(as_text=True))
    browser.post("/register", data={"csrf_token": token, "email": "ada@example.com",
                                    "password": PASSWORD, "confirm": PASSWORD})
    assert browser.post("/logout", data={"csrf_token": "forged"}).status_code == 400
    assert _logged_in(browser)


def test_an_unknown_email_costs_the_hash_a_known_one_does(client, user, monkeypatch):
    methods = []
    real = routes.check_password_hash

    def spy(pwhash, password):
        methods.append(pwhash.split("$", 1)[0])
        return real(pwhash, password)

    monkeypatch.setattr(routes, "check_password_hash", spy)
    monkeypatch.setattr("habitory.models.accounts.check_password_hash", spy)
    auth = AuthActions(client)
    auth.logout()
    assert auth.login(password="wrong password").status_code == 401
    assert auth.login(email="nobody@example.com", password="wrong password").status_code == 401
    assert len(methods) == 2 and methods[0] == methods[1], methods


def test_a_deleted_accounts_wrong_password_counts_go_with_it(app, client, user):
    # Someone at another address guessed at the settings' password checks with a stolen session.
    for _ in range(3):
        client.post("/settings/password", data={
            "password-current": "guess guess", "password-password": "brand new pass",
            "password-confirm": "brand new pass"}, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert client.post("/settings/delete", data={"delete-current": PASSWORD}).status_code == 303
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginFailure)) == 0


def test_a_password_set_on_the_command_line_forgets_the_settings_lock(app, client, runner, user):
    for _ in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"]):
        client.post("/settings/email", data={"email-email": "ada@new.example",
                                             "email-current": "forgotten it"})
    locked = client.post("/settings/email", data={"email-email": "ada@new.example",
                                                  "email-current": PASSWORD})
    assert locked.status_code == 429
    result = runner.invoke(args=["set-password", "--email", "ada@example.com",
                                 "--password", "brand new pass"])
    assert result.exit_code == 0, result.output
    AuthActions(client).login(password="brand new pass")
    ok = client.post("/settings/email", data={"email-email": "ada@new.example",
                                              "email-current": "brand new pass"})
    assert ok.status_code == 303
    assert db.session.scalar(sa.select(User.email)) == "ada@new.example"


def test_an_email_change_cannot_make_the_email_the_password(client, auth, user):
    # A password that is an email address was allowed while it was not the login's.
    assert client.post("/settings/password", data={
        "password-current": PASSWORD, "password-password": "ada@new.example",
        "password-confirm": "ada@new.example"}).status_code == 303
    refused = client.post("/settings/email", data={"email-email": "Ada@New.example",
                                                   "email-current": "ada@new.example"})
    assert refused.status_code == 422
    assert "must not be your email address" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(User.email)) == "ada@example.com"


def test_wrong_logins_under_the_settings_counters_name_never_lock_the_owners_settings(
        app, client, user):
    app.config["LOGIN_FAILURES_PER_ACCOUNT_ALL_ADDRESSES"] = 3
    stranger = app.test_client()
    for address in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        stranger.post("/login", data={"email": f"settings:{user.id}", "password": "x"},
                      environ_base={"REMOTE_ADDR": address})
    # The owner mistypes once, then types the password right.
    client.post("/settings/email", data={"email-email": "ada@new.example",
                                         "email-current": "typo typo"})
    ok = client.post("/settings/email", data={"email-email": "ada@new.example",
                                              "email-current": PASSWORD})
    assert ok.status_code == 303
