"""A second synthetic generator, written apart from bench_ml.synthetic_user on purpose.

A model tuned on one simulation learns its assumptions. This one assumes other things, so a
change only counts when it helps on both (and on the real Loop exports):
- habit-specific weekly rhythms (a gym habit done on its own three days, whatever the
  schedule says), not one weekday profile per user plus noise;
- streak momentum that builds with the streak's length and fades, instead of a fixed
  "done yesterday" persistence;
- holidays shared by every habit, logged as nothing at all (not as skips);
- habit formation: a habit gets easier over its first weeks, or fades out;
- batch loggers: people who tick off several days at once and forget some of them, so a
  day can show as missed although it was done (logging gaps that are not behaviour);
- no measurable or quit habits: yes/no habits on daily or weekday schedules only.
TRUTH holds the chance the generator drew for each (entries id, day), like bench_ml.TRUTH;
LOGGED the chance that the day *shows* as done (a forgetful logger's lost days and holidays
included): the ceiling a predictor of the logged outcome can reach (ml_population.py).
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np

from habitory.stats.schedule import Entry, HabitHistory, Schedule

TODAY = date(2025, 11, 30)
SEED = 9_000_000
TRUTH: dict[tuple[int, date], float] = {}
LOGGED: dict[tuple[int, date], float] = {}


def _expit(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _holidays(rng: np.random.Generator, span: int) -> np.ndarray:
    """Whole weeks away, two or three times a year, plus long weekends."""
    off = np.zeros(span, dtype=bool)
    for _ in range(int(rng.poisson(2.5 * span / 365))):
        start = int(rng.integers(0, span))
        off[start:start + int(rng.choice([3, 4, 7, 10, 14]))] = True
    return off


def user_b(seed: int) -> dict[int, HabitHistory]:
    """One account's yes/no habits (see the module docstring)."""
    rng = np.random.default_rng(seed)
    span = int(rng.integers(56, 731))
    count = int(rng.integers(1, 9))
    start = TODAY - timedelta(days=span)
    off = _holidays(rng, span)
    batch = rng.random() < 0.3  # logs in batches and forgets some days
    forget = rng.uniform(0.03, 0.15) if batch else 0.0
    # A user's busy seasons: a slow sine (months), not a day-to-day mood.
    season = rng.uniform(0.2, 0.8) * np.sin(
        2 * np.pi * np.arange(span) / rng.uniform(60, 200) + rng.uniform(0, 6.3))
    forgotten = rng.random(span) < forget
    out = {}
    for h in range(count):
        out[h + 1] = _habit_b(rng, start, span, off, season, (forgotten, forget))
    return out


def _habit_b(rng, start, span, off, season, lost) -> HabitHistory:
    forgotten, forget = lost
    first = 0 if rng.random() < 0.5 else int(rng.integers(0, max(span - 28, 1)))
    schedule = Schedule()
    if rng.random() < 0.2:
        days = rng.choice(7, size=int(rng.integers(3, 6)), replace=False)
        schedule = Schedule(weekdays=frozenset(int(d) for d in days))
    level = rng.normal(0.4, 1.2)
    # Its own rhythm: a few favourite weekdays much likelier than the rest.
    rhythm = np.where(rng.random(7) < 0.35, rng.uniform(0.5, 2.0), -rng.uniform(0.0, 1.2))
    rhythm *= rng.random() < 0.6  # some habits have no rhythm at all
    momentum, fade = rng.uniform(0.0, 0.35), rng.uniform(0.6, 0.95)
    formation = rng.choice([1.0, 0.0, -1.0], p=[0.4, 0.35, 0.25]) * rng.uniform(0.5, 2.0)
    tau = rng.uniform(10, 60)
    entries: dict[date, Entry] = {}
    push = 0.0  # momentum from the current streak, fading after a miss
    for t in range(first, span):
        day = start + timedelta(days=t)
        if off[t] or not schedule.is_scheduled(day):
            if schedule.is_scheduled(day):
                LOGGED[(id(entries), day)] = 0.0  # a holiday shows as a miss
            push *= fade
            continue
        age = t - first
        z = (level + rhythm[day.weekday()] + season[t] + push
             + formation * (1 - math.exp(-age / tau)) - 0.5 * formation)
        p = _expit(z)
        done = rng.random() < p
        TRUTH[(id(entries), day)] = p
        LOGGED[(id(entries), day)] = p * (1.0 - forget)
        push = min(push + momentum, 2.0) if done else push * fade - momentum
        if done and not forgotten[t]:
            entries[day] = Entry("done")
    return HabitHistory(start + timedelta(days=first), entries, schedule)


def users_b(count: int, seed: int = SEED) -> list[tuple[int, dict[int, HabitHistory], date]]:
    """(id, histories, today) of `count` accounts with at least one habit."""
    return [(i, user_b(seed + i), TODAY) for i in range(count)]
