"""A measurable habit with a target per week ("at least 10 km, once a week"): 6 km on Saturday
and 5 km on Sunday meet it. The day editor stores each day "not done" (the day alone misses the
target); Today says "1 of 1 done" and the API "done", so the habit page's History says the
week's target was met with those days, not "Not done". A day of a week short of the target
keeps its stored words. The streak stays Loop's: 0 (vector derived_numerical_weekly_at_least)."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, User

from .api_support import bearer

SAT, SUN = date(2026, 12, 5), date(2026, 12, 6)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def weekly_run(user, make_habit, frozen_now):
    frozen_now(2026, 12, 6, 12, 0)
    habit = make_habit(user, "Run", created=date(2026, 11, 16), kind="measurable", target=10.0,
                       direction="at_least", unit="km", freq_num=1, freq_den=7)
    db.session.execute(sa.insert(CheckIn), [
        {"habit_id": habit.id, "day": day, "state": "not_done", "amount": amount}
        for day, amount in ((date(2026, 11, 20), 3.0), (SAT, 6.0), (SUN, 5.0))])
    db.session.commit()
    return habit


def history_section(client, habit) -> str:
    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    return text_of(re.search(r'<section id="habit-history".*?</section>', page, re.S).group(0))


def test_days_that_meet_the_weeks_target_together_say_so(client, user, make_habit, frozen_now):
    habit = weekly_run(user, make_habit, frozen_now)
    assert history_section(client, habit) == (
        "History"
        " Sun 6 Dec 2026 5 km · target for the period met"
        " Sat 5 Dec 2026 6 km · counted toward the target met on Sun 6 Dec 2026"
        " Fri 20 Nov 2026 Not done · 3 km")  # 3 km in a week short of 10
    # What the rest says of the same days.
    assert "1 of 1 done" in text_of(client.get("/").get_data(as_text=True))
    headers = bearer(user.id)
    today = client.get("/api/v1/today", headers=headers).get_json()
    assert today["habits"][0]["status"] == "done"
    stats = client.get(f"/api/v1/habits/{habit.id}/stats", headers=headers).get_json()
    assert (stats["current_streak"], stats["best_streak"]) == (0, 0)  # Loop's, as before


def test_the_words_in_french(client, user, make_habit, frozen_now):
    owner = db.session.get(User, user.id)
    owner.language = "fr"
    db.session.commit()
    habit = weekly_run(user, make_habit, frozen_now)
    history = history_section(client, habit)
    assert "5 km · objectif de la période atteint" in history
    assert re.search(r"6 km · compté dans l’objectif atteint le dim\. 6 déc\. 2026", history)
    assert "3 km" in history and "Pas fait" in history
