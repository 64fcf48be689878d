"""A Loop export imported through the app's importer shows Loop's own scores: on Insights (the
strength column) and in the habit page's strength table, down to the habit's first weeks. The
expected scores come from a re-statement of Loop's formula here, not from Habitory's code."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit
from habitory.portability import Limits, read_import, store
from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.statuses import auto_days

from .conftest import TODAY
from .test_insights_probe2_charts import _figures, _rows
from .test_portability import make_zip

START = TODAY - timedelta(days=150)
DAYS = [START + timedelta(days=i) for i in range((TODAY - START).days + 1)]
MEDITATE = {d: "SKIP" if d.day in (10, 11) else "YES_MANUAL" if d.toordinal() % 3 else "NO"
            for d in DAYS}
GYM = {d for d in DAYS if d.weekday() in (0, 2, 4) and d.day % 7}


def loop_scores(cells: dict[date, str], num: int, den: int) -> dict[date, float]:
    """Loop 2.3.1's score of a yes/no habit, day by day from its first entry."""
    m = 0.5 ** (math.sqrt(num / den) / 13)
    if num / den < 1:
        num, den = num * 2, den * 2
    score, scores = 0.0, {}
    for i, day in enumerate(DAYS):
        window = DAYS[max(0, i - den + 1):i + 1]
        if cells[day] != "SKIP":
            done = sum(cells[d] == "YES_MANUAL" for d in window)
            score = score * m + min(1.0, done / num) * (1 - m)
        scores[day] = score
    return scores


def loop_zip() -> bytes:
    auto = auto_days(HabitHistory(START, {d: Entry("done") for d in GYM}, Schedule(3, 7)))
    gym = {d: "YES_MANUAL" if d in GYM else "YES_AUTO" if d.toordinal() in auto else "NO"
           for d in DAYS}
    habits = ("Position,Name,Type,Question,Description,FrequencyNumerator,"
              "FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?\n"
              "001,Meditate,YES_NO,,,1,1,#FF8F00,,,,false\n"
              "002,Gym,YES_NO,,,3,7,#00897B,,,,false\n")
    checks = ["Date,Meditate,Gym,\n"] + [f"{d},{MEDITATE[d]},{gym[d]},\n" for d in DAYS[::-1]]
    return make_zip({"Habits.csv": habits, "Checkmarks.csv": "".join(checks)}), gym


def test_an_imported_loop_export_shows_loops_scores(client, user):
    data, gym = loop_zip()
    store.apply(user.id, read_import(data, Limits(today=TODAY)))
    expected = {"Meditate": loop_scores(MEDITATE, 1, 1), "Gym": loop_scores(gym, 3, 7)}
    page = client.get("/insights?period=all").get_data(as_text=True)
    for name, scores in expected.items():
        row = re.search(rf">{name}</a></th>(.*?)</tr>", page, re.S).group(1)
        cells = [re.sub(r"<[^>]+>", " ", c).split()[0] for c in re.findall(r"<td[^>]*>(.*?)</td>",
                                                                            row, re.S)]
        assert cells[6] == f"{math.floor(scores[TODAY] * 100 + 0.5)}%", name  # Strength
        habit_id = db.session.scalar(sa.select(Habit.id).where(Habit.user_id == user.id,
                                                               Habit.name == name))
        _spec, body = _figures(client.get(f"/habits/{habit_id}").get_data(as_text=True))[
            "chart-strength"]
        shown = {datetime.strptime(r[0], "%d %b %Y").date(): r[1] for r in _rows(body)
                 if len(r) == 2}
        assert len(shown) == 30 + 17 and min(shown) == TODAY - timedelta(days=147)
        for day, text in shown.items():
            assert float(text.rstrip("%")) == round(scores[day] * 100, 1), (name, day)
