"""A habit page's strength chart reaches back past a year (?strength=1y|5y|all): a Loop user
with years of history sees them, sampled a week or a month apart so the page stays light,
each point Loop's score on its day; the last year stays the default, except for a habit with
nothing logged in it, which opens on all its history. ?strength=year is the calendar's year,
day by day, its table listing every day."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit
from habitory.portability import Limits, read_import, store

from .conftest import HTMX, TODAY
from .test_insights_probe2_charts import _figures, _rows
from .test_portability import make_zip


def _day(text: str) -> date:
    return datetime.strptime(text, "%d %b %Y").date()


def _strength(client, url: str) -> tuple[dict, list[list[str]], str]:
    """The strength chart's spec, its table's rows and the whole page, for `url`."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    spec, body = _figures(page)["chart-strength"]
    return spec, _rows(body), page


def _range_links(page: str) -> dict[str, tuple[str, bool]]:
    """The range control's links: label -> (href, is it the current one)."""
    nav = re.search(r'<nav[^>]*aria-label="Strength chart range">(.*?)</nav>', page, re.S)
    if nav is None:
        return {}
    links = re.findall(r'<a class="navlink" href="([^"]*)"([^>]*)>([^<]*)</a>', nav.group(1))
    return {label.strip(): (html.unescape(href), "aria-current" in rest)
            for href, rest, label in links}


def _every_other_day(user, make_habit, days_back: int, **columns) -> Habit:
    start = TODAY - timedelta(days=days_back)
    return make_habit(user, "Read", start,
                      [start + timedelta(days=d) for d in range(0, days_back + 1, 2)], **columns)


def test_the_default_is_still_the_last_year_day_by_day(client, user, make_habit):
    habit = _every_other_day(user, make_habit, 3 * 365)
    spec, rows, page = _strength(client, f"/habits/{habit.id}")
    assert len(spec["labels"]) == 366  # a year ago today to today, every day
    assert _day(spec["labels"][0]) == TODAY.replace(year=TODAY.year - 1)
    assert rows[30] == ["Earlier: one row a week"]
    links = _range_links(page)
    assert list(links) == ["1 year", "All time"]  # three years: "5 years" would be "All time"
    assert links["1 year"][1] and not links["All time"][1]
    assert links["All time"][0] == f"/habits/{habit.id}?strength=all#habit-strength"
    assert _strength(client, f"/habits/{habit.id}?strength=1y")[0] == spec


def test_all_time_starts_on_the_habits_first_day_a_point_a_week(client, user, make_habit):
    habit = _every_other_day(user, make_habit, 3 * 365)
    spec, rows, page = _strength(client, f"/habits/{habit.id}?strength=all")
    days = [_day(label) for label in spec["labels"]]
    assert days[0] == habit.created_on and days[-1] == TODAY
    assert all(b - a == timedelta(days=7) for a, b in zip(days[1:], days[2:], strict=False))
    assert timedelta(0) < days[1] - days[0] <= timedelta(days=7)
    assert len(days) == 158  # not 1,096 daily points
    # The table is the chart's points, the newest first, for readers without the drawing.
    assert [_day(row[0]) for row in rows] == days[::-1]
    assert [float(row[1].rstrip("%")) for row in rows] == spec["datasets"][0]["data"][::-1]
    assert "one point a week" in page
    assert _range_links(page)["All time"][1]


def test_past_five_years_all_time_is_monthly_and_five_years_weekly(client, user, make_habit):
    habit = _every_other_day(user, make_habit, 8 * 365)
    spec, rows, page = _strength(client, f"/habits/{habit.id}?strength=all")
    days = [_day(label) for label in spec["labels"]]
    assert days[0] == habit.created_on and days[-1] == TODAY
    assert all(day.day == TODAY.day for day in days[1:])  # the 25th of every month
    assert len(days) == 8 * 12 + 1  # 25 Dec 2018 to 25 Nov 2026, and the first day
    assert "one point a month" in page
    assert list(_range_links(page)) == ["1 year", "5 years", "All time"]
    spec, rows, page = _strength(client, f"/habits/{habit.id}?strength=5y")
    days = [_day(label) for label in spec["labels"]]
    assert days[0] == TODAY.replace(year=TODAY.year - 5) and days[-1] == TODAY
    assert all(b - a == timedelta(days=7) for a, b in zip(days[1:], days[2:], strict=False))
    assert _range_links(page)["5 years"][1]


