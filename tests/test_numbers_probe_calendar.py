"""The Calendar's year in numbers says nothing it cannot back: a month in which nothing was
done is no "best month" (it named the first month of the year at 0 %)."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn
from habitory.views.heatmap import habit_year, overall_year

from .conftest import TODAY
from .test_numbers_probe_streaks import _random_habits


def _numbers(client) -> str:
    page = client.get("/calendar").get_data(as_text=True).split("data-year-numbers", 1)[1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_no_best_month_when_nothing_was_done(client, user, make_habit):
    make_habit(user, "Read", created=TODAY - timedelta(days=40))  # never ticked
    text = _numbers(client)
    assert "Best month –" in text
    assert "0% of due habit-days met" not in text


def test_a_month_with_something_done_is_the_best(client, user, make_habit):
    # October: nothing done in 15 due days; November: 1 of 25 done.
    make_habit(user, "Read", created=TODAY - timedelta(days=39), done=[TODAY - timedelta(days=3)])
    text = _numbers(client)
    assert "Best month November" in text and "4% of due habit-days met (1 of 25)" in text


@pytest.mark.parametrize("seed", range(4))
def test_each_calendar_day_counts_the_habits_own_days(client, user, make_habit, seed):
    """The Calendar's counts (every habit's year judged as numpy arrays) are the sums of each
    habit's own calendar (judged day by day): done or covered is done, missed is due (done
    too on an "at most" day with nothing logged), and today, still open, is due once the
    habit exists."""
    habits = _random_habits(random.Random(100 + seed), user, make_habit)
    overall = overall_year(user.id, TODAY.year, TODAY)
    own = [habit_year(habit, TODAY.year, TODAY) for habit in habits]
    # An "at most" habit's day with nothing logged is kept, as the rates count it, and its own
    # calendar says so ("within"), though Loop's status stays "missed" (for the streaks).
    logged = {habit.id: set(db.session.scalars(
        sa.select(CheckIn.day).where(CheckIn.habit_id == habit.id))) for habit in habits}
    for week_index, week in enumerate(overall.weeks):
        for day_index, cell in enumerate(week):
            if not cell.in_year or cell.future:
                continue
            statuses = [grid.weeks[week_index][day_index].status for grid in own]
            kept = [s == "missed" and h.kind == "measurable" and h.direction == "at_most"
                    and cell.day not in logged[h.id]
                    for s, h in zip(statuses, habits, strict=True)]
            assert not any(kept), cell.day  # drawn as "within", not as a miss
            # A day over an "at most" period's limit, or short of an "at least" period's
            # target, is a miss whatever it logged; one in a period met is done
            # (views/counted_days.py).
            statuses = ["done" if s in ("within", "met", "met_logged")
                        else "missed" if s in ("over", "over_logged", "short", "short_logged")
                        else s for s in statuses]
            # A day Loop's target covers before the habit was made holds its streak, and its
            # own calendar shows it covered; the Calendar's counts, as the rates, start at its
            # creation: nobody had the habit yet.
            statuses = ["unknown" if s == "auto" and cell.day < h.created_on else s
                        for s, h in zip(statuses, habits, strict=True)]
            done = sum(s in ("done", "auto") for s in statuses)
            due = done + sum(s == "missed" or (s == "unknown" and cell.day == TODAY
                                               and h.created_on <= TODAY)
                             for s, h in zip(statuses, habits, strict=True))
            assert (cell.done, cell.due) == (done, due), cell.day
