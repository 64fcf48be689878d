"""Loop 2.2 and older: a measurable habit's target worked out from scores with their old bug."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta

from habitory.portability.formats import Limits
from habitory.portability.loop_csv import read_loop_export
from habitory.portability.loop_infer import loop20_scores
from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.strength import strength_series

TODAY = date(2024, 6, 1)
START = date(2024, 1, 1)
DAYS = [START + timedelta(days=i) for i in range(90)]
# Three runs a week, some weeks short, with days left blank (UNKNOWN, -1) inside the window:
# the days whose leaving made Loop 2.0's running total drift.
KM = {day: 3 + i % 4 for i, day in enumerate(DAYS) if i % 7 in (0, 2, 4) and i % 21 != 4}


def export(scores: dict[date, float]) -> bytes:
    header = "Date,Run,\n"
    raw = {d: int(KM[d] * 1000) if d in KM else -1 for d in DAYS}
    checks = [header] + [f"{d},Entry(timestamp={d}, value={raw[d]}),\n" for d in reversed(DAYS)]
    rows = [header] + [f"{d},{scores[d]:.4f},\n" for d in reversed(DAYS)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Habits.csv", "Position,Name,Question,Description,NumRepetitions,"
                                       "Interval,Color\n001,Run,Km,,3,7,#1976D2\n")
        archive.writestr("Checkmarks.csv", "".join(checks))
        archive.writestr("Scores.csv", "".join(rows))
    return buffer.getvalue()


def warnings_of(data: bytes):
    bundle = read_loop_export(data, Limits(today=TODAY)).bundle
    (run,) = bundle.habits
    return run, bundle.warnings


def test_scores_from_loop_2_0_name_the_habit_whose_strength_will_differ():
    raw = {d: int(v * 1000) for d, v in KM.items()}  # days left out are UNKNOWN
    old = loop20_scores(raw, DAYS[0], DAYS[-1], 3, 7, "at_least", 15.0)
    history = HabitHistory(START, {d: Entry("done", v) for d, v in KM.items()},
                           schedule=Schedule(3, 7), kind="measurable", target=15.0)
    now = dict(strength_series(history, DAYS[0], DAYS[-1]))
    assert max(abs(old[d] - now[d]) for d in DAYS) > 1e-4  # the fixture shows the old bug
    run, warnings = warnings_of(export(old))
    assert (run.kind, run.direction, run.target) == ("measurable", "at_least", 15.0)
    assert any("worked them out from Loop's scores: Run (at least 15)" in w for w in warnings)
    assert any("Loop 2.2 and older computed the strength of Run" in w for w in warnings)


def test_scores_today_s_loop_reproduces_say_nothing_of_a_difference():
    history = HabitHistory(START, {d: Entry("done", v) for d, v in KM.items()},
                           schedule=Schedule(3, 7), kind="measurable", target=15.0)
    run, warnings = warnings_of(export(dict(strength_series(history, DAYS[0], DAYS[-1]))))
    assert (run.direction, run.target) == ("at_least", 15.0)
    assert any("worked them out" in w for w in warnings)
    assert not any("Loop 2.2 and older computed" in w for w in warnings)