def test_a_page_of_years_weighs_about_what_a_year_does(client, user, make_habit,
                                                        count_queries):
    habit = _every_other_day(user, make_habit, 10 * 365)
    sizes, statements = {}, {}
    for key in ("", "?strength=5y", "?strength=all"):
        client.get(f"/habits/{habit.id}{key}")
        with count_queries() as run:
            response = client.get(f"/habits/{habit.id}{key}")
            sizes[key] = len(response.get_data())
        statements[key] = len(run)
    assert statements["?strength=all"] == statements["?strength=5y"] == statements[""]
    assert sizes["?strength=5y"] < sizes[""] + 30_000, sizes  # 262 weekly points and rows
    assert sizes["?strength=all"] < sizes[""] + 2_000, sizes  # 121 monthly points, not 3,651


def test_a_short_history_has_no_range_to_choose(client, user, make_habit):
    habit = _every_other_day(user, make_habit, 200)
    spec, _rows_, page = _strength(client, f"/habits/{habit.id}")
    assert _range_links(page) == {}
    assert _strength(client, f"/habits/{habit.id}?strength=all")[0] == spec


@pytest.mark.parametrize("query", ["strength=", "strength=ALL", "strength=10y", "strength=all%00",
                                   "strength=%E2%88%9E", "strength=1y&strength=all", "year=abc"])
def test_an_unknown_range_is_the_default(client, user, make_habit, query):
    habit = _every_other_day(user, make_habit, 3 * 365)
    default = _strength(client, f"/habits/{habit.id}")[0]
    assert _strength(client, f"/habits/{habit.id}?{query}")[0] == default


def test_another_users_habit_is_not_found_at_any_range(client, auth, user, make_habit):
    habit = _every_other_day(user, make_habit, 3 * 365)
    auth.logout()
    auth.register(email="intruder@example.com")
    for query in ("strength=all", "strength=5y", "strength=1y&year=2024"):
        response = client.get(f"/habits/{habit.id}?{query}")
        assert response.status_code == 404 and "Read" not in response.get_data(as_text=True)
        assert client.get(f"/habits/{habit.id}/summary?{query}",
                          headers=HTMX).status_code == 404


def test_a_habit_idle_for_a_year_opens_on_all_its_history(client, user, make_habit):
    # Two years of Loop days that stopped 20 months ago: the last year is a flat 0 %.
    end = TODAY - timedelta(days=600)
    start = end - timedelta(days=730)
    habit = make_habit(user, "Read", start, [start + timedelta(days=d) for d in range(731)])
    spec, _rows_, page = _strength(client, f"/habits/{habit.id}")
    assert _day(spec["labels"][0]) == start and max(spec["datasets"][0]["data"]) > 99
    assert _range_links(page)["All time"][1]
    year = _strength(client, f"/habits/{habit.id}?strength=1y")[0]
    assert len(year["labels"]) == 366 and set(year["datasets"][0]["data"]) == {0.0}


