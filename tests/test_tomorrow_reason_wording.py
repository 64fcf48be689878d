"""The Tomorrow cards' reasons about the user (all of their habits at once) say only what the log
shows, in words that stay true above any subset of the cards, and read as sentences: an account
idle for years is not "better than usual", a line naming four habits does not say "all your
habits", "you last logged something today", and the chance for screen readers ends cleanly."""

from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np
import pytest

from habitory.extensions import db
from habitory.ml.dataset import next_day
from habitory.ml.explain import reasons_for, text
from habitory.ml.features import fill_mood
from habitory.ml.model import MODEL, UserModel
from habitory.models import Prediction
from habitory.stats.schedule import Entry, HabitHistory

from .conftest import TODAY

TOMORROW = TODAY + timedelta(days=1)
# Reasons as training stores them (explain.py marks them as about the user): a week that went
# better than each habit's own rates expected, and the user's rate over the last 7 days.
MOOD = text("user_mood", {"obs:mood_r": 3.0, "obs:mood_n": 10.0, "obs:idle": 1.0,
                          "user_mood": 0.25}, 0).to_json()
RATE_7 = text("user_rate_7", {"obs:user_7": 0.5}, 0).to_json()


def _idle_since_2016() -> dict[int, HabitHistory]:
    """Four daily habits, done every day for 100 days of 2016, nothing logged since."""
    start = date(2016, 1, 1)
    done = {start + timedelta(days=d): Entry("done") for d in range(100)}
    return {h: HabitHistory(start, dict(done)) for h in range(1, 5)}


def test_an_account_idle_for_years_is_not_said_to_go_better_than_usual():
    """Nothing logged for ten years, every chance 2 %: the mood reason, even when it moves the
    chance most, must not claim the last few days went better than usual."""
    histories = _idle_since_2016()
    inputs = next_day(histories, TODAY)
    count = len(inputs.habit_ids)
    q = np.full(count, 0.02)  # today's chance, as the served model gives it
    tomorrow = inputs.tomorrow(q)
    fill_mood(tomorrow.columns, float(np.sum(q[inputs.unknown])))
    model = UserModel(MODEL, features=("user_mood", "user_idle"))
    parts = np.tile([1.0, 0.5], (2 * count, 1))  # the mood ranked first, then the break
    probs = (np.full(count, 0.02), np.full(count, 0.02))
    reasons = reasons_for(model, tomorrow, q, probs, inputs.unknown,
                          np.full(count, MODEL), parts, (7, 0))
    for said in reasons:
        assert not any("better than usual" in r for r in said), said
        assert "you last logged something over 4 weeks ago" in said


def test_a_good_week_after_a_slow_year_goes_better_than_usual_whatever_today_brings():
    """Read from the days before today: today's open habits are not yet misses."""
    start = TODAY - timedelta(days=200)
    slow = {start + timedelta(days=d): Entry("done") for d in range(0, 194, 5)}
    week = {TODAY - timedelta(days=d): Entry("done") for d in range(1, 7)}
    histories = {h: HabitHistory(start, {**slow, **week}) for h in range(1, 6)}
    inputs = next_day(histories, TODAY)
    assert inputs.unknown.all()  # today is open for every habit
    for q in (0.0, 1.0):
        tomorrow = inputs.tomorrow(np.full(5, q))
        fill_mood(tomorrow.columns, 5 * q)
        for row in range(10):
            assert text("user_mood", {k: v[row] for k, v in tomorrow.columns.items()}, 2) == \
                "your habits overall went better than usual in the last few days"


def test_a_busy_week_is_still_said_to_go_better_than_usual():
    """The fact the mood reason states is read from the logged days before today."""
    assert text("user_mood", {"obs:mood_r": 3.0, "obs:mood_n": 10.0, "obs:idle": 1.0,
                              "user_mood": 0.25}, 0) == \
        "your habits overall went better than usual in the last few days"
    assert text("user_mood", {"obs:mood_r": -3.0, "obs:mood_n": 10.0, "obs:idle": 9.0,
                              "user_mood": -0.25}, 0) == \
        "your habits overall went worse than usual in the last few days"


@pytest.mark.parametrize(("idle", "expected"), [
    (1.0, "you last logged something today"),
    (2.0, "you last logged something yesterday"),
    (4.0, "you last logged something 3 days ago"),
    (30.0, "you last logged something over 4 weeks ago"),
    (float("nan"), "you have not logged anything yet"),
])
def test_the_last_logged_day_reads_as_a_sentence(idle, expected):
    assert text("user_idle", {"obs:idle": idle}, 0) == expected


def _store(user_id, habit, probability, *reasons):
    db.session.add(Prediction(habit_id=habit.id, user_id=user_id, for_day=TOMORROW,
                              probability=probability, source="model",
                              reasons="\n".join(reasons)))


def _tomorrow_text(client) -> str:
    html = client.get("/insights").get_data(as_text=True)
    section = html[html.index('id="ai-title"'):html.index('id="doing-title"')]
    return section


def _visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _shared_lines(section: str) -> list[str]:
    shared = section[section.index("data-shared-reasons"):section.index('<li class="card')]
    return [_visible(li).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>", shared, re.S)]


def test_a_reason_shared_by_some_habits_does_not_say_all_your_habits(client, user, make_habit):
    read, run, walk = (make_habit(user, n, TODAY - timedelta(days=60))
                       for n in ("Read", "Run", "Walk"))
    _store(user.id, read, 0.8, MOOD, RATE_7)
    _store(user.id, run, 0.3, RATE_7, MOOD)
    _store(user.id, walk, 0.5, "rate on Thursdays 90%", "done yesterday")
    db.session.commit()
    lines = _shared_lines(_tomorrow_text(client))
    assert "Run, Read: your habits overall went better than usual in the last few days." in lines
    assert "Run, Read: you ticked off 50% of what was due in the last 7 days." in lines
    assert not any("all your habits" in line.lower() for line in lines), lines


def test_a_reason_shared_by_every_habit_is_said_once_without_a_label(client, user, make_habit):
    """Not "All your habits: all your habits went better…": the reason already says whose."""
    read, run = (make_habit(user, n, TODAY - timedelta(days=60)) for n in ("Read", "Run"))
    _store(user.id, read, 0.8, MOOD, "rate on Thursdays 90%")
    _store(user.id, run, 0.3, MOOD, "done yesterday")
    db.session.commit()
    section = _tomorrow_text(client)
    assert _shared_lines(section) == [
        "your habits overall went better than usual in the last few days."]
    # Shown with a capital first letter, like the reasons on the cards.
    assert re.search(r'<li class="first-letter:uppercase">\s*your habits overall', section)


def test_the_chance_for_screen_readers_ends_cleanly_with_or_without_reasons(client, user,
                                                                           make_habit):
    read, run = (make_habit(user, n, TODAY - timedelta(days=60)) for n in ("Read", "Run"))
    _store(user.id, read, 0.02)  # no reasons at all
    _store(user.id, run, 0.6, "done yesterday")
    db.session.commit()
    section = _tomorrow_text(client)
    spoken = re.findall(r'data-chance>([^<]*)<span class="sr-only">([^<]*)</span>', section)
    assert [(pct, sr.strip()) for pct, sr in spoken] == [("2%", "chance"), ("60%", "chance")]
