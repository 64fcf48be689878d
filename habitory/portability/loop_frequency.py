"""Recover a yes/no habit's frequency from a Loop export that leaves Habits.csv out.

Loop writes an automatic checkmark (YES_AUTO) on each day a non-daily target already covers,
so the days it wrote are a fingerprint of the frequency: a frequency fits when Habitory's own
automatic checkmarks (statuses.auto_days, Loop's rule) fall on exactly those days within the
exported dates. Where Loop's scores are exported too, they must also be reproduced to their 4
decimals (the score's decay depends on the frequency), which also tells a non-daily habit that
never showed an automatic checkmark from a daily one. The simplest fitting frequency wins:
weekly and monthly ones first, as Loop's own picker offers them, then "every N days", then
any other "N in D days".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

import numpy as np
from flask_babel import gettext as _
from flask_babel import ngettext

from habitory.locale_formats import grouped
from habitory.stats.rates import auto_flags
from habitory.stats.schedule import Entry, HabitHistory, Schedule
from habitory.stats.strength import strength_series

from .loop import SKIP, YES_AUTO, YES_MANUAL

TOLERANCE = 5e-5 + 1e-9  # a 4-decimal score is within half a unit of its last place
MAX_EVERY = 90  # "every N days" up to a quarter
MAX_CUSTOM_DEN = 14  # "N in D days" beyond weeks and months, as Loop's tests use (2 in 3)
IMPORT_BUDGET = 6000  # frequencies tried per import (~0.3 ms each): a huge file stays quick
RECENT_CHECKS = 64  # a frequency is first tried on the newest checks alone (see _recent_fit)


def candidates() -> list[tuple[int, int]]:
    """Frequencies to try, simplest first: N a week, N a month, every N days, N in D days."""
    found: list[tuple[int, int]] = []
    for pair in ([(n, 7) for n in range(1, 7)] + [(n, 30) for n in range(1, 30)]
                 + [(1, d) for d in range(2, MAX_EVERY + 1)]
                 + [(n, d) for d in range(3, MAX_CUSTOM_DEN + 1) for n in range(2, d)]):
        if pair not in found:
            found.append(pair)
    return found


CANDIDATES = candidates()


class Budget:
    """How many more frequencies this import may try."""

    def __init__(self, tries: int = IMPORT_BUDGET) -> None:
        self.tries = tries


def _scores_fit(entries: dict[date, Entry], scores: dict[date, float], num: int,
                den: int) -> bool:
    days = sorted(d for d in scores if d >= min(entries))
    if not days:
        return True
    history = HabitHistory(min(entries), entries, Schedule(num, den))
    series = dict(strength_series(history, days[0], days[-1]))
    return all(abs(series[d] - scores[d]) <= TOLERANCE for d in days)


def _recent_fit(recent: HabitHistory, ords: np.ndarray, autos: np.ndarray,
                taken: np.ndarray, start: int, num: int, den: int) -> bool:
    """Whether the newest RECENT_CHECKS checks alone (`recent`, `ords`) give the export's
    automatic checkmarks after them: a quick "no" for most frequencies of a long history (a
    full try of ten years costs ~70 ms; a 43 KB zip of 30 such habits took 7 minutes).

    auto_days builds its intervals newest first and slides only older ones, so the intervals
    of the newest checks are the same without the older ones, and an older interval ends at
    most one interval's length (den days, 31 for a month) after the oldest check kept.
    """
    after = int(ords[-1]) + max(den, 31) - start + 1
    if after >= autos.size:
        return True
    history = replace(recent, schedule=Schedule(num, den))
    shown = auto_flags(history, ords, np.ones(ords.size, np.int8), start + after,
                       autos.size - after)
    return bool(np.array_equal(shown & ~taken[after:], autos[after:]))


def infer_frequency(rows: Iterable[tuple[date, int]], first: date, last: date,
                    scores: dict[date, float] | None = None,
                    budget: Budget | None = None) -> tuple[int, int] | None:
    """(num, den) that reproduces the export's automatic checkmarks (and scores), or None.

    `rows` are the habit's (day, Loop value) cells, `first`..`last` the exported dates. Daily
    is (1, 1): it fits a habit without automatic checkmarks whose scores (if any) agree.
    """
    rows = list(rows)
    budget = budget or Budget()
    start, n = first.toordinal(), last.toordinal() - first.toordinal() + 1
    autos = np.zeros(n, bool)
    taken = np.zeros(n, bool)
    for day, raw in rows:
        if first <= day <= last:
            autos[day.toordinal() - start] |= raw == YES_AUTO
            taken[day.toordinal() - start] |= raw in (YES_MANUAL, SKIP)
    done = {d: Entry("done") for d, raw in rows if raw == YES_MANUAL}
    entries = done | {d: Entry("skipped") for d, raw in rows if raw == SKIP}
    scores = scores or {}
    if not done:
        return None if autos.any() else (1, 1)
    if not autos.any() and (not scores or _scores_fit(entries, scores, 1, 1)):
        return 1, 1
    ords = np.fromiter((d.toordinal() for d in done), np.int64, len(done))
    states = np.ones(len(done), np.int8)
    newest = np.sort(ords)[::-1][:RECENT_CHECKS]
    recent = HabitHistory(date.fromordinal(int(newest[-1])),
                          {date.fromordinal(int(o)): Entry("done") for o in newest})
    for num, den in CANDIDATES:
        if budget.tries <= 0:
            return None
        if len(done) < num:
            continue
        budget.tries -= 1
        if len(done) > RECENT_CHECKS and not _recent_fit(recent, newest, autos, taken, start,
                                                         num, den):
            continue
        budget.tries -= len(done) // RECENT_CHECKS  # a full try costs as much as its checks
        history = HabitHistory(min(done), done, Schedule(num, den))
        shown = auto_flags(history, ords, states, start, n) & ~taken
        if np.array_equal(shown, autos) and (
                not scores or _scores_fit(entries, scores, num, den)):
            return num, den
    return None


def settle_frequencies(metas, warnings: list[str]) -> int:
    """Give each yes/no habit of an export without Habits.csv the frequency its cells show.

    Returns how many automatic checkmarks belong to habits whose checkmarks fit no frequency
    (imported as daily), after saying so in `warnings`: those days will show as missed.
    """
    found, lost, lost_days, budget, checked = [], set(), 0, Budget(), True
    for index, meta in enumerate(metas):
        habit = meta.habit
        if habit.kind != "yes_no" or not meta.entries:
            continue
        rows = [(d, raw) for d, raw, _ in meta.entries]
        days = [d for d, _ in rows]
        guess = infer_frequency(rows, min(days), max(days), meta.scores, budget)
        checked &= budget.tries > 0
        if guess is None:
            lost.add(index)
            lost_days += sum(raw == YES_AUTO for _, raw in rows)
        elif guess != (1, 1):
            habit.freq_num, habit.freq_den = guess
            found.append(f"{habit.name} ({Schedule(*guess).describe().lower()})")
    if found:
        warnings.append(_("This export does not say how often each habit is due; Habitory "
                          "recognised it from Loop's automatic checkmarks and scores: "
                          "%(habits)s. Check them in each habit's settings.",
                          habits=", ".join(found)))
    if lost:
        # Past the budget, a habit was not tried against every frequency: say so, not "fit".
        fit = (_("fit no frequency Habitory can set") if checked
               else _("fit no frequency Habitory could check in a file this large"))
        # Two counts, each with its plural: the habits, then their checkmarks.
        names = ", ".join(metas[i].habit.name for i in sorted(lost))
        habits = ngettext("The automatic checkmarks of %(names)s %(fit)s, so it was imported "
                          "as a daily habit: set its frequency in its settings.",
                          "The automatic checkmarks of %(names)s %(fit)s, so they were "
                          "imported as daily habits: set each one's frequency in its settings.",
                          len(lost), names=names, fit=fit)
        days = ngettext("Until then, %(count)s automatic checkmark will show as a missed day.",
                        "Until then, %(count)s automatic checkmarks will show as missed days.",
                        lost_days, count=grouped(lost_days))
        # Loop computes every past day's checkmarks by a habit's current frequency, so a file
        # edited or pieced together from several exports may fit none: say what that costs.
        rates = ngettext("Its completion rates and strength will differ from Loop's until its "
                         "frequency is set.",
                         "Their completion rates and strength will differ from Loop's until "
                         "each one's frequency is set.", len(lost))
        warnings.append(f"{habits} {days} {rates}")
    return lost_days
