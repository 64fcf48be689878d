"""A measurable target per several days reads everywhere as its rates count it (Loop's score:
each day by the total of the period up to it). "At least 20 km a week": two 10 km days meet
the week, so the calendar, the Calendar of all habits, Today's toggle and count and
/api/v1/today call those days done, as the rates do; a day of a week short of the target is
a miss. "At most 3 cups a week": today's cup under the limit in a week gone over is no day
done. A day with no amount (a note alone) is 0 toward a limit, per day as per week."""

from __future__ import annotations

import html
import random
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn
from habitory.stats.rates import habit_days
from habitory.stats.schedule import Entry, history_from
from habitory.views.heatmap import habit_year

from .api_support import bearer
from .calendar_cells import api_rates, calendar_cells
from .conftest import TODAY

MET = "nothing logged, the target for the period met"
MET_LOGGED = "logged, the target for the period met"
SHORT = "nothing logged, short of the target for the period"
SHORT_LOGGED = "logged, but short of the target for the period"
WITHIN = "nothing logged, within the limit"


def _running(make_habit, user, den: int = 7, created: date = date(2026, 9, 1)):
    return make_habit(user, "Running", created=created, kind="measurable", target=20.0,
                      direction="at_least", unit="km", freq_num=1, freq_den=den)


def _cups(make_habit, user, den: int = 7, name: str = "Coffee"):
    return make_habit(user, name, created=date(2026, 9, 1), kind="measurable", target=3.0,
                      direction="at_most", unit="cups", freq_num=1, freq_den=den)


def _log(habit, amounts: dict[date, float | None], note: str | None = None) -> None:
    """Each day as the day editor stores it: done when the day alone is on the target's side,
    else not done; no amount (a note alone) is "not done"."""
    def state(amount):
        if amount is None:
            return "not_done"
        ok = amount <= habit.target if habit.direction == "at_most" else amount >= habit.target
        return "done" if ok else "not_done"
    db.session.execute(sa.insert(CheckIn), [
        {"habit_id": habit.id, "day": day, "amount": amount, "state": state(amount),
         "note": note} for day, amount in amounts.items()])
    db.session.commit()


def _today(client, user) -> dict:
    return client.get("/api/v1/today", headers=bearer(user.id)).get_json()


def _toggle(client, habit_id: int) -> str | None:
    """data-status of the habit's toggle on Today (None: none drawn)."""
    page = client.get("/").get_data(as_text=True)
    found = re.search(rf'<label for="amount-{habit_id}" class="toggle"( data-status="(\w+)")?',
                      page)
    return found[2]


def test_two_10_km_days_meet_a_20_km_week(client, user, make_habit):
    habit = _running(make_habit, user)
    _log(habit, {date(2026, 11, 9): 10.0, date(2026, 11, 12): 10.0})  # Monday, Thursday
    cells, legend = calendar_cells(client, habit.id)
    assert cells["Mon 9 Nov 2026"] == ("missed", SHORT_LOGGED)  # 10 km in its 7 days
    assert cells["Tue 10 Nov 2026"] == ("missed", SHORT)
    assert cells["Thu 12 Nov 2026"] == ("done", MET_LOGGED)  # 20 km in its 7 days
    for day in ("Fri 13", "Sat 14", "Sun 15"):
        assert cells[f"{day} Nov 2026"] == ("auto", MET), day
    assert cells["Mon 16 Nov 2026"] == ("missed", SHORT)  # Monday's 10 km left its week
    for words in ("Logged, the target for the period met", "Nothing logged, the target for "
                  "the period met", "Logged, but short of the target for the period",
                  "Nothing logged, short of the target for the period"):
        assert words in legend
    assert "Not done" not in legend  # no day of it reads as a plain miss
    overall = html.unescape(client.get("/calendar").get_data(as_text=True))
    assert "Thu 12 Nov 2026: 1 habit done out of 1" in overall
    assert "Sat 14 Nov 2026: 1 habit done out of 1" in overall
    assert "Mon 16 Nov 2026: 0 habits done out of 1" in overall
    # The 4 days met are the only successes of the 29 days before today.
    assert api_rates(client, user, habit.id)["rate_30"] == pytest.approx(4 / 29)


def test_todays_10_km_completing_the_week_is_done(client, user, make_habit):
    habit = _running(make_habit, user)
    _log(habit, {TODAY - timedelta(days=2): 10.0})
    assert _toggle(client, habit.id) == "unknown"  # open: 10 km of the week so far
    assert (_today(client, user)["done"], _today(client, user)["due"]) == (0, 1)
    _log(habit, {TODAY: 10.0})  # stored "not done": 10 km alone misses 20
    body = _today(client, user)
    assert body["habits"][0]["status"] == "done"
    assert (body["done"], body["due"]) == (1, 1)
    assert _toggle(client, habit.id) == "done"
    assert "1 of 1 habit done today" in client.get("/").get_data(as_text=True)
    assert api_rates(client, user, habit.id)["rate_7"] == pytest.approx(1 / 7)


