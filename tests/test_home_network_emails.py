"""A family's server names its people on the home network's own domain: home.arpa (RFC 8375),
.local, .test. Habitory sends no mail, so such an address is an account's name like any other,
at sign-up, log-in and from `flask create-user`; an address that can name nothing still can't."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import User

from .conftest import PASSWORD

HOME = ["mum@home.arpa", "x1@probe.test", "dad@nas.local"]


@pytest.mark.parametrize("email", HOME)
def test_sign_up_and_log_in_on_a_home_network_domain(client, auth, email):
    answer = auth.register(email=email)
    assert answer.status_code == 303, answer.get_data(as_text=True)
    auth.logout()
    assert auth.login(email=email).status_code == 303
    assert "Today" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("email", HOME)
def test_create_user_on_a_home_network_domain(runner, email):
    result = runner.invoke(args=["create-user", "--email", email, "--password", PASSWORD,
                                 "--timezone", "Europe/Paris"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(User.email).where(User.email == email)) == email


def test_an_address_that_names_nothing_is_still_refused(client, auth, runner):
    answer = auth.register(email="someone@nowhere.invalid")
    assert answer.status_code == 422
    assert "valid email address" in answer.get_data(as_text=True)
    result = runner.invoke(args=["create-user", "--email", "a@nowhere.invalid",
                                 "--password", PASSWORD, "--timezone", "UTC"])
    assert result.exit_code != 0
