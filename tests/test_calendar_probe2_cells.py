"""views/heatmap.toggled_cells: after a change to one day, exactly the cells of its year that a
fresh calendar draws otherwise than the calendar read before the change (the toggle's small
answer is built from them)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from habitory.domain import days
from habitory.extensions import db
from habitory.models import CheckIn, Habit
from habitory.views.heatmap import DayBefore, habit_year, toggled_cells

from .conftest import TODAY

SCHEDULES = {
    "daily": {"freq_num": 1, "freq_den": 1},
    "3 in 7": {"freq_num": 3, "freq_den": 7},
    "weekly": {"freq_num": 1, "freq_den": 7},
    "2 in 3": {"freq_num": 2, "freq_den": 3},
    "5 a month": {"freq_num": 5, "freq_den": 31},
    "monthly": {"freq_num": 1, "freq_den": 30},
    "Mon Wed Fri": {"freq_num": 1, "freq_den": 1, "weekdays": 0b0010101},
    "quit 2 in 7": {"freq_num": 2, "freq_den": 7, "kind": "quit"},
    "measurable": {"freq_num": 1, "freq_den": 1, "kind": "measurable", "target": 5.0,
                   "unit": "km"},
}


def drawn(cell) -> tuple:
    return cell.status, cell.level, cell.note


@pytest.mark.parametrize("first_day", [0, 6], ids=["monday", "sunday"])
@pytest.mark.parametrize("label", list(SCHEDULES))
def test_the_cells_a_change_redraws_are_those_a_fresh_calendar_draws_otherwise(
        app, user, make_habit, label, first_day):
    rng = random.Random(f"{label}-{first_day}")
    created = TODAY - timedelta(days=rng.randint(20, 200))
    done = {created + timedelta(days=rng.randint(0, (TODAY - created).days))
            for _ in range(rng.randint(5, 60))}
    habit_id = make_habit(user, "Read", created=created, done=sorted(done),
                          **SCHEDULES[label]).id
    states = [None, "done", "skipped", "not_done"]
    redrawn = 0
    with app.test_request_context():
        for _ in range(25):
            day = rng.choice([TODAY - timedelta(days=rng.randint(0, 60)),
                              created - timedelta(days=rng.randint(1, 15))])
            if day.year != TODAY.year:
                continue
            habit = db.session.get(Habit, habit_id)
            old = habit_year(habit, day.year, TODAY, first_day=first_day)
            checkin = db.session.scalar(sa.select(CheckIn).where(
                CheckIn.habit_id == habit_id, CheckIn.day == day))
            before = DayBefore.of(habit, checkin)
            amount = rng.choice([2.0, 7.0]) if habit.kind == "measurable" else days.KEEP
            days.set_day(habit, day, rng.choice(states), amount=amount)
            cell, changed = toggled_cells(habit, day, TODAY, before, first_day=first_day)
            new = habit_year(habit, day.year, TODAY, first_day=first_day)
            assert cell == new.find(day)
            expected = [c for week in new.weeks for c in week
                        if c.in_year and not c.future and c.day != day
                        and drawn(c) != drawn(old.find(c.day))]
            assert changed == expected, (label, day)
            redrawn += len(changed)
            db.session.expire_all()
    if label in ("3 in 7", "2 in 3", "daily"):
        assert redrawn  # ticks that cover days around them, or move the start back


def test_a_day_logged_before_the_start_redraws_the_days_between(app, user, make_habit):
    """A daily habit started on the 20th: logging the 10th makes the 11th to the 19th missed."""
    habit = make_habit(user, "Walk", created=date(2026, 11, 20))
    with app.test_request_context():
        before = DayBefore.of(habit, None)
        days.set_day(habit, date(2026, 11, 10), "done")
        cell, changed = toggled_cells(habit, date(2026, 11, 10), TODAY, before)
    assert cell.status == "done"
    assert [(c.day.day, c.status) for c in changed] == [(d, "missed") for d in range(11, 20)]
