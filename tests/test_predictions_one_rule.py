"""Tomorrow's chance said one way by every door: `flask predict` and /api/v1/predictions list
the same habits (none that is not due tomorrow), a tick today settles the reasons on Insights
as it settles the chance, and a quit habit's card counts clean days."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from habitory.domain import predictions
from habitory.extensions import db
from habitory.i18n import stored_reasons
from habitory.jobs import forecast
from habitory.jobs.forecast import stored_reasons as to_stored
from habitory.ml.today_settled import if_today, last_logged
from habitory.models import Prediction
from habitory.stats.phrases import N_

from .api_support import bearer
from .conftest import TODAY

TOMORROW = TODAY + timedelta(days=1)  # a Thursday
MON_WED_FRI = 0b10101


@pytest.fixture(autouse=True)
def model_files(app_config):
    app_config["MODEL_STORE"] = "files"


@pytest.fixture
def habits(user, make_habit):
    """Read (daily, missed each seventh day) and MonWedFri (done on each of its days), 120
    days of history each; neither ticked today."""
    start = TODAY - timedelta(days=120)
    days = [start + timedelta(days=d) for d in range(120)]
    read = make_habit(user, "Read", start, [d for i, d in enumerate(days) if i % 7 != 6])
    mwf = make_habit(user, "MonWedFri", start, [d for d in days if d.weekday() in (0, 2, 4)],
                     weekdays=MON_WED_FRI)
    return read, mwf


def test_predict_json_is_the_apis_list_and_leaves_out_a_habit_not_due_tomorrow(
        runner, client, user, habits):
    read, mwf = habits
    printed = runner.invoke(args=["predict", "--email", "ada@example.com", "--json"])
    assert printed.exit_code == 0, printed.output
    rows = json.loads(printed.output)
    api = client.get("/api/v1/predictions", headers=bearer(user.id)).get_json()
    assert rows == api  # one rule, the same numbers
    assert [r["habit"] for r in rows] == ["Read"]  # Thursday is not one of MonWedFri's days
    assert set(rows[0]) == {"habit_id", "habit", "probability", "source"}  # the schema
    text = runner.invoke(args=["predict", "--email", "ada@example.com"]).output
    assert "MonWedFri: not due tomorrow" in text.splitlines()
    assert f"Read: {rows[0]['probability']:.0%}" in text


def test_predict_says_what_the_pages_serve_after_a_tick(runner, client, user, habits):
    """The command recomputes: after a tick today it prints what Insights and the API show,
    not a chance from before the tick."""
    read, _ = habits
    forecast.train(user.id)
    client.put(f"/api/v1/habits/{read.id}/checkins/{TODAY.isoformat()}",
               json={"state": "not_done"}, headers=bearer(user.id))
    rows = json.loads(runner.invoke(args=["predict", "--email", "ada@example.com",
                                          "--json"]).output)
    api = client.get("/api/v1/predictions", headers=bearer(user.id)).get_json()
    assert rows == api


def _store(habit_id: int, user_id: int, probability: float, reasons: list, **chances) -> None:
    db.session.add(Prediction(habit_id=habit_id, user_id=user_id, for_day=TOMORROW,
                              probability=probability, source="model",
                              reasons=to_stored(reasons), at_risk=False, **chances))
    db.session.commit()


def _cards(client) -> str:
    html = client.get("/insights").get_data(as_text=True)
    return html[html.index("data-shared-reasons") if "data-shared-reasons" in html
                else html.index("data-prediction"):]


@pytest.fixture
def told_while_open(user, habits):
    """Stored while today was open and nothing was logged since yesterday: Read says what
    today's outcome changes, and both habits say when the user last logged anything."""
    read, mwf = habits
    yesterday = last_logged(2.0)  # obs:idle 2: the last log was the day before today
    _store(read.id, user.id, 0.79, [if_today(N_("88%"), N_("48%")), yesterday],
           if_done=0.85, if_not_done=0.41)
    _store(mwf.id, user.id, 0.6, [N_("habit is 120 days old"), yesterday])
    return read


def test_a_tick_today_settles_the_reasons_the_chance_already_follows(client, user,
                                                                      told_while_open):
    before = _cards(client)
    assert "88% if done today, 48% if not" in before
    assert "you last logged something yesterday" in before
    answer = client.put(f"/api/v1/habits/{told_while_open.id}/checkins/{TODAY.isoformat()}",
                        json={"state": "done"}, headers=bearer(user.id))
    assert answer.status_code in (200, 201), answer.get_data(as_text=True)
    after = _cards(client)
    assert "85%" in after  # the chance had followed the tick before this fix, too
    assert "if done today" not in after and "if not" not in after
    assert "done today" in after  # what today's outcome became
    assert "you last logged something today" in after  # said once, above both cards
    assert "yesterday" not in after
    api = client.get("/api/v1/predictions", headers=bearer(user.id)).get_json()
    assert {r["habit"]: r["probability"] for r in api}["Read"] == 0.85


