"""A reminder says its time on its reader's clock, in the card and in the Web Push: "8:00 AM"
in English, "08:00" in German and French, "18:30" / "6:30 PM" in the evening (it was written
"08:00" into every language when the reminder was stored). A card stored before keeps
reading."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from babel.dates import format_time

from habitory.domain.rules_run import run_reminders
from habitory.extensions import db
from habitory.i18n import LANGUAGES
from habitory.models import Habit, Notification, Reminder, User

from .page_text import without_tokens
from .push_support import Browser

NNBSP = "\u202f"
DAY = date(2026, 11, 25)


def _speak(user: User, language: str) -> None:
    user.language = language
    db.session.commit()


def _remind(user: User, name: str, at: time) -> None:
    """A habit named `name` whose reminder at `at` (UTC, the user's zone) has just passed."""
    habit = Habit(user_id=user.id, position=db.session.scalar(
        sa.select(sa.func.count(Habit.id)).where(Habit.user_id == user.id)) + 1,
        created_on=date(2026, 10, 1))
    habit.rename(name)
    db.session.add(habit)
    db.session.flush()
    db.session.add(Reminder(habit_id=habit.id, at=at))
    db.session.commit()
    moment = datetime.combine(DAY, at, tzinfo=UTC).replace(second=30)
    assert run_reminders(moment) == 1


def _cards(client) -> str:
    return without_tokens(html.unescape(client.get("/notifications").get_data(as_text=True)))


def test_a_reminders_card_says_its_time_on_the_readers_clock(client, user):
    _remind(user, "Stretch", time(8, 0))
    _remind(user, "Read", time(18, 30))

    page = _cards(client)
    assert f"It is 8:00{NNBSP}AM: Stretch is not ticked off yet today." in page
    assert f"It is 6:30{NNBSP}PM: Read is not ticked off yet today." in page
    assert "08:00" not in page and "18:30" not in page

    _speak(user, "de")
    page = _cards(client)
    assert "Es ist 08:00: Stretch ist heute noch nicht abgehakt." in page
    assert "Es ist 18:30: Read ist heute noch nicht abgehakt." in page
    assert "AM" not in page and "PM" not in page

    _speak(user, "fr")
    page = _cards(client)
    assert f"Il est 08:00{NNBSP}: Stretch n’est pas encore cochée aujourd’hui." in page
    assert f"Il est 18:30{NNBSP}: Read n’est pas encore cochée aujourd’hui." in page


def test_every_language_writes_a_reminders_time_as_its_clock_does(client, user):
    """CLDR's short time of each language: 12-hour or 24-hour, with or without the zero."""
    moments = (time(0, 5), time(9, 7), time(12, 30), time(18, 45))
    for i, at in enumerate(moments):
        _remind(user, f"Habit {i}", at)
    for language in LANGUAGES:
        _speak(user, language)
        bodies = re.findall(r'<p class="mt-0.5 text-sm">([^<]*)</p>', _cards(client))
        for i, at in enumerate(moments):
            said = format_time(at, "short", locale=language)
            (body,) = [b for b in bodies if f"Habit {i} " in b]
            assert re.search(rf"(^|\s){re.escape(said)}\W", body), (language, said, body)


def test_a_push_is_on_the_clock_of_the_language_it_is_sent_in(client, user, push_service):
    english, german = Browser(push_service.url("/send/en")), Browser(push_service.url("/send/de"))
    client.post("/push/subscriptions", data=english.fields(), headers={"Accept-Language": "en"})
    client.post("/push/subscriptions", data=german.fields(), headers={"Accept-Language": "de"})

    _remind(user, "Stretch", time(18, 30))

    sent = {path: body for path, _, body in push_service.received}
    assert english.decrypt(sent["/send/en"])["body"] == \
        f"It is 6:30{NNBSP}PM: Stretch is not ticked off yet today."
    assert german.decrypt(sent["/send/de"])["body"] == \
        "Es ist 18:30: Stretch ist heute noch nicht abgehakt."


def test_a_card_stored_before_still_reads_beside_a_new_one(client, user):
    """A reminder stored with its time as text ("07:15") reads as it did, in every language;
    one stored now reads on the reader's clock."""
    old = {"title": {"id": "Time for %(name)s", "params": {"name": "Walk"}},
           "body": {"id": "It is %(time)s: %(name)s is not ticked off yet today.",
                    "params": {"time": "07:15", "name": "Walk"}}}
    db.session.add(Notification(
        user_id=user.id, kind="reminder", category="reminders", severity="info",
        title="Time for Walk", body="It is 07:15: Walk is not ticked off yet today.",
        message=json.dumps(old), dedup_key="reminder:old", created_at=datetime(2026, 11, 24)))
    db.session.commit()
    _remind(user, "Stretch", time(8, 0))

    page = _cards(client)
    assert "It is 07:15: Walk is not ticked off yet today." in page
    assert f"It is 8:00{NNBSP}AM: Stretch is not ticked off yet today." in page
    _speak(user, "de")
    page = _cards(client)
    assert "Es ist 07:15: Walk ist heute noch nicht abgehakt." in page
    assert "Es ist 08:00: Stretch ist heute noch nicht abgehakt." in page
