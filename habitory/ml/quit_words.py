"""A quit habit's reasons in its own words: its done days are clean days, its misses slips.

The model and explain.py speak of every habit as done or not done; a habit to quit shows
"Clean days" and "log a slip" everywhere else, so its reasons are reworded before they are
stored (jobs/forecast.py) and when a tick settles today (today_settled.py). Pure: the
processes that serve pages import it.
"""

from __future__ import annotations

from habitory.stats.phrases import N_, NP_, Msg

# explain.py's sentence (its msgid) -> the quit habit's, with the same parameters.
QUIT_WORDS: dict[str, Msg] = {said.msgid: quit for said, quit in (
    (N_("done yesterday"), N_("clean yesterday")),
    (N_("not done yesterday"), N_("slipped yesterday")),
    (N_("done the last time it was due"), N_("clean the last time it was due")),
    (N_("not done the last time it was due"), N_("slipped the last time it was due")),
    (N_("done today"), N_("clean today")),
    (N_("not done today"), N_("slipped today")),
    (N_("not done yet"), N_("no clean day yet")),
    (N_("last done %(ago)s"), N_("last clean day %(ago)s")),
    (N_("done %(rate)s of the time after a done day"),
     N_("clean %(rate)s of the time after a clean day")),
    (N_("done %(rate)s of the time after a missed day"),
     N_("clean %(rate)s of the time after a slip")),
    (N_("done about %(rate)s of due days %(when)s"), N_("clean about %(rate)s of days %(when)s")),
    (N_("done %(streak)s due days in a row"), N_("clean %(streak)s days in a row")),
    (N_("%(done)s if done today, %(not_done)s if not"),
     N_("%(done)s if clean today, %(not_done)s if you slip")),
    (N_("no due day done or missed yet"), N_("no day clean or slipped yet")),
    (N_("few completions so far (%(count)s)"), N_("few clean days so far (%(count)s)")),
    (N_("few misses so far (%(count)s)"), N_("few slips so far (%(count)s)")),
)}
_DONE_ON = NP_("done on %(done)s of %(num)s due day", "done on %(done)s of %(num)s due days",
               1, done=0).msgid


def quit_worded(reason: object) -> object:
    """One reason the quit way; anything else as it is."""
    if not isinstance(reason, Msg) or reason.msgid is None:
        return reason
    if reason.msgid == _DONE_ON and reason.n:
        done = reason.params["done"]
        return N_("clean on %(done)s of %(due)s days (%(rate)s)", done=done, due=reason.n,
                  rate=N_("%(percent)s%%", percent=f"{done / reason.n * 100:.0f}"))
    quit = QUIT_WORDS.get(reason.msgid)
    return Msg(quit.msgid, params=reason.params) if quit is not None else reason


def in_quit_words(reasons: list) -> list:
    """A quit habit's reasons the quit way, as the alerts say them ("clean on 3 of 4 days
    (75%)"; the habit page's "Clean days")."""
    return [quit_worded(reason) for reason in reasons]
