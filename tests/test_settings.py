"""Settings: timezone, day start, theme."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import User

from .conftest import HTMX


def test_settings_page_shows_current_values(client, user):
    html = client.get("/settings").get_data(as_text=True)
    assert '<option selected value="UTC">' in html or 'value="UTC" selected' in html


def test_change_timezone_and_day_start(client, user):
    response = client.post("/settings", data={"timezone": "Pacific/Kiritimati",
                                               "day_start_hour": "3"})
    assert response.status_code == 303
    user = db.session.scalar(sa.select(User))
    assert (user.timezone, user.day_start_hour) == ("Pacific/Kiritimati", 3)
    assert "Settings saved." in client.get("/settings").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"timezone": "Nowhere/Land", "day_start_hour": "0"}, "Choose a timezone from the list."),
        ({"timezone": "UTC", "day_start_hour": "14"}, "between midnight and 11 AM"),
        ({"timezone": "UTC", "day_start_hour": "soon"}, "Choose an hour from the list."),
    ],
)
def test_bad_settings_are_refused_with_a_message(client, user, data, message):
    response = client.post("/settings", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    user = db.session.scalar(sa.select(User))
    assert (user.timezone, user.day_start_hour) == ("UTC", 0)


def test_theme_is_remembered_in_a_cookie(client, user):
    response = client.post("/settings/theme", data={"theme": "dark"})
    assert response.status_code == 303
    assert "theme=dark" in response.headers["Set-Cookie"]
    assert '<html lang="en" data-theme="dark">' in client.get("/").get_data(as_text=True)
    assert client.post("/settings/theme", data={"theme": "dark"}, headers=HTMX).status_code == 204


def test_unknown_theme_is_refused_and_the_page_stays_as_it_was(client, user):
    assert client.post("/settings/theme", data={"theme": "neon"}).status_code == 400
    assert 'data-theme="system"' in client.get("/").get_data(as_text=True)


def test_settings_need_login(client):
    assert client.get("/settings").status_code == 302
