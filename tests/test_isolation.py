"""Another user's habit answers 404 on every route that takes an id, page and fragment."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit

from .conftest import HTMX

ROUTES = [
    ("GET", "/habits/{id}", {}),
    ("GET", "/habits/{id}/row", {}),
    ("GET", "/habits/{id}/edit", {}),
    ("GET", "/habits/{id}/delete", {}),
    ("GET", "/habits/{id}/actions", {}),
    ("POST", "/habits/{id}/rename", {"name": "Hijacked"}),
    ("POST", "/habits/{id}/toggle", {}),
    ("POST", "/habits/{id}/toggle", {"day": "2026-01-01", "view": "cell"}),
    ("POST", "/habits/{id}/move", {"direction": "up"}),
    ("POST", "/habits/{id}/archive", {}),
    ("POST", "/habits/{id}/unarchive", {}),
    ("POST", "/habits/{id}/delete", {}),
]


@pytest.fixture
def victims_habit(client, auth):
    auth.register(email="victim@example.com")
    client.post("/habits", data={"name": "Secret diary"})
    client.post("/habits", data={"name": "Other"})
    hid = db.session.scalar(sa.select(Habit.id).where(Habit.name == "Secret diary"))
    client.post(f"/habits/{hid}/toggle")
    auth.logout()
    auth.register(email="intruder@example.com")
    client.post("/habits", data={"name": "Mine"})
    return hid


@pytest.mark.parametrize(("method", "path", "data"), ROUTES)
@pytest.mark.parametrize("htmx", [False, True])
def test_foreign_habit_is_404_and_unchanged(client, victims_habit, method, path, data, htmx):
    url = path.format(id=victims_habit)
    headers = HTMX if htmx else {}
    response = client.open(url, method=method, data=data, headers=headers)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Secret diary" not in html
    assert ("<html" in html) is (not htmx)
    habit = db.session.get(Habit, victims_habit)
    db.session.refresh(habit)
    assert habit.name == "Secret diary" and not habit.archived
    assert db.session.scalar(
        sa.select(sa.func.count(CheckIn.id)).where(CheckIn.habit_id == victims_habit)
    ) == 1


def test_foreign_habits_never_appear_in_lists(client, victims_habit):
    for path in ("/", "/calendar", "/habits/archived"):
        assert "Secret diary" not in client.get(path).get_data(as_text=True)


def test_calendar_counts_only_my_checkins(client, victims_habit):
    html = client.get("/calendar").get_data(as_text=True)
    assert "1 habit done out of 1" not in html
