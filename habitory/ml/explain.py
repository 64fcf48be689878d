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

from habitory.ml.counts import mood
from habitory.ml.today_settled import ago, if_today, last_logged, outcome_today
from habitory.stats.phrases import DAYS_PLURAL, N_, NP_, Msg, about_the_user, grouped_count

_TODAY_DEPENDENT = frozenset({"done_last", "transition", "days_since_done", "streak", "ewm_4",
                              "ewm_14", "ewm_45"})
_RECENT = {"ewm_4": N_("in the last few days"), "ewm_14": N_("in the last two weeks"),
           "ewm_45": N_("over the last two months")}
# The served baselines' features (evaluation.choose) and those of them that hang on today.
_BASELINE_FEATURE = {"base_rate": "base_rate", "rolling_7": "rate_7",
                     "same_as_yesterday": "transition", "weekday_rate": "weekday_rate",
                     "strength": "strength"}
_BASELINE_TODAY = frozenset({"transition", "strength"})
_NONE_YET = N_("no due day done or missed yet")
# The user's mood (the share of recent due check-ins done beyond what each habit's own rates
# expected) is said only from this far off none: a hair's breadth is "as usual", not better or
# worse (an account idle for years sits a point below, from rates that expect next to nothing).
MOOD_SAID = 0.05
# Something logged since the day before yesterday: without it, the last few days did not go
# better than usual (the last log is obs:idle - 1 days before today).
MOOD_BETTER_IDLE = 3
BETA = "beta_binomial"  # model.BETA (model.py imports this module)


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


def _pct(value: float) -> Msg:
    return N_("%(percent)s%%", percent=f"{value * 100:.0f}")


def _expit(z: float) -> float:
    return 1.0 / (1.0 + np.exp(-z))


def _days(n: int) -> Msg:
    return NP_("%(num)s day", "%(num)s days", n)


def text(name: str, row: Any, weekday: int) -> Msg | None:
    """Words for one feature of one row whose day is tomorrow (the user's today + 1), or None
    when the history has nothing true to say for it (a user-level mood of nothing)."""
    if name.startswith("user_"):
        said = _about_the_user(name, row, weekday)
        return about_the_user(said) if said is not None else None
    if name == "base_rate":
        k, n = row["obs:k"], row["obs:n"]
        return N_("overall rate %(rate)s", rate=_pct(k / n)) if n else _NONE_YET
    if name == "weekday_rate":
        return N_("rate on %(days)s %(rate)s", days=DAYS_PLURAL[weekday],
                  rate=_pct(row["raw:weekday_rate"]))
    if name == "done_last":
        if not row["raw:n"]:
            return N_("first due day")
        gap = int(row["raw:gap_last"]) - 1
        done = bool(row["raw:prev"])
        if gap == 0:
            return outcome_today(done)
        if gap == 1:
            return N_("done yesterday") if done else N_("not done yesterday")
        return (N_("done the last time it was due") if done
                else N_("not done the last time it was due"))
    if name == "days_since_done":
        since, age = int(row["raw:since"]), int(row["raw:age"])
        if since > age:
            return N_("not done yet")
        return N_("last done %(ago)s", ago=ago(since - 1))
    if name in ("rate_7", "rate_30"):
        width = name[5:]
        k, n = row[f"obs:k{width}"], row[f"obs:n{width}"]
        if n:
            return N_("rate over the last %(width)s days %(rate)s", width=width, rate=_pct(k / n))
        return N_("not due in %(width)s days", width=width)
    if name == "transition":
        rate = _pct(row["raw:transition"])
        if row["raw:prev"]:
            return N_("done %(rate)s of the time after a done day", rate=rate)
        return N_("done %(rate)s of the time after a missed day", rate=rate)
    if name in _RECENT:
        return N_("done about %(rate)s of due days %(when)s", rate=_pct(row["raw:" + name]),
                  when=_RECENT[name])
    if name == "age":
        return N_("habit is %(age)s old", age=_days(int(row["raw:age"])))
    if name == "streak":
        return N_("done %(streak)s due days in a row",
                  streak=grouped_count(int(row["raw:streak"])))
    if name == "weekend":
        return N_("tomorrow is a weekend day") if row["weekend"] else N_("tomorrow is a weekday")
    if name == "strength":
        return N_("habit strength %(rate)s", rate=_pct(_expit(row["strength"])))
    return Msg(None, parts=[name.replace("_", " ")])


