"""Habit health (0-100), each habit's summary, and the overall performance score.

Health of one habit blends three components, each on a 0-100 scale:

    health = 0.5 × strength + 0.3 × trend + 0.2 × consistency

* strength: Loop's habit strength today (strength.py), times 100.
* trend: the completion rate r of the last 14 days (today-13 .. today) against the rate b of
  the 30 days before them (today-43 .. today-14), with rates.py's due days and successes, both
  in whole percent:
      trend = r + (r - b) / 2, clipped to 0..100.
  A steady habit scores its own rate (steady at 100% scores 100, not a "flat" 50), a rising one
  more, a falling one less. With nothing due in the 30 days before (a new habit), trend = r.
* consistency: how evenly the successes spread over the weeks. Over the last 12 seven-day
  blocks ending today that start on or after creation and have a due day, with μ the mean of
  the blocks' rates and σ their population standard deviation (both in points, one decimal):
      consistency = 100 × (1 - σ / μ), clipped to 0..100, and 0 when μ = 0.
  One minus the coefficient of variation: 80% every week scores 100; weeks alternating between
  100% and 0% score 0. It needs at least 2 such blocks.

Each component is rounded to a whole number, then the score is the weighted sum rounded half up,
so the formula printed with the habit's own numbers adds up. A component that cannot be computed
yet is left out and the remaining weights are scaled to sum to 1 (two decimals). A habit with
fewer than 7 due days in all has no health score (None): it is too early to tell.

Overall performance (0-100), across the active habits that have a health score:

    overall = Σ wᵢ × healthᵢ / Σ wᵢ,   wᵢ = days a week habit i is scheduled

(7 daily, 3 for Mon/Wed/Fri or 3 times a week, 7/30 = 0.23 once a month, rounded to two
decimals), so a daily habit weighs 7 times a once-a-week habit.

Streaks are streaks.py's (current_streak, best_streaks), computed from rates.py's vectorised
statuses; the tests check they agree.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial

import numpy as np

from habitory.stats.phrases import N_, Msg, join
from habitory.stats.rates import CODE, HabitDays, Rate, completion_rate, weekly_average
from habitory.stats.schedule import SKIPPED, UNKNOWN, UNSCHEDULED, HabitHistory
from habitory.stats.streaks import Streak
from habitory.stats.strength import strength as loop_strength
from habitory.stats.tables import Charts

COMPONENT_WORDS = {"strength": N_("strength"), "trend": N_("trend"),
                   "consistency": N_("consistency")}

WEIGHTS = {"strength": 0.5, "trend": 0.3, "consistency": 0.2}
RECENT_DAYS, BEFORE_DAYS = 14, 30
CONSISTENCY_WEEKS = 12
MIN_HEALTH_DUE_DAYS = 7


def half_up(value: float) -> int:
    """Round to a whole number the way people do by hand (0.5 goes up, float noise aside)."""
    return math.floor(round(value, 9) + 0.5)


@dataclass(frozen=True)
class Component:
    """One term of a score: its value (0-100), its weight, and the numbers behind it."""

    name: str
    value: int
    weight: float
    # The component's own arithmetic, in words, for the habit page's disclosure: worded when
    # asked (Insights computes twenty health scores and shows none of these).
    describe: Callable[[], Msg] = field(default=lambda: Msg(None), compare=False, repr=False)
    numbers: Mapping[str, int | float] = field(default_factory=dict)

    @property
    def detail(self) -> Msg:
        """E.g. "last 14 days 7 of 14 (50%), 30 days before ...: 50 + (50 - 100) / 2 = 25"."""
        return self.describe()

    @property
    def label(self) -> Msg:
        """The component's name in words ("strength", "trend", "consistency")."""
        return COMPONENT_WORDS.get(self.name, self.name)

    @property
    def term(self) -> Msg:
        """E.g. "0.3 × trend 60"."""
        return join([self.weight, " × ", self.label, " ", self.value])


@dataclass(frozen=True)
class HealthScore:
    """A habit's health, 0-100, with the weighted components that make it up."""

    score: int
    components: tuple[Component, ...]

    @property
    def formula(self) -> Msg:
        """E.g. "0.5 × strength 72 + 0.3 × trend 60 + 0.2 × consistency 80 = 69"."""
        return join([*_between([c.term for c in self.components], " + "), " = ", self.score])

    def component(self, name: str) -> Component | None:
        """The named component, or None when it was left out."""
        return next((c for c in self.components if c.name == name), None)


