"""An archived habit's page: its numbers stop on the day it was archived, instead of counting
every day since as missed (strength falling to 0 %, "0 of 29 due days")."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import Habit

from .conftest import HTMX, TODAY


def _numbers(page: str) -> str:
    """The key numbers and "How it is going", without tags: what the reader compares."""
    start = page.index('aria-label="Key numbers"')
    end = page.index('id="habit-calendar-title"')
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[start:end]))


def _habit_with_a_good_run(make_habit, user) -> Habit:
    """Done on each of the last 120 days: strong, on a long streak."""
    return make_habit(user, "Guitar", created=TODAY - timedelta(days=119),
                      done=[TODAY - timedelta(days=n) for n in range(120)])


def test_an_archived_habits_numbers_stay_as_they_were_when_it_was_archived(
        client, user, make_habit, frozen_now):
    habit = _habit_with_a_good_run(make_habit, user)
    client.post(f"/habits/{habit.id}/archive")
    when_archived = _numbers(client.get(f"/habits/{habit.id}").get_data(as_text=True))
    assert "120 days" in when_archived and "100%" in when_archived

    later = TODAY + timedelta(days=60)
    frozen_now(later.year, later.month, later.day, 12, 0)
    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert _numbers(page) == when_archived  # not "0 of 29 due days", not a strength of 40 %
    assert "archived on Wed 25 Nov 2026" in page


def test_the_calendar_of_an_archived_habit_leaves_the_days_since_blank(
        client, user, make_habit, frozen_now):
    habit = _habit_with_a_good_run(make_habit, user)
    client.post(f"/habits/{habit.id}/archive", headers=HTMX)
    frozen_now(2026, 12, 20, 12, 0)
    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert 'id="cell-2026-11-25"' in page  # its last day can still be changed
    assert 'id="cell-2026-12-01"' not in page  # not a missed day to tick: it was archived
    assert not re.search(r'id="cell-[^"]*"[^>]*data-status="missed"', page)


def test_a_day_logged_after_archiving_is_judged_and_restoring_judges_to_today(
        client, user, make_habit, frozen_now):
    habit = _habit_with_a_good_run(make_habit, user)
    client.post(f"/habits/{habit.id}/archive")
    frozen_now(2026, 12, 20, 12, 0)
    client.post(f"/habits/{habit.id}/day", data={"day": "2026-12-05", "state": "done",
                                                 "form": "day"})
    assert db.session.get(Habit, habit.id).archived_on.isoformat() == "2026-12-05"
    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert 'id="cell-2026-12-05"' in page and 'id="cell-2026-12-06"' not in page

    client.post(f"/habits/{habit.id}/unarchive")
    restored = db.session.scalar(sa.select(Habit).where(Habit.id == habit.id))
    assert restored.archived_on is None  # back on Today: the days in between were missed
    assert 'id="cell-2026-12-19"' in client.get(f"/habits/{habit.id}").get_data(as_text=True)


def test_an_imported_archived_habit_stops_on_its_last_logged_day(
        client, user, make_habit, frozen_now):
    """An import or a restored backup archives a habit without the day: its last check-in
    stands for it."""
    habit = _habit_with_a_good_run(make_habit, user)
    db.session.get(Habit, habit.id).archived = True
    db.session.commit()
    frozen_now(2026, 12, 20, 12, 0)
    page = client.get(f"/habits/{habit.id}").get_data(as_text=True)
    assert 'id="cell-2026-11-25"' in page and 'id="cell-2026-11-26"' not in page
    assert "100%" in _numbers(page) and not re.search(r"(?<![0-9])0 of", _numbers(page))


def test_the_api_stats_of_an_archived_habit_stop_where_its_page_does(
        client, user, make_habit, frozen_now):
    from .api_support import bearer

    habit = _habit_with_a_good_run(make_habit, user)
    client.post(f"/habits/{habit.id}/archive")
    frozen_now(2026, 12, 20, 12, 0)
    stats = client.get(f"/api/v1/habits/{habit.id}/stats", headers=bearer(user.id)).get_json()
    assert stats["current_streak"] == 120 and stats["rate_7"] == 1.0


def test_archiving_a_habit_reads_its_cards_and_leaves_the_others_unread(
        client, user, make_habit):
    from habitory.domain.notifications import NewNotification, insert_new, unread_count

    read, run = make_habit(user, "Read"), make_habit(user, "Run")
    insert_new(user.id, [
        NewNotification(kind="reminder", category="reminders", title="Time for Read",
                        body="Not ticked off yet.", dedup_key="r:1", habit_id=read.id),
        NewNotification(kind="missed", category="alerts", title="Read slipped",
                        body="Not done for 2 days.", dedup_key="r:2", habit_id=read.id),
        NewNotification(kind="reminder", category="reminders", title="Time for Run",
                        body="Not ticked off yet.", dedup_key="r:3", habit_id=run.id)])
    db.session.commit()
    assert unread_count(user.id) == 3
    client.post(f"/habits/{read.id}/archive")
    assert unread_count(user.id) == 1  # the bell counts Run's card only
    client.post(f"/habits/{read.id}/unarchive")
    assert unread_count(user.id) == 1


def test_a_habit_brought_back_takes_its_place_again(client, user, make_habit):
    """As Loop does: No Pot was 2nd of 4; archived and restored it was 4th of 4 (34th of 34
    for the tester). Habits added meanwhile stay after it."""
    for name in ("Read", "No Pot", "Walk", "Water"):
        make_habit(user, name)
    ids = dict(db.session.execute(sa.select(Habit.name, Habit.id)).all())
    client.post(f"/habits/{ids['No Pot']}/archive")
    client.post("/habits", data={"name": "Stretch"})
    client.post(f"/habits/{ids['No Pot']}/unarchive")
    db.session.expire_all()
    order = list(db.session.scalars(sa.select(Habit.name).where(Habit.archived.is_(False))
                                    .order_by(Habit.position)))
    assert order == ["Read", "No Pot", "Walk", "Water", "Stretch"]
    page = client.get("/").get_data(as_text=True)
    assert page.index(">No Pot<") < page.index(">Walk<")