def test_the_calendar_year_and_the_range_keep_each_other(client, user, make_habit):
    habit = _every_other_day(user, make_habit, 3 * 365)
    page = client.get(f"/habits/{habit.id}?strength=all&year=2024").get_data(as_text=True)
    calendar_year = re.search(r'href="([^"]*)"[^>]*>2025</a>', page).group(1)
    assert parse_qs(urlsplit(html.unescape(calendar_year)).query) == {
        "year": ["2025"], "strength": ["all"]}
    assert _range_links(page)["1 year"][0] == (
        f"/habits/{habit.id}?year=2024&strength=1y#habit-strength")
    # A tick on the page redraws the chart at the range shown, not at the default.
    summary_url = re.search(r'hx-get="([^"]*/summary[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "strength=all" in summary_url
    fragment = client.get(summary_url, headers=HTMX).get_data(as_text=True)
    spec, _body = _figures(fragment)["chart-strength"]
    assert _day(spec["labels"][0]) == habit.created_on
    assert _range_links(fragment)["All time"][1]


# --- Loop's own score, on every sampled day of an imported export that ended long ago ---

LOOP_START = TODAY - timedelta(days=600 + 4 * 365)  # four years of Loop, then 20 months idle
LOOP_END = TODAY - timedelta(days=600)
ALL_DAYS = [LOOP_START + timedelta(days=i) for i in range((TODAY - LOOP_START).days + 1)]
CELLS = {d: "SKIP" if d.day in (10, 11) else "YES_MANUAL" if d.toordinal() % 3 else "NO"
         for d in ALL_DAYS if d <= LOOP_END}


def loop_scores(cells: dict[date, str]) -> dict[date, float]:
    """Loop 2.3.1's score of a daily yes/no habit from its first entry: the days after the
    export are unknown, which Loop scores as not done."""
    m = 0.5 ** (1 / 13)
    score, scores = 0.0, {}
    for day in ALL_DAYS:
        if cells.get(day) != "SKIP":
            score = score * m + (cells.get(day) == "YES_MANUAL") * (1 - m)
        scores[day] = score
    return scores


def test_every_point_of_an_old_loop_export_is_loops_score(client, user):
    habits = ("Position,Name,Type,Question,Description,FrequencyNumerator,"
              "FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n"
              "001,Meditate,YES_NO,,,1,1,#FF8F00,,,,false\n")
    checks = ["Date,Meditate,\n"] + [f"{d},{c},\n" for d, c in sorted(CELLS.items(),
                                                                      reverse=True)]
    data = make_zip({"Habits.csv": habits, "Checkmarks.csv": "".join(checks)})
    store.apply(user.id, read_import(data, Limits(today=TODAY)))
    habit_id = db.session.scalar(sa.select(Habit.id).where(Habit.user_id == user.id))
    expected = loop_scores(CELLS)
    for query, step in (("", "month"), ("?strength=all", "month"), ("?strength=5y", "week"),
                        ("?strength=1y", "day")):
        spec, rows, _page = _strength(client, f"/habits/{habit_id}{query}")
        shown = dict(zip((_day(label) for label in spec["labels"]),
                         spec["datasets"][0]["data"], strict=True))
        assert max(shown) == TODAY
        if step != "day":
            assert len(rows) == len(shown)
        if query in ("", "?strength=all"):  # opens on Loop's first day, at all of its history
            assert min(shown) == LOOP_START  # then the 25th of each month, Apr 2021 to Nov 2026
            assert len(shown) == 1 + 68
        for day, value in shown.items():
            assert value == round(expected[day] * 100, 1), (query, day)
        for row in rows:
            if len(row) == 2:
                assert float(row[1].rstrip("%")) == round(expected[_day(row[0])] * 100, 1)


def test_monthly_points_keep_the_last_days_date_or_the_months_end():
    from habitory.views.strength_chart import sample_days

    days, step = sample_days(date(2019, 12, 5), date(2026, 3, 31))
    assert step == "month" and days[0] == date(2019, 12, 5) and days[-1] == date(2026, 3, 31)
    assert days[-2:-5:-1] == [date(2026, 2, 28), date(2026, 1, 31), date(2025, 12, 31)]
    assert date(2024, 2, 29) in days and days[1] == date(2019, 12, 31)


# --- ?strength=year: the calendar's year (?year=, else this one), day by day ---


def test_a_past_years_strength_is_its_days_each_in_the_table(client, user, make_habit):
    habit = _every_other_day(user, make_habit, 3 * 365)
    spec, rows, page = _strength(client, f"/habits/{habit.id}?year=2025&strength=year")
    days = [_day(label) for label in spec["labels"]]
    assert days == [date(2025, 1, 1) + timedelta(days=d) for d in range(365)]
    assert "Strength in 2025" in page
    # The table is the chart's points, every one, the newest first: no sampling to explain.
    assert [_day(row[0]) for row in rows] == days[::-1]
    assert [float(row[1].rstrip("%")) for row in rows] == spec["datasets"][0]["data"][::-1]
    # Each day's score is the habit's score that day: the 1-year chart agrees where they meet.
    last_year = _strength(client, f"/habits/{habit.id}")[0]
    shared = dict(zip(last_year["labels"], last_year["datasets"][0]["data"], strict=True))
    ours = dict(zip(spec["labels"], spec["datasets"][0]["data"], strict=True))
    assert len(shared.keys() & ours.keys()) == 37  # 25 Nov to 31 Dec 2025
    assert all(shared[label] == ours[label] for label in shared.keys() & ours.keys())
    links = _range_links(page)
    assert list(links) == ["1 year", "All time", "2025"] and links["2025"][1]
    assert links["All time"][0] == f"/habits/{habit.id}?year=2025&strength=all#habit-strength"


def test_the_year_is_offered_for_a_past_calendar_year_only(client, user, make_habit):
    habit = _every_other_day(user, make_habit, 3 * 365)
    assert list(_range_links(_strength(client, f"/habits/{habit.id}")[2])) == [
        "1 year", "All time"]  # this year so far is nearly "1 year"
    links = _range_links(_strength(client, f"/habits/{habit.id}?year=2024")[2])
    assert links["2024"] == (f"/habits/{habit.id}?year=2024&strength=year#habit-strength",
                             False)
    assert links["1 year"][1]  # the default is still the last year
    # Asked for, this year is the range shown: 1 January to today, and named so.
    spec, _rows_, page = _strength(client, f"/habits/{habit.id}?strength=year")
    assert _day(spec["labels"][0]) == date(2026, 1, 1) and _day(spec["labels"][-1]) == TODAY
    assert _range_links(page)["2026"] == (
        f"/habits/{habit.id}?strength=year#habit-strength", True)
    # A habit begun this January: its year is all it has, one range under one name.
    new = make_habit(user, "Walk", date(2026, 1, 1), [date(2026, 1, 1)])
    spec, _rows_, page = _strength(client, f"/habits/{new.id}?strength=year")
    assert spec == _strength(client, f"/habits/{new.id}")[0]
    assert _range_links(page) == {}


def test_the_habits_first_year_starts_on_its_first_day(client, user, make_habit):
    habit = _every_other_day(user, make_habit, 3 * 365)
    spec = _strength(client, f"/habits/{habit.id}?year=2023&strength=year")[0]
    assert _day(spec["labels"][0]) == habit.created_on == date(2023, 11, 26)
    assert _day(spec["labels"][-1]) == date(2023, 12, 31)


@pytest.mark.parametrize("query", ["strength=year&year=2024", "strength=2024",
                                   "strength=YEAR&year=2025", "strength=years&year=2025"])
def test_a_year_with_no_line_or_misspelt_is_the_default(client, user, make_habit, query):
    # Begun on the last day of 2024: that year is one point, no line to draw.
    habit = make_habit(user, "Read", date(2024, 12, 31),
                       [date(2024, 12, 31) + timedelta(days=d) for d in range(0, 690, 2)])
    year = _strength(client, f"/habits/{habit.id}?year=2025&strength=year")[0]
    assert _day(year["labels"][0]) == date(2025, 1, 1)  # a year with a line is that year
    response = client.get(f"/habits/{habit.id}?{query}")
    assert response.status_code == 200
    default = _strength(client, f"/habits/{habit.id}")[0]
    assert _figures(response.get_data(as_text=True))["chart-strength"][0] == default


def test_a_tick_redraws_the_years_chart_not_the_default(client, user, make_habit):
    habit = _every_other_day(user, make_habit, 3 * 365)
    spec, _rows_, page = _strength(client, f"/habits/{habit.id}?year=2024&strength=year")
    summary_url = html.unescape(re.search(r'hx-get="([^"]*/summary[^"]*)"', page).group(1))
    fragment = client.get(summary_url, headers=HTMX).get_data(as_text=True)
    assert _figures(fragment)["chart-strength"][0] == spec
    assert _range_links(fragment)["2024"][1]
