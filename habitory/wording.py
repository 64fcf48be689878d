"""The words the pages repeat, in one place: day statuses, check-in states, targets, sources.

Python (the rows' labels) and the templates (the `wording` global) both read them here, so a
phrase changes once and reads the same on Today, the calendars and the habit page. The dicts
hold the English (N_ marks them for the catalogues); the functions below give them in the
reader's language, looked up once per language.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import NamedTuple

from babel import Locale
from flask_babel import get_translations
from markupsafe import Markup

from habitory.i18n import locale_name, translate
from habitory.locale_formats import grouped
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
    # Not a status of its own: a missed day of an "at most" habit with nothing logged, which
    # the rates count as kept (views/heatmap.py draws it so on the habit's calendar).
    "within": N_("nothing logged, within the limit"),
}
# A label, a colon and what it says: "Wed 25 Nov: done", "Strength 84: …". A language may space
# its colon: French puts a narrow no-break space before it ("mer. 25 nov. : fait").
LABELLED = N_("%(label)s: %(text)s")
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
    "beta_binomial": N_("your history so far"),  # the reasons say why: a new habit...
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


def offline_state_words() -> dict[str, str]:
    """The states a day drawn offline can show, keyed as offline_words.js names them, worded as
    the labels the server draws say them."""
    status, quit_status = status_words("yes_no"), status_words("quit")
    return {"done": status["done"], "clean": quit_status["done"], "skipped": status["skipped"],
            "notYet": today_unknown(), "noEntry": status["unknown"], "missed": status["missed"],
            "slipped": quit_status["missed"]}


def days(count: int) -> str:
    """'1 day', '12 days', '1,826 days'."""
    return ngettext("%(num)s day", "%(num)s days", count)


# Named as gettext's own, so that pybabel extracts the sentences it is given.
def ngettext(singular: str, plural: str, num: int, **params: object) -> str:
    """Flask-Babel's ngettext, with %(num)s written the reader's way ("1.200", "1\u202f200"):
    its own fills in the bare count and takes no other."""
    template = get_translations().ungettext(singular, plural, num)
    return template % {"num": grouped(num), **params}


@lru_cache(maxsize=16)
def _labelled(locale: str) -> str:
    return translate(LABELLED)  # no parameters: the pattern itself, in `locale`


def labelled(label: str, text: str, locale: str | None = None) -> str:
    """'Wed 25 Nov: done', with the colon as the reader's language writes it."""
    return _labelled(locale or locale_name()) % {"label": label, "text": text}


class Progress(NamedTuple):
    """Today's "3 of 5 done" (partials/progress.html)."""

    line: Markup  # "<strong …>3 of 5</strong> done"
    label: str  # the bar's: "3 of 5 habits done today"
    # For offline_progress.js, which changes the numbers: JSON {plural category: [the words
    # after the numbers, the label]} when the words change with the count ("1 sur 3 faite",
    # "2 sur 3 faites"); "" when every count reads alike (English).
    forms: str


def _progress_words(done: int, due: int) -> tuple[str, str]:
    # The words agree with the habits done; the done count comes first in every language.
    return (ngettext('<strong class="font-semibold text-ink">%(num)s of %(due)s</strong> done',
                     '<strong class="font-semibold text-ink">%(num)s of %(due)s</strong> done',
                     done, due=grouped(due)),
            _progress_label(done, due))


def _progress_label(done: int, due: int) -> str:
    # Two counts: the habits due, which English agrees with ("of 1 habit"), and those done,
    # which French agrees with ("1 habitude sur 3 faite"). ngettext takes the done; the one
    # habit due has a sentence of its own.
    if due == 1:
        return ngettext("%(num)s of 1 habit done today", "%(num)s of 1 habit done today", done)
    return ngettext("%(num)s of %(due)s habits done today",
                    "%(num)s of %(due)s habits done today", done, due=grouped(due))


# A number as `grouped` writes it, its groups included: "7", "1,200", "1.200", "1\u202f200".
_NUMBER = re.compile(r"\d{1,3}(?:[.,'\u2019\u00a0\u202f]\d{3})+|\d+")


@lru_cache(maxsize=16)
def _plural_samples(locale: str) -> dict[str, int]:
    """A count of each plural category a day's count can fall in ({"one": 0, "other": 2} in
    French), as Intl.PluralRules names them."""
    rule = Locale.parse(locale).plural_form
    samples: dict[str, int] = {}
    for n in range(100):
        samples.setdefault(rule(n), n)
    return samples


def progress(done: int, due: int) -> Progress:
    """Today's line and bar label for `done` of `due` habits, in the reader's language."""
    line, label = _progress_words(done, due)
    forms = {}
    for category, n in _plural_samples(locale_name()).items():
        other_line, other_label = _progress_words(n, due)
        forms[category] = [other_line.partition("</strong>")[2], other_label]
    alike = len({_NUMBER.sub("#", "|".join(words)) for words in forms.values()}) == 1
    return Progress(Markup(line), label, "" if alike else json.dumps(forms, ensure_ascii=False))
