"""How one habit's calendar draws the days its amounts judge, as its rates count them
(stats.status_arrays.kept_days): an "at most" limit's days, an "at least" target per several
days' ("20 km a week"); their words, colours and looks, and the key's statuses."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import numpy as np

from habitory.i18n import translate
from habitory.models import Habit
from habitory.stats.phrases import N_
from habitory.stats.schedule import HabitHistory, period_target
from habitory.stats.status_arrays import DONE_AT, MISSED_AT, STATUSES, kept_days, period_amounts


def as_counted(full: HabitHistory, statuses: dict[date, str], first: date,
               today: date) -> dict[date, str]:
    """The statuses as the calendar draws them for a habit its amounts judge, as every rate
    beside the calendar counts its days (status_arrays.kept_days), though Loop's streaks keep
    them "missed" or "done". "At most": a day with nothing logged that the limit keeps is
    "within" it; with a limit per several days, one in a period gone over is "over", and a
    day logged under the limit in such a period "over_logged"; a day over the limit by itself
    stays "missed". "At least" per several days: a day of a period whose target is met is
    "met" (nothing logged) or "met_logged", one of a period short of it "short" or
    "short_logged"; a day meeting the target by itself stays "done"."""
    codes = np.fromiter(map(STATUSES.index, statuses.values()), np.int8, len(statuses))
    start = first.toordinal()
    kept = kept_days(full, codes, start, today.toordinal())
    if kept is None:
        return statuses
    missed, done = codes == MISSED_AT, codes == DONE_AT
    logged = period_amounts(full, start, len(codes)) > 0
    shown = np.array(list(statuses.values()), object)
    if full.direction == "at_least":
        open_ = kept & ~done
        shown[open_ & logged], shown[open_ & ~logged] = MET_LOGGED, MET
        shown[missed & ~kept & logged], shown[missed & ~kept & ~logged] = SHORT_LOGGED, SHORT
        return dict(zip(statuses, shown.tolist(), strict=True))
    shown[missed & kept] = WITHIN
    shown[missed & kept & logged] = DONE  # "not done" with an amount under the limit
    if period_target(full):
        shown[missed & ~kept & ~logged] = OVER
        shown[done & ~kept] = OVER_LOGGED
    return dict(zip(statuses, shown.tolist(), strict=True))


# One habit's calendar also draws days of its own, for a habit its amounts judge (wording.py
# has "within"; those of a period's limit or target are worded here). Each takes the look of
# the status the rates count it as: over a limit or short of a target, a missed day's; a
# target met, a done day's, or with nothing logged a covered day's (as a yes/no habit's day
# its target covers).
WITHIN, DONE = "within", "done"
OVER, OVER_LOGGED = "over", "over_logged"
MET, MET_LOGGED, SHORT, SHORT_LOGGED = "met", "met_logged", "short", "short_logged"
LIMIT_WORDS = {OVER: N_("nothing logged, over the limit for the period"),
               OVER_LOGGED: N_("logged, but over the limit for the period"),
               MET: N_("nothing logged, the target for the period met"),
               MET_LOGGED: N_("logged, the target for the period met"),
               SHORT: N_("nothing logged, short of the target for the period"),
               SHORT_LOGGED: N_("logged, but short of the target for the period")}
SHADES = {OVER: "missed", OVER_LOGGED: "missed", MET: "auto", MET_LOGGED: "done",
          SHORT: "missed", SHORT_LOGGED: "missed"}
# One habit's calendar: a status's colour.
LEVELS = {"done": 4, "auto": 2, "skipped": 1, WITHIN: 1, MET: 2, MET_LOGGED: 4}


def key_statuses(habit: Habit) -> list[str]:
    """The statuses `habit`'s calendar can draw, in the order of its key."""
    flexible = not habit.weekdays and habit.freq_num < habit.freq_den
    measurable, at_most = habit.kind == "measurable", habit.direction == "at_most"
    if measurable and at_most:
        over = [OVER, OVER_LOGGED] if flexible else []
        return ["done", WITHIN, "skipped", "missed", *over] + _off(habit)
    if measurable and flexible:  # "at least" per several days: the period's total judges
        return ["done", MET_LOGGED, MET, "skipped", SHORT_LOGGED, SHORT]
    auto = ["auto"] if habit.kind == "yes_no" and flexible else []
    return ["done", *auto, "skipped", "missed"] + _off(habit)


def _off(habit: Habit) -> list[str]:
    return ["unscheduled"] if habit.weekdays else []


@lru_cache(maxsize=16)
def limit_words(locale: str) -> dict[str, str]:
    """LIMIT_WORDS in the reader's language."""
    # `locale` keeps the languages apart: translate speaks the request's.
    return {status: translate(text) for status, text in LIMIT_WORDS.items()}
