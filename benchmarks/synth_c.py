"""A third synthetic generator, written apart from A (bench_ml) and B (synth_b): predictable people.

Issue 16's outside testers score the model on a held-out simulation whose ceiling (a predictor
that knows each day's true chance) is +31.5 % against the best naive baseline and +39.0 %
against the base rate; A's and B's ceilings are +18.9 % and +14.5 %. This generator is tuned to
land near the testers' ceiling (ML_C.md reports where it lands), so that the model's share of
the gap to the ceiling can be measured on people that predictable. Its assumptions:
- a strong weekly routine per person (weekends differ), and per habit a set of "its" days
  (the gym on Monday, Wednesday and Friday) even when the habit is scheduled daily;
- persistence at two lags: done yesterday and done the day before both count, per habit;
- shared good and bad stretches: one slow mood per person (AR(1)), felt by every habit;
- habit formation (automaticity grows over the first weeks, after Lally et al. 2010) or
  fading (motivation wears off), and a slow random-walk drift per habit;
- holidays: whole days to weeks away, logged as nothing for every habit; the ceiling knows
  them (flagged `away`), as A's and B's ceilings know their breaks;
- logging gaps: days the person did things but logged nothing at all (all habits), at a
  per-person rate; the ceiling knows only the rate, not the day.
Yes/no habits only, daily or on a weekday set.

user_c(seed) returns the histories and their truth: {(habit id, day ordinal): (chance the day
shows as done, away)}, the form ml_compare.one takes (see ml_compare.truth_maps). Given a dict
`known`, it also fills it with a lower ceiling, "the ceiling without today's news": the same
generator's chance given everything up to yesterday (every parameter, yesterday's mood and
drift, whether yesterday was away), averaged over today's mood and drift shocks; it does not
see a holiday's first day coming (nor a logging gap). No predictor of real data knows more.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
from numpy.polynomial.hermite_e import hermegauss

from habitory.stats.schedule import Entry, HabitHistory, Schedule

TODAY = date(2025, 11, 30)
SEED = 31_500_000
# One knob scales every behavioural effect (routine, persistence, mood, formation, drift):
# 1.3 is the tuned value (ML_C.md); the tuning sweep in ml_compare_c.py --ceiling varies it.
STRENGTH = [1.3]

Truth = dict[tuple[int, int], tuple[float, bool]]
_NODES, _WEIGHTS = hermegauss(12)  # E[f(N(0, 1))] by Gauss-Hermite quadrature
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


def _expit(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _away(rng: np.random.Generator, span: int) -> np.ndarray:
    """Holidays: a few a year, a long weekend to two weeks, shared by every habit."""
    off = np.zeros(span, dtype=bool)
    for _ in range(int(rng.poisson(3.0 * span / 365))):
        begin = int(rng.integers(0, span))
        off[begin:begin + int(rng.choice([2, 3, 4, 7, 9, 14], p=[.2, .25, .15, .2, .1, .1]))] = True
    return off


def _mood(rng: np.random.Generator, span: int) -> tuple[np.ndarray, float, float]:
    """Good and bad stretches lasting about a week or two (AR(1), stationary start)."""
    phi, sd = rng.uniform(0.8, 0.93), rng.uniform(0.25, 0.5)
    out = np.empty(span)
    out[0] = rng.normal(0, sd / math.sqrt(1 - phi * phi))
    shocks = rng.normal(0, sd, span)
    for t in range(1, span):
        out[t] = phi * out[t - 1] + shocks[t]
    return out, phi, sd


def _expected(z: float, sd: float) -> float:
    """E[expit(z + sd * N(0, 1))]."""
    return float(_WEIGHTS @ (1.0 / (1.0 + np.exp(-(z + sd * _NODES)))))


def user_c(seed: int, known: Truth | None = None) -> tuple[dict[int, HabitHistory], Truth]:
    """One account (see the module docstring)."""
    k = STRENGTH[0]
    rng = np.random.default_rng(seed)
    span = int(rng.integers(56, 731))
    count = int(min(10, 1 + rng.poisson(3)))
    start = TODAY - timedelta(days=span)
    away = _away(rng, span)
    gap_rate = rng.uniform(0.0, 0.06)  # days logged as nothing though lived as usual
    gap = rng.random(span) < gap_rate
    routine = rng.normal(0, 0.45, 7)
    routine[5:] += rng.normal(-0.5, 0.8)  # the weekend: better or (mostly) worse
    person = rng.normal(0.4, 0.7)
    mood, phi, mood_sd = _mood(rng, span)
    histories: dict[int, HabitHistory] = {}
    truth: Truth = {}
    for h in range(1, count + 1):
        histories[h] = _habit(rng, h, start, span, k, (person, routine, mood, phi, mood_sd),
                              (away, gap, gap_rate), (truth, {} if known is None else known))
    return histories, truth


def _habit(rng, h, start, span, k, shared, logging, truth) -> HabitHistory:
    person, routine, mood, phi, mood_sd = shared
    truth, known = truth
    away, gap, gap_rate = logging
    first = 0 if rng.random() < 0.55 else int(rng.integers(0, max(span - 21, 1)))
    schedule = Schedule()
    if rng.random() < 0.25:
        schedule = Schedule(weekdays=frozenset(
            int(d) for d in rng.choice(7, size=int(rng.integers(2, 6)), replace=False)))
    level = person + rng.normal(0, 0.8)
    week = routine + rng.normal(0, 0.3, 7)
    if rng.random() < 0.45:  # "its" days: much likelier on them whatever the schedule says
        own = rng.random(7) < 0.45
        week = week + np.where(own, rng.uniform(0.6, 1.6), -rng.uniform(0.6, 1.6))
    lag1, lag2 = rng.uniform(0.3, 1.8), rng.uniform(0.0, 0.6)
    # Formation: new habits get easier over ~2 months; others wear off; the rest stay.
    shape = rng.choice([1.0, -1.0, 0.0], p=[0.45, 0.2, 0.35]) * rng.uniform(0.8, 2.0)
    tau = rng.uniform(15, 50)
    drift, drift_sd = 0.0, rng.uniform(0.02, 0.07)
    entries: dict[date, Entry] = {}
    prev, prev2 = 0.5, 0.5
    for t in range(first, span):
        day = start + timedelta(days=t)
        before = 0.995 * drift
        drift = before + rng.normal(0, drift_sd)
        if not schedule.is_scheduled(day):
            continue
        form = shape * ((1 - math.exp(-(t - first) / tau)) - 0.5)
        steady = level + k * (week[day.weekday()] + lag1 * (prev - 0.5) + lag2 * (prev2 - 0.5)
                              + form)
        # Yesterday's state, today's shocks averaged out (see the module docstring).
        expected = _expected(steady + k * (phi * mood[t - 1] + before) if t else steady,
                             k * math.hypot(mood_sd, drift_sd))
        known[(h, day.toordinal())] = (
            0.0 if away[t] and t and away[t - 1] else expected * (1.0 - gap_rate), bool(away[t]))
        if away[t]:
            truth[(h, day.toordinal())] = (0.0, True)
            prev, prev2 = 0.0, prev
            continue
        p = _expit(steady + k * (mood[t] + drift))
        done = rng.random() < p
        truth[(h, day.toordinal())] = (p * (1.0 - gap_rate), False)
        prev, prev2 = float(done), prev
        if done and not gap[t]:
            entries[day] = Entry("done")
    return HabitHistory(start + timedelta(days=first), entries, schedule)


def users_c(count: int, seed: int = SEED,
            knowns: list[Truth] | None = None) -> tuple[list, list[Truth]]:
    """[(id, histories, today)] of `count` accounts, and each one's truth (and, given a list
    `knowns`, each one's ceiling without today's news appended to it)."""
    users, truths = [], []
    for i in range(count):
        known: Truth = {}
        histories, truth = user_c(seed + i, known)
        if knowns is not None:
            knowns.append(known)
        users.append((i, histories, TODAY))
        truths.append(truth)
    return users, truths