def _about_the_user(name: str, row: Any, weekday: int) -> Msg | None:
    """Words for a feature that is the same for all of the user's habits.

    Said above several of the Tomorrow cards (insights/tomorrow.py) with the names of only
    those it moved most: the words speak of the habits overall, true whichever are named.
    """
    if name == "user_rate_1":
        return N_("all your habits today %(rate)s", rate=_pct(_expit(row["user_rate_1"])))
    if name == "user_rate_7":
        share = row["obs:user_7"]
        if share != share:  # NaN: nothing was due
            return N_("none of your habits due in the last 7 days")
        # Said beside Insights' rates, which count the days a flexible habit's ticks cover:
        # this share counts check-ins only, and says so, so it cannot read as the same figure.
        return N_("you ticked off %(rate)s of what was due in the last 7 days", rate=_pct(share))
    if name == "user_idle":
        return last_logged(row["obs:idle"])
    if name == "user_mood":
        # From the days before today: tomorrow's feature counts today's open habits as their
        # expected outcomes, which beat rates that expect nothing of an idle account.
        said = float(mood(row["obs:mood_r"], row["obs:mood_n"]))
        if said >= MOOD_SAID and row["obs:idle"] <= MOOD_BETTER_IDLE:
            return N_("your habits overall went better than usual in the last few days")
        if said <= -MOOD_SAID:
            return N_("your habits overall went worse than usual in the last few days")
        return None
    if name == "user_weekday":
        if row["user_weekday"] >= 0:
            return N_("%(days)s are good days for your habits overall", days=DAYS_PLURAL[weekday])
        return N_("%(days)s are harder days for your habits overall", days=DAYS_PLURAL[weekday])
    return Msg(None, parts=[name.replace("_", " ")])


# Under this many points apart, "32% if done today, 33% if not" reads as if today mattered
# when it does not: the next reason is said instead.
_TODAY_MOVES = 5


def _if_today(probs: tuple[np.ndarray, np.ndarray], i: int) -> Msg | None:
    """What today's open check-in changes, or None when it moves tomorrow's chance by fewer
    than _TODAY_MOVES points."""
    done, not_done = probs[1][i] * 100, probs[0][i] * 100
    if abs(round(done) - round(not_done)) < _TODAY_MOVES:
        return None
    return if_today(_pct(probs[1][i]), _pct(probs[0][i]))


# What predictions stored before 7 Dec 2026 say until they are next refreshed (within a
# day): kept so that their translations stay in the catalogs meanwhile.
_STORED_BEFORE = (N_("lately this habit goes better than its rates suggest"),
                  N_("lately this habit goes worse than its rates suggest"),
                  N_("all your habits over the last 7 days %(rate)s"),
                  N_("all your habits went better than usual in the last few days"),
                  N_("all your habits went worse than usual in the last few days"),
                  N_("%(days)s are good days for all your habits"),
                  N_("%(days)s are harder days for all your habits"),
                  NP_("easier than its rates alone suggest (+%(points)s\u00a0point)",
                      "easier than its rates alone suggest (+%(points)s\u00a0points)", 2,
                      points=2),
                  NP_("harder than its rates alone suggest (−%(points)s\u00a0point)",
                      "harder than its rates alone suggest (−%(points)s\u00a0points)", 2,
                      points=2),
                  # ... and those stored before 8 Dec 2026:
                  N_("your overall rate over the last 7 days %(rate)s"))


