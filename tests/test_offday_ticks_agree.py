"""A day done on an off-day (a Mon-Wed-Fri habit ticked on a Saturday) was done: every page
that shows a share of due days counts it as due and done, as Today and the Calendar do. The
habit page's rates, its summary fragment, the API's /stats, Insights' period total and its
weeks all give the Calendar's numbers. Skipped or missed off-days stay not due everywhere, and
a "3× a week" habit has no off-days at all."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn
from habitory.stats.patterns import insights
from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.statuses import day_range

from .api_support import bearer
from .conftest import HTMX, TODAY
from .test_probe_numbers_agreement import _text

MON_WED_FRI = 0b0010101
CREATED = TODAY - timedelta(days=48)  # a Wednesday, seven weeks back

CASES = {
    "weekdays": {"weekdays": MON_WED_FRI},
    "3x a week": {"freq_num": 3, "freq_den": 7},
    "quit on weekdays": {"kind": "quit", "weekdays": MON_WED_FRI},
    "quit": {"kind": "quit"},
    "at least on weekdays": {"kind": "measurable", "target": 3.0, "direction": "at_least",
                             "unit": "km", "weekdays": MON_WED_FRI},
    "at most on weekdays": {"kind": "measurable", "target": 3.0, "direction": "at_most",
                            "unit": "cups", "weekdays": MON_WED_FRI},
}


def _day(columns: dict, back: int) -> dict | None:
    """One day's check-in: the set days mostly done, some missed or skipped; weekends ticked
    done now and then (the off-day ticks), a few weekend days skipped or marked not done."""
    day = TODAY - timedelta(days=back)
    kind = columns.get("kind")
    weekend = day.weekday() >= 5
    if kind == "quit":  # a clean day needs no check-in: mark some clean, some slips
        state = ("done" if back % 3 == 0 else "not_done" if back % 4 == 1 else None) \
            if weekend else ("not_done" if back % 5 == 2 else "skipped" if back % 11 == 0
                             else None)
    elif weekend:
        state = "done" if back % 3 != 1 else ("skipped" if back % 2 else "not_done")
    elif day.weekday() in (1, 3) and columns.get("weekdays"):
        state = "not_done" if back % 4 == 0 else None  # a missed off-day is not due
    else:
        state = "skipped" if back % 13 == 0 else ("not_done" if back % 5 == 3 else "done")
    if state is None:
        return None
    amount = None
    if kind == "measurable" and state != "skipped":
        good = 4.0 if columns["direction"] == "at_least" else 2.0
        amount = good if state == "done" else 6.0 - good
    return {"day": day, "state": state, "amount": amount}


def _setup(user, make_habit, columns: dict):
    habit = make_habit(user, "Probe", created=CREATED, **columns)
    rows = [dict(row, habit_id=habit.id) for back in range((TODAY - CREATED).days + 1)
            if (row := _day(columns, back))]
    db.session.execute(sa.insert(CheckIn), rows)
    db.session.commit()
    return habit


def _calendar(client) -> dict[date, tuple[int, int]]:
    months = {"Sep": 9, "Oct": 10, "Nov": 11}
    return {date(2026, months[m], int(d)): (int(done), int(due)) for d, m, done, due
            in re.findall(r"(\d+) (Sep|Oct|Nov) 2026: (\d+) habits? done out of (\d+)",
                          _text(client.get("/calendar").get_data(as_text=True)))}


def _calendar_share(cells, first: date, last: date) -> tuple[int, int]:
    counted = [cells.get(first + timedelta(days=k), (0, 0))
               for k in range((last - first).days + 1)]
    return sum(c[0] for c in counted), sum(c[1] for c in counted)


def _page_shares(body: str) -> dict[str, tuple[int, int]]:
    return {label: (int(done), int(due)) for label, done, due in re.findall(
        r"(Last 7 days|Last 30 days|Last 90 days|All time) (?:\d+%|–) (\d+) of (\d+) due days",
        _text(body))}


@pytest.mark.parametrize("case", list(CASES))
def test_off_day_ticks_count_alike_on_every_page(client, user, make_habit, case):
    habit = _setup(user, make_habit, CASES[case])
    cells = _calendar(client)
    expected = {label: _calendar_share(cells, max(TODAY - timedelta(days=n - 1), CREATED),
                                       TODAY)
                for label, n in (("Last 7 days", 7), ("Last 30 days", 30),
                                 ("Last 90 days", 90), ("All time", 400))}
    page = _page_shares(client.get(f"/habits/{habit.id}").get_data(as_text=True))
    assert page == expected
    fragment = client.get(f"/habits/{habit.id}/summary", headers=HTMX).get_data(as_text=True)
    assert _page_shares(fragment) == expected
    stats = client.get(f"/api/v1/habits/{habit.id}/stats", headers=bearer(user.id)).get_json()
    for label, key in (("Last 7 days", "rate_7"), ("Last 30 days", "rate_30"),
                       ("Last 90 days", "rate_90")):
        done, due = expected[label]
        assert stats[key] == pytest.approx(done / due), key
    insights = _text(client.get("/insights?period=30").get_data(as_text=True))
    done, due = re.search(r"Due days met, 30 days \d+% (\d+) of (\d+) due days", insights).groups()
    assert (int(done), int(due)) == expected["Last 30 days"]


@pytest.mark.parametrize("case", list(CASES))
def test_insights_weeks_count_off_day_ticks_as_the_calendar_does(client, user, make_habit,
                                                                  case):
    _setup(user, make_habit, CASES[case])
    cells = _calendar(client)
    insights = _text(client.get("/insights?period=90").get_data(as_text=True))
    weeks = re.search(r"Week of Met Due Rate (.*?) Moving", insights)[1]
    months = {"Sep": 9, "Oct": 10, "Nov": 11}
    compared = 0
    for day, month, done, due in re.findall(r"(\d+) (Sep|Oct|Nov) 2026 (\d+) (\d+)", weeks):
        first = date(2026, months[month], int(day))
        assert (int(done), int(due)) == _calendar_share(cells, first, first + timedelta(days=6)), \
            first
        compared += 1
    assert compared >= 6


def test_an_off_day_tick_raises_the_share_it_is_shown_in(client, user, make_habit):
    """Ticking Saturday after a week of Mon/Wed/Fri with one miss: 3 of 4, not 2 of 3."""
    saturday = TODAY - timedelta(days=4)
    habit = make_habit(user, "Run", created=TODAY - timedelta(days=6), weekdays=MON_WED_FRI,
                       done=[TODAY - timedelta(days=2), TODAY])  # Friday missed, Saturday ticked
    db.session.execute(sa.insert(CheckIn), [{"habit_id": habit.id, "day": saturday,
                                             "state": "done"}])
    db.session.commit()
    assert _page_shares(client.get(f"/habits/{habit.id}").get_data(as_text=True))[
        "Last 7 days"] == (3, 4)
    stats = client.get(f"/api/v1/habits/{habit.id}/stats", headers=bearer(user.id)).get_json()
    assert stats["rate_7"] == pytest.approx(0.75)


def test_weekend_ticks_of_a_weekday_habit_bring_no_weekend_advice():
    """A Mon-Fri habit done half its days and ticked on some weekends: the ticks count in its
    shares (Saturday's column is 100 %), yet Insights does not advise "weekdays lag behind"
    for days it is not even scheduled on."""
    today = date(2024, 3, 13)
    created = today - timedelta(days=120)
    entries = {}
    for k, day in enumerate(day_range(created, today)):
        if day.weekday() < 5:
            entries[day] = Entry("done" if k % 2 else "not_done")
        elif k % 3 == 0:
            entries[day] = Entry("done")
    workdays = Schedule(weekdays=frozenset(range(5)))
    data = insights({1: HabitHistory(created, entries, workdays)}, {1: "Run"}, today, 90)
    saturday = data.habits[0].charts.weekdays[5]
    assert saturday.due and saturday.percent == 100
    assert [r.kind for r in data.recommendations if r.kind == "weekend_gap"] == []


def _workday_advice(monday_done, other_done):
    """Insights' advice for a Mon-Fri habit over 120 days, ticked every weekend: the n-th
    Monday done when monday_done(n), the n-th other weekday when other_done(n)."""
    today = date(2024, 3, 13)
    created = today - timedelta(days=120)
    entries = {}
    mondays = others = 0
    for day in day_range(created, today):
        if day.weekday() == 0:
            entries[day] = Entry("done" if monday_done(mondays) else "not_done")
            mondays += 1
        elif day.weekday() < 5:
            entries[day] = Entry("done" if other_done(others) else "not_done")
            others += 1
        else:
            entries[day] = Entry("done")
    workdays = Schedule(weekdays=frozenset(range(5)))
    data = insights({1: HabitHistory(created, entries, workdays)}, {1: "Run"}, today, 90)
    return [r for r in data.recommendations if r.kind == "weak_weekday"]


def test_off_day_ticks_do_not_make_a_scheduled_weekday_look_weak():
    """A Mon-Fri habit done on 2 of 5 Mondays and 12 of 20 other weekdays, and ticked every
    weekend: Monday is compared with the days it is scheduled on, not with weekends that count
    only when done (always 100 %). About 40 % against 60 % is under the 30-point bar: no
    "slips on Mondays"."""
    assert _workday_advice(lambda n: n % 5 in (0, 2), lambda n: n % 20 < 12) == []


def test_a_weekday_that_really_slips_is_still_named_beside_off_day_ticks():
    """The same habit with Mondays done once in 13: that gap is real, and still advised."""
    weak = _workday_advice(lambda n: n == 3, lambda n: n % 20 < 16)
    assert [r.numbers["weekday"] for r in weak] == [0]
    assert weak[0].numbers["rest_due"] < 70  # Tue-Fri only, no weekend days
