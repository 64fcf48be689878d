"""The cards and labels a user with habits of every schedule sees after the jobs ran: the
forecast's refresh (which stores tomorrow's chances and raises the heads-ups) and the daily
rules. Insights' "at risk" label and the "may be hard tomorrow" card agree: a flexible habit
going well gets neither, a daily habit at real risk both."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from habitory.domain import rules_run
from habitory.extensions import db
from habitory.jobs import forecast
from habitory.ml import model as ml_model
from habitory.models import Notification, Prediction

from .conftest import HTMX, TODAY

LABELLED = re.compile(r'data-name>([^<]+?)\s*(<span[^>]*>at risk</span>)?</p>')


@pytest.fixture
def low_chances(monkeypatch):
    """Every habit due tomorrow gets a 30% chance, in both of today's outcomes too."""
    real = ml_model.predict_next_day

    def predict(*args, **kwargs):
        return [p.__class__(**{**p.__dict__, "probability": 0.3, "at_risk": p.due,
                               "if_done": 0.3, "if_not_done": 0.3})
                for p in real(*args, **kwargs)]

    monkeypatch.setattr(forecast, "predict_next_day", predict)


@pytest.fixture
def account(user, make_habit, frozen_now, monkeypatch):
    """Ada's habits over 120 days; TODAY is a Wednesday, 23:30, nothing ticked today (so the
    forecast reads today as missed, and tomorrow as due for each of them)."""
    moment = frozen_now(TODAY.year, TODAY.month, TODAY.day, 23, 30)
    monkeypatch.setattr(rules_run, "now_utc", lambda: moment)
    start = TODAY - timedelta(days=120)

    def days(*agos):
        return [TODAY - timedelta(days=n) for n in agos]

    return {
        "Walk": make_habit(user, "Walk", start, days(*range(1, 120, 2))),  # daily, half
        "Gym": make_habit(user, "Gym", start, [  # 3x a week: Mon, Wed, Fri
            d for d in days(*range(1, 120)) if d.weekday() in (0, 2, 4)], freq_num=3,
            freq_den=7),
        # Every 3 days: Plants' last tick covers until today, Water's until two days ago,
        # so tomorrow is the last day of Water's 3 days.
        "Plants": make_habit(user, "Plants", start, days(*range(2, 120, 3)), freq_den=3),
        "Water": make_habit(user, "Water", start, days(*range(4, 120, 3)), freq_den=3),
    }


def _labels(client) -> dict[str, bool]:
    html = client.get("/insights").get_data(as_text=True)
    return {name.strip(): bool(badge) for name, badge in LABELLED.findall(html)}


def _cards(user_id: int, kind: str) -> list[tuple[str, str]]:
    rows = db.session.execute(sa.select(Notification.title, Notification.body).where(
        Notification.user_id == user_id, Notification.kind == kind)
        .order_by(Notification.id)).all()
    return [(title, body) for title, body in rows]


def test_flexible_habits_going_well_are_neither_labelled_nor_carded(client, user, account,
                                                                   low_chances):
    forecast.refresh(user.id)
    names = {h.id: name for name, h in account.items()}
    stored = {names[p.habit_id]: p.at_risk for p in db.session.scalars(sa.select(Prediction))}
    assert stored == {"Walk": True, "Gym": False, "Plants": False, "Water": True}
    assert _labels(client) == stored
    found = _cards(user.id, "at_risk")
    assert [title for title, _ in found] == ["Walk may be hard tomorrow",
                                             "Water may be hard tomorrow"]
    assert found[0][1].startswith("The forecast gives Walk a 30% chance of getting it done "
                                  "tomorrow, Thursday (last 30 days: 15 of 30 due days).")
    assert found[1][1].startswith("Water needs a check-in tomorrow, Thursday, to keep its goal "
                                  "(every 3 days): the forecast gives it a 30% chance (checked "
                                  "off 9 times in the last 30 days).")


def test_a_tick_today_does_not_label_a_flexible_habit_at_risk(client, user, account,
                                                              low_chances):
    forecast.refresh(user.id)
    gym = account["Gym"]
    # Its chance for tomorrow once today is done is 30%: of one day of a 3x/week habit.
    assert db.session.scalar(sa.select(Prediction.if_done).where(
        Prediction.habit_id == gym.id)) is None
    client.post(f"/habits/{gym.id}/toggle", data={"day": TODAY.isoformat()}, headers=HTMX)
    labels = _labels(client)
    assert labels["Gym"] is False and labels["Walk"] is True
    client.post(f"/habits/{account['Walk'].id}/toggle", data={"day": TODAY.isoformat()},
                headers=HTMX)
    assert _labels(client)["Walk"] is True  # a daily habit's chance after a tick: 30%


def test_a_habit_gets_at_most_two_new_cards_a_run_the_rest_another_day(user, make_habit,
                                                                       monkeypatch):
    monkeypatch.setattr(rules_run, "now_utc", lambda: datetime(
        TODAY.year, TODAY.month, TODAY.day, 1, tzinfo=UTC))
    start = TODAY - timedelta(days=90)
    make_habit(user, "Floss", start, [TODAY - timedelta(days=n) for n in range(4, 90, 4)])
    rules_run.run_rules([user], force=True)
    first = [title for title, _ in _cards(user.id, "missed") + _cards(user.id, "suggestion")
             + _cards(user.id, "low_consistency")]
    assert first == ["Floss: missed 3 times in a row", "An easier goal for Floss?"]
    # The next run has nothing newer to say of it than the low rate it held back.
    monkeypatch.setattr(rules_run, "now_utc", lambda: datetime(
        TODAY.year, TODAY.month, TODAY.day, 23, tzinfo=UTC))
    rules_run.run_rules([user], force=True)
    assert [t for t, _ in _cards(user.id, "low_consistency")] == ["Floss is at 23% lately"]
