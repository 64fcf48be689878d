""""Days done" (the habit page's key number, "Clean days" for a habit to quit) and Insights'
completions count the same days: a skipped day of a habit to quit is set aside, not clean
(Insights said 7 clean days, the habit page 8); a run logged today toward "20 km a week" is a
day done today in both (Insights left it out until the week's target was met)."""

from __future__ import annotations

import re
from datetime import timedelta

from habitory.extensions import db

from .conftest import HTMX, TODAY
from .test_probe_numbers_agreement import _text


def _days_done(client, habit_id: int) -> int:
    text = _text(client.get(f"/habits/{habit_id}").get_data(as_text=True))
    return int(re.search(r"(?:Days done|Clean days) (\d+)", text)[1])


def _insights_done(client, name: str) -> tuple[int, int, int]:
    """(the per-habit table's done days, its met days, the months' completions added up),
    all time."""
    text = _text(client.get("/insights?period=all").get_data(as_text=True))
    done, met = map(int, re.search(rf"Habit Done Met Due days Rate {name} (\d+) (\d+)", text)
                    .groups())
    months = re.search(r"Month Completions Rate (.*?) Weekly", text)[1]
    return done, met, sum(int(n) for n in re.findall(r"20\d\d(?: \(so far\))? (\d+)", months))


def test_a_skipped_day_of_a_habit_to_quit_is_not_a_clean_day(client, user, make_habit):
    habit = make_habit(user, "No sugar", created=TODAY - timedelta(days=9), kind="quit")
    for back, state in ((5, "not_done"), (3, "skipped")):  # a slip, and a day set aside
        client.post(f"/habits/{habit.id}/day",
                    data={"day": (TODAY - timedelta(days=back)).isoformat(), "state": state})
    # 9 days before today: one slip, one skipped; today has no check-in yet.
    assert _days_done(client, habit.id) == 7
    assert _insights_done(client, "No sugar") == (7, 7, 7)
    fragment = _text(client.get(f"/habits/{habit.id}/summary", headers=HTMX)
                     .get_data(as_text=True))
    assert re.search(r"Clean days (\d+)", fragment)[1] == "7"


def test_a_run_logged_today_toward_a_weekly_target_is_a_day_done_everywhere(
        client, user, make_habit):
    habit = make_habit(user, "Running", created=TODAY - timedelta(days=20), kind="measurable",
                       target=5.0, freq_num=1, freq_den=7, unit="km")
    for back in (0, 4, 9, 12):  # 7 km runs, each a week's 5 km: stored done
        client.post(f"/habits/{habit.id}/day",
                    data={"day": (TODAY - timedelta(days=back)).isoformat(), "amount": "7"})
    habit.target = 20.0  # raised since: the runs stay done, and no week reaches 20 km
    db.session.commit()
    assert _days_done(client, habit.id) == 4
    done, met, completions = _insights_done(client, "Running")
    assert completions == 4  # today's run too (it was left out while the week is short)
    assert done == 4  # the days run, as the months count them
    assert met == 0  # the rates' successes: no day's week reached 20 km