def trend_rates(days: HabitDays, today: date) -> tuple[Rate, Rate]:
    """The rate of the last 14 days and of the 30 days before them."""
    t = today.toordinal()
    return days.rate(t - RECENT_DAYS + 1, t), days.rate(t - RECENT_DAYS - BEFORE_DAYS + 1,
                                                        t - RECENT_DAYS)


def block_rates(days: HabitDays, today: date, weeks: int = CONSISTENCY_WEEKS) -> list[Rate]:
    """Rates of the last 7-day blocks ending today that start after creation and have due days."""
    t = today.toordinal()
    blocks = (days.rate(t - 7 * i - 6, t - 7 * i) for i in reversed(range(weeks))
              if t - 7 * i - 6 >= days.created)
    return [rate for rate in blocks if rate.due]


def _pct(rate: Rate) -> Msg:
    return N_("%(done)s of %(due)s (%(percent)s%%)", done=rate.successes, due=rate.due,
              percent=rate.percent)


def _between(items: list, sep: str) -> list:
    """[a, sep, b, sep, c]."""
    out: list = []
    for item in items:
        if out:
            out.append(sep)
        out.append(item)
    return out


def _components(days: HabitDays, strength: float,
                today: date) -> list[tuple[str, int, Callable[[], Msg], dict]]:
    """(name, value, detail, numbers) of each component that can be computed."""
    found = [("strength", half_up(100 * strength),
              lambda: N_("Loop's habit strength %(score)s", score=round(strength, 3)),
              {"loop_score": round(strength, 4)})]
    recent, before = trend_rates(days, today)
    if recent.due:
        r = recent.percent or 0  # whole percents, so the detail's arithmetic is the value's
        if before.due:
            b = before.percent or 0
            trend = r + (r - b) / 2
        else:
            trend = r
        value = half_up(min(max(trend, 0.0), 100.0))
        detail = partial(_trend_detail, recent, before, trend, value != half_up(trend))
        found.append(("trend", value, detail, {
            "recent_successes": recent.successes, "recent_due": recent.due,
            "before_successes": before.successes, "before_due": before.due}))
    blocks = block_rates(days, today)
    if len(blocks) >= 2:
        values = np.array([b.successes / b.due for b in blocks])
        mean, spread = round(100 * float(values.mean()), 1), round(100 * float(values.std()), 1)
        value = half_up(max(0.0, 100 * (1 - spread / mean))) if mean else 0
        detail = partial(_consistency_detail, len(blocks), mean, spread)
        found.append(("consistency", value, detail,
                      {"weeks": len(blocks), "mean_percent": mean, "spread_points": spread}))
    return found


def _trend_detail(recent: Rate, before: Rate, trend: float, clipped: bool) -> Msg:
    if before.due:
        r, b = recent.percent or 0, before.percent or 0
        said = N_("last 14 days %(recent)s, 30 days before %(before)s: %(arithmetic)s",
                  recent=_pct(recent), before=_pct(before), arithmetic=f"{r} + ({r} - {b}) / 2")
    else:
        said = N_("last 14 days %(recent)s; nothing due before", recent=_pct(recent))
    return join([said, " = ", float(trend), N_(", kept within 0..100") if clipped else ""])


def _consistency_detail(weeks: int, mean: float, spread: float) -> Msg:
    if not mean:
        return N_("nothing done in %(weeks)s weeks", weeks=weeks)
    return N_("%(weeks)s weeks averaging %(mean)s%% with a spread of %(spread)s points: "
              "%(arithmetic)s", weeks=weeks, mean=mean, spread=spread,
              arithmetic=join(["100 × (1 - ", spread, " / ", mean, ")"]))


def health_score(days: HabitDays, strength: float, today: date) -> HealthScore | None:
    """The habit's health (see the module docstring), given Loop's strength today (0..1)."""
    if days.count("due", days.first, today.toordinal()) < MIN_HEALTH_DUE_DAYS:
        return None
    found = _components(days, strength, today)
    total = sum(WEIGHTS[name] for name, *_ in found)
    weights = [round(WEIGHTS[name] / total, 2) for name, *_ in found]
    weights[-1] = round(1 - sum(weights[:-1]), 2)  # the printed weights add up to exactly 1
    components = tuple(Component(name, value, weight, detail, numbers)
                       for (name, value, detail, numbers), weight in zip(found, weights,
                                                                          strict=True))
    return HealthScore(half_up(sum(c.weight * c.value for c in components)), components)


