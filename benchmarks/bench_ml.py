"""Backtest the habit model against naive baselines, and time training and prediction.

Run from the repository root:
    python benchmarks/bench_ml.py [--users 300] [--seed S] [--ablation] [--real]

Synthetic users (fixed seeds) have 60-400 days of history and 1-12 habits, generated with
what real habit logs show: habits of different difficulty, weekday effects (per user and per
habit), persistence (a done day makes the next one likelier), good and bad stretches shared by
all of a user's habits, slow drift, breaks (holidays, illness: nothing logged for days, then a
slow restart), abandoned habits that are never archived, weekday and "N per week" schedules,
quit habits, measurable habits with partial amounts, skips and explicit "not done" entries.
--real also backtests the Loop exports in /work/shared/loop/real (yes/no habits only).
"""

from __future__ import annotations

import argparse
import csv
import math
import re
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script

from habitory.ai.evaluation import as_report, backtest, summarise  # noqa: E402
from habitory.ai.features import BASELINES, CANDIDATES  # noqa: E402
from habitory.ai.model import FEATURES, predict_next_day  # noqa: E402
from habitory.ai.rows import training_table  # noqa: E402
from habitory.ai.schedule import Entry, HabitHistory, Schedule  # noqa: E402
from habitory.ai.storage import load_model  # noqa: E402
from habitory.ai.trainer import train_user  # noqa: E402

TODAY = date(2025, 11, 30)
SEED = 20251130
REAL = Path("/work/shared/loop/real")
MIN_WEEKS = 8


def _expit(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def _breaks(rng: np.random.Generator, span: int) -> np.ndarray:
    """Days on which the user logs nothing at all (holidays, illness, a busy week)."""
    off = np.zeros(span, dtype=bool)
    day = int(rng.exponential(70))
    while day < span:
        length = 2 + int(rng.geometric(1 / 6))
        off[day:day + length] = True
        day += length + int(rng.exponential(70))
    return off


def synthetic_user(seed: int, span: int | None = None,
                   habits: int | None = None) -> dict[int, HabitHistory]:
    """One user's habits, generated day by day from the processes in the module docstring."""
    rng = np.random.default_rng(seed)
    span = span or int(rng.integers(60, 401))
    habits = habits or int(min(12, 1 + rng.poisson(4)))
    start = TODAY - timedelta(days=span)
    off = _breaks(rng, span)
    skip_breaks = rng.random() < 0.25  # some people mark holidays as skips
    user_week = rng.normal(0, 0.35, 7)
    mood = np.zeros(span)  # good and bad stretches shared by every habit
    for t in range(1, span):
        mood[t] = 0.8 * mood[t - 1] + rng.normal(0, 0.35)
    since_break = np.full(span, 99)
    for t in range(1, span):
        since_break[t] = 0 if off[t - 1] and not off[t] else since_break[t - 1] + 1
    out = {}
    for h in range(habits):
        out[h + 1] = _habit(rng, start, span, off, skip_breaks, user_week, mood, since_break)
    return out


def _habit(rng, start, span, off, skip_breaks, user_week, mood, since_break) -> HabitHistory:
    """One habit's history (see synthetic_user)."""
    first = 0 if rng.random() < 0.6 else int(rng.integers(0, max(span - 14, 1)))
    created = start + timedelta(days=first)
    roll = rng.random()
    kind, schedule, target = "yes_no", Schedule(), None
    if roll < 0.12:
        days = rng.choice(7, size=int(rng.integers(2, 6)), replace=False)
        schedule = Schedule(weekdays=frozenset(int(d) for d in days))
    elif roll < 0.22:
        num = int(rng.integers(1, 5))
        schedule = Schedule(num, 7)
    elif roll < 0.28:
        kind = "quit"
    elif roll < 0.34:
        kind, target = "measurable", float(rng.choice([10.0, 30.0, 8000.0]))
    level = rng.normal(2.8, 1.0) if kind == "quit" else rng.normal(0.9, 1.1)
    persist = rng.uniform(0.0, 2.2)
    week = user_week + rng.normal(0, 0.3, 7)
    drift_sd = rng.uniform(0.02, 0.09)
    abandon = int(rng.integers(first + 20, span + 60)) if rng.random() < 0.15 else span + 1
    entries: dict[date, Entry] = {}
    drift, prev, recent = 0.0, 1.0, []
    for t in range(first, span):
        day = start + timedelta(days=t)
        drift = 0.99 * drift + rng.normal(0, drift_sd)
        if off[t]:
            recent.append(0)
            if skip_breaks:
                entries[day] = Entry("skipped")
            continue
        if not schedule.is_scheduled(day):
            recent.append(0)
            if rng.random() < 0.05:
                entries[day] = Entry("done")  # an extra session on a free day
            continue
        if schedule.den > 1 and sum(recent[-(schedule.den - 1):]) >= schedule.num:
            recent.append(int(rng.random() < 0.1))
            if recent[-1]:
                entries[day] = Entry("done")
            continue
        if rng.random() < 0.02:
            entries[day] = Entry("skipped")
            recent.append(0)
            continue
        z = (level + drift + week[day.weekday()] + persist * (prev - 0.5) + mood[t]
             - 1.5 * 0.7 ** since_break[t] - (3.0 if t >= abandon else 0.0))
        done = rng.random() < _expit(z)
        prev = float(done)
        recent.append(int(done))
        if kind == "quit":
            if not done:
                entries[day] = Entry("not_done")  # a slip
        elif kind == "measurable":
            if done:
                entries[day] = Entry("done", round(target * rng.uniform(1.0, 1.3), 1))
            elif rng.random() < 0.3:
                entries[day] = Entry("done", round(target * rng.uniform(0.2, 0.9), 1))
        elif done:
            entries[day] = Entry("done")
        elif rng.random() < 0.1:
            entries[day] = Entry("not_done")
    return HabitHistory(created, entries, schedule, kind, target)
