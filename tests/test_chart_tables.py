"""The charts' tables, which are the charts without JavaScript: the newest rows first, and this
month marked as partial in the monthly chart and its table."""

from __future__ import annotations

import html as html_module
import json
import re
from datetime import datetime, timedelta

from habitory.extensions import db

from .conftest import TODAY


def table_rows(html: str, chart_id: str) -> list[str]:
    """The first cell of each body row of a chart's table."""
    figure = html.split(f'id="{chart_id}-title"', 1)[1].split("</figure>", 1)[0]
    body = figure.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row"[^>]*>([^<]*)</th>', body)


def spec(html: str, chart_id: str) -> dict:
    """The chart's data, as charts.js reads it."""
    found = re.search(rf"data-chart-spec='([^']*)'[^>]*aria-labelledby=\"{chart_id}-title\"",
                      html)
    return json.loads(html_module.unescape(found.group(1)))


def year_of_history(user, make_habit):
    start = TODAY - timedelta(days=400)
    done = [start + timedelta(days=i) for i in range(0, 401, 2)]
    return make_habit(user, "Read", start, done)


def test_insights_tables_list_this_month_and_week_first(client, user, make_habit):
    year_of_history(user, make_habit)
    html = client.get("/insights?period=365").get_data(as_text=True)
    months = table_rows(html, "chart-months")
    assert months[:3] == ["November 2026 (so far)", "October 2026", "September 2026"]
    assert months[-1] == "December 2025" and len(months) == 12
    weeks = table_rows(html, "chart-weeks")
    assert weeks[0] == "23 Nov 2026" and weeks[1] == "16 Nov 2026"  # TODAY is a Wednesday
    monthly = spec(html, "chart-months")
    assert monthly["labels"][-1] == "Nov 2026 (so far)" and monthly["partialLast"] is True
    assert monthly["labels"][0] == "Dec 2025"  # the chart itself still reads left to right
    assert "The dashed end is this month so far: its first 25 days." in html


def test_on_the_first_of_the_month_the_dashed_end_is_one_day(client, user, make_habit,
                                                              frozen_now):
    year_of_history(user, make_habit)
    frozen_now(2026, 12, 1, 12, 0)
    html = client.get("/insights?period=365").get_data(as_text=True)
    assert "The dashed end is this month so far: its first day." in html
    user.language = "de"
    db.session.commit()
    german = client.get("/insights?period=365").get_data(as_text=True)
    assert "Das gestrichelte Ende ist dieser Monat bisher: sein erster Tag." in german


def test_a_month_on_its_last_day_is_whole(client, user, make_habit, frozen_now):
    year_of_history(user, make_habit)
    frozen_now(2026, 11, 30, 12, 0)
    html = client.get("/insights?period=365").get_data(as_text=True)
    assert table_rows(html, "chart-months")[0] == "November 2026"
    assert "(so far)" not in html and spec(html, "chart-months")["partialLast"] is False


def test_the_strength_table_lists_the_newest_day_first(client, user, make_habit):
    habit = year_of_history(user, make_habit)
    html = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    days = [datetime.strptime(day, "%d %b %Y").date()
            for day in table_rows(html, "chart-strength")]
    assert days[0] == TODAY and len(days) == 30
    assert days == sorted(days, reverse=True)


def test_chart_axes_write_percentages_the_readers_way(client, user, make_habit):
    """The axis and tooltips are drawn by charts.js, not the server: the spec tells it how."""
    year_of_history(user, make_habit)
    english = spec(client.get("/insights?period=365").get_data(as_text=True), "chart-weeks")
    assert english["percent"] == ["", "%"]
    user.language = "fr"
    db.session.commit()
    french = client.get("/insights?period=365").get_data(as_text=True)
    assert spec(french, "chart-weeks")["percent"] == ["", "\u00a0%"]  # "78 %"
    assert "percent" not in spec(french, "chart-months")  # completions, not a share
