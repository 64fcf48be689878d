"""A user who comes back through "Remember me" (a browser closed and opened again: the session
cookie gone, the remember-me cookie kept) still gets the 503 page, drawn without the database,
in the language they chose, as after logging in with the form."""

from __future__ import annotations

import re
import sqlite3

from sqlalchemy.exc import OperationalError

from habitory.domain import accounts


def _down(*args, **kwargs):
    raise OperationalError("SELECT ...", {}, sqlite3.OperationalError("database is locked"))


def _cookies(client) -> dict[str, str]:
    return {c.key: c.value for c in client._cookies.values()}


def _lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def test_a_login_restored_from_the_remember_cookie_keeps_the_language(app, client, user,
                                                                      auth, monkeypatch):
    client.get("/settings")
    assert client.post("/settings/language", data={"language": "fr",
                                                   "week_start": ""}).status_code == 303
    auth.logout()
    auth.login(remember=True)
    # The browser reopened: only the remember-me cookie is left.
    reopened = app.test_client()
    reopened.set_cookie("remember_token", _cookies(client)["remember_token"])
    page = reopened.get("/", headers={"Accept-Language": "de"})
    assert page.status_code == 200 and _lang(page.get_data(as_text=True)) == "fr"

    monkeypatch.setattr(accounts, "get", _down)  # the database down on the next page
    response = reopened.get("/calendar", headers={"Accept-Language": "de"})
    assert response.status_code == 503
    text = response.get_data(as_text=True)
    assert _lang(text) == "fr" and "La base de données ne répond pas" in text
    assert 'href="/login"' not in text  # still known as signed in

