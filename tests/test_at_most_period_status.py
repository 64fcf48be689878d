"""An "at most" habit with a limit per several days ("at most 3 coffees a week": 1 per 7 days)
reads on its calendar as its rates count it. The rates judge each day by the amounts of the
7 days up to it (Loop's score): an empty day in a week gone over the limit is no longer
"nothing logged, within the limit" but a miss, and a day logged under the limit in such a
week is no success either; the Calendar of all habits counts those days the same way.
A limit per day reads as before (tests/test_heatmap_at_most_days.py)."""

from __future__ import annotations

import html
import random
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, User
from habitory.stats.rates import habit_days
from habitory.stats.schedule import Entry, history_from
from habitory.views.heatmap import habit_year

from .calendar_cells import api_rates, calendar_cells
from .conftest import TODAY

WITHIN = "nothing logged, within the limit"
OVER = "nothing logged, over the limit for the period"
OVER_LOGGED = "logged, but over the limit for the period"


def _coffee(make_habit, user, num: int = 1, den: int = 7, target: float = 3.0,
            created: date = date(2026, 9, 1), name: str = "Coffee"):
    return make_habit(user, name, created=created, kind="measurable", target=target,
                      direction="at_most", unit="cups", freq_num=num, freq_den=den)


def _log(habit, amounts: dict[date, float]) -> None:
    """An amount on each day, stored as the day editor stores it (over the limit: not done)."""
    db.session.execute(sa.insert(CheckIn), [
        {"habit_id": habit.id, "day": day, "amount": amount,
         "state": "done" if amount <= habit.target else "not_done"}
        for day, amount in amounts.items()])
    db.session.commit()


def _overall(client) -> str:
    return html.unescape(client.get("/calendar").get_data(as_text=True))


def test_a_week_gone_over_the_limit_is_no_day_within_it(client, user, make_habit):
    habit = _coffee(make_habit, user)
    _log(habit, {date(2026, 11, 9): 5.0})  # Monday: 5 cups, over "at most 3 a week"
    cells, legend = calendar_cells(client, habit.id)
    assert cells["Mon 9 Nov 2026"] == ("missed", "not done")
    for day in ("Tue 10", "Wed 11", "Thu 12", "Fri 13", "Sat 14", "Sun 15"):
        # Nothing logged, but the week up to it holds Monday's 5 cups: a miss, as it looks.
        assert cells[f"{day} Nov 2026"] == ("missed", OVER), day
    # A week on from Monday, the 5 cups are out of the week: within the limit again.
    assert cells["Mon 16 Nov 2026"] == ("within", WITHIN)
    assert cells["Sun 8 Nov 2026"] == ("within", WITHIN)
    assert 'data-status="missed"></span>Nothing logged, over the limit for the period' in legend
    assert 'data-status="missed"></span>Logged, but over the limit for the period' in legend
    # The rates count those 7 days as misses: 22 of the 29 days before today (today is open).
    assert api_rates(client, user, habit.id)["rate_30"] == pytest.approx(22 / 29)
    kept = sum(cells[d][1] in (WITHIN, "done") for d in cells
               if date(2026, 10, 27) <= _day(d) < TODAY)
    assert kept == 22
    overall = _overall(client)
    assert "Thu 12 Nov 2026: 0 habits done out of 1" in overall
    assert "Mon 16 Nov 2026: 1 habit done out of 1" in overall


def test_only_a_week_over_the_limit_is_over_it(client, user, make_habit):
    """Beside a week gone over: a week of 2 cups reads within the limit, and a limit per day
    (at most 3 a day) has no period to go over."""
    over, under = _coffee(make_habit, user), _coffee(make_habit, user, name="Tea")
    daily = _coffee(make_habit, user, den=1, name="Cola")
    _log(over, {date(2026, 11, 9): 5.0})
    _log(under, {date(2026, 11, 9): 2.0})
    _log(daily, {date(2026, 11, 9): 5.0})
    cells, _legend = calendar_cells(client, under.id)
    assert cells["Mon 9 Nov 2026"] == ("done", "done")
    for day in ("Tue 10", "Wed 11", "Sun 15", "Mon 16"):
        assert cells[f"{day} Nov 2026"] == ("within", WITHIN), day
    assert api_rates(client, user, under.id)["rate_30"] == 1.0
    cells, legend = calendar_cells(client, daily.id)
    assert cells["Tue 10 Nov 2026"] == ("within", WITHIN)
    assert "over the limit for the period" not in legend
    # The Calendar of all habits: Tea and Cola within their limits, Coffee not.
    assert "Tue 10 Nov 2026: 2 habits done out of 3" in _overall(client)


def _day(words: str) -> date:
    return datetime.strptime(words, "%a %d %b %Y").date()  # "Thu 12 Nov 2026"


@pytest.mark.parametrize("week_start", ["monday", "sunday"])
def test_the_week_is_the_seven_days_up_to_each_day(client, user, make_habit, week_start):
    """Two cups on a Sunday and two on the Monday after are within the limit in each calendar
    week, but the rates count the 7 days up to each day (Loop's score), whichever day the
    user's weeks start on: Monday to Saturday hold all 4 cups."""
    db.session.get(User, user.id).week_start = week_start
    habit = _coffee(make_habit, user)
    _log(habit, {date(2026, 11, 1): 2.0, date(2026, 11, 2): 2.0})
    cells, _legend = calendar_cells(client, habit.id)
    assert cells["Sun 1 Nov 2026"] == ("done", "done")
    assert cells["Mon 2 Nov 2026"] == ("missed", OVER_LOGGED)  # 2 cups, but 4 in its week
    for day in ("Tue 3", "Wed 4", "Sat 7"):
        assert cells[f"{day} Nov 2026"] == ("missed", OVER), day
    assert cells["Sun 8 Nov 2026"] == ("within", WITHIN)  # Sunday's 2 cups are out of it
    assert api_rates(client, user, habit.id)["rate_30"] == pytest.approx(23 / 29)
    assert "Mon 2 Nov 2026: 0 habits done out of 1" in _overall(client)


