"""Tokens may expire: chosen when made (Settings or flask create-token; never by default,
as before), shown in Settings with when each was last used, and an expired token is a 401
that says it expired."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import ApiToken, utcnow

from .api_support import problem

TOKEN = re.compile(r'value="(hab_[A-Za-z0-9_-]{43})"')


def _expire(token_id: int) -> None:
    db.session.execute(sa.update(ApiToken).where(ApiToken.id == token_id)
                       .values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()


def test_a_token_made_to_expire_works_until_then_and_is_a_clear_401_after(client, user):
    page = client.post("/settings/tokens", data={"name": "Trial", "scope": "read",
                                                 "expires": "30"})
    assert page.status_code == 201
    text = page.get_data(as_text=True)
    assert "It expires on" in text
    headers = {"Authorization": f"Bearer {TOKEN.search(text).group(1)}"}
    row = db.session.scalar(sa.select(ApiToken))
    assert abs(row.expires_at - (row.created_at + timedelta(days=30))) < timedelta(minutes=1)
    assert client.get("/api/v1/habits", headers=headers).status_code == 200
    used = db.session.scalar(sa.select(ApiToken.last_used_at))
    listing = client.get("/settings/tokens").get_data(as_text=True)
    assert "Expires" in listing and "Last used" in listing and "No expiry" not in listing
    _expire(row.id)
    body = problem(client.get("/api/v1/habits", headers=headers), 401)
    assert "expired" in body["detail"] and "Settings" in body["detail"]
    refused = client.post("/api/v1/habits", json={"name": "x"}, headers=headers)
    assert "expired" in problem(refused, 401)["detail"]
    db.session.expire_all()
    assert db.session.scalar(sa.select(ApiToken.last_used_at)) == used
    listing = client.get("/settings/tokens").get_data(as_text=True)
    assert re.search(r">\s*expired\s*<", listing), listing


def test_tokens_do_not_expire_unless_asked_and_odd_choices_are_refused(client, user):
    assert client.post("/settings/tokens", data={"name": "Forever",
                                                 "scope": "read"}).status_code == 201
    assert db.session.scalar(sa.select(ApiToken.expires_at)) is None
    assert "No expiry" in client.get("/settings/tokens").get_data(as_text=True)
    odd = client.post("/settings/tokens", data={"name": "Odd", "scope": "read",
                                                "expires": "12"})
    assert odd.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count(ApiToken.id))) == 1


def test_the_form_offers_the_expiry_choices(client, user):
    page = client.get("/settings/tokens").get_data(as_text=True)
    for value in ("", "7", "30", "90", "365"):
        assert f'value="{value}"' in page


def test_create_token_can_make_an_expiring_token(runner, user):
    result = runner.invoke(args=["create-token", "--email", "ada@example.com", "--name",
                                 "CI", "--expires-in-days", "7"])
    assert result.exit_code == 0, result.output
    row = db.session.scalar(sa.select(ApiToken))
    assert abs(row.expires_at - (row.created_at + timedelta(days=7))) < timedelta(minutes=1)
    bad = runner.invoke(args=["create-token", "--email", "ada@example.com", "--name", "x",
                              "--expires-in-days", "0"])
    assert bad.exit_code != 0


def test_the_description_says_a_401_may_be_an_expired_token(client):
    document = client.get("/api/openapi.json").get_json()
    assert "expired" in document["paths"]["/api/v1/today"]["get"]["responses"]["401"][
        "description"]