def test_a_week_already_met_makes_today_done_before_anything_is_logged(
        client, user, make_habit):
    habit = _running(make_habit, user)
    _log(habit, {TODAY - timedelta(days=1): 25.0})
    body = _today(client, user)
    assert body["habits"][0]["status"] == "done" and body["done"] == 1
    assert _toggle(client, habit.id) == "done"
    cells, _legend = calendar_cells(client, habit.id)
    assert cells["Wed 25 Nov 2026"] == ("auto", MET)
    assert api_rates(client, user, habit.id)["rate_7"] == pytest.approx(2 / 7)


def test_a_cup_under_the_limit_in_a_week_gone_over_is_not_done_today(
        client, user, make_habit):
    habit = _cups(make_habit, user)
    _log(habit, {TODAY - timedelta(days=2): 3.0, TODAY: 1.0})  # 1 cup today: 4 this week
    body = _today(client, user)
    assert body["habits"][0]["status"] == "missed"
    assert (body["done"], body["due"]) == (0, 1)
    assert _toggle(client, habit.id) == "missed"
    assert "0 of 1 habit done today" in client.get("/").get_data(as_text=True)


def test_a_note_alone_is_nothing_logged_under_a_limit_per_day_as_per_week(
        client, user, make_habit):
    """The day editor keeps a cleared day with a note as "not done" with no amount: 0 toward
    the limit, within it, for a limit per day as it already was for a limit per week."""
    daily, weekly = _cups(make_habit, user, den=1), _cups(make_habit, user, name="Tea")
    for habit in (daily, weekly):
        _log(habit, {TODAY - timedelta(days=1): None}, note="tired")
        cells, _legend = calendar_cells(client, habit.id)
        assert cells["Tue 24 Nov 2026"] == ("within", f"{WITHIN}. Note: tired"), habit.name
        assert api_rates(client, user, habit.id)["rate_7"] == 1.0, habit.name
    # Today too: a note alone keeps today within the limit.
    _log(daily, {TODAY: None}, note="no coffee")
    assert _toggle(client, daily.id) == "done"
    statuses = {h["name"]: h["status"] for h in _today(client, user)["habits"]}
    assert statuses["Coffee"] == "done"


SCHEDULES = [(1, 7), (2, 7), (1, 30), (1, 2), (1, 3)]


@pytest.mark.parametrize("seed", range(4))
def test_every_day_reads_as_the_rates_count_it(client, user, make_habit, seed):
    """Random "at least" histories per several days (amounts short of and beside the
    target, skips, done without an amount): each day the calendar draws as done or met is a
    success in the rates, each short one a due day missed, a skipped one not due; today on
    Today and /api/v1/today is done exactly when the rates count it a success."""
    rng = random.Random(seed)
    for number in range(6):
        num, den = rng.choice(SCHEDULES)
        created = TODAY - timedelta(days=rng.randint(20, 200))
        habit = make_habit(user, f"H{number}", created=created, kind="measurable",
                           target=rng.choice([0.0, 5.0, 20.0]), direction="at_least",
                           freq_num=num, freq_den=den)
        entries = {}
        for back in range(0, (TODAY - created).days + 1):
            if rng.random() < 0.6:
                continue
            state = rng.choices(["done", "skipped", "not_done"], [0.6, 0.1, 0.3])[0]
            amount = None if state == "skipped" else rng.choice([None, 0.0, 2.0, 5.0, 19.9996])
            entries[TODAY - timedelta(days=back)] = Entry(state, amount)
        db.session.execute(sa.insert(CheckIn), [
            {"habit_id": habit.id, "day": day, "state": e.state, "amount": e.amount}
            for day, e in entries.items()])
        db.session.commit()
        days = habit_days(history_from(habit, created, entries), TODAY)
        for year in (TODAY.year - 1, TODAY.year):
            for cell in (c for week in habit_year(habit, year, TODAY).weeks for c in week):
                if not cell.in_year or cell.future or cell.day < created:
                    continue
                at = cell.day.toordinal()
                judged = (days.count("due", at, at), days.count("success", at, at))
                if cell.status in ("done", "met", "met_logged"):
                    assert judged == (1, 1), (habit.name, cell.day, cell.status)
                elif cell.status in ("missed", "short", "short_logged"):
                    assert judged == (1, 0), (habit.name, cell.day, cell.status)
                else:
                    assert judged[0] == 0, (habit.name, cell.day, cell.status)
        today_status = next(h["status"] for h in _today(client, user)["habits"]
                            if h["id"] == habit.id)
        success = days.count("success", TODAY.toordinal(), TODAY.toordinal())
        assert (today_status == "done") == bool(success), (habit.name, today_status)
