"""How the features smooth and bound what they count: the Beta priors' weights in pseudo-days,
the decays' half-lives, the caps, and the logit that every rate enters the model through.

Shared by every feature module (features.py, counts.py, user_totals.py) and by the model's
explanations, which read the same caps.
"""

from __future__ import annotations

import numpy as np

PRIOR_WEIGHT = 5.0  # pseudo-days pulling a habit's rate toward the user's mean (Beta prior)
WEEKDAY_WEIGHT = 3.0  # pseudo-days pulling a weekday's rate toward the habit's rate
WINDOW_WEIGHT = 2.0  # pseudo-days pulling a 7- or 30-day rate toward the habit's rate
POPULATION_MEAN, POPULATION_WEIGHT = 0.6, 4.0  # prior for a user with no history yet
MAX_GAP = 60  # days since the last completion, capped: beyond two months it is all "long ago"
MAX_IDLE = 30  # days since the user logged anything: a month away is as telling as more
USER_WEEKDAY_WEIGHT = 5.0  # pseudo-days pulling the user's weekday rate toward their mean
MOOD_HALF_LIFE = 3.0  # days: how long a good or bad day across all habits keeps telling (ML.md)
MOOD_WEIGHT = 2.0  # pseudo-rows pulling the user's recent surprise toward none
EPS = 0.01  # rates are clipped to [EPS, 1 - EPS] before the logit
EWM_HALF_LIVES = (4, 14, 45)  # days: recency-weighted rates at three horizons


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds of probabilities clipped away from 0 and 1."""
    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p / (1 - p))
