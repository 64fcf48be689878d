"""The model's serving path: numpy fast path, per-habit terms, the user's mood for tomorrow."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest

from habitory.ml.dataset import next_day, training_table
from habitory.ml.explain import linear_parts
from habitory.ml.features import fill_mood
from habitory.ml.model import MODEL, UserModel, design, fit, habit_terms, predict_next_day
from habitory.ml.storage import load_model, save_model
from habitory.ml.training import fit_user
from habitory.stats.schedule import Entry

from .test_ml import SECRET, TODAY, five_habits, random_history


@pytest.fixture(scope="module")
def trained():
    """A 300-day user and a model fitted on every row before today, with habit terms."""
    histories = five_habits(17, days=300)
    model = fit_user(histories, TODAY, backtest_days=7)
    model.served = MODEL  # whatever the backtest chose, serve the model itself
    assert model.pipeline is not None and model.habits == tuple(histories)
    return histories, model


def test_fast_path_equals_predict_proba(trained):
    """The numpy path gives scikit-learn's own probabilities, on training and next-day rows."""
    histories, model = trained
    table = training_table(histories, TODAY)
    inputs = next_day(histories, TODAY)
    for rows in (table, inputs.today, inputs.scenarios):
        x = design(rows, model.features, model.habits)
        z, parts = linear_parts(model.pipeline, x, len(model.features))
        expected = model.pipeline.predict_proba(x)[:, 1]
        np.testing.assert_allclose(1 / (1 + np.exp(-z)), expected, rtol=0, atol=1e-9)
        # One part per feature, plus the habits' terms summed into one, adding up to z.
        assert parts.shape == (len(rows), len(model.features) + 1)
        intercept = model.pipeline.named_steps["logreg"].intercept_[0]
        np.testing.assert_allclose(parts.sum(axis=1) + intercept, z, atol=1e-9)


def test_habit_terms_are_indicator_columns():
    """design() appends one 0/1 column per known habit; an unknown habit gets zeros."""
    table = training_table(five_habits(3), TODAY)
    habits = habit_terms(table)
    x = design(table, ("transition",), habits[:-1])
    assert x.shape == (len(table), len(habits))
    ids = table["habit_id"]
    for j, habit_id in enumerate(habits[:-1]):
        np.testing.assert_array_equal(x[:, 1 + j], ids == habit_id)
    assert not x[ids == habits[-1], 1:].any()


def test_recency_weights_change_the_fit_and_need_the_rows_days():
    """Weighting by age moves the coefficients; without days the fit is unweighted."""
    table = training_table(five_habits(5, days=200), TODAY)
    features = ("transition", "rate_7")
    x, y = design(table, features), table["y"]
    plain = fit(x, y, features).named_steps["logreg"].coef_
    weighted = fit(x, y, features, days=table["day"]).named_steps["logreg"].coef_
    assert not np.allclose(plain, weighted)


def test_a_habit_added_after_training_still_gets_a_prediction(trained):
    """A habit the model has no term for is predicted (by the fallback while it is new)."""
    histories, model = trained
    more = {**histories, 99: random_history(random.Random(9), 40, 0.6)}
    by_id = {p.habit_id: p for p in predict_next_day(model, more, TODAY)}
    assert set(by_id) == set(more)
    assert by_id[99].source == MODEL  # 40 days of history: the model speaks for it


def test_saved_model_keeps_its_habit_terms(trained, tmp_path):
    """The habit ids travel with the file, and the loaded model predicts the same."""
    histories, model = trained
    save_model(tmp_path, 1, model, SECRET)
    loaded = load_model(tmp_path, 1, SECRET)
    assert loaded is not None and loaded.habits == model.habits
    assert predict_next_day(loaded, histories, TODAY) == predict_next_day(model, histories,
                                                                           TODAY)
    short = UserModel(MODEL, model.pipeline, model.features, model.meta, model.habits[:-1])
    save_model(tmp_path, 2, short, SECRET)
    assert load_model(tmp_path, 2, SECRET) is None  # columns and habit ids disagree


def test_tomorrows_mood_matches_the_training_path():
    """user_mood for tomorrow equals the training table's, settled or as an expectation."""
    histories = {k: replace(h, entries={d: e for d, e in h.entries.items() if d < TODAY})
                 for k, h in five_habits(21).items()}
    tomorrow = (TODAY + timedelta(days=1)).toordinal()

    def full(states: dict[int, str]) -> float:
        h = {k: replace(v, entries={**v.entries, **({TODAY: Entry(states[k])}
                                                     if k in states else {})})
             for k, v in histories.items()}
        table = training_table(h, TODAY + timedelta(days=2)).frame()
        return float(table[table.day == tomorrow].user_mood.iloc[0])

    inputs = next_day(histories, TODAY)
    open_ids = [int(i) for i in inputs.habit_ids[inputs.unknown]]
    assert len(open_ids) >= 2
    # Every open habit settled as not done: the expectation with p = 0 is the real value.
    columns = dict(inputs.scenarios.columns)
    fill_mood(columns, 0.0)
    missed = full(dict.fromkeys(open_ids, "not_done"))
    assert columns["user_mood"][0] == pytest.approx(missed, abs=1e-12)
    # The mood is linear in today's outcomes: one habit done with chance p moves it by p.
    first = open_ids[0]
    done_first = full({i: "done" if i == first else "not_done" for i in open_ids})
    fill_mood(columns, 0.3)
    assert columns["user_mood"][0] == pytest.approx(0.7 * missed + 0.3 * done_first, abs=1e-12)
