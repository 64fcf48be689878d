"""Wording of the findings: counts of one read in the singular."""

from __future__ import annotations

from datetime import date, timedelta

from habitory.rules.findings import evaluate
from habitory.stats.schedule import Entry, HabitHistory, Schedule

TODAY = date(2026, 11, 25)


def test_a_weekly_habits_first_week_is_one_check_in_not_one_check_ins():
    weekly = HabitHistory(created=TODAY - timedelta(days=8),
                          entries={TODAY - timedelta(days=6): Entry("done")},
                          schedule=Schedule(1, 7))
    other = HabitHistory(created=TODAY - timedelta(days=100), entries={})
    (milestone,) = [f for f in evaluate({1: weekly, 2: other}, {1: "Swim", 2: "Read"}, TODAY)
                    if f.kind == "milestone"]
    assert "(1 check-in)." in milestone.body
