"""Tokens: made in Settings or by `flask create-token`, shown once, stored hashed, scoped,
revoked."""

from __future__ import annotations

import re

import sqlalchemy as sa

from habitory.domain.tokens import digest
from habitory.extensions import db
from habitory.models import ApiToken, CheckIn, Habit

from .api_support import bearer, problem, user_id
from .conftest import TODAY

TOKEN = re.compile(r'value="(hab_[A-Za-z0-9_-]{43})"')


def test_settings_creates_a_token_shown_once_and_stored_hashed(client, user):
    page = client.post("/settings/tokens", data={"name": "Home Assistant", "scope": "read"})
    assert page.status_code == 201
    secret = TOKEN.search(page.get_data(as_text=True)).group(1)
    row = db.session.scalar(sa.select(ApiToken))
    assert row.token_hash == digest(secret) and secret not in row.token_hash
    assert (row.name, row.scope) == ("Home Assistant", "read")
    listing = client.get("/settings/tokens").get_data(as_text=True)
    assert "Home Assistant" in listing and "read only" in listing and "never" in listing
    assert secret not in listing
    assert client.get("/api/v1/habits", headers={"Authorization": f"Bearer {secret}"}
                      ).status_code == 200
    assert "never" not in client.get("/settings/tokens").get_data(as_text=True)


def test_a_token_without_a_name_is_refused_with_a_message(client, user):
    page = client.post("/settings/tokens", data={"name": "  ", "scope": "read-write"})
    assert page.status_code == 422
    assert "Give the token a name" in page.get_data(as_text=True)
    bad_scope = client.post("/settings/tokens", data={"name": "x", "scope": "admin"})
    assert bad_scope.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 0


def test_revoked_tokens_get_401_and_only_the_owner_can_revoke(client, auth, user):
    headers = bearer(user.id, name="Phone")
    token_id = db.session.scalar(sa.select(ApiToken.id))
    auth.logout()
    auth.register(email="bob@example.com")
    assert client.post(f"/settings/tokens/{token_id}/revoke").status_code == 404
    assert client.get("/api/v1/habits", headers=headers).status_code == 200
    auth.logout()
    auth.login()
    response = client.post(f"/settings/tokens/{token_id}/revoke")
    assert response.status_code == 303
    body = problem(client.get("/api/v1/habits", headers=headers), 401)
    assert "revoked" in body["detail"]
    assert client.get("/api/v1/habits", headers=headers).headers["WWW-Authenticate"]


def test_a_read_token_reads_but_every_write_is_403(client, user, make_habit):
    habit = make_habit(user, "Read")
    read = bearer(user.id, scope="read")
    assert client.get(f"/api/v1/habits/{habit.id}", headers=read).status_code == 200
    writes = [("POST", "/api/v1/habits", {"name": "Run"}),
              ("PATCH", f"/api/v1/habits/{habit.id}", {"name": "Renamed"}),
              ("DELETE", f"/api/v1/habits/{habit.id}", None),
              ("PUT", f"/api/v1/habits/{habit.id}/checkins/{TODAY}", {"state": "done"}),
              ("DELETE", f"/api/v1/habits/{habit.id}/checkins/{TODAY}", None)]
    for method, url, body in writes:
        kwargs = {"json": body} if body is not None else {}
        problem(client.open(url, method=method, headers=read, **kwargs), 403)
    assert db.session.scalar(sa.select(Habit.name)) == "Read"
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 0


def test_missing_malformed_and_unknown_tokens_are_401(client, user):
    for header in ({}, {"Authorization": "Basic YTpi"}, {"Authorization": "Bearer "},
                   {"Authorization": "Bearer hab_nope"},
                   {"Authorization": "Bearer " + "é" * 50}):
        problem(client.get("/api/v1/today", headers=header), 401)


def test_create_token_prints_the_token_alone(app, runner, user):
    result = runner.invoke(args=["create-token", "--email", "ada@example.com", "--name",
                                 "Script", "--read-only"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    assert result.output == secret + "\n" and secret.startswith("hab_")
    row = db.session.scalar(sa.select(ApiToken))
    assert (row.scope, row.user_id, row.token_hash) == ("read", user_id(), digest(secret))
    missing = runner.invoke(args=["create-token", "--email", "nobody@example.com", "--name",
                                  "x"])
    assert missing.exit_code != 0 and "No account" in missing.output


def test_deleting_the_account_ends_its_tokens(client, user):
    headers = bearer(user.id)
    response = client.post("/settings/delete", data={"delete-current": "correct horse battery"})
    assert response.status_code in (302, 303)
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 0
    problem(client.get("/api/v1/today", headers=headers), 401)


def test_a_password_change_can_revoke_the_tokens_too_and_keeps_them_by_default(client, user):
    from .conftest import PASSWORD

    kept = bearer(user.id, name="Script")
    change = {"password-current": PASSWORD, "password-password": "another one 123",
              "password-confirm": "another one 123"}
    assert client.post("/settings/password", data=change).status_code == 303
    assert client.get("/api/v1/habits", headers=kept).status_code == 200  # scripts go on
    revoked = bearer(user.id, name="Made by a thief")
    response = client.post("/settings/password", data={
        "password-current": "another one 123", "password-password": "a third one 123",
        "password-confirm": "a third one 123", "password-revoke_tokens": "y"},
        follow_redirects=True)
    assert "2 API tokens were revoked." in response.get_data(as_text=True)
    for headers in (kept, revoked):
        problem(client.get("/api/v1/habits", headers=headers), 401)
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 0
