"""A tick is answered with tomorrow's chance as today now stands: the prediction computed while
today was open keeps the chance for each of today's outcomes, so the row, Today, Insights and
the API show the new number at once instead of the one from before the tick (2 %, "at risk")
until the background refresh."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from habitory.domain import predictions
from habitory.extensions import db
from habitory.jobs import forecast
from habitory.models import Habit, Prediction

from .api_support import bearer
from .conftest import HTMX, TODAY

CHANCE = re.compile(r'class="chance"[^>]*>([^<]+)<')


@pytest.fixture
def read(user, make_habit):
    """Ada's Read: 120 days in runs of six done and four missed days, the last run done since
    three days ago; today not ticked yet (12:00)."""
    start = TODAY - timedelta(days=120)
    make_habit(user, "Read", start, [start + timedelta(days=d) for d in range(120)
                                     if (d + 3) % 10 < 6])
    make_habit(user, "Quit smoking", start, [start + timedelta(days=40)], kind="quit")
    forecast.train(user.id)
    return db.session.scalar(sa.select(Prediction).join(Habit).where(Habit.name == "Read"))


def shown(html: str) -> str:
    return CHANCE.search(html).group(1).strip()


def percent(p: float) -> str:
    return f"{round(p * 100)}%"


def test_a_prediction_made_while_today_is_open_keeps_both_outcomes(read):
    assert read.if_done is not None and read.if_not_done is not None
    assert read.if_done != read.if_not_done
    low, high = sorted((read.if_done, read.if_not_done))
    assert low <= read.probability <= high  # the served chance weighs the two
    quit_ = db.session.scalar(sa.select(Prediction).join(Habit).where(Habit.kind == "quit"))
    assert quit_ is None or (quit_.if_done is None and quit_.if_not_done is None)


def test_the_row_today_insights_and_the_api_show_the_chance_as_today_now_stands(
        client, user, read):
    before = percent(read.probability)
    assert shown(client.get("/").get_data(as_text=True)) == before
    ticked = client.post(f"/habits/{read.habit_id}/toggle", data={"day": TODAY.isoformat()},
                         headers=HTMX).get_data(as_text=True)
    now = percent(read.if_done)
    assert now != before
    assert shown(ticked) == now  # the answer to the tick
    assert shown(client.get("/").get_data(as_text=True)) == now
    assert now in client.get("/insights").get_data(as_text=True)
    api = client.get("/api/v1/predictions", headers=bearer(user.id)).get_json()
    assert [p["probability"] for p in api if p["habit_id"] == read.habit_id] == [read.if_done]
    # Skipped, then cleared: today is open again and the stored chance stands.
    client.post(f"/habits/{read.habit_id}/toggle", data={"day": TODAY.isoformat()},
                headers=HTMX)
    cleared = client.post(f"/habits/{read.habit_id}/toggle", data={"day": TODAY.isoformat()},
                          headers=HTMX).get_data(as_text=True)
    assert shown(cleared) == before


def test_marked_not_done_today_gives_the_other_chance_and_its_risk(client, read):
    answer = client.post(f"/habits/{read.habit_id}/day", data={
        "day": TODAY.isoformat(), "state": "not_done"}, headers=HTMX)
    assert answer.status_code < 400, answer.get_data(as_text=True)
    served = predictions.stored(read.user_id, TODAY + timedelta(days=1))[read.habit_id]
    assert served.probability == read.if_not_done
    assert served.at_risk == (read.if_not_done < predictions.AT_RISK)
    assert served.today_probability is None  # today is settled: no reminder weighs it


def test_the_web_layers_threshold_is_the_models():
    from habitory.ml.model import AT_RISK

    assert predictions.AT_RISK == AT_RISK
