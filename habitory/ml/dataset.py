"""Feature tables from histories: the training rows up to yesterday, and the inputs for tomorrow.

Tomorrow's features depend on today, which is usually still open when the user looks. So the
next-day inputs come in two scenarios, today done and today not done; the model mixes them with
its own probability for today (computed from days before today only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd  # Table.frame(); scikit-learn has imported pandas in any process that trains

from habitory.ml.counts import done_today, habit_counts
from habitory.ml.features import derive, select, strength_before
from habitory.ml.smoothing import MAX_IDLE, logit
from habitory.ml.user_totals import User
from habitory.stats.daily import build_days
from habitory.stats.schedule import Entry, HabitHistory
from habitory.stats.strength import strength_series


@dataclass(frozen=True)
class Table:
    """Columns of equal length, one entry per (habit, day) row; see features.select."""

    columns: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.columns["habit_id"])

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def take(self, index: np.ndarray) -> Table:
        """The rows picked by a boolean mask or an index array."""
        return Table({name: values[index] for name, values in self.columns.items()})

    def matrix(self, names: Sequence[str]) -> np.ndarray:
        """(rows, len(names)) float matrix of the named features."""
        return np.column_stack([self.columns[n] for n in names]).astype(np.float64, copy=False)

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame (for inspection and tests)."""
        return pd.DataFrame(self.columns)


def training_table(histories: Mapping[int, HabitHistory], today: date, *,
                   strength: bool = True, recency: bool = False) -> Table:
    """One row per habit and due, unskipped day from the habit's first day to yesterday."""
    days = build_days(histories, today - timedelta(days=1))
    known = np.arange(days.length) >= days.start[:, None]
    row = days.due() & ~days.skip & known
    user = User.of((row & days.succ).sum(axis=0, dtype=np.float64),
                   row.sum(axis=0, dtype=np.float64), days.logged.any(axis=0))
    f = habit_counts(days, row, known, recency)
    ci, hi = np.nonzero(row.T)  # ordered by day, then habit: the backtest slices by day
    scores = strength_before(histories, days) if strength else None
    columns = select(f, hi, ci, days.start, user, days.weekday(), scores)
    columns["habit_id"] = days.habit_ids[hi]
    columns["day"] = days.origin + ci
    columns["y"] = f["y"][hi, ci].astype(np.float64)
    return Table(columns)


@dataclass(frozen=True)
class NextDay:
    """Inputs for tomorrow: today's rows, and tomorrow's if today ends not done / done."""

    habit_ids: np.ndarray  # (H,)
    today: Table  # H rows: today's features, from earlier days only
    scenarios: Table  # 2H rows: tomorrow if today ends not done (first H), then if done
    unknown: np.ndarray  # (H,) today is due and nothing decides it yet
    due: np.ndarray  # (2, H) tomorrow is due, per scenario
    totals: dict[str, float]  # the user's day so far, for the all-habit features

    def tomorrow(self, p_today: np.ndarray, logging: np.ndarray | None = None) -> Table:
        """The scenarios with the all-habit features filled in from today's expected outcomes.

        `p_today`: each habit's chance that today ends done; `logging`: that a check-in is
        still logged today (the same, but for a quit habit, whose done day is an unlogged one).
        """
        t = self.totals
        p = p_today[self.unknown]
        logged = p if logging is None else logging[self.unknown]
        done = t["done"] + float(np.sum(p))
        prior = self.scenarios["prior"]
        columns = self.scenarios.columns
        columns["user_rate_1"] = logit((done + prior) / (t["rows"] + 1.0))
        columns["user_rate_7"] = logit((done + t["done_6"] + prior)
                                       / (t["rows"] + t["rows_6"] + 1.0))
        # Idle tomorrow is 1 day if anything is logged today, else one more than today.
        logs = 1.0 if t["logged"] else 1.0 - float(np.prod(1.0 - logged))
        idle = logs * np.log1p(1.0) + (1 - logs) * np.log1p(min(t["idle"] + 1, MAX_IDLE))
        columns["user_idle"] = np.full(len(prior), idle)
        # What the user's log shows so far, for the reasons (explain.py): today's open habits
        # are neither done nor missed, and nothing more is logged today.
        rows = t["rows"] - float(np.sum(self.unknown)) + t["rows_6"]
        share = (t["done"] + t["done_6"]) / rows if rows else np.nan
        columns["obs:user_7"] = np.full(len(prior), share)
        since = 1.0 if t["logged"] else t["idle"] + 1.0 if t["ever"] else np.nan
        columns["obs:idle"] = np.full(len(prior), min(since, MAX_IDLE))
        return self.scenarios


