"""Insights' moving completion rate is a chart a user can see, with its table, and agrees with
the headline's 7- and 30-day rates; the strength table reaches back to a habit's first weeks."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timedelta

from habitory.extensions import db

from .conftest import TODAY


def _figures(page: str) -> dict[str, tuple[dict, str]]:
    """Each chart's spec and its figure's HTML, by the chart's id."""
    found = {}
    for spec, body in re.findall(r"<figure data-chart data-chart-spec='([^']*)'(.*?)</figure>",
                                 page, re.S):
        chart_id = re.search(r'id="([\w-]+)-title"', body).group(1)
        found[chart_id] = (json.loads(html.unescape(spec)), body)
    return found


def _rows(body: str) -> list[list[str]]:
    """Every body row of a figure's table(s), as the text of its cells."""
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("</thead>", 1)[1], re.S):
        rows.append([re.sub(r"<[^>]+>", "", cell).strip()
                     for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)])
    return rows


def _slipping(user, make_habit):
    # Daily for 60 days, done every day but the last nine (today not ticked yet).
    make_habit(user, "Read", TODAY - timedelta(days=59),
               [TODAY - timedelta(days=d) for d in range(10, 60)])


def test_the_moving_completion_rate_is_a_chart_with_its_table(client, user, make_habit):
    _slipping(user, make_habit)
    page = client.get("/insights?period=30").get_data(as_text=True)
    figures = _figures(page)
    assert "chart-moving" in figures, "the 7- and 30-day moving rates are not shown"
    spec, body = figures["chart-moving"]
    assert spec["type"] == "line" and spec["unit"] == "%" and len(spec["labels"]) == 30
    seven, thirty = (dict(zip(spec["labels"], s["data"], strict=True)) for s in spec["datasets"])
    # Today is open (not due yet): the 7 days up to today hold 6 due days, none done.
    assert seven["25 Nov"] == 0
    assert seven["18 Nov"] == round(100 * 4 / 7, 1)  # 12 to 18 Nov: done up to the 15th
    assert seven["15 Nov"] == 100
    assert thirty["25 Nov"] == round(100 * 20 / 29, 1)
    rows = _rows(body)
    assert rows[0] == ["25 Nov 2026", "0%", "69%"] and len(rows) == 30
    assert rows[7] == ["18 Nov 2026", "57%", "90%"]  # 4 of 7; 27 of 30 (19 Oct to 18 Nov)
    # The newest row is the headline's "Last 7 / 30 days", to the percent.
    assert "0% · 69% · " in page


def test_the_moving_rate_of_a_long_period_is_weekly_and_says_so(client, user, make_habit):
    start = TODAY - timedelta(days=499)
    make_habit(user, "Read", start, [start + timedelta(days=d) for d in range(0, 500, 2)])
    spec, body = _figures(client.get("/insights?period=all").get_data(as_text=True))[
        "chart-moving"]
    rows = _rows(body)
    assert rows[30] == ["Earlier: one row a week"]  # the table reads as the strength table
    days = [datetime.strptime(row[0], "%d %b %Y").date() for row in rows if len(row) == 3]
    assert days[0] == TODAY
    assert all(a - b == timedelta(days=7) for a, b in zip(days, days[1:], strict=False))
    assert len(spec["labels"]) == len(days) == 72  # every 7th day from the first back from today
    assert spec["labels"][-1] == "25 Nov 2026"  # over a year: a day and month name two days
    assert "one point a week" in body


def test_a_year_of_moving_rates_is_a_month_of_days_then_weeks(client, user, make_habit):
    _slipping(user, make_habit)
    spec, body = _figures(client.get("/insights?period=365").get_data(as_text=True))[
        "chart-moving"]
    assert len(spec["labels"]) == 60  # the chart: every day since the habit began
    rows = _rows(body)
    days = [datetime.strptime(row[0], "%d %b %Y").date() for row in rows if len(row) == 3]
    assert days == [TODAY - timedelta(days=d) for d in [*range(30), 35, 42, 49, 56]]
    assert rows[30] == ["Earlier: one row a week"]


def test_a_sunday_week_changes_no_moving_rate(client, user, make_habit):
    _slipping(user, make_habit)
    monday = _figures(client.get("/insights?period=90").get_data(as_text=True))["chart-moving"]
    user.week_start = "sunday"
    db.session.commit()
    sunday = _figures(client.get("/insights?period=90").get_data(as_text=True))["chart-moving"]
    assert monday[0] == sunday[0]


def test_the_strength_table_reaches_back_to_the_habits_first_weeks(client, user, make_habit):
    start = TODAY - timedelta(days=200)
    habit = make_habit(user, "Read", start, [start + timedelta(days=d) for d in range(0, 201, 2)])
    _spec, body = _figures(client.get(f"/habits/{habit.id}").get_data(as_text=True))[
        "chart-strength"]
    rows = _rows(body)
    daily = [datetime.strptime(r[0], "%d %b %Y").date() for r in rows[:30]]
    assert daily == [TODAY - timedelta(days=d) for d in range(30)]  # the last 30 days first
    assert rows[30] == ["Earlier: one row a week"]
    weekly = [datetime.strptime(r[0], "%d %b %Y").date() for r in rows[31:]]
    assert weekly == [TODAY - timedelta(days=d) for d in range(35, 201, 7)]
    assert weekly[-1] - start < timedelta(days=7)  # down to the habit's first week
    assert all(r[1].endswith("%") for r in rows[31:])


def test_days_with_nothing_due_are_no_point_and_a_dash(client, user, make_habit):
    # Mondays only, created on Sunday 15 November: nothing due until Monday the 16th (done);
    # Monday the 23rd was missed.
    make_habit(user, "Swim", TODAY - timedelta(days=10), [TODAY - timedelta(days=9)],
               weekdays=0b1)
    spec, body = _figures(client.get("/insights?period=30").get_data(as_text=True))[
        "chart-moving"]
    seven = dict(zip(spec["labels"], spec["datasets"][0]["data"], strict=True))
    assert seven["15 Nov"] is None and seven["16 Nov"] == 100 and seven["25 Nov"] == 0
    rows = {row[0]: row[1:] for row in _rows(body)}
    assert rows["15 Nov 2026"] == ["–", "–"] and rows["25 Nov 2026"] == ["0%", "50%"]
