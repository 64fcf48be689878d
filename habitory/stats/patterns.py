"""Cross-habit patterns, statistics-based recommendations, and insights(): the whole page.

Cross-habit patterns, over the selected period. For habits A and B, on the days both were due
(rates.py's definition), p1 is the share of them A was done on (rates.py's completions: a day
ticked, for a habit to quit a clean day) among the days B was done, and p0 among the days B was
not. Completions, not successes: a day covered by the target (3 times a week, once a month) is
no action that could help another habit, and two such habits' covered days would line up into
links nobody made. A pattern is shown only when
  * A and B were both due on at least 28 of the same days,
  * each condition (B done, B not done) holds on at least 10 of them,
  * p1 and p0 differ by at least 20 points, and
  * a two-proportion z-test (pooled standard error) gives |z| >= 3. Why 3 and not 2: with 20
    habits, 190 pairs are tested at once, and at |z| >= 2 one test in 20 passes by chance.
Of the two directions of a pair, the one with the larger |z| is shown; at most 6, strongest
first. Each cites the day counts of both conditions, the overlap and z.

Recommendations, each citing the counts it rests on:
  * weekend_gap: over the last 90 days, the Monday-Friday and weekend rates differ by at least
    25 points, with at least 8 due days on each side and |z| >= 2.
  * weak_weekday: over the last 90 days, one weekday's rate is at least 30 points below the
    other days', with at least 8 due days on it and |z| >= 2 (not given with weekend_gap).
  * trend_down / trend_up: the last 14 days against the 30 before (health.py's spans) differ by
    at least 20 points, with at least 7 due days recently and 14 before. No z-test: two weeks
    cannot reach significance for a moderate drop, and an early heads-up is the point.
  * low_rate: under 30% over the last 30 days with at least 14 due days (not with trend_down).
  * near_best: a current streak of at least 7 days, 1 to 3 days short of the best one.
Where a success that is no day done (covered by the target...) is among a sentence's counts,
it says "met its target" and gives the days done too (pattern_sentences.py).
Warnings come first, then info, then successes; at most 8.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from numpy.typing import ArrayLike

from habitory.stats import pattern_sentences as sentences
from habitory.stats.health import (
    BEFORE_DAYS,
    RECENT_DAYS,
    HabitSummary,
    OverallScore,
    overall_score,
    summarise_habit,
    trend_rates,
)
from habitory.stats.phrases import DAYS_PLURAL, MONTH_WORDS, N_, NP_, Msg, join
from habitory.stats.rates import HabitDays, Rate, habit_days
from habitory.stats.schedule import HabitHistory
from habitory.stats.tables import Charts, charts, day_matrix, weekday_counts

MIN_OVERLAP, MIN_CONDITION, MIN_PATTERN_POINTS, MIN_PATTERN_Z, MAX_PATTERNS = 28, 10, 20, 3.0, 6
REC_DAYS, MIN_SIDE_DUE, MIN_GAP_POINTS, MIN_WEAK_POINTS, MIN_REC_Z = 90, 8, 25, 30, 2.0
MIN_TREND_POINTS, MIN_RECENT_DUE, MIN_BEFORE_DUE = 20, 7, 14
LOW_RATE_PERCENT, MIN_LOW_DUE, NEAR_BEST_MIN, NEAR_BEST_GAP, MAX_RECOMMENDATIONS = 30, 14, 7, 3, 8
_SEVERITY = {"warning": 0, "info": 1, "success": 2}
_WEEKEND = frozenset({5, 6})


def two_proportion_z(k1: ArrayLike, n1: ArrayLike, k0: ArrayLike, n0: ArrayLike) -> np.ndarray:
    """z of k1/n1 - k0/n0 with the pooled standard error; 0 where it is undefined."""
    k1, n1, k0, n0 = (np.asarray(x, np.float64) for x in (k1, n1, k0, n0))
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (k1 + k0) / (n1 + n0)
        z = (k1 / n1 - k0 / n0) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    return np.nan_to_num(z, nan=0.0, posinf=0.0, neginf=0.0)


def _share(rate: Rate, noun: Msg | None = None) -> Msg:
    """E.g. "9 of 13 due days (69%)"."""
    if noun is None:
        return N_("%(done)s of %(due)s (%(percent)s%%)", done=rate.successes, due=rate.due,
                  percent=rate.percent)
    return N_("%(done)s of %(due)s %(noun)s (%(percent)s%%)", done=rate.successes,
              due=rate.due, noun=noun, percent=rate.percent)


_BITS = np.array([bin(i).count("1") for i in range(256)], np.uint8)


def _both(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """[a, b]: how many days are set in both row a of x and row b of y (bits packed by day)."""
    # Popcounts rather than a matrix product: BLAS's threads stall on a busy 2-CPU server.
    return _BITS[x[:, None, :] & y[None, :, :]].sum(axis=2, dtype=np.int64)


@dataclass(frozen=True)
class Pattern:
    """How much likelier habit_id was done on the days other_id was done than on the others."""

    habit_id: int
    other_id: int
    title: str
    body: str
    with_other: Rate  # habit_id's days done among the days both were due and other_id was done
    without_other: Rate  # ... and other_id was not
    difference: int  # points, with_other - without_other (negative: less likely)
    z: float
    overlap: int  # days both were due


def cross_habit_patterns(days: Mapping[int, HabitDays], names: Mapping[int, str], start: date,
                         today: date) -> list[Pattern]:
    """The strong, well-supported links between habits from start to today (see above)."""
    ids = list(days)
    if len(ids) < 2:
        return []
    s, t = start.toordinal(), today.toordinal()
    due = np.array([days[i].window("due", s, t) for i in ids], bool)
    done = np.array([days[i].window("completed", s, t) for i in ids], bool) & due
    due, done, missed = (np.packbits(x, axis=1) for x in (due, done, due & ~done))
    # [a, b]: days both due; ... and b done (n1) or not (n0); ... and a done as well (k1, k0).
    overlap, n1, n0 = _both(due, due), _both(due, done), _both(due, missed)
    k1, k0 = _both(done, done), _both(done, missed)
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = np.nan_to_num(k1 / n1 - k0 / n0)
    z = two_proportion_z(k1, n1, k0, n0)
    shown = ((overlap >= MIN_OVERLAP) & (n1 >= MIN_CONDITION) & (n0 >= MIN_CONDITION)
             & (np.abs(gap) >= MIN_PATTERN_POINTS / 100) & (np.abs(z) >= MIN_PATTERN_Z))
    np.fill_diagonal(shown, False)
    strength = np.where(shown, np.abs(z), 0.0)
    upper = np.triu(np.ones_like(shown), 1)  # a tie keeps the direction with a before b
    shown &= (strength > strength.T) | ((strength == strength.T) & upper)
    # The sentences of the strongest MAX_PATTERNS only: with hundreds of habits there are tens
    # of thousands of pairs, and wording each took most of Insights' time (46 s at 1,000).
    # Strongest first, ties in the order of the pairs (a stable sort on the shown z, rounded).
    rows, columns = np.nonzero(shown)
    strongest = np.argsort(-np.abs(np.round(z[rows, columns], 1)), kind="stable")
    found = []
    for a, b in zip(rows[strongest[:MAX_PATTERNS]], columns[strongest[:MAX_PATTERNS]],
                    strict=True):
        on, off = Rate(int(k1[a, b]), int(n1[a, b])), Rate(int(k0[a, b]), int(n0[a, b]))
        name, other = names[ids[a]], names[ids[b]]
        title = (N_("%(name)s goes with %(other)s", name=name, other=other) if gap[a, b] > 0
                 else N_("%(name)s is less likely on %(other)s days", name=name, other=other))
        body = sentences.together(
            days[ids[a]].kind == "quit", days[ids[b]].kind == "quit", on_due=on.due,
            other=other, name=name, on_done=on.successes, on_percent=on.percent, off_due=off.due,
                  off_done=off.successes, off_percent=off.percent,
                  overlap=int(overlap[a, b]), z=round(float(z[a, b]), 1))
        found.append(Pattern(ids[a], ids[b], title, body, on, off,
                             (on.percent or 0) - (off.percent or 0), round(float(z[a, b]), 1),
                             int(overlap[a, b])))
    return found


@dataclass(frozen=True)
class Recommendation:
    """A suggestion drawn from the numbers it cites; the template renders title and body."""

    kind: str
    habit_id: int | None
    title: str
    body: str
    numbers: Mapping[str, int | float]
    severity: str  # "warning", "info" or "success"


def _weekday_advice(h: HabitSummary, rates: list[Rate], today: date) -> list[Recommendation]:
    """weekend_gap, or else weak_weekday, from the last 90 days' rate on each weekday."""
    # Days a weekday schedule leaves out are due only when done (always 100 %): they would
    # make the scheduled days look weak beside them, so the advice weighs scheduled days only.
    set_days = h.days.weekdays
    rates = [r if set_days is None or d in set_days else Rate() for d, r in enumerate(rates)]
    total, week, weekend = sum(rates, Rate()), sum(rates[:5], Rate()), rates[5] + rates[6]
    rests = [Rate(total.successes - r.successes, total.due - r.due) for r in rates]
    pairs = [(week, weekend), *zip(rates, rests, strict=True)]
    z = two_proportion_z(*np.array([(a.successes, a.due, b.successes, b.due)
                                    for a, b in pairs]).T).round(1).tolist()
    points = [(a.percent or 0) - (b.percent or 0) for a, b in pairs]
    t = today.toordinal()
    # A habit scheduled on one side only (Mon-Fri) has no other side to compare with.
    both_sides = set_days is None or (bool(set_days & _WEEKEND) and bool(set_days - _WEEKEND))
    if (both_sides and min(week.due, weekend.due) >= MIN_SIDE_DUE
            and abs(points[0]) >= MIN_GAP_POINTS
            and abs(z[0]) >= MIN_REC_Z):
        sides = {"weekday": N_("%(percent)s%% on weekdays (%(done)s of %(due)s)",
                               percent=week.percent, done=week.successes, due=week.due),
                 "weekend": N_("%(percent)s%% on weekends (%(done)s of %(due)s)",
                               percent=weekend.percent, done=weekend.successes,
                               due=weekend.due)}
        low, high = ("weekend", "weekday") if points[0] > 0 else ("weekday", "weekend")
        if low == "weekend":
            title = N_("%(name)s: weekends lag behind", name=h.name)
            cue = N_("Weekends may need their own time or cue.")
        else:
            title = N_("%(name)s: weekdays lag behind", name=h.name)
            cue = N_("Weekdays may need their own time or cue.")
        words, done, covered = sentences.wording(h.days, h.kind, t - REC_DAYS + 1, t)
        return [Recommendation(
            "weekend_gap", h.habit_id, title,
            join([sentences.really_done(
                sentences.weekend_gap(words, name=h.name, high=sides[high], low=sides[low],
                                      days=REC_DAYS), words, done, REC_DAYS, covered), cue],
                 " "),
            {"weekday_successes": week.successes, "weekday_due": week.due,
             "weekend_successes": weekend.successes, "weekend_due": weekend.due,
             "points": points[0], "z": z[0], "days": REC_DAYS}, "info")]
    weak = [(points[d + 1], d) for d, rate in enumerate(rates) if rate.due >= MIN_SIDE_DUE
            and points[d + 1] <= -MIN_WEAK_POINTS and abs(z[d + 1]) >= MIN_REC_Z]
    if not weak:
        return []
    day = min(weak)[1]
    words, done, covered = sentences.wording(h.days, h.kind, t - REC_DAYS + 1, t)
    rate, rest = rates[day], rests[day]
    return [Recommendation(
        "weak_weekday", h.habit_id,
        N_("%(name)s slips on %(days)s", name=h.name, days=DAYS_PLURAL[day]),
        sentences.really_done(
            sentences.weak_weekday(words, name=h.name, share=_share(rate, DAYS_PLURAL[day]),
                                   rest=_share(rest), days=REC_DAYS),
            words, done, REC_DAYS, covered),
        {"weekday": day, "day_successes": rate.successes, "day_due": rate.due,
         "rest_successes": rest.successes, "rest_due": rest.due, "points": points[day + 1],
         "z": z[day + 1], "days": REC_DAYS}, "info")]