def _own_term(probs: tuple[np.ndarray, np.ndarray], part: np.ndarray, w: float,
              i: int) -> Msg | None:
    """The habit's own intercept, shrunk toward the user's mean: how much more (or less) often
    this habit is done than the user's other habits with the same rates (what its rates alone
    would suggest, in the pooled model), as the points of
    tomorrow's chance it adds (each of today's two outcomes, weighed as the chance is). None
    when that rounds to nothing. `part` is the term's log-odds in each outcome, calibrated."""
    moved = 0.0
    for outcome, weight in ((0, 1 - w), (1, w)):
        chance = float(np.clip(probs[outcome][i], 1e-6, 1 - 1e-6))
        moved += weight * (chance - _expit(np.log(chance / (1 - chance)) - part[outcome]))
    points = round(abs(moved) * 100)
    if not points:
        return None
    # A no-break space keeps "(−18 points)" on one line on a phone.
    # Said as the pooled comparison it is: "easier than its rates suggest" read as a promise
    # above the rates shown beside it, when the chance could well be below them.
    if moved > 0:
        return NP_("done more often than your other habits with these rates "
                   "(+%(points)s\u00a0point)",
                   "done more often than your other habits with these rates "
                   "(+%(points)s\u00a0points)", points, points=points)
    return NP_("done less often than your other habits with these rates (−%(points)s\u00a0point)",
               "done less often than your other habits with these rates "
               "(−%(points)s\u00a0points)", points, points=points)


def _fallback(source: str, row: Any, days_needed: int, each: int,
              today_open: Msg | None = None) -> list[Msg]:
    """Why a statistical estimate answers, and what it rests on (observed counts only).

    `today_open` is what today's open check-in changes ("x% if done today, y% if not"), or
    None when today is settled or not due.
    """
    k, n, age = int(row["obs:k"]), int(row["obs:n"]), int(row["raw:age"])
    if source != BETA:
        name = _BASELINE_FEATURE[source]
        said = today_open if today_open and name in _BASELINE_TODAY else None
        return [said or text(name, row, row["_weekday"]),
                N_("a simple estimate beat the model on your history")]
    if not n and not row["obs:logged"]:
        return [N_("new habit: no history yet"), N_("a first guess until it has some history")]
    if age < days_needed:
        why = N_("new habit: %(age)s of history", age=_days(age))
    elif k < each:
        why = N_("few completions so far (%(count)s)", count=k)
    elif n - k < each:
        why = N_("few misses so far (%(count)s)", count=n - k)
    else:
        why = N_("not enough history for a personal model yet")
    if not n:
        return [why, _NONE_YET]
    return [why, _done_on(k, n)]


def _done_on(k: int, n: int) -> Msg:
    return NP_("done on %(done)s of %(num)s due day", "done on %(done)s of %(num)s due days", n,
               done=k)


def reasons_for(model: Any, scenarios: Any, w: np.ndarray,
                probs: tuple[np.ndarray, np.ndarray], unknown: np.ndarray, sources: np.ndarray,
                parts: np.ndarray | None, limits: tuple[int, int]) -> list[list[Msg]]:
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
    out: list[list[Msg]] = []
    for i in range(count):
        row = _Row(columns, i + count if w[i] >= 0.5 else i)
        if sources[i] != "model" or not ranked.size:
            today_open = _if_today(probs, i) if unknown[i] else None
            out.append(_fallback(str(sources[i]), row, *limits, today_open))
            continue
        reasons: list[Msg] = []
        for j in ranked[i]:
            name = model.features[j] if j < len(model.features) else ""
            if not name:  # the habit's own term (model.design)
                slope = (model.meta.get("calibration") or (1.0, 0.0))[0]
                said = _own_term(probs, parts[[i, i + count], j] * slope, w[i], i)
                if said is None:  # under half a point: the next reason
                    continue
            elif unknown[i] and name in _TODAY_DEPENDENT and row["raw:gap_last"] == 1:
                # The feature hangs on today's open check-in: say what today changes, once.
                said = _if_today(probs, i)
                if said is None:  # today changes nothing worth saying: the next reason
                    continue
            else:
                said = text(name, row, weekday)
                if said is None:  # nothing true to say for it: the next reason
                    continue
            if said not in reasons:
                reasons.append(said)
            if len(reasons) == 2:
                break
        out.append(reasons)
    return out
