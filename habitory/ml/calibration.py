"""Platt scaling on a time-held-out slice: p' = expit(a * logit(p) + b).

The slice is the user's own rolling backtest (evaluation.backtest): every one of its
probabilities was made from earlier days only, so (a, b) are fitted on predictions the model
really made out of sample. Four weeks of one user's rows are few, so (a, b) are shrunk toward
(1, 0), no change, by a Gaussian prior of PRIOR pseudo-rows (benchmarks/ML.md).
"""

from __future__ import annotations

import numpy as np

PRIOR = 10.0
MIN_ROWS = 10  # fewer out-of-sample rows than this: no calibration
NONE = (1.0, 0.0)


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def fit_platt(p: np.ndarray, y: np.ndarray, prior: float = PRIOR) -> tuple[float, float]:
    """(a, b) minimising the log loss of expit(a * logit(p) + b) plus the prior's penalty."""
    if len(p) < MIN_ROWS:
        return NONE
    z = _logit(np.clip(p, 1e-4, 1 - 1e-4))
    a, b = NONE
    for _ in range(25):  # Newton steps; the penalised loss is strictly convex
        q = 1 / (1 + np.exp(-(a * z + b)))
        w = q * (1 - q)
        grad = np.array([np.sum((q - y) * z) + prior * (a - 1), np.sum(q - y) + prior * b])
        hess = np.array([[np.sum(w * z * z) + prior, np.sum(w * z)],
                         [np.sum(w * z), np.sum(w) + prior]])
        step = np.linalg.solve(hess, grad)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-7:
            break
    return float(a), float(b)


def apply_platt(z: np.ndarray, calibration: tuple[float, float] | None) -> np.ndarray:
    """Log-odds after calibration (none: unchanged)."""
    if not calibration:
        return z
    a, b = calibration
    return a * z + b
