"""The sentences of patterns.py's cards, whole for each kind of habit.

A habit to quit is "kept", any other "done": each sentence is written out for each kind (and
for each pair of kinds) rather than a verb slotted into one sentence, since a slotted verb
cannot agree with its sentence in every language (French, German word order).

The advice compares rates (rates.py: successes / due days). A success is not always a day
done: a day covered by the target (3 times a week, once a month), a day under an "at most"
limit with nothing logged, a day whose period's total met "20 km a week". Where such days
are among the counts, "done" would overstate what the user did (1 tick read as "done on 30 of
30 days"), so the sentence says "met its target" and then gives the days really done
(`wording` is "quit", "done" or "met": wording() decides).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from habitory.stats.phrases import N_, NP_, Msg, join
from habitory.stats.rates import CODE, HabitDays


def wording(days: HabitDays, kind: str, start: int, end: int) -> tuple[str, int, bool]:
    """("quit", "done" or "met", the days done, whether a day covered by the target was
    met) from ordinal start to end: "met" when the successes are not exactly the days done."""
    done = days.count("completed", start, end)
    if kind == "quit":
        return "quit", done, False
    success, completed = (days.window(f, start, end) for f in ("success", "completed"))
    if np.array_equal(success.astype(bool), completed.astype(bool)):
        return "done", done, False
    lo, hi = max(start, days.first) - days.first, min(end, days.today) - days.first
    covered = lo <= hi and bool((days.success[lo:hi + 1]
                                  & (days.codes[lo:hi + 1] == CODE["auto"])).any())
    return "met", done, covered


def weekend_gap(wording: str, **params: Any) -> Msg:
    """name, high, low, days."""
    if wording == "quit":
        return N_("You keep %(name)s %(high)s but %(low)s, over the last %(days)s days.",
                  **params)
    if wording == "met":
        return N_("%(name)s met its target %(high)s but %(low)s, over the last %(days)s "
                  "days.", **params)
    return N_("You complete %(name)s %(high)s but %(low)s, over the last %(days)s days.",
              **params)


def weak_weekday(wording: str, **params: Any) -> Msg:
    """name, share, rest, days."""
    if wording == "quit":
        return N_("You keep %(name)s on %(share)s, against %(rest)s of the other due days, "
                  "over the last %(days)s days.", **params)
    if wording == "met":
        return N_("%(name)s met its target on %(share)s, against %(rest)s of the other due "
                  "days, over the last %(days)s days.", **params)
    return N_("You complete %(name)s on %(share)s, against %(rest)s of the other due days, "
              "over the last %(days)s days.", **params)


def trend(wording: str, **params: Any) -> Msg:
    """name, recent, before."""
    if wording == "quit":
        return N_("%(name)s was clean on %(recent)s in the last 14 days, against %(before)s "
                  "in the 30 days before.", **params)
    if wording == "met":
        return N_("%(name)s met its target on %(recent)s in the last 14 days, against "
                  "%(before)s in the 30 days before.", **params)
    return N_("%(name)s was done on %(recent)s in the last 14 days, against %(before)s in "
              "the 30 days before.", **params)


def low_rate(wording: str, **params: Any) -> Msg:
    """name, share."""
    if wording == "quit":
        return N_("%(name)s was clean on %(share)s in the last 30 days. A lighter goal that "
                  "you can meet is easier to build on.", **params)
    if wording == "met":
        return N_("%(name)s met its target on %(share)s in the last 30 days. A lighter goal "
                  "that you can meet is easier to build on.", **params)
    return N_("%(name)s was done on %(share)s in the last 30 days. A lighter goal that you "
              "can meet is easier to build on.", **params)


def really_done(sentence: Msg, wording: str, done: int, days: int, covered: bool,
                before: int | None = None) -> Msg:
    """After a "met" sentence, the days really done in its last `days` days (and, for a
    trend, in the 30 before); `covered`: some days met were covered by the target."""
    if wording != "met":
        return sentence
    if before is None:
        count = NP_("You did it on %(num)s day in the last %(days)s days.",
                    "You did it on %(num)s days in the last %(days)s days.", done, days=days)
    else:
        count = NP_("You did it on %(num)s day in the last 14 days and on %(before)s in the "
                    "30 days before.", "You did it on %(num)s days in the last 14 days and on "
                    "%(before)s in the 30 days before.", done, before=before)
    return join([sentence, count, N_("The other days met were covered by the target.")
                 if covered else ""], " ")


def together(name_quitting: bool, other_quitting: bool, **params: Any) -> Msg:
    """How name went on the days other was done (or kept): on_due, other, name, on_done,
    on_percent, off_due, off_done, off_percent, overlap, z."""
    if other_quitting and name_quitting:
        return N_("On the %(on_due)s days you kept %(other)s, you kept %(name)s on "
                  "%(on_done)s (%(on_percent)s%%); on the %(off_due)s days you didn't, on "
                  "%(off_done)s (%(off_percent)s%%). Both were due on %(overlap)s days "
                  "(z = %(z)s).", **params)
    if other_quitting:
        return N_("On the %(on_due)s days you kept %(other)s, you did %(name)s on "
                  "%(on_done)s (%(on_percent)s%%); on the %(off_due)s days you didn't, on "
                  "%(off_done)s (%(off_percent)s%%). Both were due on %(overlap)s days "
                  "(z = %(z)s).", **params)
    if name_quitting:
        return N_("On the %(on_due)s days you did %(other)s, you kept %(name)s on "
                  "%(on_done)s (%(on_percent)s%%); on the %(off_due)s days you didn't, on "
                  "%(off_done)s (%(off_percent)s%%). Both were due on %(overlap)s days "
                  "(z = %(z)s).", **params)
    return N_("On the %(on_due)s days you did %(other)s, you did %(name)s on %(on_done)s "
              "(%(on_percent)s%%); on the %(off_due)s days you didn't, on %(off_done)s "
              "(%(off_percent)s%%). Both were due on %(overlap)s days (z = %(z)s).", **params)
