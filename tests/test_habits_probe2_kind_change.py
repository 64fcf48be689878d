"""A habit's type changed after months of history says what it does to those days: ticked
days of a yes/no habit turned measurable count as not done (no amount), and a quit habit's
clean days as missed; it said nothing. The change is saved at once (no check-in changes)."""

from __future__ import annotations

import html
from datetime import timedelta

from habitory.extensions import db
from habitory.models import Habit

from .conftest import TODAY
from .test_habits_probe2_two_tabs import _sent_by


def _kind(habit_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Habit, habit_id).kind


def test_a_new_type_over_history_is_saved_and_says_how_its_days_now_read(
        client, user, make_habit):
    habit = make_habit(user, "Run", done=[TODAY - timedelta(days=n) for n in range(90)])
    sent = _sent_by(client.get(f"/habits/{habit.id}/edit").get_data(as_text=True))
    sent.setlist("kind", ["measurable"])
    sent.setlist("target", ["5"])
    sent.setlist("unit", ["km"])
    saved = client.post(f"/habits/{habit.id}/edit", data=sent)
    assert saved.status_code == 303 and _kind(habit.id) == "measurable"
    page = html.unescape(client.get(saved.headers["Location"]).get_data(as_text=True))
    assert "This habit has 90 logged days" in page and "not done for a measurable" in page
    assert "No check-in was changed" in page

    # Back to yes/no: a measurable day reads as it did, nothing to say.
    sent = _sent_by(client.get(f"/habits/{habit.id}/edit").get_data(as_text=True))
    sent.setlist("kind", ["yes_no"])
    sent.setlist("confirm_kind", ["1"])  # its target goes: asked first
    saved = client.post(f"/habits/{habit.id}/edit", data=sent)
    assert saved.status_code == 303 and _kind(habit.id) == "yes_no"
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "logged days" not in page


def test_a_new_type_without_history_or_that_reads_nothing_otherwise_saves_at_once(
        client, user, make_habit):
    fresh = make_habit(user, "Read")
    sent = _sent_by(client.get(f"/habits/{fresh.id}/edit").get_data(as_text=True))
    sent.setlist("kind", ["quit"])
    assert client.post(f"/habits/{fresh.id}/edit", data=sent).status_code == 303

    water = make_habit(user, "Water", kind="measurable", target=8.0, unit="glasses",
                       done=[TODAY])
    sent = _sent_by(client.get(f"/habits/{water.id}/edit").get_data(as_text=True))
    sent.setlist("kind", ["yes_no"])  # a measurable day done stays done
    sent.setlist("confirm_kind", ["1"])  # its target goes: asked first
    assert client.post(f"/habits/{water.id}/edit", data=sent).status_code == 303
    assert _kind(water.id) == "yes_no"
