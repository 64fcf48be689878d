"""A user who chose their language keeps it on the pages they see logged out: the login page
after a logout speaks it, whatever the browser asks for; a choice to follow the browser, or
the account's deletion, leaves the browser's language again."""

from __future__ import annotations

import re

from .conftest import PASSWORD, AuthActions, client_with, cookies_of

GERMAN = {"Accept-Language": "de"}


def _lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def _choose(client, language: str) -> None:
    assert client.post("/settings/language", data={"language": language,
                                                   "week_start": ""}).status_code == 303


def test_the_login_page_after_a_logout_speaks_the_language_the_user_chose(client, auth, user):
    _choose(client, "fr")
    client.get("/settings", headers=GERMAN)
    logged_out = auth.logout()
    assert logged_out.location == "/login"
    page = client.get("/login", headers=GERMAN)
    assert _lang(page) == "fr" and "Vous êtes déconnecté" in page.get_data(as_text=True)
    # A wrong password on that page is said in French too.
    assert _lang(auth.login(password="not the password")) == "fr"


def test_a_login_keeps_the_choice_on_this_browser_and_a_new_login_replaces_it(app, user):
    browser = app.test_client()
    AuthActions(browser).login()
    _choose(browser, "fr")
    browser.get("/")
    assert cookies_of(browser).get("language") == "fr"
    # Another browser: the language arrives with the login itself.
    other = app.test_client()
    AuthActions(other).login()
    assert cookies_of(other).get("language") == "fr"
    AuthActions(other).logout()
    assert _lang(other.get("/register", headers=GERMAN)) == "fr"
    # Someone else signs up on that browser: their own (none yet) replaces it.
    AuthActions(other).register(email="bea@example.com")
    assert "language" not in cookies_of(other)
    assert _lang(other.get("/", headers=GERMAN)) == "de"


def test_following_the_browser_again_forgets_the_kept_language(client, auth, user):
    _choose(client, "fr")
    client.get("/")
    _choose(client, "")
    client.get("/")
    assert "language" not in cookies_of(client)
    auth.logout()
    assert _lang(client.get("/login", headers=GERMAN)) == "de"


def test_a_deleted_account_leaves_no_language_behind(app, client, user):
    _choose(client, "fr")
    client.get("/")
    kept = cookies_of(client)
    assert kept.get("language") == "fr"
    deleted = client.post("/settings/delete", data={"delete-current": PASSWORD})
    assert deleted.status_code == 303
    assert "language" not in cookies_of(client)
    assert _lang(client.get("/login", headers=GERMAN)) == "de"
    # Not a cookie the server trusts: one with no language of ours is the browser's.
    assert _lang(client_with(app, {"language": "xx"}).get("/login", headers=GERMAN)) == "de"


def test_a_signed_in_users_own_choice_wins_over_a_kept_language(app, client, user):
    other = client_with(app, {**cookies_of(client), "language": "fr"})
    assert _lang(other.get("/settings", headers=GERMAN)) == "de"  # Ada follows her browser
    assert "language" not in cookies_of(other)
