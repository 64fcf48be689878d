"""The 503 page (the database down, the disk full) is drawn without asking the database: its
words follow the language the signed-in user chose (kept in their session cookie), else the
browser's; and a signed-in user is not offered "Log in" or "Sign up"."""

from __future__ import annotations

import re
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from habitory.domain import accounts, habits


def _speak(client, language: str) -> None:
    client.get("/settings")
    assert client.post("/settings/language", data={"language": language,
                                                   "week_start": ""}).status_code == 303


def _down(*args, **kwargs):
    raise OperationalError("SELECT ...", {}, sqlite3.OperationalError("database is locked"))


def _full(*args, **kwargs):
    raise OperationalError("INSERT ...", {}, sqlite3.OperationalError("database or disk is full"))


def _lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def test_the_database_down_before_the_user_is_read_keeps_their_language(client, user,
                                                                        monkeypatch):
    _speak(client, "fr")
    monkeypatch.setattr(accounts, "get", _down)  # even loading who is signed in fails
    response = client.get("/", headers={"Accept-Language": "de"})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert _lang(page) == "fr"
    assert "La base de données ne répond pas" in page
    assert 'href="/login"' not in page and 'href="/register"' not in page


@pytest.mark.parametrize(("failure", "words"), [
    (_down, "Die Datenbank antwortet gerade nicht."),
    (_full, "Der Server hat keinen Speicherplatz mehr"),
])
def test_a_signed_in_user_is_not_offered_log_in_or_sign_up(client, user, monkeypatch,
                                                          failure, words):
    _speak(client, "de")
    monkeypatch.setattr(habits, "create", failure)
    response = client.post("/habits", data={"name": "Read"}, headers={"Accept-Language": "en"})
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert _lang(page) == "de" and words in page
    assert 'href="/login"' not in page and 'href="/register"' not in page
    assert "Anmelden" not in page and "Registrieren" not in page


def test_the_language_is_kept_from_the_login_and_pages_never_rewrite_the_cookie(
        client, user, auth, monkeypatch):
    """Chosen on another device, known from the next login; reading it is no write: a poll
    that sent the cookie back could overwrite one a page had just set (a flash, an import)."""
    _speak(client, "fr")
    auth.logout()
    auth.login()
    assert "Set-Cookie" not in client.get("/notifications/badge").headers  # the first request
    client.get("/")  # its forms put a CSRF token into the fresh session
    for path in ("/", "/notifications/badge", "/settings", "/calendar"):
        assert "Set-Cookie" not in client.get(path).headers, path
    monkeypatch.setattr(accounts, "get", _down)
    response = client.get("/", headers={"Accept-Language": "de"})
    assert response.status_code == 503 and _lang(response.get_data(as_text=True)) == "fr"
