"""Register, log in, log out, throttling, and the create-user command."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import LoginFailure, User, utcnow

from .conftest import HTMX, PASSWORD


def _user(email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_register_creates_a_normalised_account_and_logs_in(app_config, make_app):
    del app_config["PASSWORD_HASH_METHOD"]  # the real default
    app = make_app()
    client = app.test_client()
    response = client.post("/register", data={
        "email": "  Ada@Example.COM ", "password": PASSWORD, "confirm": PASSWORD,
        "timezone": "Asia/Tokyo"})
    assert response.status_code == 303 and response.location == "/"
    with app.app_context():
        user = _user("ada@example.com")
        assert user.timezone == "Asia/Tokyo"
        assert user.password_hash.startswith("scrypt:")
        assert PASSWORD not in user.password_hash
    assert "Today" in client.get("/").get_data(as_text=True)


def test_register_without_timezone_defaults_to_utc(auth):
    auth.register(timezone="")
    assert _user("ada@example.com").timezone == "UTC"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"password": "short", "confirm": "short"}, "Use at least 8 characters."),
        ({"confirm": "something else"}, "The two passwords do not match."),
        (
            {"email": "longenough@example.com", "password": "LongEnough@Example.com",
             "confirm": "LongEnough@Example.com"},
            "must not be your email",
        ),
        ({"timezone": "Mars/Olympus"}, "Choose a timezone from the list."),
    ],
)
def test_register_errors_are_shown_next_to_the_field(client, data, message):
    form = {"email": "ada@example.com", "password": PASSWORD, "confirm": PASSWORD,
            "timezone": "UTC", **data}
    response = client.post("/register", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert 'aria-invalid="true"' in html
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_email_taken_whatever_its_case(client, auth):
    auth.register(email="ada@example.com")
    auth.logout()
    response = auth.register(email="ADA@example.com")
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1


def test_login_logout_round_trip(client, auth):
    auth.register()
    auth.logout()
    assert client.get("/").status_code == 302
    response = auth.login(email="ADA@example.com ")
    assert response.status_code == 303
    assert client.get("/").status_code == 200


def test_login_redirects_to_a_safe_next_only(client, auth):
    auth.register()
    auth.logout()
    response = client.post("/login", data={"email": "ada@example.com", "password": PASSWORD,
                                            "next": "/calendar"})
    assert response.location == "/calendar"
    client.post("/logout")
    response = client.post("/login", data={"email": "ada@example.com", "password": PASSWORD,
                                            "next": "https://evil.example/"})
    assert response.location == "/"


def test_wrong_credentials_do_not_reveal_whether_the_email_exists(client, auth):
    auth.register()
    auth.logout()
    wrong_password = auth.login(password="wrong password")
    unknown_email = auth.login(email="nobody@example.com")
    assert wrong_password.status_code == unknown_email.status_code == 401
    text = "That email and password do not match an account."
    assert text in wrong_password.get_data(as_text=True)
    assert text in unknown_email.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_remember_me_sets_a_lasting_httponly_cookie(client, auth):
    auth.register()
    auth.logout()
    response = auth.login(remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    assert "HttpOnly" in remember and "Expires=" in remember


def test_logout_is_post_only(client, auth):
    auth.register()
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200
    assert auth.logout().status_code == 303
    assert client.get("/").status_code == 302


def test_anonymous_dashboard_goes_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_expired_session_on_htmx_gets_hx_redirect_not_3xx(client):
    response = client.post("/habits/1/toggle", headers=HTMX)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login")


def test_account_is_locked_after_ten_failures_then_unlocked_after_the_window(client, auth):
    auth.register()
    auth.logout()
    for _ in range(10):
        assert auth.login(password="wrong password").status_code == 401
    locked = auth.login()  # even the right password is refused while locked
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.get_data(as_text=True)
    assert auth.login(email="ADA@example.com").status_code == 429
    # Another account is not affected.
    assert auth.login(email="other@example.com").status_code == 401
    # Fifteen minutes later the account opens again.
    db.session.execute(sa.update(LoginFailure).values(at=utcnow() - timedelta(minutes=16)))
    db.session.commit()
    assert auth.login().status_code == 303


def test_lockout_count_is_shared_through_the_database(client, auth, make_app):
    """A second app (another gunicorn worker) sees the failures the first one counted."""
    auth.register()
    auth.logout()
    for _ in range(10):
        auth.login(password="nope nope")
    other_worker = make_app()
    response = other_worker.test_client().post(
        "/login", data={"email": "ada@example.com", "password": PASSWORD}
    )
    assert response.status_code == 429


ATTACKER = {"REMOTE_ADDR": "203.0.113.9"}
OWNER = {"REMOTE_ADDR": "198.51.100.7"}
WRONG = {"email": "ada@example.com", "password": "wrong password"}
RIGHT = {"email": "ada@example.com", "password": PASSWORD}


def test_wrong_passwords_lock_out_the_address_they_come_from_not_the_owner(app, client, auth):
    auth.register()
    auth.logout()
    for _ in range(10):
        assert client.post("/login", data=WRONG, environ_base=ATTACKER).status_code == 401
    assert client.post("/login", data=RIGHT, environ_base=ATTACKER).status_code == 429
    # The owner, on their own connection, signs in as usual...
    owner = app.test_client()
    assert owner.post("/login", data=RIGHT, environ_base=OWNER).status_code == 303
    assert owner.get("/", environ_base=OWNER).status_code == 200
    # ...and that does not unlock the attacker.
    again = app.test_client().post("/login", data=RIGHT, environ_base=ATTACKER)
    assert again.status_code == 429
    assert "Too many failed attempts" in again.get_data(as_text=True)


def test_an_ipv6_attacker_cannot_dodge_the_lock_with_the_next_address_of_its_network(client, auth):
    auth.register()
    auth.logout()
    for i in range(10):
        address = {"REMOTE_ADDR": f"2001:db8:1:2::{i + 1:x}"}
        assert client.post("/login", data=WRONG, environ_base=address).status_code == 401
    same_network = {"REMOTE_ADDR": "2001:db8:1:2:ffff::1"}
    assert client.post("/login", data=RIGHT, environ_base=same_network).status_code == 429
    assert client.post("/login", data=RIGHT, environ_base={"REMOTE_ADDR": "2001:db8:9::1"}
                       ).status_code == 303


def test_guessing_from_many_addresses_slows_every_address_that_failed(make_app):
    """Past LOGIN_FAILURES_PER_ACCOUNT_ALL_ADDRESSES, one wrong password locks an address; an
    address with no failures (the owner's) still signs in."""
    app = make_app(LOGIN_FAILURES_PER_ACCOUNT_ALL_ADDRESSES=25)
    client = app.test_client()
    client.post("/register", data={"email": "ada@example.com", "password": PASSWORD,
                                   "confirm": PASSWORD, "timezone": "UTC"})
    client.post("/logout")
    for botnet in range(3):
        for _ in range(9):  # each address stays under its own limit of ten
            client.post("/login", data=WRONG, environ_base={"REMOTE_ADDR": f"192.0.2.{botnet}"})
    fresh = {"REMOTE_ADDR": "192.0.2.200"}
    assert client.post("/login", data=WRONG, environ_base=fresh).status_code == 401
    assert client.post("/login", data=RIGHT, environ_base=fresh).status_code == 429
    assert app.test_client().post("/login", data=RIGHT, environ_base=OWNER).status_code == 303


def test_login_is_limited_per_address(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="3 per minute")
    client = app.test_client()
    statuses = [
        client.post("/login", data={"email": f"u{i}@example.com", "password": "x" * 9}).status_code
        for i in range(4)
    ]
    assert statuses[:3] == [401, 401, 401]
    assert statuses[3] == 429
    assert "Too many attempts" in client.post("/login", data={}).get_data(as_text=True)


def test_registration_allows_a_family_behind_one_router(make_app):
    app = make_app(RATELIMIT_ENABLED=True)
    for i in range(12):
        client = app.test_client()
        response = client.post("/register", data={
            "email": f"member{i}@example.com", "password": PASSWORD, "confirm": PASSWORD,
            "timezone": "UTC"})
        assert response.status_code == 303


def test_registration_can_be_closed(make_app):
    client = make_app(OPEN_REGISTRATION=False).test_client()
    response = client.get("/register")
    assert response.status_code == 403
    assert "create-user" in response.get_data(as_text=True)
    assert client.post("/register", data={"email": "x@example.com"}).status_code == 403
    login = client.get("/login").get_data(as_text=True)
    assert 'href="/register"' not in login  # neither the header's Sign up nor the page's link


def test_create_user_command(runner, client):
    result = runner.invoke(args=["create-user", "--email", "Admin@Example.com",
                                 "--password", "long enough", "--timezone", "Europe/Paris"])
    assert result.exit_code == 0, result.output
    assert "admin@example.com" in result.output
    user = _user("admin@example.com")
    assert user.timezone == "Europe/Paris" and user.check_password("long enough")
    assert client.post("/login", data={"email": "admin@example.com",
                                       "password": "long enough"}).status_code == 303


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--email", "admin@example.com", "--password", "short"], "at least 8"),
        (["--email", "nope", "--password", "long enough"], "not a valid email"),
        (["--email", "a@example.com", "--password", "long enough", "--timezone", "Moon/Base"],
         "Unknown timezone"),
    ],
)
def test_create_user_command_rejects_bad_input(runner, args, message):
    result = runner.invoke(args=["create-user", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0


def test_create_user_command_refuses_a_duplicate(runner):
    args = ["create-user", "--email", "a@example.com", "--password", "long enough"]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and "already exists" in result.output


PROXY = {"REMOTE_ADDR": "10.0.0.2"}  # the reverse proxy every client reaches the app through


def _through_proxy(client, form, client_address):
    return client.post("/login", data=form, environ_base=PROXY,
                       headers={"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https"})


def test_behind_a_proxy_the_lock_falls_on_the_client_not_on_everyone(make_app):
    """HABITORY_PROXY_HOPS=1: the address the proxy appended is the client's, so one attacker
    behind the proxy does not lock out every other user of it."""
    app = make_app(PROXY_HOPS=1)
    client = app.test_client()
    client.post("/register", data={"email": "ada@example.com", "password": PASSWORD,
                                   "confirm": PASSWORD, "timezone": "UTC"})
    client.post("/logout")
    for _ in range(10):
        assert _through_proxy(client, WRONG, "203.0.113.9").status_code == 401
    assert _through_proxy(client, RIGHT, "203.0.113.9").status_code == 429
    assert _through_proxy(app.test_client(), RIGHT, "198.51.100.7").status_code == 303


def test_without_proxy_hops_a_forged_forwarded_address_changes_nothing(app, client, auth):
    """By default the header is a client's word, not the proxy's: an attacker rotating
    X-Forwarded-For still counts against its own connection."""
    auth.register()
    auth.logout()
    for i in range(10):
        assert _through_proxy(client, WRONG, f"203.0.113.{i + 1}").status_code == 401
    assert _through_proxy(client, RIGHT, "198.51.100.7").status_code == 429


def test_a_wrong_login_does_not_tell_the_browser_to_wait_until_it_is_refused(make_app):
    """Retry-After rides only on the 429 (Flask-Limiter put it on every counted answer)."""
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="2 per minute")
    client = app.test_client()
    wrong = {"email": "nobody@example.com", "password": "x" * 9}
    answers = [client.post("/login", data=wrong) for _ in range(3)]
    assert [a.status_code for a in answers] == [401, 401, 429]
    assert all("Retry-After" not in a.headers for a in answers[:2])
    assert int(answers[2].headers["Retry-After"]) > 0
