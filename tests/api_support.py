"""Helpers for the API tests: a token for a user, its Authorization header."""

from __future__ import annotations

import sqlalchemy as sa

from habitory.domain import tokens
from habitory.extensions import db
from habitory.models import User


def user_id(email: str = "ada@example.com") -> int:
    return db.session.scalar(sa.select(User.id).where(User.email == email))


def bearer(owner_id: int, scope: str = "read-write", name: str = "test") -> dict[str, str]:
    """The Authorization header of a new token of the user's."""
    _token, secret = tokens.create(owner_id, name, scope)
    return {"Authorization": f"Bearer {secret}"}


def problem(response, status: int) -> dict:
    """The response's problem document, after checking it is one with that status."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status and body["title"] and body["detail"]
    return body
