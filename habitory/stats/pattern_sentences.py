"""The sentences of patterns.py's cards, whole for each kind of habit.

A habit to quit is "kept", any other "done": each sentence is written out for each kind (and
for each pair of kinds) rather than a verb slotted into one sentence, since a slotted verb
cannot agree with its sentence in every language (French, German word order).
"""

from __future__ import annotations

from typing import Any

from habitory.stats.phrases import N_, Msg


def weekend_gap(quitting: bool, **params: Any) -> Msg:
    """name, high, low, days."""
    if quitting:
        return N_("You keep %(name)s %(high)s but %(low)s, over the last %(days)s days.",
                  **params)
    return N_("You complete %(name)s %(high)s but %(low)s, over the last %(days)s days.",
              **params)


def weak_weekday(quitting: bool, **params: Any) -> Msg:
    """name, share, rest, days."""
    if quitting:
        return N_("You keep %(name)s on %(share)s, against %(rest)s of the other due days, "
                  "over the last %(days)s days.", **params)
    return N_("You complete %(name)s on %(share)s, against %(rest)s of the other due days, "
              "over the last %(days)s days.", **params)


def trend(quitting: bool, **params: Any) -> Msg:
    """name, recent, before."""
    if quitting:
        return N_("%(name)s was clean on %(recent)s in the last 14 days, against %(before)s "
                  "in the 30 days before.", **params)
    return N_("%(name)s was done on %(recent)s in the last 14 days, against %(before)s in "
              "the 30 days before.", **params)


def low_rate(quitting: bool, **params: Any) -> Msg:
    """name, share."""
    if quitting:
        return N_("%(name)s was clean on %(share)s in the last 30 days. A lighter goal that "
                  "you can meet is easier to build on.", **params)
    return N_("%(name)s was done on %(share)s in the last 30 days. A lighter goal that you "
              "can meet is easier to build on.", **params)


def together(name_quitting: bool, other_quitting: bool, **params: Any) -> Msg:
    """How name went on other's good days: on_due, other, name, on_done, on_percent, off_due,
    off_done, off_percent, overlap, z."""
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
