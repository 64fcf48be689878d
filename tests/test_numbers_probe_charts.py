"""Each Insights chart draws what its table says: a week, weekday or habit with nothing due
is "–" in the table and no bar in the chart (null), never a 0 % bar that reads as a week of
misses. An all-skipped week (a holiday) is the usual case."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

from .api_support import bearer
from .conftest import TODAY


def _charts(page: str) -> dict[str, tuple[dict, str]]:
    """Each chart's spec and its table's text, by the chart's id."""
    found = {}
    for spec, body in re.findall(r"<figure data-chart data-chart-spec='([^']*)'(.*?)</figure>",
                                 page, re.S):
        chart_id = re.search(r'id="([\w-]+)-title"', body).group(1)
        table = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
        found[chart_id] = (json.loads(html.unescape(spec)), table)
    return found


def test_a_week_with_nothing_due_is_no_bar_as_its_table_says(client, user, make_habit):
    # Walk since 1 November, ticked daily, but the whole week of 9 November skipped.
    start = TODAY.replace(day=1)
    holiday = {start + timedelta(days=8 + i) for i in range(7)}
    walk = make_habit(user, "Walk", created=start, done=[
        start + timedelta(days=i) for i in range((TODAY - start).days)
        if start + timedelta(days=i) not in holiday])
    headers = bearer(user.id)
    for day in sorted(holiday):
        response = client.put(f"/api/v1/habits/{walk.id}/checkins/{day.isoformat()}",
                              json={"state": "skipped"}, headers=headers)
        assert response.status_code in (200, 201)
    charts = _charts(client.get("/insights?period=30").get_data(as_text=True))
    spec, table = charts["chart-weeks"]
    weeks = dict(zip(spec["labels"], spec["datasets"][0]["data"], strict=True))
    assert "9 Nov 2026 0 0 –" in table
    assert weeks["9 Nov"] is None  # not 0: nothing was due, as the table says
    assert weeks["16 Nov"] == 100 and weeks["2 Nov"] == 100
    # Weeks before the habit existed are empty too, not weeks of misses.
    assert "5 Oct 2026 0 0 –" in table and weeks["5 Oct"] is None


def test_a_habit_or_weekday_with_nothing_due_is_no_bar(client, user, make_habit):
    make_habit(user, "Read", created=TODAY - timedelta(days=3),
               done=[TODAY - timedelta(days=d) for d in (1, 2, 3)])
    make_habit(user, "Stretch", created=TODAY)  # nothing due until today is ticked
    charts = _charts(client.get("/insights?period=30").get_data(as_text=True))
    spec, table = charts["chart-habits"]
    rates = dict(zip(spec["labels"], spec["datasets"][0]["data"], strict=True))
    assert "Stretch 0 0 0 –" in table and rates["Stretch"] is None
    assert rates["Read"] == 100
    spec, table = charts["chart-weekdays"]
    days = dict(zip(spec["labels"], spec["datasets"][0]["data"], strict=True))
    # Sunday 22 to Tuesday 24 November were due; the other weekdays had nothing due.
    assert "Thu 0 0 –" in table and days["Thu"] is None
    assert days["Sun"] == days["Mon"] == days["Tue"] == 100