@dataclass(frozen=True)
class OverallPart:
    """One habit's share of the overall score: its health and its weight (days a week)."""

    habit_id: int
    name: str
    weight: float
    health: int


@dataclass(frozen=True)
class OverallScore:
    """The overall performance score, 0-100, with each habit's part; None with no parts."""

    score: int | None
    parts: tuple[OverallPart, ...] = ()
    left_out: tuple[int, ...] = ()  # ids of habits too new for a health score

    @property
    def total_weight(self) -> float:
        """Σ wᵢ, the divisor of the formula."""
        return round(sum(p.weight for p in self.parts), 2)

    @property
    def formula(self) -> Msg | str:
        """E.g. "(7 × Reading 80 + 1 × Running 40) ÷ 8 = 75"; empty without parts."""
        if not self.parts:
            return ""
        terms = _between([join([float(p.weight), " × ", p.name, " ", p.health])
                          for p in self.parts], " + ")
        return join(["(", *terms, ") ÷ ", float(self.total_weight), " = ", self.score])


def overall_score(habits: Iterable[tuple[int, str, float, HealthScore | None]]) -> OverallScore:
    """Weighted mean of the habits' health; takes (id, name, days a week, health) per habit."""
    parts, left_out = [], []
    for habit_id, name, per_week, health in habits:
        if health is None:
            left_out.append(habit_id)
        else:
            parts.append(OverallPart(habit_id, name, round(per_week, 2), health.score))
    total = sum(p.weight for p in parts)
    score = half_up(sum(p.weight * p.health for p in parts) / total) if total else None
    return OverallScore(score, tuple(parts), tuple(left_out))


def streak_summary(days: HabitDays) -> tuple[int, Streak | None]:
    """Current streak length and best streak, as current_streak and best_streaks give them."""
    codes = days.codes
    extends = codes <= CODE[SKIPPED]  # done, auto or skipped
    heads_at = np.flatnonzero(extends)
    if not heads_at.size:
        return 0, None
    joined = extends | (codes == CODE[UNSCHEDULED])  # unscheduled days bridge, never start one
    edges = np.diff(np.concatenate(([0], joined.view(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    pos = np.searchsorted(heads_at, starts)  # each run's first done, auto or skipped day
    heads = heads_at[np.minimum(pos, heads_at.size - 1)]
    valid = (pos < heads_at.size) & (heads <= ends)
    heads, ends = heads[valid], ends[valid]
    best = ends.size - 1 - int(np.argmax((ends - heads)[::-1]))  # ties go to the newer streak
    best_streak = Streak(date.fromordinal(days.first + int(heads[best])),
                         date.fromordinal(days.first + int(ends[best])))
    last = codes.size - 1 - int(codes[-1] == CODE[UNKNOWN])  # an open today keeps yesterday's
    at = int(np.searchsorted(ends, last))
    current = last - int(heads[at]) + 1 if at < ends.size and heads[at] <= last else 0
    return current, best_streak


@dataclass(frozen=True, eq=False)
class HabitSummary:
    """Everything the Insights page shows about one habit (rates: see rates.py)."""

    habit_id: int
    name: str
    kind: str
    per_week: float  # days a week it is scheduled
    rate_7: Rate
    rate_30: Rate
    rate_90: Rate
    rate_all: Rate
    rate_period: Rate
    weekly_average: float | None  # completions per 7 days over the period
    current_streak: int
    best_streak: Streak | None
    strength: int  # Loop's strength today, 0-100
    health: HealthScore | None
    charts: Charts  # months, ISO weeks, weekdays and moving rates
    days: HabitDays = field(repr=False)


def summarise_habit(habit_id: int, name: str, history: HabitHistory, days: HabitDays,
                    charts: Charts, today: date, start: date) -> HabitSummary:
    """One habit's numbers for the period from `start` to today, given habit_days and charts."""
    window = today.toordinal() - start.toordinal() + 1
    score = loop_strength(history, today)
    return HabitSummary(
        habit_id, name, history.kind, days.per_week,
        *(completion_rate(days, today, n) for n in (7, 30, 90, None, window)),
        weekly_average(days, today, window), *streak_summary(days), half_up(100 * score),
        health_score(days, score, today), charts, days,
    )
