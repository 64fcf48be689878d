"""The words the pages repeat, in one place: day statuses, check-in states, targets, sources.

Python (the rows' labels) and the templates (the `wording` global) both read them here, so a
phrase changes once and reads the same on Today, the calendars and the habit page. The dicts
hold the English (N_ marks them for the catalogues); the functions below give them in the
reader's language, looked up once per language.
"""

from __future__ import annotations

from functools import lru_cache

from flask_babel import ngettext

from habitory.i18n import locale_name, translate
from habitory.stats.phrases import N_

# A day's status (habitory.stats.schedule: done, auto, skipped, missed, unscheduled, unknown) in a
# label, after the day: "Wed 25 Nov: done".
STATUS_WORDS = {
    "done": N_("done"),
    "auto": N_("covered by the target"),
    "skipped": N_("skipped"),
    "missed": N_("not done"),
    "unscheduled": N_("not scheduled"),
    "unknown": N_("no entry"),
}
# A habit to quit: a day without a slip is clean.
QUIT_STATUS_WORDS = {**STATUS_WORDS, "done": N_("clean"), "missed": N_("slipped")}
# Today is still open: "unknown" means not yet, rather than nothing logged.
TODAY_UNKNOWN = N_("not done yet")

# A check-in's state (CheckIn.state) as a label: the history on the habit page, the day form.
STATE_WORDS = {"done": N_("Done"), "skipped": N_("Skipped"), "not_done": N_("Not done")}
QUIT_STATE_WORDS = {**STATE_WORDS, "done": N_("Clean"), "not_done": N_("Slip")}

# A measurable habit's target: "at least 8 glasses".
DIRECTION_WORDS = {"at_least": N_("at least"), "at_most": N_("at most")}

# Where tomorrow's chance comes from (Prediction.source): "Estimated from ...".
SOURCE_WORDS = {
    "model": N_("your personal model"),
    "beta_binomial": N_("your history so far (too little data for a model yet)"),
    "base_rate": N_("this habit's overall rate"),
    "rolling_7": N_("the last 7 days"),
    "same_as_yesterday": N_("what you did yesterday"),
    "weekday_rate": N_("this weekday's rate"),
    "strength": N_("the habit's strength"),
}
_TABLES = {"status": STATUS_WORDS, "quit_status": QUIT_STATUS_WORDS, "state": STATE_WORDS,
           "quit_state": QUIT_STATE_WORDS, "direction": DIRECTION_WORDS,
           "source": SOURCE_WORDS, "today": {"unknown": TODAY_UNKNOWN}}


@lru_cache(maxsize=64)
def words(table: str, locale: str) -> dict[str, str]:
    """One table of words (status, quit_status, state, ...) in `locale`, the request's."""
    # The request's gettext already speaks `locale`: the key only keeps languages apart.
    return {key: translate(text) for key, text in _TABLES[table].items()}


def status_words(kind: str) -> dict[str, str]:
    """The status words for a habit of this kind (yes_no, measurable, quit)."""
    return words("quit_status" if kind == "quit" else "status", locale_name())


def state_words(kind: str) -> dict[str, str]:
    """The check-in state labels for a habit of this kind."""
    return words("quit_state" if kind == "quit" else "state", locale_name())


def direction_words() -> dict[str, str]:
    """'at least', 'at most'."""
    return words("direction", locale_name())


def source_words(source: str) -> str:
    """Where a prediction comes from, for "Estimated from …"."""
    return words("source", locale_name()).get(source, source)


def today_unknown() -> str:
    """'not done yet'."""
    return words("today", locale_name())["unknown"]


def days(count: int) -> str:
    """'1 day', '12 days'."""
    return ngettext("%(num)d day", "%(num)d days", count)