def _habit_advice(h: HabitSummary, weekdays: list[Rate], today: date) -> list[Recommendation]:
    """All the advice for one habit, given its rate on each weekday over the last 90 days."""
    found = _weekday_advice(h, weekdays, today)
    recent, before = trend_rates(h.days, today)
    t = today.toordinal()
    due_days = N_("due days")
    points = (recent.percent or 0) - (before.percent or 0)
    down = False
    if (recent.due >= MIN_RECENT_DUE and before.due >= MIN_BEFORE_DUE
            and abs(points) >= MIN_TREND_POINTS):
        down = points < 0
        split = t - RECENT_DAYS
        words, done, covered = sentences.wording(h.days, h.kind, split - BEFORE_DAYS + 1, t)
        done_before = h.days.count("completed", split - BEFORE_DAYS + 1, split)
        found.append(Recommendation(
            "trend_down" if down else "trend_up", h.habit_id,
            N_("%(name)s is trending down", name=h.name) if down
            else N_("%(name)s is picking up", name=h.name),
            sentences.really_done(
                sentences.trend(words, name=h.name, recent=_share(recent, due_days),
                                before=_share(before)),
                words, done - done_before, RECENT_DAYS, covered, before=done_before),
            {"recent_successes": recent.successes, "recent_due": recent.due,
             "before_successes": before.successes, "before_due": before.due,
             "points": points}, "warning" if down else "success"))
    rate = h.rate_30
    if rate.due >= MIN_LOW_DUE and (rate.percent or 0) < LOW_RATE_PERCENT and not down:
        words, done, covered = sentences.wording(h.days, h.kind, t - 29, t)
        found.append(Recommendation(
            "low_rate", h.habit_id, N_("%(name)s is hard to keep up", name=h.name),
            sentences.really_done(
                sentences.low_rate(words, name=h.name, share=_share(rate, due_days)),
                words, done, 30, covered),
            {"successes": rate.successes, "due": rate.due, "days": 30}, "warning"))
    best, current = h.best_streak, h.current_streak
    if best and current >= NEAR_BEST_MIN and 0 < best.length - current <= NEAR_BEST_GAP:
        gap = best.length - current
        found.append(Recommendation(
            "near_best", h.habit_id,
            NP_("%(name)s: %(num)s more day to your best",
                "%(name)s: %(num)s more days to your best", gap, name=h.name),
            N_("Your current streak is %(current)s days; your best was %(best)s days, from "
               "%(start_day)s %(start_month)s %(start_year)s to %(end_day)s %(end_month)s "
               "%(end_year)s.", current=current, best=best.length, start_day=best.start.day,
               start_month=MONTH_WORDS[best.start.month - 1], start_year=best.start.year,
               end_day=best.end.day, end_month=MONTH_WORDS[best.end.month - 1],
               end_year=best.end.year),
            {"current": current, "best": best.length}, "success"))
    return found


