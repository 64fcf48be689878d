"""Today reads each habit's last 64 days, and the whole history only when it must. It must
whenever a day in reach of the window's start decides the row: a monthly check before the
window covers the days after it (Loop's automatic checkmarks), a weekday habit's streak bridges
back to the due day before, a "1 in 90 days" habit's week is covered by a check 70 days ago.
Today's row then says what the habit's whole history says: streak and week, today included."""

from __future__ import annotations

from datetime import timedelta

import pytest

from habitory.domain.history import histories
from habitory.habits.rows import build_rows
from habitory.stats.statuses import day_statuses
from habitory.stats.streaks import current_streak

from .conftest import TODAY

THREE_YEARS = 3 * 365


def _every(step: int, offset: int = 0) -> list:
    return [TODAY - timedelta(days=back) for back in range(offset, THREE_YEARS, step)]


CASES = {
    # name: (columns, done days)
    "once a month, done today": ({"freq_num": 1, "freq_den": 30}, _every(30)),
    "once a month, done 10 days ago": ({"freq_num": 1, "freq_den": 30}, _every(30, 10)),
    "Mondays only, every Monday": (
        {"weekdays": 0b0000001},
        [day for day in _every(1) if day.weekday() == 0]),
    "once in 90 days, done 70 days ago": ({"freq_num": 1, "freq_den": 90}, _every(90, 70)),
    "4 times a month, every week": ({"freq_num": 4, "freq_den": 30}, _every(7, 2)),
}


@pytest.mark.parametrize("name", CASES)
def test_todays_row_says_what_the_whole_history_says(user, make_habit, name):
    columns, done = CASES[name]
    habit = make_habit(user, name, TODAY - timedelta(days=THREE_YEARS), done=done, **columns)
    whole = histories([habit])[habit.id]
    expected_streak = current_streak(whole, TODAY)
    assert expected_streak > 300  # the case is a long streak the window alone cannot see

    (row,) = build_rows([habit], TODAY)
    assert row.streak == expected_streak
    week = day_statuses(whole, TODAY - timedelta(days=6), TODAY, today=TODAY)
    assert row.statuses == week  # today's status (and so the progress line) included
