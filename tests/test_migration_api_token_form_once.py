"""Migration 0021: API tokens keep (hashed) the one-time value of the settings form that made
them. Tokens from before keep working and have none; one user's form makes at most one token,
tokens without a form value never collide; a downgrade keeps every token."""

from __future__ import annotations

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from habitory import create_app
from habitory.domain import tokens
from habitory.extensions import db

from .conftest import BACKENDS
from .migration_support import empty_database

# A schema of the test's own on PostgreSQL: the session's migrated database stays at head.
PG_SCHEMA = "test_migration_api_token_form_once"
SECRETS = {1: "hab_" + "a" * 43, 2: "hab_" + "b" * 43}  # Ada's script and phone, from before
INSERT_TOKEN = ("INSERT INTO api_tokens (id, user_id, name, scope, token_hash, hint, created_at"
                "{extra}) VALUES (:id, :user_id, 'script', 'read', :hash, 'hab_xxxx', "
                "'2026-01-01 00:00:00'{values})")


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path):
    """An empty database on each backend the suite runs on."""
    yield from empty_database(request.param, tmp_path, PG_SCHEMA)


@pytest.fixture
def app(empty_url, tmp_path):
    """An app whose database had Ada's and Bo's accounts and Ada's two tokens at revision
    0020, then was upgraded to the head; inside its app context."""
    application = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path),
                              "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_url,
                              "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    with application.app_context():
        flask_migrate.upgrade(revision="0020")
        with db.engine.begin() as connection:
            for user_id, email in ((1, "ada@example.com"), (2, "bo@example.com")):
                connection.execute(sa.text(
                    "INSERT INTO users (id, email, password_hash, created_at, session_token) "
                    "VALUES (:id, :email, 'x', '2025-01-01 00:00:00', :token)"),
                    {"id": user_id, "email": email, "token": f"t{user_id}"})
            for token_id, secret in SECRETS.items():
                connection.execute(sa.text(INSERT_TOKEN.format(extra="", values="")),
                                   {"id": token_id, "user_id": 1, "hash": tokens.digest(secret)})
        flask_migrate.upgrade()
        yield application
        db.session.remove()
        db.engine.dispose()


def form_onces() -> dict[int, str | None]:
    with db.engine.connect() as connection:
        return dict(connection.execute(sa.text(
            "SELECT id, form_once FROM api_tokens ORDER BY id")).all())


def add_token(token_id: int, user_id: int, form_once: str | None) -> None:
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(INSERT_TOKEN.format(extra=", form_once", values=", :form_once")),
            {"id": token_id, "user_id": user_id, "hash": f"{token_id:064x}",
             "form_once": form_once})


def test_tokens_from_before_keep_working_and_have_no_form(app):
    assert form_onces() == {1: None, 2: None}
    for secret in SECRETS.values():
        found = tokens.authenticate(secret)
        assert found is not None and found[1].email == "ada@example.com"
    add_token(3, 1, None)  # a script's token: any number of them
    assert form_onces() == {1: None, 2: None, 3: None}


def test_one_users_form_makes_one_token_and_any_user_may_share_a_value(app):
    mark = tokens.form_mark("1764072000." + "A" * 22)
    add_token(3, 1, mark)
    add_token(4, 2, mark)  # Bo's form with the same value (forms are per user)
    with pytest.raises(sa.exc.IntegrityError):
        add_token(5, 1, mark)
    assert form_onces() == {1: None, 2: None, 3: mark, 4: mark}


def test_a_downgrade_keeps_every_token_and_upgrades_again(app):
    add_token(3, 1, tokens.form_mark("1764072000." + "A" * 22))
    flask_migrate.downgrade(revision="0020")
    with db.engine.connect() as connection:
        columns = {column["name"] for column in sa.inspect(connection).get_columns("api_tokens")}
        kept = connection.execute(sa.text("SELECT id FROM api_tokens ORDER BY id")).scalars()
        assert "form_once" not in columns and list(kept) == [1, 2, 3]
    flask_migrate.upgrade()
    assert form_onces() == {1: None, 2: None, 3: None}
    # SQLite's downgrade copies the table: its other constraints and indexes came through.
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []
