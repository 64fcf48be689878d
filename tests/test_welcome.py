"""The welcome a new account gets on Today goes once the first habit is there, also when it
was added with htmx, without a reload."""

from __future__ import annotations

import re

from .conftest import HTMX

WELCOME = "Welcome to Habitory. Add your first habit to get started."


def _messages(html: str) -> str:
    """The #messages element's content ('' when the response carries none)."""
    found = re.search(r'<div id="messages"[^>]*>(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


def test_the_welcome_shows_once_after_sign_up(client, auth):
    auth.register()
    assert WELCOME in _messages(client.get("/").get_data(as_text=True))
    assert WELCOME not in client.get("/").get_data(as_text=True)


def test_adding_the_first_habit_with_htmx_clears_the_welcome(client, auth):
    auth.register()
    assert WELCOME in client.get("/").get_data(as_text=True)  # shown in #messages
    response = client.post("/habits", data={"name": "Read"}, headers=HTMX)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<html" not in html
    # #messages is emptied out of band, keeping the element (and its live region) in place.
    oob = re.search(r'<div id="messages"([^>]*)>(.*?)</div>', html, re.S)
    assert oob is not None, html
    assert 'hx-swap-oob="innerHTML"' in oob.group(1)
    assert oob.group(2).strip() == ""
    assert WELCOME not in html
    # ...and nothing pops up on the next full page either.
    assert WELCOME not in client.get("/").get_data(as_text=True)


def test_without_javascript_the_first_habit_replaces_the_welcome(client, auth):
    auth.register()
    client.get("/")
    response = client.post("/habits", data={"name": "Read"})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Added “Read”." in _messages(page) and WELCOME not in page
