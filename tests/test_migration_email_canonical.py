"""Migration 0020: accounts stored before every door used one spelling of an email are stored
in that spelling, so their owners log in with the address however it is typed; two accounts
with one address in different spellings are left alone, and the upgrade says which."""

from __future__ import annotations

import flask_migrate
import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from habitory import create_app
from habitory.extensions import db

from .conftest import BACKENDS
from .migration_support import empty_database

HASH_METHOD = "pbkdf2:sha256:1000"
# A PostgreSQL schema of the test's own: the session's migrated database (conftest's
# database_url, in `public`) must stay at the head revision for the other tests.
PG_SCHEMA = "test_migration_email_canonical"

STORED = {
    1: "ａｄａ@ｅｘａｍｐｌｅ.ｃｏｍ",  # full width, as an input method types it
    2: "bo@xn--bcher-kva.de",  # the domain as xn--
    3: "CY@BÜCHER.DE",  # a Unicode domain, in upper case
    4: "dee@example.org",  # already canonical
    5: "ｅｖｅ@example.com",  # its canonical spelling is user 6's
    6: "eve@example.com",
    7: "fay@xn--bcher-kva.de",  # one address, neither of the two stored canonically
    8: "ｆａｙ@bücher.de",
}
FOLDED = {1: "ada@example.com", 2: "bo@bücher.de", 3: "cy@bücher.de"}


def password_of(user_id: int) -> str:
    return f"password of user {user_id}"  # each its own: a login proves whose account it is


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path):
    """An empty database on each backend the suite runs on."""
    yield from empty_database(request.param, tmp_path, PG_SCHEMA)


@pytest.fixture
def upgraded(empty_url, tmp_path, capsys):
    """An app whose database had STORED's accounts at revision 0019, then was upgraded:
    (app, stored emails by id, what the upgrade printed)."""
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": empty_url, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "PASSWORD_HASH_METHOD": HASH_METHOD})
    with app.app_context():
        flask_migrate.upgrade(revision="0019")
        with db.engine.begin() as connection:
            for user_id, email in STORED.items():
                connection.execute(sa.text(
                    "INSERT INTO users (id, email, password_hash, created_at, session_token) "
                    "VALUES (:id, :email, :hash, '2025-01-01 00:00:00', :token)"),
                    {"id": user_id, "email": email, "token": f"t{user_id}",
                     "hash": generate_password_hash(password_of(user_id), method=HASH_METHOD)})
        capsys.readouterr()
        # Read on stderr, as an administrator's terminal shows it: env.py's fileConfig replaces
        # the root logger's handlers, caplog's among them.
        flask_migrate.upgrade()
        printed = capsys.readouterr().err
        stored = stored_emails()
    # Outside the context: requests share its `g` (the logged-in user) while it is open.
    yield app, stored, printed
    with app.app_context():
        db.engine.dispose()


def stored_emails() -> dict[int, str]:
    with db.engine.connect() as connection:
        return dict(connection.execute(sa.text("SELECT id, email FROM users ORDER BY id")).all())


def logs_in(app, email: str, user_id: int) -> bool:
    """Whether the login form lets in the account `user_id` with this email (a fresh browser
    each time: a signed-in one is redirected whatever it sends)."""
    answer = app.test_client().post("/login", data={"email": email,
                                                    "password": password_of(user_id)})
    return answer.status_code == 303


def test_upgrade_stores_each_email_in_its_canonical_spelling_once(upgraded):
    app, stored, _printed = upgraded
    assert stored == {**STORED, **FOLDED}
    with app.app_context():  # the downgrade keeps the spellings; upgrading again changes none
        flask_migrate.downgrade(revision="0019")
        assert stored_emails() == stored
        flask_migrate.upgrade()
        assert stored_emails() == stored


def test_owners_of_folded_accounts_log_in_with_the_address_as_anyone_types_it(upgraded):
    app, _stored, _printed = upgraded
    assert logs_in(app, "ada@example.com", 1)  # stored in full width, it matched nothing typed
    assert logs_in(app, "Ada@Example.com", 1)
    assert logs_in(app, "cy@bücher.de", 3)
    assert logs_in(app, "bo@bücher.de", 2)
    assert logs_in(app, "bo@xn--bcher-kva.de", 2)


def test_accounts_with_one_address_in_two_spellings_are_left_alone_and_named(upgraded):
    app, stored, printed = upgraded
    assert {user_id: stored[user_id] for user_id in (5, 6, 7, 8)} == {
        user_id: STORED[user_id] for user_id in (5, 6, 7, 8)}
    assert "Users 5, 6 have one email in different spellings" in printed
    assert "Users 7, 8 have one email in different spellings" in printed
    assert "eve@" not in printed and "fay@" not in printed  # ids only: no address on a console
    # Their owners still log in with the spelling they are stored under (why
    # email_spelling.find goes on looking under older spellings).
    assert logs_in(app, "fay@xn--bcher-kva.de", 7)
    assert logs_in(app, "ｆａｙ@bücher.de", 8)
    assert logs_in(app, "eve@example.com", 6)
