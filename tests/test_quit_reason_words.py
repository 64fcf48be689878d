"""A habit to quit is explained in its own words on the Tomorrow cards: clean days and slips,
never "done" and "not done" (the rest of the app says "Clean days" and "log a slip"), also once
a slip logged today settles the clause on today's outcome."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.jobs import forecast
from habitory.jobs.forecast import stored_reasons as to_stored
from habitory.ml.quit_words import in_quit_words
from habitory.ml.today_settled import if_today
from habitory.models import CheckIn, Prediction
from habitory.stats.phrases import N_

from .api_support import bearer
from .conftest import TODAY

TOMORROW = TODAY + timedelta(days=1)
YES_NO_WORDS = re.compile(r"\b(done|not done|missed|completions|misses|due days in a row)\b")


@pytest.fixture(autouse=True)
def model_files(app_config):
    app_config["MODEL_STORE"] = "files"


def _card(client, name: str) -> str:
    """The text of the Tomorrow card that names `name`, tags stripped."""
    html = client.get("/insights").get_data(as_text=True)
    cards = re.findall(r"<li[^>]*data-prediction[^>]*>.*?</li>", html, re.S)
    [card] = [c for c in cards if f">{name}<" in c]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card))


def _slips(habit, days) -> None:
    if not days:
        return
    db.session.execute(sa.insert(CheckIn), [
        {"habit_id": habit.id, "day": day, "state": "not_done"} for day in days])
    db.session.commit()


def test_quit_habits_cards_speak_of_clean_days_and_slips(client, user, make_habit):
    """Quit habits of every kind of history the model or a fallback explains: often slipped,
    slipped yesterday, rarely, never, new; none says "done" or "not done"."""
    start = TODAY - timedelta(days=150)
    days = [start + timedelta(days=d) for d in range(150)]
    make_habit(user, "Read", start, [d for i, d in enumerate(days) if i % 4])
    patterns = {
        "Sugar": [d for i, d in enumerate(days) if i % 3 == 0],
        "Snacks": [d for i, d in enumerate(days) if i % 5 == 2 or i % 11 == 0] + [days[-1]],
        "Smoking": [d for i, d in enumerate(days) if i % 30 == 7],
        "Nails": [],
        "Soda": [TODAY - timedelta(days=3)],
    }
    for name, slipped in patterns.items():
        created = TODAY - timedelta(days=5) if name == "Soda" else start
        _slips(make_habit(user, name, created, kind="quit"), sorted(set(slipped)))
    forecast.train(user.id)
    forecast.refresh(user.id)
    cards = {name: _card(client, name) for name in patterns}
    said = [name for name, card in cards.items() if YES_NO_WORDS.search(card)]
    assert not said, {name: cards[name] for name in said}
    assert any(re.search(r"\b(clean|slip|slipped|slips)\b", c) for c in cards.values()), cards


def test_a_slip_today_settles_the_quit_clause_as_a_slip(client, user, make_habit):
    sugar = make_habit(user, "No sugar", TODAY - timedelta(days=60), kind="quit")
    db.session.add(Prediction(
        habit_id=sugar.id, user_id=user.id, for_day=TOMORROW, probability=0.8, source="model",
        reasons=to_stored(in_quit_words([if_today(N_("90%"), N_("40%"))])), at_risk=False,
        if_done=0.9, if_not_done=0.4))
    db.session.commit()
    assert "90% if clean today, 40% if you slip" in _card(client, "No sugar")
    answer = client.put(f"/api/v1/habits/{sugar.id}/checkins/{TODAY.isoformat()}",
                        json={"state": "not_done"}, headers=bearer(user.id))
    assert answer.status_code in (200, 201), answer.get_data(as_text=True)
    card = _card(client, "No sugar")
    assert "slipped today" in card and "40%" in card
    assert not YES_NO_WORDS.search(card), card
