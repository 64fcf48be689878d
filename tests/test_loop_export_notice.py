"""Before a Loop export is downloaded, the page says exactly what of the user's habits it leaves
out; the Habitory backup stays the lossless one."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import sqlalchemy as sa

from habitory.domain.history import histories
from habitory.extensions import db
from habitory.models import Habit, Tag, User
from habitory.stats.schedule import Schedule
from habitory.stats.streaks import current_streak

from .conftest import TODAY

MWF = 0b10101  # Monday, Wednesday, Friday


def gym_days(weeks: int = 6):
    """Every Monday, Wednesday and Friday of the last `weeks` weeks, today (a Wednesday) too."""
    return [TODAY - timedelta(days=n) for n in range(7 * weeks)
            if (TODAY - timedelta(days=n)).weekday() in (0, 2, 4)]


def test_the_notice_names_each_loss_of_this_users_habits(client, user, make_habit):
    gym = make_habit(user, "Gym", created=TODAY - timedelta(days=60), done=gym_days(),
                     weekdays=MWF, icon="🏋️")
    make_habit(user, "No sugar", kind="quit")
    read = make_habit(user, "Read", icon="📚")
    read.tags.append(Tag(user_id=user.id, name="mind", name_key="mind"))
    db.session.commit()
    history = histories([gym])[gym.id]
    before = current_streak(history, TODAY)
    after = current_streak(history.__class__(history.created, history.entries, Schedule(3, 7)),
                           TODAY)
    assert before != after  # the example the page must spell out

    html = client.get("/settings/export/loop").get_data(as_text=True)
    assert "Gym: “Mon, Wed, Fri” becomes “3× a week”" in html
    assert f"its current streak {before} becomes {after}" in html
    assert "No sugar." in html and "Quit habits become yes/no habits" in html
    assert "Gym 🏋️" in html and "Read 📚" in html
    assert "Read (mind)" in html
    assert 'href="/settings/export?format=loop"' in html
    assert 'href="/settings/export?format=json"' in html
    assert "keeps everything" in html


def test_settings_sends_the_loop_export_through_the_notice(client, user):
    html = client.get("/settings").get_data(as_text=True)
    assert 'href="/settings/export/loop"' in html
    assert 'href="/settings/export?format=loop"' not in html


def test_nothing_lost_says_so(client, user, make_habit):
    make_habit(user, "Read", done=[TODAY])
    html = client.get("/settings/export/loop").get_data(as_text=True)
    assert "each one fits Loop as it is" in html
    assert "becomes" not in html


def test_another_users_habits_are_not_in_the_notice(client, auth, user, make_habit):
    make_habit(user, "Secret diary", weekdays=MWF, icon="🔒")
    auth.logout()
    auth.register(email="bob@example.com")
    html = client.get("/settings/export/loop").get_data(as_text=True)
    assert "Secret diary" not in html and "🔒" not in html
    assert "each one fits Loop as it is" in html


def test_names_are_escaped(client, user, make_habit):
    make_habit(user, "<b>Gym</b>", weekdays=MWF)
    html = client.get("/settings/export/loop").get_data(as_text=True)
    assert "&lt;b&gt;Gym&lt;/b&gt;" in html and "<b>Gym</b>" not in html


def test_the_notice_needs_a_login(client):
    response = client.get("/settings/export/loop")
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]


def test_the_json_backup_keeps_what_the_loop_export_loses(client, user, make_habit):
    make_habit(user, "Gym", weekdays=MWF, icon="🏋️", done=gym_days(1))
    make_habit(user, "No sugar", kind="quit")
    backup = json.loads(client.get("/settings/export?format=json").get_data())
    habits = {h["name"]: h for h in backup["habits"]}
    assert habits["Gym"]["icon"] == "🏋️" and habits["No sugar"]["kind"] == "quit"
    assert habits["Gym"]["weekdays"] == MWF
    loop = zipfile.ZipFile(io.BytesIO(client.get("/settings/export?format=loop").get_data()))
    text = loop.read("Habits.csv").decode()
    assert "🏋️" not in text and "Gym" in text
    assert db.session.scalar(sa.select(sa.func.count(Habit.id)).join(User)
                             .where(User.email == "ada@example.com")) == 2
