"""GET /insights and the habit page's own numbers, for new, young and long-lived accounts."""

from __future__ import annotations

import html as html_module
import json
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, Habit, User

from .conftest import HTMX


@pytest.fixture
def user_id(auth, frozen_now):
    frozen_now(2026, 11, 25, 12, 0)
    auth.register()
    return db.session.scalar(sa.select(User.id))


def add_habit(user_id, name, created, days_done, **fields):
    habit = Habit(user_id=user_id, position=1, created_on=created, **fields)
    habit.rename(name)
    db.session.add(habit)
    db.session.flush()
    if days_done:
        db.session.execute(sa.insert(CheckIn), [
            {"habit_id": habit.id, "day": day, "state": "done"} for day in days_done])
    db.session.commit()
    return habit.id


def chart_specs(html):
    return [json.loads(html_module.unescape(block))
            for block in re.findall(r"data-chart-spec='(.*?)'", html, re.S)]


def test_new_user_sees_what_will_appear(client, user_id):
    html = client.get("/insights").get_data(as_text=True)
    assert "Nothing to analyse yet." in html and "Add your first habit" in html
    assert "NaN" not in html and "None" not in html


def test_one_day_of_data(client, user_id):
    add_habit(user_id, "Read", date(2026, 11, 25), [date(2026, 11, 25)])
    response = client.get("/insights")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Needs a week of history" in html
    assert "NaN" not in html and "None" not in html


def test_numbers_on_a_hand_built_history(client, user_id):
    today = date(2026, 11, 25)
    # Done on 20 of the last 30 days (every day except each third day).
    done = [today - timedelta(days=d) for d in range(30) if d % 3]
    add_habit(user_id, "Read", today - timedelta(days=29), done)
    html = client.get("/insights?period=30").get_data(as_text=True)
    assert "20 of 30 due days" in html or "20 of 29 due days" in html
    specs = chart_specs(html)
    per_habit = specs[0]
    assert per_habit["labels"] == ["Read"] and per_habit["unit"] == "%"
    assert per_habit["datasets"][0]["data"] in ([67], [69])
    # The table fallback carries the same numbers.
    assert re.search(r"<th scope=\"row\"[^>]*>Read</th><td[^>]*>20</td>", html)


def test_archived_habits_are_left_out(client, user_id):
    today = date(2026, 11, 25)
    add_habit(user_id, "Read", today - timedelta(days=10), [today])
    add_habit(user_id, "Old", today - timedelta(days=10), [today], archived=True)
    html = client.get("/insights").get_data(as_text=True)
    assert ">Read</a>" in html and "Old" not in html


def test_period_selector_swaps_the_section_and_works_as_links(client, user_id):
    add_habit(user_id, "Read", date(2025, 1, 1), [date(2026, 11, 24)])
    page = client.get("/insights").get_data(as_text=True)
    for key in ("30", "90", "365", "all"):
        assert f'href="/insights?period={key}"' in page
    fragment = client.get("/insights?period=365", headers=HTMX)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div id="insights-period"')
    assert 'aria-current="page">1 year' in html
    assert client.get("/insights?period=bogus").status_code == 200


def test_five_years_render_with_a_fixed_number_of_queries(client, user_id, count_queries):
    today = date(2026, 11, 25)
    start = today - timedelta(days=5 * 365)
    for i in range(3):
        add_habit(user_id, f"Habit {i}", start,
                  [start + timedelta(days=d) for d in range(5 * 365) if (d + i) % 4])
    with count_queries() as few:
        assert client.get("/insights?period=all").status_code == 200
    for i in range(3, 8):
        add_habit(user_id, f"Habit {i}", start,
                  [start + timedelta(days=d) for d in range(5 * 365) if (d + i) % 3])
    with count_queries() as many:
        html = client.get("/insights?period=all").get_data(as_text=True)
    assert len(many) == len(few) <= 6
    assert "How is this computed?" in html and "÷" in html


def test_habit_page_shows_its_health_formula_and_strength_chart(client, user_id):
    today = date(2026, 11, 25)
    hid = add_habit(user_id, "Read", today - timedelta(days=60),
                    [today - timedelta(days=d) for d in range(60) if d % 2])
    html = client.get(f"/habits/{hid}").get_data(as_text=True)
    assert "Health score" in html and "0.5 × strength" in html
    specs = chart_specs(html)
    assert specs and specs[0]["type"] == "line" and len(specs[0]["labels"]) == 61


def test_insights_need_login(client):
    assert client.get("/insights").status_code == 302
