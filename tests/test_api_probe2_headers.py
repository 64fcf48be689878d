"""Rate-limit headers: Retry-After only where the client must wait (429, 503), the
X-RateLimit-* counts on every answer; OPTIONS (a CORS preflight) needs no token."""

from __future__ import annotations

from .api_support import bearer, problem


def test_retry_after_is_sent_on_429_only_not_on_every_success(make_app, user):
    app = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="2 per minute")
    client = app.test_client()
    headers = bearer(user.id)
    fine = client.get("/api/v1/today", headers=headers)
    assert fine.status_code == 200
    assert "Retry-After" not in fine.headers  # a client would wait before every call
    assert fine.headers["X-RateLimit-Limit"] == "2"
    created = client.post("/api/v1/habits", json={"name": "Run"}, headers=headers)
    assert created.status_code == 201 and "Retry-After" not in created.headers
    assert "Retry-After" not in client.get("/api/v1/today", headers=headers).headers
    limited = client.get("/api/v1/today", headers=headers)
    problem(limited, 429)
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.headers["X-RateLimit-Remaining"] == "0"


def test_client_errors_say_no_retry_after_either(make_app, user):
    client = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="50 per minute").test_client()
    headers = bearer(user.id)
    for response in (client.get("/api/v1/habits/12345", headers=headers),
                     client.post("/api/v1/habits", json={"name": ""}, headers=headers)):
        assert response.status_code in (404, 422)
        assert "Retry-After" not in response.headers


def test_options_needs_no_token_and_grants_no_other_origin(client, user, make_habit):
    """A browser's CORS preflight never carries the token: it used to be a 401 problem. It
    is answered with the methods now, and still without Access-Control-Allow-Origin (the
    API is for scripts; a web page of another site may not call it)."""
    habit = make_habit(user, "Read")
    preflight = client.options(f"/api/v1/habits/{habit.id}", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "PATCH",
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert preflight.status_code == 204 and preflight.get_data() == b""
    assert set(preflight.headers["Allow"].split(", ")) == {"GET", "HEAD", "PATCH", "DELETE",
                                                           "OPTIONS"}
    assert "Content-Type" not in preflight.headers
    assert not [name for name, _v in preflight.headers if name.startswith("Access-Control-")]
    assert preflight.headers["Cache-Control"] == "no-store"
    problem(client.options("/api/v1/nowhere"), 404)
    assert client.get(f"/api/v1/habits/{habit.id}").status_code == 401  # the rest still asks
