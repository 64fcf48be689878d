"""The words the pages repeat, in one place: day statuses, check-in states, targets, sources.

Python (the rows' labels) and the templates (the `wording` global) both read them here, so a
phrase changes once and reads the same on Today, the calendars and the habit page.
"""

from __future__ import annotations

# A day's status (habitory.stats.schedule: done, auto, skipped, missed, unscheduled, unknown) in a
# label, after the day: "Wed 25 Nov: done".
STATUS_WORDS = {
    "done": "done",
    "auto": "covered by the target",
    "skipped": "skipped",
    "missed": "not done",
    "unscheduled": "not scheduled",
    "unknown": "no entry",
}
# A habit to quit: a day without a slip is clean.
QUIT_STATUS_WORDS = {**STATUS_WORDS, "done": "clean", "missed": "slipped"}
# Today is still open: "unknown" means not yet, rather than nothing logged.
TODAY_UNKNOWN = "not done yet"

# A check-in's state (CheckIn.state) as a label: the history on the habit page, the day form.
STATE_WORDS = {"done": "Done", "skipped": "Skipped", "not_done": "Not done"}
QUIT_STATE_WORDS = {**STATE_WORDS, "done": "Clean", "not_done": "Slip"}

# A measurable habit's target: "at least 8 glasses".
DIRECTION_WORDS = {"at_least": "at least", "at_most": "at most"}

# Where tomorrow's chance comes from (Prediction.source): "Estimated from ...".
# predictions.SOURCE_WORDS still holds a copy for the insights page; it is to read this one.
SOURCE_WORDS = {
    "model": "your personal model",
    "beta_binomial": "your history so far (too little data for a model yet)",
    "base_rate": "this habit's overall rate",
    "rolling_7": "the last 7 days",
    "same_as_yesterday": "what you did yesterday",
    "weekday_rate": "this weekday's rate",
    "strength": "the habit's strength",
}


def status_words(kind: str) -> dict[str, str]:
    """The status words for a habit of this kind (yes_no, measurable, quit)."""
    return QUIT_STATUS_WORDS if kind == "quit" else STATUS_WORDS


def state_words(kind: str) -> dict[str, str]:
    """The check-in state labels for a habit of this kind."""
    return QUIT_STATE_WORDS if kind == "quit" else STATE_WORDS


def days(count: int) -> str:
    """'1 day', '12 days'."""
    return f"{count} day{'' if count == 1 else 's'}"
