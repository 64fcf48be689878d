"""The commands find and create accounts under the same spelling of an email as the web's
forms: full-width letters and a domain's xn-- form are the same address."""

from __future__ import annotations

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import User


def _run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_create_user_stores_the_canonical_spelling_and_refuses_another(app):
    made = _run(app, "create-user", "--email", "ＡＤＡ@ｅｘａｍｐｌｅ.ｃｏｍ",
                "--password", "long enough secret")
    assert made.exit_code == 0, made.output
    assert db.session.scalars(sa.select(User.email)).all() == ["ada@example.com"]
    again = _run(app, "create-user", "--email", "ada@EXAMPLE.com", "--password", "x" * 12)
    assert again.exit_code == 1 and "already exists" in again.output


def test_commands_find_an_account_by_another_spelling_of_its_domain(app):
    made = _run(app, "create-user", "--email", "ada@xn--bcher-kva.de", "--password", "y" * 12)
    assert made.exit_code == 0, made.output
    assert db.session.scalar(sa.select(User.email)) == "ada@bücher.de"
    for typed in ("ada@bücher.de", "ADA@XN--BCHER-KVA.DE", "ａｄａ@bücher.de"):
        result = _run(app, "set-password", "--email", typed, "--password", "new secret 123")
        assert result.exit_code == 0, (typed, result.output)


def test_an_account_stored_under_an_older_spelling_is_still_found_and_unique(app):
    db.session.add(User(email="bo@xn--bcher-kva.de", timezone="UTC", password_hash="x"))
    db.session.commit()
    found = _run(app, "set-password", "--email", "bo@bücher.de", "--password", "new secret 123")
    assert found.exit_code == 0, found.output
    twin = _run(app, "create-user", "--email", "bo@bücher.de", "--password", "z" * 12)
    assert twin.exit_code == 1 and "already exists" in twin.output
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1
