"""The per-address login limit (LOGIN_LIMIT_PER_ADDRESS) stops guessing, not a family or a team
behind one router: only failed attempts count toward it; signing in does not."""

from __future__ import annotations

from tests.conftest import PASSWORD

OFFICE = {"REMOTE_ADDR": "198.51.100.7"}


def _register(app, email):
    client = app.test_client()
    client.post("/register", data={"email": email, "password": PASSWORD, "confirm": PASSWORD,
                                   "timezone": "UTC"}, environ_base={"REMOTE_ADDR": "192.0.2.1"})


def test_correct_logins_from_one_address_are_never_limited(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="60 per 15 minutes")
    for member in range(3):
        _register(app, f"member{member}@example.com")
    statuses = [
        app.test_client().post("/login", environ_base=OFFICE, data={
            "email": f"member{n % 3}@example.com", "password": PASSWORD}).status_code
        for n in range(65)
    ]
    assert statuses == [303] * 65


def test_failed_attempts_still_reach_the_limit_and_then_stop_correct_ones_too(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="3 per minute")
    _register(app, "ada@example.com")
    client = app.test_client()
    right = {"email": "ada@example.com", "password": PASSWORD}
    assert client.post("/login", data=right, environ_base=OFFICE).status_code == 303
    client.post("/logout", environ_base=OFFICE)
    failures = [
        client.post("/login", environ_base=OFFICE, data=data).status_code
        for data in ({"email": "nobody@example.com", "password": "x" * 9},  # unknown email
                     {"email": "ada@example.com", "password": "wrong password"},
                     {"email": "not an email", "password": ""})]  # an invalid form
    assert failures == [401, 401, 422]
    assert client.post("/login", data=right, environ_base=OFFICE).status_code == 429
    # Another address is not held back by this one's failures.
    assert client.post("/login", data=right,
                       environ_base={"REMOTE_ADDR": "203.0.113.9"}).status_code == 303


def test_a_limit_store_that_stops_answering_costs_no_login_and_keeps_the_limit(make_app):
    """RATELIMIT_STORAGE_URI's Redis went away after start: people still sign in (it was a 500
    on every login and sign-up), and the per-address limit still holds, per process, until it
    is back."""
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="3 per minute",
                   RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")  # nothing listens there
    _register(app, "ada@example.com")
    client = app.test_client()
    right = {"email": "ada@example.com", "password": PASSWORD}
    assert client.post("/login", data=right, environ_base=OFFICE).status_code == 303
    client.post("/logout", environ_base=OFFICE)
    wrong = {"email": "ada@example.com", "password": "wrong password"}
    assert [client.post("/login", data=wrong, environ_base=OFFICE).status_code
            for _ in range(3)] == [401, 401, 401]
    assert client.post("/login", data=right, environ_base=OFFICE).status_code == 429
