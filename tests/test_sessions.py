"""Cookies name an account and its session token: old cookies never open a newer account,
and a password change logs every other device out."""

from __future__ import annotations

import re

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import User

from .conftest import HTMX, PASSWORD, AuthActions, client_with, cookies_of


def _logged_in(client) -> bool:
    return client.get("/settings/account").status_code == 200


def test_a_deleted_accounts_cookies_do_not_open_the_next_account(app, client, auth):
    auth.register(email="carol@example.com")
    auth.logout()
    auth.login(email="carol@example.com", remember=True)
    carol_id = db.session.scalar(sa.select(User.id))
    old = cookies_of(client)
    assert {"session", "remember_token"} <= set(old)
    assert client.post("/settings/delete", data={"delete-current": PASSWORD}).status_code == 303

    newcomer = app.test_client()
    AuthActions(newcomer).register(email="dave@example.com")
    dave_id = db.session.scalar(sa.select(User.id))
    assert dave_id != carol_id  # ids are never reused (migration 0024); the cookies are
    # refused all the same: they name a session token, not only an id
    assert not _logged_in(client_with(app, old))
    assert not _logged_in(client_with(app, {"remember_token": old["remember_token"]}))
    assert _logged_in(newcomer)


def test_a_password_change_logs_other_devices_out_and_keeps_this_one(app, client, user):
    phone = app.test_client()
    AuthActions(phone).login(remember=True)
    phone_cookies = cookies_of(phone)
    assert _logged_in(phone)
    changed = client.post("/settings/password", data={
        "password-current": PASSWORD, "password-password": "brand new pass",
        "password-confirm": "brand new pass"})
    assert changed.status_code == 303
    assert "logged out" in client.get("/settings/account").get_data(as_text=True)
    assert _logged_in(client)  # the device that changed it stays in
    assert not _logged_in(phone)
    assert not _logged_in(client_with(app, {"remember_token": phone_cookies["remember_token"]}))


def test_a_forged_or_malformed_user_id_is_anonymous(client, user):
    for forged in (str(user.id), f"{user.id}:", f"{user.id}:{'0' * 32}", "x:y",
                   "9" * 40 + ":abc"):
        with client.session_transaction() as session:
            session["_user_id"] = forged
        assert not _logged_in(client), forged


def test_next_never_leaves_the_site(client, auth, user):
    auth.logout()
    for evil in ("/\t/evil.com", "/\n/evil.com", "/\\evil.com", "//evil.com",
                 "https://evil.com/", "/\x7f/evil.com", " //evil.com", "javascript:alert(1)"):
        response = client.post("/login", data={"email": "ada@example.com",
                                                "password": PASSWORD, "next": evil})
        assert response.status_code == 303 and response.location == "/", evil
        auth.logout()
    kept = client.post("/login", data={"email": "ada@example.com", "password": PASSWORD,
                                       "next": "/calendar?year=2025"})
    assert kept.location == "/calendar?year=2025"
    client.post("/habits", data={"name": "Read"})
    habit_id = db.session.scalar(sa.text("SELECT id FROM habits"))
    toggled = client.post(f"/habits/{habit_id}/toggle", data={"next": "/\t/evil.com"})
    assert toggled.status_code == 303 and toggled.location == f"/#habit-{habit_id}"
    by_referrer = client.post(f"/habits/{habit_id}/toggle",
                              headers={"Referer": "/\t/evil.com"})
    assert by_referrer.location == f"/#habit-{habit_id}"


def test_ids_too_large_for_the_database_are_404_not_500(client, user):
    huge = "9" * 21
    for path in (f"/habits/{huge}", f"/habits/{2**31}", f"/habits/{huge}/row"):
        assert client.get(path).status_code == 404, path
        assert client.get(path, headers=HTMX).status_code == 404, path
    assert client.post(f"/habits/{huge}/toggle", headers=HTMX).status_code == 404
    assert client.get(f"/notifications?page={huge}").status_code == 200


def test_an_expired_session_on_an_htmx_poll_comes_back_to_the_page_not_the_fragment(client):
    response = client.get("/notifications/badge?after=0",
                          headers={**HTMX, "HX-Current-URL": "http://localhost/calendar"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/login?next=/calendar"


def test_logout_ends_a_remembered_login(app, client, auth):
    auth.register()
    auth.logout()
    auth.login(remember=True)
    assert "remember_token" in cookies_of(client)
    response = auth.logout()
    assert response.status_code == 303
    cleared = [c for c in response.headers.getlist("Set-Cookie")
               if c.startswith("remember_token=")]
    assert cleared and "Expires=Thu, 01 Jan 1970" in cleared[0]
    assert "remember_token" not in cookies_of(client)
    assert client.get("/").status_code == 302
    assert not _logged_in(client)


def test_cookies_copied_before_logout_no_longer_open_the_account(app, client, auth):
    auth.register()
    auth.logout()
    auth.login(remember=True)
    copied = cookies_of(client)
    assert _logged_in(client_with(app, {"session": copied["session"]}))
    auth.logout()
    assert not _logged_in(client_with(app, {"session": copied["session"]}))
    assert not _logged_in(client_with(app, {"remember_token": copied["remember_token"]}))
    assert client_with(app, copied).get("/").status_code == 302
    # The account itself is fine: logging in again works.
    assert auth.login().status_code == 303 and _logged_in(client)


def test_logout_over_htmx_also_forgets_the_remember_cookie(app, client, auth):
    auth.register()
    auth.logout()
    auth.login(remember=True)
    response = client.post("/logout", headers=HTMX)
    assert response.headers["HX-Redirect"] == "/login"
    assert "remember_token" not in cookies_of(client)
    assert not _logged_in(client)


# A browser sends requests of its own while the user signs in (the service worker fetching
# /offline as it installs, a poll, the manifest). The session lives in the cookie, so if one of
# them answers with a Set-Cookie built from the session it was sent with, and that answer
# arrives after the login's, the browser keeps the older cookie: the user is logged out again.
ANONYMOUS_BACKGROUND = ("/offline", "/manifest.webmanifest", "/sw.js", "/login", "/register",
                        "/static/js/app.js", "/healthz")
SIGNED_IN_BACKGROUND = ("/", "/offline", "/calendar", "/insights", "/notifications",
                        "/notifications/badge?after=0", "/settings", "/manifest.webmanifest")


def _csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'"X-CSRFToken": "([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def _set_cookies(response) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]


def test_a_request_sent_before_signing_up_cannot_undo_the_login(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    browser = app.test_client()
    form = browser.get("/register")
    before = cookies_of(browser)["session"]  # what a request sent now carries
    signed_up = browser.post("/register", data={
        "email": "eve@example.com", "password": PASSWORD, "confirm": PASSWORD,
        "timezone": "UTC", "csrf_token": _csrf_token(form.get_data(as_text=True))})
    assert signed_up.status_code == 303
    for path in ANONYMOUS_BACKGROUND:
        with client_with(app, {"session": before}).get(path) as late:  # a file: close it
            assert late.status_code < 500, path
            assert _set_cookies(late) == [], f"{path} rewrote the visitor's session"
    assert "Welcome to Habitory" in browser.get("/").get_data(as_text=True)
    assert _logged_in(browser)


def test_pages_and_polls_that_change_nothing_leave_the_login_cookie_alone(client, user):
    client.get("/")  # shows (and so removes) the welcome message: a real change
    for path in SIGNED_IN_BACKGROUND:
        response = client.get(path, headers=HTMX if "badge" in path else {})
        assert response.status_code == 200, path
        assert _set_cookies(response) == [], f"{path} rewrote the session cookie"
