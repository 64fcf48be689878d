"""What whoever runs the server can do for its people from the command line: set a new
password for someone who forgot theirs, see the accounts, delete one."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit, LoginFailure, User, utcnow

from .conftest import PASSWORD, TODAY

NEW = "a brand new passphrase"


def login(client, password, email="ada@example.com"):
    return client.post("/login", data={"email": email, "password": password}).status_code


def test_a_forgotten_password_is_replaced_and_every_device_logged_out(app, runner, client,
                                                                      user):
    phone = app.test_client()
    assert login(phone, PASSWORD) == 303
    assert phone.get("/").status_code == 200

    result = runner.invoke(args=["set-password", "--email", " Ada@Example.com "],
                           input=f"{NEW}\n{NEW}\n")

    assert result.exit_code == 0, result.output
    assert "New password set for ada@example.com" in result.output
    assert NEW not in result.output  # asked for hidden, never echoed
    assert phone.get("/").status_code == 302  # that session ended
    assert client.get("/").status_code == 302
    assert login(app.test_client(), PASSWORD) == 401
    assert login(app.test_client(), NEW) == 303


def test_a_locked_out_owner_can_log_in_at_once_with_the_new_password(app, runner, user):
    db.session.add_all(LoginFailure(email="ada@example.com", address="127.0.0.1", at=utcnow())
                       for _ in range(10))
    db.session.commit()
    assert login(app.test_client(), PASSWORD) == 429  # locked out, right password or not

    assert runner.invoke(args=["set-password", "--email", "ada@example.com",
                               "--password", NEW]).exit_code == 0

    assert login(app.test_client(), NEW) == 303


@pytest.mark.parametrize(("password", "message"), [
    ("short", "at least 8 characters"),
    ("x" * 201, "at most 200 characters"),
    ("tab\there ok", "control characters"),
    ("ada@example.com", "must not be the email address"),
])
def test_a_bad_new_password_is_refused_and_the_old_one_kept(app, runner, user, password,
                                                            message):
    result = runner.invoke(args=["set-password", "--email", "ada@example.com",
                                 "--password", password])
    assert result.exit_code == 1 and message in result.output
    assert login(app.test_client(), PASSWORD) == 303


def test_set_password_names_an_unknown_account(runner, user):
    result = runner.invoke(args=["set-password", "--email", "nobody@example.com",
                                 "--password", NEW])
    assert result.exit_code == 1
    assert "No account for nobody@example.com." in result.output


def test_mistyped_confirmation_changes_nothing(app, runner, user):
    result = runner.invoke(args=["set-password", "--email", "ada@example.com"],
                           input=f"{NEW}\nsomething else\n")
    assert result.exit_code != 0
    assert login(app.test_client(), PASSWORD) == 303


def test_list_users_shows_each_account_with_its_habits_and_last_check_in(
        runner, user, make_habit):
    make_habit(user, "Read", TODAY - timedelta(days=3), done=[TODAY - timedelta(days=1)])
    make_habit(user, "Walk", archived=True)
    bob = User(email="bob@example.com", timezone="Europe/Paris")
    bob.set_password(PASSWORD)
    db.session.add(bob)
    db.session.commit()

    text = runner.invoke(args=["list-users"])
    assert text.exit_code == 0
    header, ada_line, bob_line = text.output.strip().splitlines()
    assert header.split("\t")[:2] == ["id", "email"]
    assert ada_line.split("\t")[1:3] == ["ada@example.com", "UTC"]
    assert ada_line.split("\t")[4] == "1"  # the archived habit is not counted
    assert bob_line.split("\t")[1:] == ["bob@example.com", "Europe/Paris",
                                        bob.created_at.date().isoformat(), "0", "never",
                                        "never"]

    rows = json.loads(runner.invoke(args=["list-users", "--json"]).output)
    assert [r["email"] for r in rows] == ["ada@example.com", "bob@example.com"]
    assert rows[0]["habits"] == 1 and rows[0]["last_check_in"].endswith("Z")
    assert rows[1]["last_check_in"] is None
    assert "password" not in json.dumps(rows) and "pbkdf2" not in text.output


def test_list_users_runs_one_query_however_many_accounts(runner, user, make_habit,
                                                         count_queries):
    for n in range(5):
        other = User(email=f"u{n}@example.com")
        other.set_password(PASSWORD)
        db.session.add(other)
        db.session.flush()
        make_habit(other, "Read", done=[TODAY])
    with count_queries() as statements:
        assert runner.invoke(args=["list-users", "--json"]).exit_code == 0
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1


def test_delete_user_asks_first_and_removes_everything(app, runner, user, make_habit):
    make_habit(user, "Read", done=[TODAY])
    refused = runner.invoke(args=["delete-user", "--email", "ada@example.com"], input="n\n")
    assert refused.exit_code == 1 and db.session.scalar(sa.select(sa.func.count(User.id))) == 1

    result = runner.invoke(args=["delete-user", "--email", "ada@example.com"], input="y\n")

    assert result.exit_code == 0 and "Deleted ada@example.com." in result.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Habit.id))) == 0
    assert login(app.test_client(), PASSWORD) == 401


def test_the_login_page_says_who_can_help_with_a_forgotten_password(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Forgot your password? Whoever runs this Habitory can set a new one for you." in page
    german = client.get("/login", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Passwort vergessen? Wer dieses Habitory betreibt" in german


def test_set_password_can_also_revoke_the_api_tokens(runner, user):
    from habitory.domain import tokens

    _, secret = tokens.create(user.id, "Home Assistant", "read")
    assert runner.invoke(args=["set-password", "--email", "ada@example.com",
                               "--password", NEW]).exit_code == 0
    assert tokens.authenticate(secret) is not None  # kept unless asked
    result = runner.invoke(args=["set-password", "--email", "ada@example.com",
                                 "--password", NEW + "!", "--revoke-tokens"])
    assert result.exit_code == 0 and "API tokens deleted: 1." in result.output
    assert tokens.authenticate(secret) is None
