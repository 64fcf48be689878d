"""Platt scaling (ml/calibration.py): it undoes over-confidence, stays put with few rows, and a
model file's saved calibration changes what is served."""

from __future__ import annotations

import numpy as np

from habitory.ml.calibration import NONE, apply_platt, fit_platt
from habitory.ml.dataset import training_table
from habitory.ml.model import MODEL, UserModel, fit, probabilities

from .test_ml import TODAY, five_habits


def test_over_confident_probabilities_are_pulled_in():
    rng = np.random.default_rng(1)
    truth = rng.uniform(0.2, 0.8, 4000)
    y = (rng.random(4000) < truth).astype(float)
    z = np.log(truth / (1 - truth))
    told = 1 / (1 + np.exp(-2.0 * z))  # twice as sure as the truth
    a, b = fit_platt(told, y)
    assert 0.4 < a < 0.6 and abs(b) < 0.1
    fixed = 1 / (1 + np.exp(-apply_platt(2.0 * z, (a, b))))
    assert np.mean((fixed - y) ** 2) < np.mean((told - y) ** 2)


def test_too_few_rows_change_nothing():
    assert fit_platt(np.full(5, 0.9), np.zeros(5)) == NONE
    z = np.array([-1.0, 0.5])
    assert (apply_platt(z, None) == z).all()


def test_a_saved_calibration_is_applied_to_the_models_rows():
    table = training_table(five_habits(3, days=150), TODAY)
    pipeline = fit(table.matrix(("rate_7", "done_last")), table["y"], ("rate_7", "done_last"))
    plain = UserModel(MODEL, pipeline, ("rate_7", "done_last"))
    damped = UserModel(MODEL, pipeline, ("rate_7", "done_last"), {"calibration": [0.0, 0.0]})
    p, source = probabilities(plain, table)
    q, _ = probabilities(damped, table)
    assert np.ptp(p[source == MODEL]) > 0.1
    assert np.allclose(q[source == MODEL], 0.5)  # a = 0: every model row says 50 %
