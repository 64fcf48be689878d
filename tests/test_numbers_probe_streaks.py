"""One habit, one streak: Today's row (check-ins read as a dict, walked back day by day), the
habit page, Insights' table and the API's /stats (check-ins read as numpy arrays) give the
same current and best streak, for random histories of every kind and schedule written to the
database: skips, slips, amounts on and beside the target at thousandths, check-ins before the
habit's creation (imports) and after today."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn

from .api_support import bearer
from .conftest import TODAY

SCHEDULES = [{}, {"freq_num": 3, "freq_den": 7}, {"freq_num": 1, "freq_den": 30},
             {"freq_num": 1, "freq_den": 2}, {"weekdays": 0b0010101}, {"weekdays": 0b1100000}]
KINDS = [{}, {}, {"kind": "quit"},
         {"kind": "measurable", "target": 8.0, "direction": "at_least", "unit": "km"},
         {"kind": "measurable", "target": 8.0, "direction": "at_most", "unit": "cups"}]
AMOUNTS = [7.9995, 8.0005, 7.9994, 8.0004, 8.0, 3.0, 12.0, 0.0]


def _random_habits(rng: random.Random, user, make_habit) -> list:
    habits = []
    for number in range(8):
        columns = rng.choice(KINDS) | rng.choice(SCHEDULES)
        created = TODAY - timedelta(days=rng.randint(0, 120))
        habit = make_habit(user, f"H{number}", created=created, **columns)
        gap = rng.choice([0.0, 0.1, 0.4])
        rows = []
        # From before its creation (an import) to two days after today.
        for back in range(-2, (TODAY - created).days + rng.choice([0, 0, 20])):
            if rng.random() < gap:
                continue
            state = rng.choices(["done", "skipped", "not_done"], [0.8, 0.06, 0.14])[0]
            amount = rng.choice(AMOUNTS) if columns.get("kind") == "measurable" \
                and state != "skipped" else None
            rows.append({"habit_id": habit.id, "day": TODAY - timedelta(days=back),
                         "state": state, "amount": amount})
        if rows:
            db.session.execute(sa.insert(CheckIn), rows)
        habits.append(habit)
    db.session.commit()
    return habits


@pytest.mark.parametrize("seed", range(6))
def test_every_page_gives_each_habit_the_same_streaks(client, user, make_habit, seed):
    habits = _random_habits(random.Random(seed), user, make_habit)
    headers = bearer(user.id)
    today = client.get("/").get_data(as_text=True)
    insights = client.get("/insights").get_data(as_text=True)
    seen = []
    for habit in habits:
        row = re.search(rf'id="streak-{habit.id}"[^>]*>([\d,]*)</span>', today).group(1)
        stats = client.get(f"/api/v1/habits/{habit.id}/stats", headers=headers).get_json()
        current, best = stats["current_streak"], stats["best_streak"]
        assert int(row or 0) == current, habit.name
        page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", client.get(
            f"/habits/{habit.id}").get_data(as_text=True)))
        numbers = re.search(r"(?:Current streak|Clean for) ([\d,]+) days? Best streak ([\d,]+)",
                            page)
        assert (int(numbers.group(1)), int(numbers.group(2))) == (current, best), habit.name
        cells = re.search(rf'href="/habits/{habit.id}"[^>]*>.*?</tr>', insights, re.S).group(0)
        streak = re.sub(r"<[^>]+>", " ", re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)[5])
        found = re.match(r"\s*(\d+)(?:\s+\(best (\d+)\))?", streak)
        assert int(found.group(1)) == current, habit.name
        assert int(found.group(2) or 0) == best, habit.name
        seen.append(current)
    assert max(seen) > 5  # the histories make real streaks, not only zeros
