"""The per-address limits of the login and the sign-up count an IPv6 client by its /64, as the
failed logins are: the addresses of one network are one client, not 2**64 of them."""

from __future__ import annotations

from .conftest import PASSWORD


def _post(client, url: str, address: str, **data):
    return client.post(url, data=data, environ_base={"REMOTE_ADDR": address})


def test_sign_ups_from_one_ipv6_network_share_one_allowance(make_app):
    app = make_app(RATELIMIT_ENABLED=True, REGISTER_LIMIT_PER_ADDRESS="2 per hour")
    answers = [_post(app.test_client(), "/register", f"2001:db8:51:7::{n}",
                     email=f"user{n}@example.com", password=PASSWORD, confirm=PASSWORD,
                     timezone="UTC").status_code for n in range(1, 4)]
    assert answers == [303, 303, 429]
    # Another network is another client.
    assert _post(app.test_client(), "/register", "2001:db8:52:7::1", email="x@example.com",
                 password=PASSWORD, confirm=PASSWORD, timezone="UTC").status_code == 303


def test_login_attempts_from_one_ipv6_network_share_one_allowance(make_app):
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_LIMIT_PER_ADDRESS="3 per hour")
    answers = [_post(app.test_client(), "/login", f"2001:db8:61:7::{n}",
                     email=f"user{n}@example.com", password="wrong").status_code
               for n in range(1, 5)]
    assert answers == [401, 401, 401, 429]
