"""One mailbox, one account: the spellings of an email that name the same mailbox (any case,
full-width letters an input method types, an internationalised domain or its xn-- form) find
the same account at the login and count as taken at the sign-up and in Settings."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from habitory.domain import accounts
from habitory.extensions import db
from habitory.models import User

from .conftest import PASSWORD, AuthActions


def _emails() -> list[str]:
    return sorted(db.session.scalars(sa.select(User.email)))


def _logs_in(app, email: str) -> bool:
    return AuthActions(app.test_client()).login(email=email).status_code == 303


@pytest.mark.parametrize("spelling", ["ada@ｅｘａｍｐｌｅ.ｃｏｍ", "ＡＤＡ@ＥＸＡＭＰＬＥ.ＣＯＭ",
                                      "ａｄａ@example.com"])
def test_a_full_width_spelling_is_the_same_account(app, user, spelling):
    assert _logs_in(app, spelling)
    signed_up = AuthActions(app.test_client()).register(email=spelling)
    assert signed_up.status_code == 422
    assert "already exists" in signed_up.get_data(as_text=True)
    assert _emails() == ["ada@example.com"]


def test_an_internationalised_domain_is_one_account_in_either_spelling(app):
    assert AuthActions(app.test_client()).register(email="Ada@Bücher.de").status_code == 303
    assert AuthActions(app.test_client()).register(
        email="ada@xn--bcher-kva.de").status_code == 422
    assert _logs_in(app, "ada@XN--BCHER-KVA.DE") and _logs_in(app, "ada@bücher.de")
    assert _emails() == ["ada@bücher.de"]


def test_an_account_kept_under_another_spelling_before_still_logs_in_and_stays_unique(app):
    # Made before emails had one spelling: stored as its owner typed it then.
    accounts.create("bob@xn--bcher-kva.de", PASSWORD)
    accounts.create("ｃａｒｌ@example.com", PASSWORD)
    assert _logs_in(app, "bob@xn--bcher-kva.de") and _logs_in(app, "bob@bücher.de")
    # Its owner types it as before (finding it from the plain spelling needs a migration).
    assert _logs_in(app, "ｃａｒｌ@example.com")
    for taken in ("bob@bücher.de", "ｃａｒｌ@example.com"):
        assert AuthActions(app.test_client()).register(email=taken).status_code == 422
    assert len(_emails()) == 2


def test_a_new_email_in_another_spelling_of_someone_elses_is_refused(app, client, user):
    AuthActions(app.test_client()).register(email="bob@example.com")
    moved = client.post("/settings/email", data={"email-email": "ｂｏｂ@example.com",
                                                 "email-current": PASSWORD})
    assert moved.status_code == 422
    assert "Another account already uses this email." in moved.get_data(as_text=True)
    assert _emails() == ["ada@example.com", "bob@example.com"]


def test_an_email_changed_to_a_full_width_spelling_is_kept_in_its_plain_one(app, client, user):
    moved = client.post("/settings/email", data={"email-email": "ａｄａ@ｎｅｗ.example",
                                                 "email-current": PASSWORD})
    assert moved.status_code == 303
    assert _emails() == ["ada@new.example"]
    assert _logs_in(app, "ada@new.example")


def test_changing_the_email_to_the_one_it_is_logs_no_device_out(app, client, user):
    phone = app.test_client()
    AuthActions(phone).login()
    same = client.post("/settings/email", data={"email-email": "ADA@example.com",
                                                "email-current": PASSWORD})
    assert same.status_code == 422
    assert "That is already your login email." in same.get_data(as_text=True)
    assert phone.get("/settings/account").status_code == 200


def test_wrong_passwords_in_any_spelling_count_against_the_one_account(app, client, user):
    client.post("/logout")
    spellings = ["ada@example.com", "ADA@example.com", "ａｄａ@example.com",
                 "ada@ｅｘａｍｐｌｅ.ｃｏｍ", " Ada@Example.Com "]
    for attempt in range(10):
        client.post("/login", data={"email": spellings[attempt % len(spellings)],
                                    "password": "not the password"})
    locked = client.post("/login", data={"email": "ada@example.com", "password": PASSWORD})
    assert locked.status_code == 429
