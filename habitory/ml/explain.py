"""Short reasons for a prediction: the two features that moved it most, in words.

A feature's push is its coefficient times its standardised value (the term it adds to the
log-odds). The texts speak from the user's today, about tomorrow.

A reason states facts of the stored history only. Tomorrow's rows come in two scenarios (today
done / not done, see rows.py), both hypothetical while today is open: counts are read from the
"obs:" columns instead (today as it stands, an open today neither done nor missed), and a
feature that hangs on today's open check-in is said as "x% if done today, y% if not".
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline

from habitory.ml.features import MAX_IDLE

_TODAY_DEPENDENT = frozenset({"done_last", "transition", "days_since_done", "streak", "ewm_4",
                              "ewm_14", "ewm_45"})
_RECENT = {"ewm_4": "in the last few days", "ewm_14": "in the last two weeks",
           "ewm_45": "over the last two months"}
# The served baselines' features (evaluation.choose) and those of them that hang on today.
_BASELINE_FEATURE = {"base_rate": "base_rate", "rolling_7": "rate_7",
                     "same_as_yesterday": "transition", "weekday_rate": "weekday_rate",
                     "strength": "strength"}
_BASELINE_TODAY = frozenset({"transition", "strength"})
_NONE_YET = "no due day done or missed yet"
BETA = "beta_binomial"  # model.BETA (model.py imports this module)
_DAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


def linear_parts(pipeline: Pipeline, x: np.ndarray,
                 features: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds and per-feature contributions (coefficient x standardised value).

    The serving path: the fitted pipeline's own arrays in one pass of numpy, without
    scikit-learn's per-call input checks (tests check it equals predict_proba). Columns from
    `features` on (the per-habit indicators of model.design) are summed into one last part.
    """
    steps = pipeline.named_steps
    scale, logreg = steps["scale"], steps["logreg"]
    weights = steps["anchor"].kw_args["weights"] if "anchor" in steps else 1.0
    parts = (x - scale.mean_) * ((weights * logreg.coef_[0]) / scale.scale_)
    z = parts.sum(axis=1) + logreg.intercept_[0]
    if features is not None and features < parts.shape[1]:
        parts = np.hstack([parts[:, :features], parts[:, features:].sum(axis=1, keepdims=True)])
    return z, parts


class _Row:
    """One row of a table, read lazily: a reason needs two or three of its many columns."""

    __slots__ = ("columns", "i")

    def __init__(self, columns: dict[str, np.ndarray], i: int) -> None:
        self.columns, self.i = columns, i

    def __getitem__(self, name: str) -> Any:
        return self.columns[name][self.i]


def _pct(value: float) -> str:
    return f"{value:.0%}"


def _expit(z: float) -> float:
    return 1.0 / (1.0 + np.exp(-z))


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _ago(days: int) -> str:
    return "today" if days == 0 else "yesterday" if days == 1 else f"{_days(days)} ago"


def text(name: str, row: Any, weekday: int) -> str:
    """Words for one feature of one row whose day is tomorrow (the user's today + 1)."""
    if name == "base_rate":
        k, n = row["obs:k"], row["obs:n"]
        return f"overall rate {_pct(k / n)}" if n else _NONE_YET
    if name == "weekday_rate":
        return f"rate on {_DAYS[weekday]} {_pct(row['raw:weekday_rate'])}"
    if name == "done_last":
        if not row["raw:n"]:
            return "first due day"
        when = _ago(int(row["raw:gap_last"]) - 1)
        if when not in ("today", "yesterday"):
            when = "the last time it was due"
        return f"{'done' if row['raw:prev'] else 'not done'} {when}"
    if name == "days_since_done":
        since, age = int(row["raw:since"]), int(row["raw:age"])
        return "not done yet" if since > age else f"last done {_ago(since - 1)}"
    if name in ("rate_7", "rate_30"):
        width = name[5:]
        k, n = row[f"obs:k{width}"], row[f"obs:n{width}"]
        return f"rate over the last {width} days {_pct(k / n)}" if n else f"not due in {width} days"
    if name == "transition":
        after = "a done day" if row["raw:prev"] else "a missed day"
        return f"done {_pct(row['raw:transition'])} of the time after {after}"
    if name in _RECENT:
        return f"done about {_pct(row['raw:' + name])} of due days {_RECENT[name]}"
    if name == "user_rate_1":
        return f"all your habits today {_pct(_expit(row['user_rate_1']))}"
    if name == "user_rate_7":
        share = row["obs:user_7"]
        if share != share:  # NaN: nothing was due
            return "none of your habits due in the last 7 days"
        return f"all your habits over the last 7 days {_pct(share)}"
    if name == "user_idle":
        since = row["obs:idle"]
        if since != since:  # NaN: nothing logged at all
            return "you have not logged anything yet"
        if since >= MAX_IDLE:  # capped: at least MAX_IDLE - 1 days before today
            return "you last logged anything over 4 weeks ago"
        return f"you last logged anything {_ago(int(since) - 1)}"
    if name == "user_mood":
        kind = "better" if row["user_mood"] >= 0 else "worse"
        return f"all your habits went {kind} than usual in the last few days"
    if name == "user_weekday":
        kind = "good" if row["user_weekday"] >= 0 else "harder"
        return f"{_DAYS[weekday]} are {kind} days for all your habits"
    if name == "age":
        return f"habit is {_days(int(row['raw:age']))} old"
    if name == "streak":
        return f"done {int(row['raw:streak'])} due days in a row"
    if name == "weekend":
        return "tomorrow is a weekend day" if row["weekend"] else "tomorrow is a weekday"
    if name == "strength":
        return f"habit strength {_pct(_expit(row['strength']))}"
    return name.replace("_", " ")