def _strength_now(histories: Mapping[int, HabitHistory], ids: np.ndarray, today: date,
                  unknown: np.ndarray) -> np.ndarray:
    """(3H,) Loop strength at yesterday's end, then today's end if not done / if done."""
    out = np.zeros((3, len(ids)))
    yesterday = today - timedelta(days=1)
    for i, habit_id in enumerate(ids.tolist()):
        h = histories[habit_id]
        (_, out[0, i]), (_, out[1, i]) = strength_series(h, yesterday, today)
        out[2, i] = out[1, i]
        if unknown[i]:  # score today's two outcomes
            missed, done = Entry("not_done"), Entry("done", h.target)
            if h.kind == "measurable" and h.direction == "at_most":
                done = Entry("done", 0.0)
            for row, entry in ((1, missed), (2, done)):
                changed = replace(h, entries={**h.entries, today: entry})
                out[row, i] = strength_series(changed, today, today)[0][1]
    return out.reshape(-1)


def next_day(histories: Mapping[int, HabitHistory], today: date, *,
             strength: bool = False, recency: bool = False) -> NextDay:
    """Build NextDay for the user's `today` (their local date); Loop strength and the
    recency-weighted rates if asked."""
    days = build_days(histories, today + timedelta(days=1), first=today)
    count, length = days.succ.shape
    t = length - 2  # today's column
    cols = np.arange(length)
    due = days.due()  # today's column is judged from earlier days only
    unknown = due[:, t] & ~days.skip[:, t] & ~days.settled[:, t]
    # Scenario "today ends not done" in place; "done" is derived from it below.
    days.succ[unknown, t] = False
    counted = unknown & ~days.by_amount
    days.value[counted, t] = 0.0
    known = (cols >= days.start[:, None]) & (cols <= t)
    row = due & ~days.skip & known
    past = row & (cols < t)
    user = User.of((past & days.succ).sum(axis=0, dtype=np.float64),
                   past.sum(axis=0, dtype=np.float64), days.logged.any(axis=0))
    f = habit_counts(days, row, known, recency)
    at_today = {name: a[:, t] for name, a in f.items()}
    if_missed = {name: a[:, t + 1] for name, a in f.items()}
    if_done = done_today(at_today, if_missed)
    # One pass over 3H cells: today, tomorrow if missed, tomorrow if done.
    at = {name: np.concatenate([at_today[name], if_missed[name],
                                np.where(unknown, if_done[name], if_missed[name])])
          for name in f}
    ci = np.repeat([t, t + 1, t + 1], count)
    weekday = days.weekday()
    scores = _strength_now(histories, days.habit_ids, today, unknown) if strength else None
    columns = derive(at, ci, np.tile(days.start, 3), user, weekday, scores)
    columns["habit_id"] = np.tile(days.habit_ids, 3)
    columns["_weekday"] = weekday[ci]
    # Counts as the stored history shows them (for the reasons, see explain.py): an open
    # today is neither done nor missed, unlike in either scenario.
    open_ = np.concatenate([np.zeros(count, dtype=bool), unknown, unknown])
    for name in ("k", "n", "k7", "n7", "k30", "n30"):
        seen = np.concatenate([at_today[name], if_missed[name], if_missed[name]])
        columns[f"obs:{name}"] = seen - open_ if name.startswith("n") else seen
    columns["obs:logged"] = np.tile(days.logged[:, :t + 1].sum(axis=1), 3)
    # The user's mood as the days before today show it, not today's open habits as misses.
    columns["obs:mood_r"], columns["obs:mood_n"] = (np.tile(at_today[name], 3)
                                                    for name in ("mood_r", "mood_n"))
    whole = Table(columns)
    # A quota met by today's completion makes tomorrow not due.
    met = (days.quota > 0) & counted & (days.logged_before(t + 1) + 1 >= days.quota - 1e-9)
    due_next = np.stack([due[:, t + 1], due[:, t + 1] & ~met])
    today_rows = row[:, t]
    lo = max(t - 6, 0)
    totals = {
        "done": float(np.sum(today_rows & ~unknown & days.succ[:, t])),
        "rows": float(today_rows.sum()),
        "done_6": float(user.done[lo:t].sum()), "rows_6": float(user.rows[lo:t].sum()),
        "logged": bool(days.logged[:, t].any()), "idle": float(user.idle[t]),
        "ever": bool(days.logged[:, :t + 1].any()),
    }
    return NextDay(days.habit_ids, whole.take(slice(0, count)),
                   whole.take(slice(count, None)), unknown, due_next, totals)