def test_this_week_still_open(client, user, make_habit):
    """Today (Wednesday) is open: within the limit so far, the days before it read so; once
    today's amount takes the week over, today is over the limit, and the rates count it."""
    habit = _coffee(make_habit, user)
    _log(habit, {date(2026, 11, 23): 2.0})
    cells, _legend = calendar_cells(client, habit.id)
    assert cells["Tue 24 Nov 2026"] == ("within", WITHIN)
    assert cells["Wed 25 Nov 2026"] == ("unknown", "no entry")
    rate_7 = api_rates(client, user, habit.id)["rate_7"]
    assert rate_7 == 1.0
    _log(habit, {TODAY: 2.0})  # 2 cups today: under 3 alone, 4 in the week
    cells, _legend = calendar_cells(client, habit.id)
    assert cells["Wed 25 Nov 2026"] == ("missed", OVER_LOGGED)
    assert cells["Tue 24 Nov 2026"] == ("within", WITHIN)  # its week had 2 cups
    assert api_rates(client, user, habit.id)["rate_7"] == pytest.approx(6 / 7)
    assert "Wed 25 Nov 2026: 0 habits done out of 1" in _overall(client)


def test_a_week_across_new_year(client, user, make_habit):
    """5 cups on Saturday 27 December 2025, before the 2026 calendar's first column (Monday 29
    December): 1 and 2 January 2026 are still in its week, 3 January is not."""
    habit = _coffee(make_habit, user, created=date(2025, 12, 1))
    _log(habit, {date(2025, 12, 27): 5.0})
    cells, _legend = calendar_cells(client, habit.id, 2026)
    assert cells["Thu 1 Jan 2026"] == ("missed", OVER)
    assert cells["Fri 2 Jan 2026"] == ("missed", OVER)
    assert cells["Sat 3 Jan 2026"] == ("within", WITHIN)
    cells, _legend = calendar_cells(client, habit.id, 2025)
    assert cells["Sat 27 Dec 2025"] == ("missed", "not done")
    assert cells["Wed 31 Dec 2025"] == ("missed", OVER)
    assert cells["Fri 26 Dec 2025"] == ("within", WITHIN)
    assert "Fri 2 Jan 2026: 0 habits done out of 1" in _overall(client)


def test_a_monthly_limit_counts_30_days(client, user, make_habit):
    habit = _coffee(make_habit, user, den=30, target=10.0)
    _log(habit, {date(2026, 10, 20): 12.0})
    cells, _legend = calendar_cells(client, habit.id)
    assert cells["Wed 18 Nov 2026"] == ("missed", OVER)  # the 30th day from 20 October
    assert cells["Thu 19 Nov 2026"] == ("within", WITHIN)


SCHEDULES = [(1, 7), (3, 7), (1, 30), (1, 2), (2, 2)]


@pytest.mark.parametrize("seed", range(4))
def test_every_day_reads_as_the_rates_count_it(client, user, make_habit, seed):
    """Random "at most" histories (amounts at and beside the limit, skips, slips, a day
    logged before the habit began): each day the calendar draws as done or within the limit
    is a success in the rates, each not done or over the limit a due day missed, a skipped
    one not due."""
    rng = random.Random(seed)
    for number in range(6):
        num, den = rng.choice(SCHEDULES)
        created = TODAY - timedelta(days=rng.randint(20, 200))
        habit = make_habit(user, f"H{number}", created=created, kind="measurable",
                           target=rng.choice([0.0, 3.0, 8.0]), direction="at_most",
                           freq_num=num, freq_den=den)
        entries = {}
        for back in range(-1, (TODAY - created).days + 5):
            if rng.random() < 0.6:
                continue
            state = rng.choices(["done", "skipped", "not_done"], [0.8, 0.1, 0.1])[0]
            amount = None if state == "skipped" else rng.choice([0.0, 1.0, 2.9995, 3.0, 5.0])
            entries[TODAY - timedelta(days=back)] = Entry(state, amount)
        db.session.execute(sa.insert(CheckIn), [
            {"habit_id": habit.id, "day": day, "state": e.state, "amount": e.amount}
            for day, e in entries.items()])
        db.session.commit()
        days = habit_days(history_from(habit, created, entries), TODAY)
        for year in (TODAY.year - 1, TODAY.year):
            grid = habit_year(habit, year, TODAY)
            for cell in (c for week in grid.weeks for c in week):
                if not cell.in_year or cell.future or cell.day < created:
                    continue
                at = cell.day.toordinal()
                due = days.count("due", at, at)
                success = days.count("success", at, at)
                if cell.status in ("done", "within"):
                    assert (due, success) == (1, 1), (habit.name, cell.day, cell.status)
                elif cell.status in ("missed", "over", "over_logged"):
                    assert (due, success) == (1, 0), (habit.name, cell.day, cell.status)
                else:
                    assert due == 0, (habit.name, cell.day, cell.status)