def _if_today(probs: tuple[np.ndarray, np.ndarray], i: int) -> str:
    return f"{_pct(probs[1][i])} if done today, {_pct(probs[0][i])} if not"


def _fallback(source: str, row: Any, days_needed: int, each: int,
              today_open: str | None = None) -> list[str]:
    """Why a statistical estimate answers, and what it rests on (observed counts only).

    `today_open` is what today's open check-in changes ("x% if done today, y% if not"), or
    None when today is settled or not due.
    """
    k, n, age = int(row["obs:k"]), int(row["obs:n"]), int(row["raw:age"])
    if source != BETA:
        name = _BASELINE_FEATURE[source]
        said = today_open if today_open and name in _BASELINE_TODAY else None
        return [said or text(name, row, row["_weekday"]),
                "a simple estimate beat the model on your history"]
    if not n and not row["obs:logged"]:
        return ["new habit: no history yet", "a first guess until it has some history"]
    if age < days_needed:
        why = f"new habit: {_days(age)} of history"
    elif k < each:
        why = f"few completions so far ({k})"
    elif n - k < each:
        why = f"few misses so far ({n - k})"
    else:
        why = "not enough history for a personal model yet"
    return [why, f"done on {k} of {_days(n).replace('day', 'due day')}" if n else _NONE_YET]


def reasons_for(model: Any, scenarios: Any, w: np.ndarray,
                probs: tuple[np.ndarray, np.ndarray], unknown: np.ndarray, sources: np.ndarray,
                parts: np.ndarray | None, limits: tuple[int, int]) -> list[list[str]]:
    """Reasons for each habit's mixed next-day prediction (see model.predict_next_day).

    `scenarios` holds tomorrow's 2H rows (today not done, then done) and `parts` their
    contributions; `limits` is (days, examples of each outcome) the model needs per habit.
    """
    count = len(w)
    columns = scenarios.columns
    weekday = int(columns["_weekday"][0]) if count else 0
    ranked = np.zeros((count, 0), dtype=np.int64)
    if parts is not None:
        push = w[:, None] * parts[count:] + (1 - w[:, None]) * parts[:count]  # linear: exact
        ranked = np.argsort(-np.abs(push), axis=1)
    out: list[list[str]] = []
    for i in range(count):
        row = _Row(columns, i + count if w[i] >= 0.5 else i)
        if sources[i] != "model" or not ranked.size:
            today_open = _if_today(probs, i) if unknown[i] else None
            out.append(_fallback(str(sources[i]), row, *limits, today_open))
            continue
        reasons: list[str] = []
        for j in ranked[i]:
            name = model.features[j] if j < len(model.features) else ""
            if not name:  # the habit's own term (model.design)
                kind = "better" if push[i, j] >= 0 else "worse"
                said = f"lately this habit goes {kind} than its rates suggest"
            elif unknown[i] and name in _TODAY_DEPENDENT and row["raw:gap_last"] == 1:
                # The feature hangs on today's open check-in: say what today changes, once.
                said = _if_today(probs, i)
            else:
                said = text(name, row, weekday)
            if said not in reasons:
                reasons.append(said)
            if len(reasons) == 2:
                break
        out.append(reasons)
    return out
