"""Tomorrow's chance while today is open: an open check-in still counts for what it may become,
less so as the day goes, and at the day's end the served chance is the one the backtest scores
(the training table's row for tomorrow). A quit habit's quiet day is a clean one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
import sqlalchemy as sa

from habitory import clock
from habitory.domain.predictions import PREDICTIONS_MAX_AGE, due_work
from habitory.extensions import db
from habitory.ml.dataset import next_day, training_table
from habitory.ml.model import P_MAX, P_MIN, predict_next_day, probabilities, still_done
from habitory.ml.training import fit_user
from habitory.models import Prediction, User, utcnow

from .test_ml import TODAY, five_habits


@pytest.fixture(scope="module")
def trained():
    histories = five_habits(seed=3, days=150)
    return histories, fit_user(histories, TODAY, backtest_days=7)


def test_an_open_day_counts_less_as_it_goes():
    p = np.array([0.9, 0.5, 0.1, 0.9, 0.2])
    quit_ = np.array([False, False, False, True, True])
    assert still_done(p, quit_, 0.0) == pytest.approx(p)
    at_the_end = still_done(p, quit_, 1.0)
    assert at_the_end.tolist() == [0.0, 0.0, 0.0, 1.0, 1.0]  # nothing logged: as it stands
    half = still_done(p, quit_, 0.5)
    assert (half[:3] < p[:3]).all() and (half[:3] > 0).all()
    assert (half[3:] > p[3:]).all() and (half[3:] < 1).all()
    # Bayes with a check-in as likely at any hour: 0.5 * 0.5 / (0.5 * 0.5 + 0.5) = 1/3.
    assert half[1] == pytest.approx(1 / 3)
    later = [still_done(p, quit_, f)[0] for f in (0.0, 0.25, 0.5, 0.75, 1.0)]
    assert later == sorted(later, reverse=True)


def test_at_the_days_end_the_served_chance_is_the_backtests_row(trained):
    histories, model = trained
    inputs = next_day(histories, TODAY)
    assert inputs.unknown.sum() >= 3, "the fixture must leave today open for several habits"
    served = {p.habit_id: p for p in predict_next_day(model, histories, TODAY, 1.0)}
    # The backtest's row for tomorrow: today is a past day there, taken as it stands.
    table = training_table(histories, TODAY + timedelta(days=2))
    rows = np.nonzero(table["day"] == (TODAY + timedelta(days=1)).toordinal())[0]
    expected, _ = probabilities(model, table.take(rows))
    compared = 0
    for habit, p in zip(table["habit_id"][rows].tolist(), expected.tolist(), strict=True):
        if served[habit].due:
            assert served[habit].probability == pytest.approx(p, abs=1e-4), habit
            compared += 1
    assert compared >= 3


def test_an_open_day_early_on_still_hopes(trained):
    histories, model = trained
    morning = {p.habit_id: p.probability for p in predict_next_day(model, histories, TODAY, 0.0)}
    night = {p.habit_id: p.probability for p in predict_next_day(model, histories, TODAY, 1.0)}
    open_ = next_day(histories, TODAY).unknown
    ids = list(histories)
    moved = [h for h, is_open in zip(ids, open_, strict=True) if is_open
             and histories[h].kind != "quit" and morning[h] != night[h]]
    assert moved, "an open day must move tomorrow's chance as it ends"
    for habit in moved:  # a day that ends without the check-in lowers tomorrow's chance
        assert P_MIN <= night[habit] < morning[habit] <= P_MAX


@pytest.mark.parametrize(("zone", "start", "moment", "elapsed"), [
    ("UTC", 0, datetime(2026, 12, 6, 12, 0, tzinfo=UTC), 0.5),
    ("Europe/Berlin", 0, datetime(2026, 12, 6, 17, 0, tzinfo=UTC), 0.75),  # 18:00 there
    ("UTC", 4, datetime(2026, 12, 6, 2, 0, tzinfo=UTC), 22 / 24),  # still yesterday's day
    ("UTC", 4, datetime(2026, 12, 6, 4, 0, tzinfo=UTC), 0.0),
    ("Not/AZone", 0, datetime(2026, 12, 6, 6, 0, tzinfo=UTC), 0.25),
])
def test_how_much_of_the_users_day_has_gone(zone, start, moment, elapsed):
    _, seconds = clock.day_position(zone, start, moment)
    assert seconds / 86400 == pytest.approx(elapsed)


def test_stored_chances_are_refreshed_when_hours_old(app, user, make_habit):
    habit = make_habit(user, "Read")
    db.session.execute(sa.update(User).values(predictions_stale=False,
                                              model_trained_at=utcnow()))
    # For tomorrow (one for today is behind at once: tests/test_predictions_day_turned.py).
    db.session.add(Prediction(habit_id=habit.id, user_id=user.id,
                              for_day=clock.user_today(user) + timedelta(days=1),
                              probability=0.5, source="model", reasons="",
                              computed_at=utcnow() - PREDICTIONS_MAX_AGE + timedelta(minutes=5)))
    db.session.commit()
    assert ("refresh", user.id) not in due_work()
    db.session.execute(sa.update(Prediction).values(
        computed_at=utcnow() - PREDICTIONS_MAX_AGE - timedelta(minutes=5)))
    db.session.commit()
    assert due_work() == [("refresh", user.id)]
