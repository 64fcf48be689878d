"""A settings form posted without one of its fields (or with a value no page offers) is refused
with a message and changes nothing; it never quietly resets a setting to its default. Choosing
a default on purpose ("Follow the browser", "As usual in my language") still works."""

from __future__ import annotations

import pytest

from habitory.extensions import db
from habitory.models import User

from .conftest import HTMX


def _stored(user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


@pytest.fixture
def german(client, user):
    """Ada reads German, with weeks from Sunday, days from 3 AM in Berlin."""
    client.post("/settings/language", data={"language": "de", "week_start": "sunday"})
    client.post("/settings", data={"timezone": "Europe/Berlin", "day_start_hour": "3"})
    stored = _stored(user)
    assert (stored.language, stored.week_start) == ("de", "sunday")
    assert (stored.timezone, stored.day_start_hour) == ("Europe/Berlin", 3)
    return user


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Wähle eine Sprache aus der Liste."),
    ({"week_start": "sunday"}, "Wähle eine Sprache aus der Liste."),
    ({"language": "de"}, "Wähle Montag, Sonntag oder Samstag."),
])
def test_a_language_form_without_a_field_is_refused(client, german, data, message):
    response = client.post("/settings/language", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    stored = _stored(german)
    assert (stored.language, stored.week_start) == ("de", "sunday")


def test_the_refusal_is_a_message_fragment_for_htmx(client, german):
    response = client.post("/settings/language", data={}, headers=HTMX)
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#messages"
    html = response.get_data(as_text=True)
    assert "<html" not in html and "Wähle eine Sprache aus der Liste." in html
    assert _stored(german).language == "de"


def test_following_the_browser_is_still_a_choice(client, german):
    response = client.post("/settings/language", data={"language": "", "week_start": ""})
    assert response.status_code == 303
    stored = _stored(german)
    assert stored.language is None and stored.week_start is None


@pytest.mark.parametrize(("data", "message"), [
    ({}, "Wähle eine Zeitzone aus der Liste."),
    ({"day_start_hour": "0"}, "Wähle eine Zeitzone aus der Liste."),
    ({"timezone": "UTC"}, "Wähle eine Uhrzeit aus der Liste."),
])
def test_your_day_without_a_field_is_refused(client, german, data, message):
    response = client.post("/settings", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    stored = _stored(german)
    assert (stored.timezone, stored.day_start_hour) == ("Europe/Berlin", 3)
    fragment = client.post("/settings", data=data, headers=HTMX)
    assert fragment.status_code == 422 and "<html" not in fragment.get_data(as_text=True)
    assert message in fragment.get_data(as_text=True)


def test_notifications_without_the_days_are_refused(client, user):
    response = client.post("/settings/notifications", data={"notify_alerts": "y"},
                           headers=HTMX)
    assert response.status_code == 422
    assert "<html" not in response.get_data(as_text=True)
    assert "Choose between 1 and 7 days." in response.get_data(as_text=True)


def _theme_cookies(response) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith("theme=")]


@pytest.mark.parametrize("data", [{}, {"theme": "neon"}])
def test_a_theme_form_without_a_theme_changes_nothing(client, user, data):
    client.post("/settings/theme", data={"theme": "dark"})
    response = client.post("/settings/theme", data=data)
    assert response.status_code == 400
    assert not _theme_cookies(response)
    assert "Choose a theme: System, Dark or Light." in response.get_data(as_text=True)
    assert 'data-theme="dark"' in client.get("/").get_data(as_text=True)
    fragment = client.post("/settings/theme", data=data, headers=HTMX)
    assert fragment.status_code == 400 and not _theme_cookies(fragment)
    assert fragment.headers["HX-Retarget"] == "#messages"
    assert "<html" not in fragment.get_data(as_text=True)
