"""Unknown, revoked or expired tokens are counted per address (an IPv6 /64 as one): each
made-up token used to get a fresh allowance of its own."""

from __future__ import annotations

from .api_support import bearer


def _get(client, headers, address):
    return client.get("/api/v1/today", headers=headers, environ_base={"REMOTE_ADDR": address})


def test_guessing_tokens_from_one_address_is_stopped(make_app, user):
    app = make_app(RATELIMIT_ENABLED=True, API_AUTH_FAILURE_LIMIT="3 per minute")
    client = app.test_client()
    guesses = [_get(client, {"Authorization": f"Bearer hab_guess{n}"}, "203.0.113.5")
               for n in range(3)]
    assert [r.status_code for r in guesses] == [401] * 3
    stopped = _get(client, {"Authorization": "Bearer hab_guess9"}, "203.0.113.5")
    assert stopped.status_code == 429 and int(stopped.headers["Retry-After"]) > 0
    assert stopped.headers["Content-Type"] == "application/problem+json"
    # Another address, and the owner's own token elsewhere, are not held back.
    assert _get(client, {"Authorization": "Bearer hab_guess9"}, "198.51.100.7").status_code == 401
    assert _get(client, bearer(user.id), "198.51.100.8").status_code == 200


def test_good_answers_are_not_counted_as_failures(make_app, user):
    app = make_app(RATELIMIT_ENABLED=True, API_AUTH_FAILURE_LIMIT="3 per minute")
    client = app.test_client()
    good = bearer(user.id)
    assert all(_get(client, good, "203.0.113.5").status_code == 200 for _ in range(10))


def test_an_ipv6_network_is_one_guesser(make_app, user):
    app = make_app(RATELIMIT_ENABLED=True, API_AUTH_FAILURE_LIMIT="2 per minute")
    client = app.test_client()
    for n in range(2):
        assert _get(client, {"Authorization": f"Bearer hab_x{n}"},
                    f"2001:db8:1:2::{n + 1}").status_code == 401
    assert _get(client, {"Authorization": "Bearer hab_x9"},
                "2001:db8:1:2:ffff::9").status_code == 429
    assert _get(client, {"Authorization": "Bearer hab_x9"}, "2001:db8:1:3::1").status_code == 401