def recommendations(habits: Sequence[HabitSummary], today: date) -> list[Recommendation]:
    """Every habit's advice (see the module docstring), most pressing first."""
    start = today - timedelta(days=REC_DAYS - 1)
    matrix = day_matrix([h.days for h in habits], start, today)
    success, due = (a.tolist() for a in weekday_counts(matrix, start, today))
    found = [advice for h, k, d in zip(habits, success, due, strict=False)  # the last row pools
             for advice in _habit_advice(h, [Rate(*day) for day in zip(k, d, strict=True)],
                                         today)]
    return sorted(found, key=lambda r: _SEVERITY[r.severity])[:MAX_RECOMMENDATIONS]


@dataclass(frozen=True, eq=False)
class Insights:
    """Everything the Insights page shows, for the period from period_start to today."""

    today: date
    period_days: int | None  # None: all time
    period_start: date | None = None  # None when there are no habits
    habits: list[HabitSummary] = field(default_factory=list)
    rate_7: Rate = Rate()  # pooled over the habits: all successes / all due days
    rate_30: Rate = Rate()
    rate_90: Rate = Rate()
    rate_all: Rate = Rate()
    rate_period: Rate = Rate()
    charts: Charts | None = None  # pooled over the habits; None when there are none
    overall: OverallScore = OverallScore(None)
    recommendations: list[Recommendation] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