def test_a_skip_today_drops_the_clause_without_saying_done(client, user, told_while_open):
    client.put(f"/api/v1/habits/{told_while_open.id}/checkins/{TODAY.isoformat()}",
               json={"state": "skipped"}, headers=bearer(user.id))
    chance = predictions.stored(user.id, TOMORROW)[told_while_open.id]
    assert chance.probability == 0.79  # no scenario for a skip: the stored chance stands
    said = stored_reasons(chance.reasons)
    assert not any("if done today" in r or "done today" in r for r in said)
    assert said == ["you last logged something today"]


def test_a_quit_habits_card_counts_clean_days(client, user, make_habit):
    make_habit(user, "No sugar", TODAY - timedelta(days=10), kind="quit")
    forecast.refresh(user.id)
    cards = _cards(client)
    assert "clean on 10 of 10 days (100%)" in cards
    assert "done on" not in cards


@pytest.mark.parametrize("said, now", [("done", None), ("done", "not_done"),
                                       ("not_done", None), ("not_done", "done")])
def test_a_tick_cleared_or_changed_before_the_refresh_unsays_todays_outcome(
        client, user, habits, said, now):
    """A prediction computed after today's tick says how today went; the tick cleared or
    changed before the next refresh, it no longer does."""
    from habitory.ml.today_settled import outcome_today

    read, _ = habits
    url = f"/api/v1/habits/{read.id}/checkins/{TODAY.isoformat()}"
    client.put(url, json={"state": said}, headers=bearer(user.id))
    _store(read.id, user.id, 0.7, [outcome_today(said == "done"), N_("habit is 120 days old")])
    assert f"{'done' if said == 'done' else 'not done'} today" in _cards(client)
    if now is None:
        assert client.delete(url, headers=bearer(user.id)).status_code == 204
    else:
        client.put(url, json={"state": now}, headers=bearer(user.id))
    cards = _cards(client)
    assert "done today" not in cards, cards
    assert "habit is 120 days old" in cards


def test_insights_says_which_habits_are_not_due_tomorrow(client, user, habits, make_habit):
    """A habit without a card is named, not gone missing: MonWedFri on a Thursday. Until the
    chances are refreshed, a habit without one may just be new: nothing is said."""
    make_habit(user, "<b>Odd</b> name", TODAY - timedelta(days=30), weekdays=MON_WED_FRI)
    forecast.refresh(user.id)
    html = client.get("/insights").get_data(as_text=True)
    assert "Not due tomorrow: MonWedFri, &lt;b&gt;Odd&lt;/b&gt; name." in html
    assert 'data-prediction="' in html  # Read's card
    client.put(f"/api/v1/habits/{habits[0].id}/checkins/{TODAY.isoformat()}",
               json={"state": "done"}, headers=bearer(user.id))  # the chances are stale now
    assert "Not due tomorrow" not in client.get("/insights").get_data(as_text=True)


@pytest.mark.parametrize("door", ["form", "api", "unarchive"])
def test_a_habit_just_added_is_not_said_to_be_not_due_tomorrow(client, user, habits, door):
    """Its chance comes with the next refresh (the sweep, within a minute): until then it is
    new, not "not due tomorrow" (a habit without a chance was named so for up to two hours)."""
    read, _mwf = habits
    if door == "unarchive":
        client.post(f"/habits/{read.id}/archive")
    forecast.refresh(user.id)
    assert not db.session.get(type(user), user.id).predictions_stale
    if door == "form":
        client.post("/habits", data={"name": "Stretch"})
    elif door == "api":
        assert client.post("/api/v1/habits", json={"name": "Stretch"},
                           headers=bearer(user.id)).status_code == 201
    else:
        client.post(f"/habits/{read.id}/unarchive")
    name = "Read" if door == "unarchive" else "Stretch"
    html = client.get("/insights").get_data(as_text=True)
    assert name in html
    assert "Not due tomorrow" not in html
    forecast.refresh(user.id)  # what the sweep does next
    html = client.get("/insights").get_data(as_text=True)
    assert f"Not due tomorrow: {name}" not in html


def test_a_refresh_when_no_habit_is_due_tomorrow_stores_nothing_and_is_done(client, user,
                                                                             habits):
    """Only MonWedFri left on a Wednesday evening (tomorrow a Thursday): the refresh works (it
    failed on an INSERT of no rows, and the user's chances were never refreshed)."""
    read, _mwf = habits
    client.post(f"/habits/{read.id}/archive")
    forecast.refresh(user.id)
    assert db.session.query(Prediction).filter_by(user_id=user.id).count() == 0
    assert not db.session.get(type(user), user.id).predictions_stale
