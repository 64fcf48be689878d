"""`flask --app habitory create-user --email ... --timezone ...` asks for the password, hidden
and twice, as README.md promises and as set-password does; --password still serves scripts."""

from __future__ import annotations

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import User

SECRET = "family secret 2026"


def _login(app, email, password):
    return app.test_client().post("/login", data={"email": email,
                                                  "password": password}).status_code


def _accounts():
    return db.session.scalar(sa.select(sa.func.count(User.id)))


def test_create_user_asks_for_the_password_twice_without_showing_it(app, runner):
    result = runner.invoke(args=["create-user", "--email", "you@example.com", "--timezone",
                                 "Europe/Paris"], input=f"{SECRET}\n{SECRET}\n")
    assert result.exit_code == 0, result.output
    assert "Password:" in result.output and "Repeat for confirmation:" in result.output
    assert SECRET not in result.output
    assert "Created user" in result.output and "(Europe/Paris)" in result.output
    assert _login(app, "you@example.com", SECRET) == 303
    # Scripts (CI has no terminal) still pass it, and are never asked; its rules still hold.
    refused = runner.invoke(args=["create-user", "--email", "ci@example.com",
                                  "--password", "short"])
    assert refused.exit_code == 1 and "at least 8 characters" in refused.output
    made = runner.invoke(args=["create-user", "--email", "ci@example.com", "--password", SECRET])
    assert made.exit_code == 0 and "Password:" not in made.output + refused.output
    # Nothing to read (no terminal, no --password): no account, and a failure.
    assert runner.invoke(args=["create-user", "--email", "no@example.com"]).exit_code != 0
    assert _accounts() == 2


def test_a_password_that_breaks_a_rule_or_differs_is_asked_for_again(app, runner):
    result = runner.invoke(args=["create-user", "--email", "you@example.com"],
                           input=f"short\nyou@example.com\n{SECRET}\nother thing 1\n"
                                 f"{SECRET}\n{SECRET}\n")
    assert result.exit_code == 0, result.output
    assert "at least 8 characters" in result.output
    assert "must not be the email address" in result.output
    assert "do not match" in result.output
    assert _login(app, "you@example.com", SECRET) == 303


def test_what_is_wrong_besides_the_password_is_said_before_it_is_asked_for(app, runner, user):
    for args, message in ((["--email", "not an email"], "is not a valid email address"),
                          (["--email", "b@example.com", "--timezone", "Mars/Olympus"],
                           "Unknown timezone"),
                          (["--email", "ada@example.com"], "already exists")):
        result = runner.invoke(args=["create-user", *args], input=f"{SECRET}\n{SECRET}\n")
        assert result.exit_code == 1 and message in result.output
        assert "Password" not in result.output


def test_set_password_names_an_unknown_account_before_asking(runner, user):
    result = runner.invoke(args=["set-password", "--email", "nobody@example.com"],
                           input=f"{SECRET}\n{SECRET}\n")
    assert result.exit_code == 1 and "No account for nobody@example.com." in result.output
    assert "New password" not in result.output
