"""Where a login leads: back to the page asked for, never to another site, also when the
visitor was signed in meanwhile in another tab; and what whoever runs the server is told at a
password reset about the tokens that still work."""

from __future__ import annotations

import pytest

from habitory.domain import tokens

from .conftest import PASSWORD


def _login(client, next_: str):
    return client.post("/login", data={"email": "ada@example.com", "password": PASSWORD,
                                       "next": next_})


def test_a_login_page_opened_while_signed_in_goes_to_the_page_it_was_for(client, user):
    # Signed in meanwhile in another tab: the first tab's login page must not lose the page.
    assert client.get("/login?next=/settings/tokens").location == "/settings/tokens"
    assert _login(client, "/settings/account").location == "/settings/account"
    assert client.get("/login?next=//evil.example/").location == "/"


@pytest.mark.parametrize("target", [
    "//evil.example", "/\\evil.example", "\\\\evil.example", "https:evil.example",
    "https://evil.example/", "/\t/evil.example", " //evil.example", "http:/\\evil.example",
    "http://localhost//evil.example", "javascript:alert(1)", "／／evil.example",
])
def test_no_spelling_of_another_site_in_next_leaves_the_site(client, user, target):
    client.post("/logout")
    landed = _login(client, target).location
    assert landed.startswith("/") and not landed.startswith("//")
    assert "evil" not in landed.split("?")[0].split("/")[1]


def test_a_refused_login_does_not_carry_another_sites_address_in_its_form(client, user):
    client.post("/logout")
    again = client.post("/login", data={"email": "ada@example.com", "password": "wrong",
                                        "next": "//evil.example/phish"})
    assert again.status_code == 401
    assert "evil.example" not in again.get_data(as_text=True)
    kept = client.post("/login", data={"email": "ada@example.com", "password": "wrong",
                                       "next": "/settings"})
    assert 'value="/settings"' in kept.get_data(as_text=True)


def test_a_password_reset_says_which_api_tokens_still_work(runner, user):
    tokens.create(user.id, "script", "read")
    tokens.create(user.id, "phone", "read", expires_in_days=7)
    result = runner.invoke(args=["set-password", "--email", "ada@example.com",
                                 "--password", "a-new-password"])
    assert result.exit_code == 0
    assert "2 API token(s) still work; --revoke-tokens deletes them." in result.output
    revoked = runner.invoke(args=["set-password", "--email", "ada@example.com",
                                  "--password", "another-password", "--revoke-tokens"])
    assert "still work" not in revoked.output and "API tokens deleted: 2." in revoked.output
