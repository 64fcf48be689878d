"""The reasons that hang on the user's today, and how they read once today is settled.

A prediction is stored with its reasons while today may still be open (jobs/forecast.py), and
a check-in today makes some of them untrue before the next refresh: "85% if done today, 41%
if not" is moot once today is done, and "you last logged something yesterday" is wrong once
anything is logged today. explain.py builds these sentences here; the served chance
(domain/predictions.served) reads the stored ones back here. Pure and free of scikit-learn, so
the processes that serve pages may import it.
"""

from __future__ import annotations

import json
import re

from habitory.ml.quit_words import QUIT_WORDS, quit_worded
from habitory.ml.smoothing import MAX_IDLE
from habitory.stats.phrases import N_, NP_, Msg, about_the_user


def ago(days: int) -> Msg:
    """"today", "yesterday", "3 days ago"."""
    if days == 0:
        return N_("today")
    if days == 1:
        return N_("yesterday")
    return NP_("%(num)s day ago", "%(num)s days ago", days)


def if_today(done: Msg, not_done: Msg) -> Msg:
    """What today's open check-in changes: "x% if done today, y% if not"."""
    return N_("%(done)s if done today, %(not_done)s if not", done=done, not_done=not_done)


def outcome_today(done: bool) -> Msg:
    """Today's settled outcome, as a reason."""
    return N_("done today") if done else N_("not done today")


def last_logged(since: float) -> Msg:
    """When the user last logged anything, from `since` (obs:idle: 1 + the days before
    today; NaN when nothing was ever logged; MAX_IDLE when capped)."""
    if since != since:  # NaN: nothing logged at all
        said = N_("you have not logged anything yet")
    elif since >= MAX_IDLE:  # capped: at least MAX_IDLE - 1 days before today
        said = N_("you last logged something over 4 weeks ago")
    else:
        said = N_("you last logged something %(ago)s", ago=ago(int(since) - 1))
    return about_the_user(said)


_IF_TODAY = if_today(Msg(None), Msg(None)).msgid
# A quit habit's, reworded (quit_words.py): its outcome is said the quit way too.
_IF_TODAY_QUIT = QUIT_WORDS[_IF_TODAY].msgid
_LOGGED_TODAY = last_logged(1.0)
# Every sentence of the break from logging, and those stored before 7 Dec 2026 (kept so that
# their translations stay in the catalogs until the rows are refreshed, within a day).
_IDLE = frozenset({last_logged(float("nan")).msgid, last_logged(MAX_IDLE).msgid,
                   _LOGGED_TODAY.msgid, N_("you last logged anything over 4 weeks ago").msgid,
                   N_("you last logged anything %(ago)s").msgid})
# Rows whose reasons did not fit as data hold their English text (forecast.stored_reasons).
_IF_TODAY_TEXT = re.compile(r"\S+ if (done|clean) today, \S+ if (not|you slip)")
_IDLE_TEXT = re.compile(r"you (last logged (something|anything) .+|have not logged anything yet)")
# What a prediction computed after today was settled says of it, by the state it says: a tick
# cleared or changed before the next refresh makes it untrue, and it goes.
_SAID_OF_TODAY = ((outcome_today(True), "done"), (outcome_today(False), "not_done"),
                  (QUIT_WORDS[outcome_today(True).msgid], "done"),
                  (QUIT_WORDS[outcome_today(False).msgid], "not_done"))
_OUTCOMES = {said.msgid: state for said, state in _SAID_OF_TODAY}
_OUTCOME_TEXT = {str(said): state for said, state in _SAID_OF_TODAY}

def settle(stored: str, state: str | None, scenario: bool, logged_today: bool) -> str:
    """Stored reasons (one a line, Msg JSON or English) as they read now.

    `state` is today's check-in (None: none yet); `scenario` says the chance served is the
    one computed for that outcome (served()), so the clause about today's two outcomes is
    said as the outcome it became; otherwise a settled today drops it. `logged_today`: the
    user logged anything today, so the break from logging ends today.
    """
    out = []
    for line in stored.splitlines():
        if "today" not in line and "logged" not in line:  # most lines: no parsing
            out.append(line)
            continue
        data = _data(line)
        msgid = data.get("id") if isinstance(data, dict) else None
        english = data is None
        outcome = _OUTCOMES.get(msgid) if msgid else _OUTCOME_TEXT.get(line) if english else None
        if outcome is not None and outcome != state:
            continue
        if_today_text = english and _IF_TODAY_TEXT.fullmatch(line)
        if state is not None and (msgid in (_IF_TODAY, _IF_TODAY_QUIT) or if_today_text):
            if not (scenario and state in ("done", "not_done")):
                continue
            said = outcome_today(state == "done")
            if msgid == _IF_TODAY_QUIT or if_today_text and "clean" in line:
                said = quit_worded(said)
        elif logged_today and (msgid in _IDLE or english and _IDLE_TEXT.fullmatch(line)):
            said = _LOGGED_TODAY
        else:
            out.append(line)
            continue
        line = str(said) if english else said.to_json()
        if line not in out:
            out.append(line)
    return "\n".join(out)


def _data(line: str) -> dict | str | None:
    """A stored line's JSON, or None for a line of English text."""
    if not line.startswith("{"):
        return None
    try:
        return json.loads(line)
    except ValueError:
        return None
