"""A Loop CSV export without Habits.csv: each habit's frequency recovered from Loop's automatic
checkmarks (and scores), and no promise in the preview that the import will not keep."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from habitory.portability import Limits, read_import
from habitory.portability.formats import history_of
from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.statuses import auto_days, day_statuses
from habitory.stats.strength import strength_series
from tests.test_portability import make_zip

START, END = date(2024, 1, 1), date(2024, 3, 31)
LIMITS = Limits(today=END)
DAYS = [START + timedelta(days=i) for i in range((END - START).days + 1)]


def loop_cells(done: set[date], schedule: Schedule) -> dict[date, int]:
    """What Loop writes for a yes/no habit: 2 done, 1 automatic checkmark, -1 nothing."""
    history = HabitHistory(START, {d: Entry("done") for d in done}, schedule)
    auto = auto_days(history)
    return {d: 2 if d in done else 1 if d.toordinal() in auto else -1 for d in DAYS}


def export(columns: dict[str, dict[date, int]], scores: dict[str, list[float]] | None = None
           ) -> bytes:
    """A zip with only the top-level Checkmarks.csv (and Scores.csv), newest day first."""
    names = list(columns)
    checks = ["Date," + "".join(f"{n}," for n in names) + "\n"]
    for day in reversed(DAYS):
        checks.append(f"{day}," + "".join(f"{columns[n][day]}," for n in names) + "\n")
    files = {"Checkmarks.csv": "".join(checks)}
    if scores:
        lines = ["Date," + "".join(f"{n}," for n in scores) + "\n"]
        for i, day in reversed(list(enumerate(DAYS))):
            lines.append(f"{day}," + "".join(f"{scores[n][i]:.4f}," for n in scores) + "\n")
        files["Scores.csv"] = "".join(lines)
    return make_zip(files)


GYM = {d for d in DAYS if d.weekday() in (0, 2, 4) and d.day % 9}  # ~3 a week, some missed
# Every 5 days, but not in February: once a week would cover a week after the last check.
WALK = {d for d in DAYS if d.toordinal() % 5 == 0 and d.month != 2}


def test_frequencies_come_back_from_the_automatic_checkmarks():
    bundle = read_import(export({"Gym": loop_cells(GYM, Schedule(3, 7)),
                                 "Walk": loop_cells(WALK, Schedule(1, 5)),
                                 "Floss": loop_cells(set(DAYS[::2]), Schedule())}), LIMITS)
    habits = {h.name: h for h in bundle.habits}
    assert (habits["Gym"].freq_num, habits["Gym"].freq_den) == (3, 7)
    assert (habits["Walk"].freq_num, habits["Walk"].freq_den) == (1, 5)
    assert (habits["Floss"].freq_num, habits["Floss"].freq_den) == (1, 1)
    text = " ".join(bundle.warnings)
    assert "Gym (3× a week)" in text and "Walk (every 5 days)" in text
    assert "fit no frequency" not in text
    # The promise holds: Habitory shows an automatic checkmark on exactly Loop's days.
    gym = history_of(habits["Gym"], END)
    shown = day_statuses(gym, START, END, today=END + timedelta(days=1))
    cells = loop_cells(GYM, Schedule(3, 7))
    assert {d for d, s in shown.items() if s == "auto"} == {d for d in DAYS if cells[d] == 1}


def test_checkmarks_no_frequency_explains_are_imported_daily_and_said_to_show_as_missed():
    cells = loop_cells(GYM, Schedule(3, 7))
    odd = loop_cells({d for d in GYM if d.month != 2}, Schedule(3, 7))
    for day in (date(2024, 2, 15), date(2024, 2, 16)):  # no check-in near: no rule makes them
        odd[day] = 1
    extra = sum(1 for d in DAYS if odd[d] == 1)
    bundle = read_import(export({"Gym": cells, "Odd": odd}), LIMITS)
    habits = {h.name: h for h in bundle.habits}
    assert (habits["Odd"].freq_num, habits["Odd"].freq_den) == (1, 1)
    text = " ".join(bundle.warnings)
    assert "The automatic checkmarks of Odd fit no frequency Habitory can set" in text
    assert f"Until then, {extra} automatic checkmarks will show as missed days." in text
    # The general sentence counts only the checkmarks Habitory will really fill in (Gym's).
    gym_autos = sum(1 for d in DAYS if cells[d] == 1)
    assert f"{gym_autos} automatic checkmarks were not imported" in text


def test_scores_tell_a_non_daily_habit_without_automatic_checkmarks():
    # Done every day against "every other day": Loop shows no automatic checkmark, but its
    # score rises faster than a daily habit's would.
    done = set(DAYS)
    history = HabitHistory(START, {d: Entry("done") for d in done}, Schedule(1, 2))
    scores = [s for _, s in strength_series(history, START, END)]
    bundle = read_import(export({"Read": loop_cells(done, Schedule(1, 2))},
                                {"Read": scores}), LIMITS)
    (read,) = bundle.habits
    assert (read.freq_num, read.freq_den) == (1, 2)


@pytest.mark.parametrize("habits_csv", [True, False])
def test_the_preview_never_promises_checkmarks_it_will_not_fill_in(habits_csv):
    # The old sentence said every automatic checkmark is filled in from the frequency, also
    # when the habit came in daily. Now it is said only of those that will be.
    cells = {d: (1 if i % 3 else -1) for i, d in enumerate(DAYS)}  # autos with no check-in
    files = {"Checkmarks.csv": "Date,Odd,\n" + "".join(
        f"{d},{cells[d]},\n" for d in reversed(DAYS))}
    if habits_csv:
        files["Habits.csv"] = ("Position,Name,Type,Question,Description,FrequencyNumerator,"
                               "FrequencyDenominator,Color,Unit,Target Type,Target Value,"
                               "Archived?\n001,Odd,YES_NO,,,3,7,#FF8F00,,,,false\n")
    bundle = read_import(make_zip(files), LIMITS)
    text = " ".join(bundle.warnings)
    if habits_csv:
        assert "fills them in from each habit's frequency" in text
    else:
        assert "fills them in" not in text
        assert "will show as missed days" in text
