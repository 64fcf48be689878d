"""Insights' "Tomorrow" cards: short, at most two reasons per habit, a reason shared by several
habits said once above them, a simple estimate named as such; nobody else's habits."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.jobs import forecast
from habitory.ml import explain
from habitory.models import Prediction, User

from .conftest import TODAY

TOMORROW = TODAY + timedelta(days=1)
# As training stores it: explain.py marks it as about all the user's habits (Msg.scope).
SHARED = explain.text("user_idle", {"obs:idle": 4.0}, 0).to_json()


def store(user_id, habit, probability, source, *reasons):
    db.session.add(Prediction(habit_id=habit.id, user_id=user_id, for_day=TOMORROW,
                              probability=probability, source=source,
                              reasons="\n".join(reasons)))


def tomorrow_section(html: str) -> str:
    return html[html.index('id="ai-title"'):html.index('id="doing-title"')]


def test_shared_reasons_once_own_reasons_per_card(client, user, make_habit):
    read, run, stretch = (make_habit(user, n, TODAY - timedelta(days=60))
                          for n in ("Read", "Run", "Stretch"))
    store(user.id, read, 0.81, "model", SHARED, "rate on Thursdays 90%")
    store(user.id, run, 0.33, "model", "done 30% of the time after a missed day", SHARED)
    store(user.id, stretch, 0.5, "beta_binomial", "new habit: 4 days of history",
          "done on 2 of 4 due days")
    db.session.commit()
    section = tomorrow_section(client.get("/insights").get_data(as_text=True))
    assert section.count("last logged something 3 days ago") == 1
    shared = section[section.index("data-shared-reasons"):section.index("<li class=\"card")]
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", shared)).count(
        "Run, Read: you last logged something 3 days ago.") == 1
    assert "rate on Thursdays 90%" in section and "after a missed day" in section
    # Run (least likely) first; the chance stands apart from the name, at risk flagged once.
    listed = section[section.index('<li class="card'):]
    assert listed.index("Run") < listed.index("Stretch") < listed.index("Read")
    assert section.count("Simple estimate") == 1 and "new habit: 4 days of history" in section
    assert "Estimated from your personal model" not in section  # not on every card any more
    assert len(re.findall(r"<li class=\"card", section)) == 3


def test_one_habit_keeps_both_its_reasons(client, user, make_habit):
    read = make_habit(user, "Read", TODAY - timedelta(days=60))
    store(user.id, read, 0.81, "model", SHARED, "rate on Thursdays 90%")
    db.session.commit()
    section = tomorrow_section(client.get("/insights").get_data(as_text=True))
    assert ">you last logged something 3 days ago</li>" in section
    assert "data-shared-reasons" not in section


def test_another_users_predictions_are_not_shown(client, user, make_habit, auth):
    mine = make_habit(user, "Read", TODAY - timedelta(days=60))
    store(user.id, mine, 0.7, "model", "rate on Thursdays 90%")
    other = User(email="eve@example.com", timezone="UTC", password_hash="x")
    db.session.add(other)
    db.session.flush()
    theirs = make_habit(other, "Secret diary", TODAY - timedelta(days=60))
    store(other.id, theirs, 0.2, "model", "their own reason")
    db.session.commit()
    html = client.get("/insights").get_data(as_text=True)
    assert "Secret diary" not in html and "their own reason" not in html


def test_refresh_stores_todays_chance_for_the_reminders(app, user, make_habit):
    start = TODAY - timedelta(days=90)
    make_habit(user, "Read", start, [start + timedelta(days=d) for d in range(90) if d % 4])
    db.session.commit()
    forecast.train(user.id)
    (stored,) = db.session.scalars(sa.select(Prediction)).all()
    # Today (the 25th) is due and open: its chance is stored beside tomorrow's.
    assert stored.for_day == TOMORROW and 0.02 <= stored.today_probability <= 0.98


def test_a_habit_reason_two_habits_happen_to_share_stays_on_each_card(client, user, make_habit):
    """"done on 4 of 7 due days" is a fact about each habit, not about the user: said above the
    cards it would read as if it were about all of them."""
    read, run = (make_habit(user, n, TODAY - timedelta(days=60)) for n in ("Read", "Run"))
    store(user.id, read, 0.6, "model", "done on 4 of 7 due days")
    store(user.id, run, 0.4, "model", "done on 4 of 7 due days")
    db.session.commit()
    section = tomorrow_section(client.get("/insights").get_data(as_text=True))
    assert "data-shared-reasons" not in section
    assert section.count(">done on 4 of 7 due days</li>") == 2


def test_a_reason_about_the_user_is_said_once_in_the_readers_language(client, user,
                                                                       make_habit):
    """The mark that groups it is stored with the reason, not read from its English words."""
    read, run = (make_habit(user, n, TODAY - timedelta(days=60)) for n in ("Read", "Run"))
    store(user.id, read, 0.6, "model", SHARED, "rate on Thursdays 90%")
    store(user.id, run, 0.4, "model", SHARED)
    user.language = "de"
    db.session.commit()
    section = tomorrow_section(client.get("/insights").get_data(as_text=True))
    assert section.count("dein letzter Eintrag: vor 3 Tagen") == 1
    assert "data-shared-reasons" in section and "last logged" not in section


def test_the_simple_estimate_is_said_once_for_the_habits_it_serves(client, user, make_habit):
    read, run, walk = (make_habit(user, n, TODAY - timedelta(days=60))
                       for n in ("Read", "Run", "Walk"))
    store(user.id, read, 0.7, "beta_binomial", "new habit: 4 days of history")
    store(user.id, run, 0.3, "beta_binomial", "few completions so far (2)")
    store(user.id, walk, 0.5, "model", "rate on Thursdays 90%")
    db.session.commit()
    section = tomorrow_section(client.get("/insights").get_data(as_text=True))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", section))
    assert text.count("imple estimate") == 1
    assert "Run, Read: a simple estimate, from" in text  # least likely first, Walk not named
    assert "new habit: 4 days of history" in text and "few completions so far (2)" in text
    # When every habit is served one, the line says so instead of listing them all.
    db.session.execute(sa.delete(Prediction).where(Prediction.habit_id == walk.id))
    store(user.id, walk, 0.5, "beta_binomial", "few misses so far (1)")
    db.session.commit()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", tomorrow_section(
        client.get("/insights").get_data(as_text=True))))
    assert "All your habits: a simple estimate, from" in text
