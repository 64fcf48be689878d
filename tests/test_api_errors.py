"""Every error under /api/ is an RFC 9457 problem document; the API needs no CSRF token; its
description is OpenAPI 3.1 and its reference page obeys the site's CSP."""

from __future__ import annotations

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import ApiToken, Habit

from .api_support import bearer, problem, user_id
from .test_csrf import register


def test_routing_errors_under_api_are_problems(client, user):
    headers = bearer(user.id)
    problem(client.get("/api/v1/nowhere", headers=headers), 404)
    problem(client.get("/api/v2/habits", headers=headers), 404)
    problem(client.get(f"/api/v1/habits/{2**31}", headers=headers), 404)
    not_allowed = client.delete("/api/v1/today", headers=headers)
    problem(not_allowed, 405)
    assert "GET" in not_allowed.headers["Allow"]
    # The web keeps its pages.
    assert client.get("/nowhere").mimetype == "text/html"


def test_bodies_that_are_not_json_are_415_and_broken_json_400(client, user):
    headers = bearer(user.id)
    problem(client.post("/api/v1/habits", data={"name": "Run"}, headers=headers), 415)
    problem(client.post("/api/v1/habits", data='{"name": "Run"}', headers=headers), 415)
    for broken in ('{"name": ', '{"name": NaN}', b'{"name": "\xff"}', "[" * 30_000):
        problem(client.post("/api/v1/habits", data=broken, content_type="application/json",
                            headers=headers), 400)
    body = problem(client.post("/api/v1/habits", json=["Run"], headers=headers), 422)
    assert body["errors"]
    assert db.session.scalar(sa.select(sa.func.count(Habit.id))) == 0


def test_a_body_over_the_limit_is_413(client, user):
    response = client.post("/api/v1/habits", data='{"name": "' + "x" * 70_000 + '"}',
                           content_type="application/json", headers=bearer(user.id))
    problem(response, 413)


def test_past_the_rate_limit_is_429_with_retry_after_per_token(make_app, user):
    app = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
    client = app.test_client()
    first, second = bearer(user.id, name="one"), bearer(user.id, name="two")
    assert [client.get("/api/v1/today", headers=first).status_code for _ in range(3)] == [
        200] * 3
    body = problem(client.get("/api/v1/today", headers=first), 429)
    assert body["title"]
    limited = client.get("/api/v1/today", headers=first)
    assert int(limited.headers["Retry-After"]) > 0
    assert client.get("/api/v1/today", headers=second).status_code == 200  # its own count


def test_the_api_needs_no_csrf_token_while_the_token_forms_do(app, make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    csrf = register(client)
    response = client.post("/api/v1/habits", json={"name": "Run"},
                           headers=bearer(user_id()))
    assert response.status_code == 201
    for path in ("/settings/tokens", "/settings/tokens/1/revoke"):
        refused = client.post(path, data={"name": "x", "scope": "read"})
        assert refused.status_code == 400 and "expired" in refused.get_data(as_text=True)
    made = client.post("/settings/tokens", data={"name": "x", "scope": "read",
                                                 "csrf_token": csrf})
    assert made.status_code == 201
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 2


def test_the_description_is_openapi_3_1_with_every_operation(client, app):
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    operations = {(method.upper(), path) for path, item in document["paths"].items()
                  for method in item}
    routes = {(method, rule.rule) for rule in app.url_map.iter_rules()
              if rule.endpoint.startswith("api.") and rule.rule.startswith("/api/v1/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert len(operations) == len(routes) == 14
    put = document["paths"]["/api/v1/habits/{habit_id}/checkins/{day}"]["put"]
    assert put["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert "application/problem+json" in put["responses"]["422"]["content"]
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


def test_the_reference_page_lists_each_operation_without_inline_code(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "PUT /api/v1/habits/{habit_id}/checkins/{day}" in page
    assert "<script>" not in page and "style=" not in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
