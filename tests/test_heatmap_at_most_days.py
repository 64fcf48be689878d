"""A habit's own calendar says what its rates count: a day of an "at most" habit (Vaping, at
most 80 a day) with nothing logged is within the limit, not "not done" in the colour of a day
with no entry. A day over the limit is still not done, and every other kind of habit reads as
before (a yes/no day left empty is not done). Streaks stay Loop's (test_at_most_empty_days)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn

from .conftest import TODAY

WITHIN = "nothing logged, within the limit"
# A day's cell: a measurable habit's is a span with its words for a screen reader (and the
# tooltip), a yes/no habit's a button labelled by them.
SPAN = re.compile(r'<span class="heat" data-level="(\d)" data-status="(\w+)"[^>]*>'
                  r'<span class="sr-only">([^<]*)</span>')
BUTTON = re.compile(r'<button [^>]*class="heat"[^>]*data-level="(\d)" data-status="(\w+)"'
                    r'[^>]*aria-label="([^"]*)"')


def _log(habit, amounts: dict[int, float]) -> None:
    """An amount on each of these days back from today."""
    db.session.execute(sa.insert(CheckIn), [
        {"habit_id": habit.id, "day": TODAY - timedelta(days=back), "state": "done",
         "amount": amount} for back, amount in amounts.items()])
    db.session.commit()


def _cells(client, habit_id: int) -> tuple[dict[str, tuple[str, str]], str]:
    """The calendar's days by their words ("Tue 24 Nov 2026") as (status, words), and the
    page's legend."""
    page = client.get(f"/habits/{habit_id}").get_data(as_text=True)
    cells = {}
    for _level, status, label in SPAN.findall(page) + BUTTON.findall(page):
        day, _, words = html.unescape(label).partition(": ")
        cells[day] = (status, words)
    legend = re.search(r"<ul class=\"legend\" data-legend.*?</ul>", page, re.S)[0]
    return cells, legend


def test_an_empty_day_of_an_at_most_habit_is_within_the_limit(client, user, make_habit):
    habit = make_habit(user, "Vaping", created=TODAY - timedelta(days=9), kind="measurable",
                       target=80.0, direction="at_most", unit="puffs")
    _log(habit, {2: 100.0, 3: 50.0})  # over the limit on Monday, under it on Sunday
    cells, legend = _cells(client, habit.id)
    # Tuesday, with nothing logged, counts as kept in the rates beside the calendar: so it
    # reads, in a colour of its own (the legend names it), and not as a miss.
    assert cells["Tue 24 Nov 2026"] == ("within", WITHIN)
    assert cells["Thu 19 Nov 2026"] == ("within", WITHIN)
    assert cells["Mon 23 Nov 2026"] == ("missed", "not done")  # 100 puffs: over the limit
    assert cells["Sun 22 Nov 2026"] == ("done", "done")
    # Before the habit began and today, still open: no entry, as before.
    assert cells["Sat 14 Nov 2026"] == ("unknown", "no entry")
    assert cells["Wed 25 Nov 2026"] == ("unknown", "no entry")
    assert 'data-status="within"></span>Nothing logged, within the limit' in legend
    assert 'data-status="missed"></span>Not done' in legend
    # The Calendar of all habits counts the same days done.
    calendar = html.unescape(client.get("/calendar").get_data(as_text=True))
    assert "Tue 24 Nov 2026: 1 habit done out of 1" in calendar
    assert "Mon 23 Nov 2026: 0 habits done out of 1" in calendar


def test_other_habits_still_say_not_done_for_an_empty_day(client, user, make_habit):
    created = TODAY - timedelta(days=9)
    read = make_habit(user, "Read", created=created, done=[TODAY - timedelta(days=2)])
    water = make_habit(user, "Water", created=created, kind="measurable", target=8.0,
                       direction="at_least", unit="glasses")
    smoke = make_habit(user, "Smoke", created=created, kind="quit")
    cells, legend = _cells(client, read.id)
    assert cells["Tue 24 Nov 2026"] == ("missed", "not done")
    assert cells["Mon 23 Nov 2026"] == ("done", "done")
    assert "within" not in legend
    cells, legend = _cells(client, water.id)
    assert cells["Tue 24 Nov 2026"] == ("missed", "not done")
    assert "within" not in legend
    cells, _legend = _cells(client, smoke.id)
    assert cells["Tue 24 Nov 2026"] == ("done", "clean")
