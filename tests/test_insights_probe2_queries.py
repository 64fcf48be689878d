"""Insights and a habit's page cost the same number of SQL statements for 2 habits or 8, with
Tomorrow's cards, archived habits and every period; the habit page's for a week or years."""

from __future__ import annotations

from datetime import timedelta

import pytest

from habitory.extensions import db
from habitory.models import Prediction

from .conftest import HTMX, TODAY


def _habits(user, make_habit, first: int, count: int) -> list[int]:
    ids = []
    for i in range(first, first + count):
        start = TODAY - timedelta(days=30 * (i + 1))  # some begin mid-period
        habit = make_habit(user, f"Habit {i}", start,
                           [start + timedelta(days=d) for d in range((TODAY - start).days)
                            if (d + i) % 3], archived=i % 4 == 3,
                           **({"freq_num": 3, "freq_den": 7} if i % 2 else {}))
        db.session.add(Prediction(habit_id=habit.id, user_id=user.id,
                                  for_day=TODAY + timedelta(days=1), probability=0.5 + i / 40,
                                  source="model" if i % 3 else "base_rate",
                                  reasons="done on 4 of 7 due days"))
        ids.append(habit.id)
    db.session.commit()
    return ids


@pytest.mark.parametrize("period", ["30", "90", "365", "all"])
def test_insights_cost_no_query_per_habit(client, user, make_habit, count_queries, period):
    _habits(user, make_habit, 0, 2)
    counts = []
    for more in (0, 6):
        _habits(user, make_habit, 2, more)
        for headers in ({}, HTMX):
            with count_queries() as statements:
                page = client.get(f"/insights?period={period}", headers=headers)
            assert page.status_code == 200 and b"chart-moving" in page.data
            counts.append(len(statements))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_a_habit_page_costs_the_same_for_a_week_or_years(client, user, make_habit,
                                                         count_queries):
    young = make_habit(user, "Young", TODAY - timedelta(days=7), [TODAY])
    old = make_habit(user, "Old", TODAY - timedelta(days=3 * 365),
                     [TODAY - timedelta(days=d) for d in range(3 * 365) if d % 2])
    client.get("/")  # the session's first request may refresh its own rows
    counts = []
    for habit in (young, old, young):
        with count_queries() as statements:
            assert client.get(f"/habits/{habit.id}").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] == counts[2], counts