def insights(histories: Mapping[int, HabitHistory], names: Mapping[int, str], today: date,
             period_days: int | None = None, first_day: int = 0) -> Insights:
    """The Insights page's numbers for the active habits (id -> history) up to the local today."""
    # period_days (30, 90, 365, None for all time since the oldest habit) sets the period of
    # rate_period, the weekly averages, the weekday rates, the moving rates and the patterns.
    if period_days is not None and period_days < 1:
        raise ValueError(f"period_days must be positive or None, not {period_days}")
    if not histories:
        return Insights(today, period_days)
    start = min(min(h.created for h in histories.values()), today)
    if period_days is not None:
        start = max(start, today - timedelta(days=period_days - 1))
    days = {i: habit_days(h, today) for i, h in histories.items()}
    *series, pooled = charts(list(days.values()), start, today, first_day)
    habits = [summarise_habit(i, names.get(i, f"Habit {i}"), histories[i], days[i], c, today,
                              start) for i, c in zip(days, series, strict=True)]
    return Insights(
        today, period_days, start, habits,
        *(sum((getattr(h, name) for h in habits), Rate())
          for name in ("rate_7", "rate_30", "rate_90", "rate_all", "rate_period")),
        pooled, overall_score((h.habit_id, h.name, h.per_week, h.health) for h in habits),
        recommendations(habits, today),
        cross_habit_patterns(days, {h.habit_id: h.name for h in habits}, start, today),
    )
