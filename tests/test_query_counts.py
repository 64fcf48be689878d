"""The number of SQL statements per request does not grow with the number of habits."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit, User

from .conftest import TODAY


@pytest.fixture
def fill(make_habit):
    """fill(user_id, habits, days): that many habits, each done on four days in five."""

    def add(user_id: int, habits: int, days: int) -> None:
        for i in range(habits):
            make_habit(user_id, f"Habit {i}", TODAY - timedelta(days=days),
                       [TODAY - timedelta(days=d) for d in range(1, days) if d % 5])

    return add


def _count(client, count_queries, path):
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def test_dashboard_and_calendar_use_a_fixed_number_of_queries(client, auth, count_queries,
                                                               frozen_now, fill):
    frozen_now(2026, 11, 25, 12, 0)
    auth.register(email="few@example.com")
    few = db.session.scalar(sa.select(User.id).where(User.email == "few@example.com"))
    fill(few, 2, 400)
    dashboard_few = _count(client, count_queries, "/")
    calendar_few = _count(client, count_queries, "/calendar")
    auth.logout()
    auth.register(email="many@example.com")
    many = db.session.scalar(sa.select(User.id).where(User.email == "many@example.com"))
    fill(many, 20, 400)
    assert _count(client, count_queries, "/") == dashboard_few
    assert _count(client, count_queries, "/calendar") == calendar_few
    assert dashboard_few <= 8


def test_a_long_streak_costs_one_more_query_not_one_per_habit(client, user, make_habit,
                                                               count_queries):
    for i in range(5):
        make_habit(user, f"Daily {i}", TODAY - timedelta(days=300),
                   [TODAY - timedelta(days=d) for d in range(0, 200)])
    with count_queries() as statements:
        html = client.get("/").get_data(as_text=True)
    assert "200-day streak" in html  # longer than the dashboard's first window
    assert len(statements) <= 9


def _toggle_count(client, count_queries, user_id):
    habit_id = db.session.scalar(sa.select(sa.func.min(Habit.id)).where(Habit.user_id == user_id))
    with count_queries() as statements:
        response = client.post(f"/habits/{habit_id}/toggle", data={"view": "row"},
                               headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert f'id="habit-{habit_id}"' in response.get_data(as_text=True)
    return len(statements)


def test_a_toggle_uses_a_fixed_number_of_queries(client, auth, count_queries, frozen_now,
                                                   fill):
    """Reading the habit, its day and its prediction, writing, and redrawing the row with the
    day's progress: the same few statements with 2 habits or 20."""
    frozen_now(2026, 11, 25, 12, 0)
    auth.register(email="few@example.com")
    few = db.session.scalar(sa.select(User.id).where(User.email == "few@example.com"))
    fill(few, 2, 400)
    toggle_few = _toggle_count(client, count_queries, few)
    auth.logout()
    auth.register(email="many@example.com")
    many = db.session.scalar(sa.select(User.id).where(User.email == "many@example.com"))
    fill(many, 20, 400)
    assert _toggle_count(client, count_queries, many) == toggle_few
    # user, habit + day + prediction, upsert, counters, habits, check-ins
    assert toggle_few <= 6
    assert _count(client, count_queries, "/calendar") <= 5
