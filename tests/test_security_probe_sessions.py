"""What a hostile user tries against a login: a session prepared before the victim signs in,
cookies kept from before a logout or a password change (on this device and others), redirects
to other sites, and forged forwarding headers against the login limits."""

from __future__ import annotations

import re

import pytest

from .conftest import HTMX, PASSWORD, client_with, cookies_of


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'"X-CSRFToken": "([^"]+)"', html)
    return found.group(1)


def _logged_in(client) -> bool:
    return client.get("/settings/account").status_code == 200


def _register(client, email="ada@example.com"):
    token = _token(client.get("/register").get_data(as_text=True))
    assert client.post("/register", data={"csrf_token": token, "email": email,
                                          "password": PASSWORD, "confirm": PASSWORD}
                       ).status_code == 303


def _log_in(client, email="ada@example.com", remember=False):
    token = _token(client.get("/login").get_data(as_text=True))
    data = {"csrf_token": token, "email": email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert client.post("/login", data=data).status_code == 303


def _log_out(client):
    token = _token(client.get("/").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303


@pytest.mark.parametrize("door", ["login", "register"])
def test_a_csrf_token_known_before_signing_in_is_void_after_it(csrf_app, door):
    """Fixation: an attacker who planted their own anonymous session cookie in the victim's
    browser (a shared computer, a sibling subdomain, plain HTTP) knows its CSRF token; once the
    victim signs in on that session, the token must not let the attacker's pages post."""
    setup = csrf_app.test_client()
    _register(setup, "victim@example.com")
    _log_out(setup)
    attacker = csrf_app.test_client()
    known_token = _token(attacker.get("/login").get_data(as_text=True))
    planted = cookies_of(attacker)
    victim = client_with(csrf_app, planted)
    if door == "login":
        _log_in(victim, "victim@example.com")
    else:
        _register(victim, "newcomer@example.com")
    assert _logged_in(victim)
    for headers in ({}, {**HTMX, "X-CSRFToken": known_token}):
        forged = victim.post("/habits", headers=headers,
                             data={"name": "Planted", "csrf_token": known_token})
        assert forged.status_code == 400, (headers, forged.status_code)
    assert "Planted" not in victim.get("/").get_data(as_text=True)
    # The victim's own pages carry a token that works.
    fresh = _token(victim.get("/").get_data(as_text=True))
    assert victim.post("/habits", data={"name": "Mine", "csrf_token": fresh}).status_code == 303


@pytest.mark.parametrize("door", ["login", "register"])
def test_the_new_secret_rides_in_the_sign_in_answer_so_background_requests_keep_it(
        csrf_app, door):
    """The service worker fetches /offline while the page after signing in loads: if the
    sign-in left the session without a secret, each would make its own, and whichever cookie
    came last would void the page's token (a "Form expired" on the first click)."""
    setup = csrf_app.test_client()
    _register(setup, "victim@example.com")
    _log_out(setup)
    browser = csrf_app.test_client()
    token = _token(browser.get(f"/{door}").get_data(as_text=True))
    fields = {"csrf_token": token, "email": "victim@example.com", "password": PASSWORD}
    if door == "register":
        fields.update(email="new@example.com", confirm=PASSWORD)
    assert browser.post(f"/{door}", data=fields).status_code == 303
    signed_in = cookies_of(browser)
    for path in ("/offline", "/manifest.webmanifest", "/notifications/badge?after=0"):
        answer = client_with(csrf_app, signed_in).get(path, headers=HTMX if "badge" in path
                                                        else {})
        assert not [c for c in answer.headers.getlist("Set-Cookie")
                    if c.startswith("session=")], path
    if door == "register":  # the welcome waited for the page the user sees
        assert "Welcome" in client_with(csrf_app, signed_in).get("/").get_data(as_text=True)
    page_token = _token(client_with(csrf_app, signed_in).get("/").get_data(as_text=True))
    assert client_with(csrf_app, signed_in).post(
        "/habits", data={"name": "First", "csrf_token": page_token}).status_code == 303


def test_a_csrf_token_known_before_a_remembered_login_returns_is_void_after_it(csrf_app):
    """The same, when the victim's browser comes back through its remember-me cookie into
    the session the attacker prepared."""
    setup = csrf_app.test_client()
    _register(setup, "victim@example.com")
    _log_out(setup)
    _log_in(setup, "victim@example.com", remember=True)
    remembered = cookies_of(setup)["remember_token"]
    attacker = csrf_app.test_client()
    known_token = _token(attacker.get("/login").get_data(as_text=True))
    victim = client_with(csrf_app, {**cookies_of(attacker), "remember_token": remembered})
    assert _logged_in(victim)  # restored from the cookie
    forged = victim.post("/habits", data={"name": "Planted", "csrf_token": known_token})
    assert forged.status_code == 400
    fresh = _token(victim.get("/").get_data(as_text=True))
    assert victim.post("/habits", data={"name": "Mine", "csrf_token": fresh}).status_code == 303


def test_logout_on_one_device_ends_every_device_and_every_remember_cookie(csrf_app):
    laptop, phone = csrf_app.test_client(), csrf_app.test_client()
    _register(laptop)
    _log_out(laptop)
    _log_in(laptop, remember=True)
    _log_in(phone, remember=True)
    laptop_kept, phone_kept = cookies_of(laptop), cookies_of(phone)
    _log_out(laptop)
    assert not _logged_in(laptop) and not _logged_in(phone)
    for kept in (laptop_kept, phone_kept):
        for name in ("session", "remember_token"):
            assert not _logged_in(client_with(csrf_app, {name: kept[name]})), name


def test_a_password_change_voids_the_other_devices_remember_cookie_and_keeps_this_one(
        csrf_app):
    laptop, phone = csrf_app.test_client(), csrf_app.test_client()
    _register(laptop)
    _log_out(laptop)
    _log_in(laptop, remember=True)
    _log_in(phone, remember=True)
    phone_kept = cookies_of(phone)
    token = _token(laptop.get("/settings/account").get_data(as_text=True))
    assert laptop.post("/settings/password", data={
        "csrf_token": token, "password-current": PASSWORD, "password-password": "a new pass 1",
        "password-confirm": "a new pass 1"}).status_code == 303
    assert _logged_in(laptop) and not _logged_in(phone)
    assert not _logged_in(client_with(csrf_app, {"remember_token": phone_kept["remember_token"]}))
    # The laptop's new remember cookie outlives its browser session.
    renewed = cookies_of(laptop)["remember_token"]
    assert _logged_in(client_with(csrf_app, {"remember_token": renewed}))


@pytest.mark.parametrize("target", [
    "//evil.example", "/\\evil.example", "/\t/evil.example", "https://evil.example/",
    "http:evil.example", "\\\\evil.example", "/%09/evil.example", " //evil.example",
    "javascript:alert(1)", "//evil.example@localhost", "http://localhost.evil.example/",
])
def test_no_redirect_leaves_the_site(client, auth, target):
    auth.register()
    auth.logout()
    response = auth_login = client.post("/login", data={
        "email": "ada@example.com", "password": PASSWORD, "next": target})
    assert auth_login.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "evil" not in location.split("?")[0].lstrip("/").split("/")[0] or \
        location.startswith("/%"), location
    # redirect_back reads the form's `next` and the Referer.
    for fields, headers in (({"next": target}, {}), ({}, {"Referer": target})):
        back = client.post("/notifications/read-all", data=fields, headers=headers)
        assert back.status_code == 303
        assert back.headers["Location"].startswith("/"), back.headers["Location"]
        assert not back.headers["Location"].startswith(("//", "/\\"))


def test_the_login_page_keeps_only_a_safe_next(client):
    html = client.get("/login?next=//evil.example").get_data(as_text=True)
    assert "evil.example" not in html
    unauthorized = client.get("/notifications/badge", headers={
        **HTMX, "HX-Current-URL": "https://evil.example/x"})
    assert unauthorized.headers["HX-Redirect"] == "/login"


def test_a_forged_forwarded_for_does_not_escape_the_per_address_limit(make_app):
    """HABITORY_PROXY_HOPS=0 (the default): X-Forwarded-For is the client's own word."""
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="3 per minute",
                   PROXY_HOPS=0)
    client = app.test_client()
    statuses = [client.post("/login", headers={"X-Forwarded-For": f"198.51.100.{i}",
                                               "X-Real-IP": f"198.51.100.{i}",
                                               "Forwarded": f"for=198.51.100.{i}"},
                            data={"email": f"u{i}@example.com", "password": "x" * 10}
                            ).status_code for i in range(5)]
    assert statuses[-1] == 429, statuses
