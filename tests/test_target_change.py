"""A measurable habit's new target (or direction, or type) judges its past days again, as Loop
does: a day of 6 glasses was "not done" toward 8 and is done toward 6, on the habit page, in
Insights, through the API and in the export alike. It used to keep the verdict of the target
it was logged under, so lowering a target left "Days done", the rates, the best streak and
the API saying "not done" about days the new target calls done."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import CheckIn, User

from .api_support import bearer
from .conftest import PASSWORD, TODAY
from .test_habits_probe2_two_tabs import _sent_by
from .test_probe_numbers_agreement import _page_numbers
from .test_probe_numbers_days_done import _insights_done


def _log(client, habit, amounts: dict[int, str]) -> None:
    """Type an amount on each day `back` days before today, through the day editor."""
    for back, amount in amounts.items():
        response = client.post(f"/habits/{habit.id}/day", data={
            "day": (TODAY - timedelta(days=back)).isoformat(), "amount": amount})
        assert response.status_code in (200, 303)


def _edit(client, habit, **fields) -> None:
    """Save the habit's settings form with `fields` changed, as a browser sends it."""
    sent = _sent_by(client.get(f"/habits/{habit.id}/edit").get_data(as_text=True))
    for name, value in fields.items():
        sent.setlist(name, [value])
    sent.setlist("confirm_kind", ["1"])  # a measurable habit's new type is asked first
    assert client.post(f"/habits/{habit.id}/edit", data=sent).status_code == 303


def _api_days(client, habit, headers) -> dict[str, tuple[str, float | None]]:
    body = client.get(f"/api/v1/habits/{habit.id}/checkins?from={(TODAY - timedelta(days=30))}"
                      f"&to={TODAY}", headers=headers).get_json()
    return {c["date"]: (c["state"], c["amount"]) for c in body}


def _exported(client, name: str) -> dict[str, str]:
    backup = json.loads(client.get("/settings/export?format=json").get_data(as_text=True))
    habit = next(h for h in backup["habits"] if h["name"] == name)
    return {c["day"]: c["state"] for c in habit["checkins"]}


def _numbers(client, habit) -> dict:
    return _page_numbers(client.get(f"/habits/{habit.id}").get_data(as_text=True))


def _logged_at() -> dict:
    return {day: at for day, at in db.session.execute(
        sa.select(CheckIn.day, CheckIn.updated_at))}


def _day(back: int) -> str:
    return (TODAY - timedelta(days=back)).isoformat()


def test_a_lower_target_makes_the_days_that_meet_it_done_everywhere(client, user, make_habit):
    water = make_habit(user, "Water", created=TODAY - timedelta(days=5), kind="measurable",
                       target=8.0, unit="glasses")
    _log(client, water, {5: "8", 4: "6", 3: "9", 2: "6.5", 1: "8", 0: "5"})
    headers = bearer(user.id)
    assert _api_days(client, water, headers)[_day(4)] == ("not_done", 6.0)
    before = _numbers(client, water)
    db.session.execute(sa.update(User).values(predictions_stale=False))  # refreshed since
    db.session.commit()

    _edit(client, water, target="6")

    after = _numbers(client, water)
    assert after["best"] == 5 and after["done"] == 5 > before["done"] == 3
    assert after["current"] == 0  # today's 5 glasses still miss 6
    days = _api_days(client, water, headers)
    assert days[_day(4)] == ("done", 6.0) and days[_day(2)] == ("done", 6.5)
    assert days[_day(0)] == ("not_done", 5.0)
    exported = _exported(client, "Water")
    assert exported[_day(4)] == exported[_day(2)] == "done" and exported[_day(0)] == "not_done"
    assert _insights_done(client, "Water") == (5, 5, 5)  # done, met, the months
    assert db.session.scalar(sa.select(User.predictions_stale).where(User.id == user.id))


def test_a_higher_target_makes_the_days_that_miss_it_not_done(client, user, make_habit):
    water = make_habit(user, "Water", created=TODAY - timedelta(days=3), kind="measurable",
                       target=6.0, unit="glasses")
    _log(client, water, {3: "6", 2: "9", 1: "7", 0: "8"})
    headers = bearer(user.id)
    client.patch(f"/api/v1/habits/{water.id}", json={"target": 8}, headers=headers)

    days = _api_days(client, water, headers)
    assert {day: state for day, (state, _) in days.items()} == {
        _day(3): "not_done", _day(2): "done", _day(1): "not_done", _day(0): "done"}
    assert _numbers(client, water)["done"] == 2
    assert _insights_done(client, "Water") == (2, 2, 2)


def test_at_most_and_a_new_direction_judge_the_days_again(client, user, make_habit):
    coffee = make_habit(user, "Coffee", created=TODAY - timedelta(days=3), kind="measurable",
                        target=2.0, direction="at_most", unit="cups")
    _log(client, coffee, {3: "2", 2: "3", 1: "1", 0: "4"})
    headers = bearer(user.id)
    assert [s for s, _ in _api_days(client, coffee, headers).values()] == [
        "done", "not_done", "done", "not_done"]

    _edit(client, coffee, target="3")  # a looser limit: 3 cups is within it
    assert [s for s, _ in _api_days(client, coffee, headers).values()] == [
        "done", "done", "done", "not_done"]
    assert _numbers(client, coffee)["done"] == 3

    _edit(client, coffee, direction="at_least")  # now a goal of 3 cups or more
    assert [s for s, _ in _api_days(client, coffee, headers).values()] == [
        "not_done", "done", "not_done", "done"]


def test_a_lower_weekly_target_gives_the_best_streak_its_days(client, user, make_habit):
    running = make_habit(user, "Running", created=TODAY - timedelta(days=20),
                         kind="measurable", target=20.0, freq_num=1, freq_den=7, unit="km")
    _log(client, running, {14: "10.5", 7: "10.5", 0: "10.5"})
    assert _numbers(client, running)["best"] == 0

    _edit(client, running, target="10")

    assert _numbers(client, running)["best"] > 0
    days = _api_days(client, running, bearer(user.id))
    assert {state for state, _ in days.values()} == {"done"}


def test_skips_notes_and_days_without_an_amount_keep_what_they_were(client, user, make_habit):
    water = make_habit(user, "Water", created=TODAY - timedelta(days=3), kind="measurable",
                       target=8.0, unit="glasses")
    _log(client, water, {3: "6", 2: "6"})
    client.post(f"/habits/{water.id}/day", data={"day": _day(2), "state": "skipped",
                                                 "note": "ill"})
    client.post(f"/habits/{water.id}/day", data={"day": _day(1), "note": "forgot to count"})
    client.post(f"/habits/{water.id}/day", data={"day": _day(3), "note": "hot day"})
    before = {d: (s, a, n) for d, s, a, n in db.session.execute(
        sa.select(CheckIn.day, CheckIn.state, CheckIn.amount, CheckIn.note)
        .where(CheckIn.habit_id == water.id))}
    logged = _logged_at()

    _edit(client, water, target="5")

    db.session.expire_all()
    after = {d: (s, a, n) for d, s, a, n in db.session.execute(
        sa.select(CheckIn.day, CheckIn.state, CheckIn.amount, CheckIn.note)
        .where(CheckIn.habit_id == water.id))}
    day3, day2, day1 = (TODAY - timedelta(days=n) for n in (3, 2, 1))
    assert before[day3] == ("not_done", 6.0, "hot day") and after[day3] == ("done", 6.0, "hot day")
    assert after[day2] == before[day2] == ("skipped", 6.0, "ill")
    assert after[day1] == before[day1] == ("not_done", None, "forgot to count")
    # A new verdict is no new write: when each day was logged (the hours reminders learn
    # from) stays, and the day now done was done when its amount was logged.
    assert _logged_at() == logged
    assert db.session.scalar(sa.select(CheckIn.done_at).where(CheckIn.day == day3)) == logged[day3]


def test_back_to_measurable_the_days_are_judged_by_the_new_target(client, user, make_habit):
    water = make_habit(user, "Water", created=TODAY - timedelta(days=2), kind="measurable",
                       target=8.0, unit="glasses")
    _log(client, water, {2: "6", 1: "9"})
    _edit(client, water, kind="yes_no")  # a measurable day done stays done, 6 stays not done
    assert _numbers(client, water)["done"] == 1

    _edit(client, water, kind="measurable", target="6", unit="glasses")
    days = _api_days(client, water, bearer(user.id))
    assert days[_day(2)] == ("done", 6.0) and days[_day(1)] == ("done", 9.0)


def test_another_users_days_with_the_same_amounts_are_untouched(client, user, auth,
                                                                make_habit):
    mine = make_habit(user, "Water", created=TODAY - timedelta(days=2), kind="measurable",
                      target=8.0, unit="glasses")
    _log(client, mine, {2: "6", 1: "7"})
    auth.logout()
    auth.register(email="grace@example.com")
    grace = db.session.scalar(sa.select(User).where(User.email == "grace@example.com"))
    theirs = make_habit(grace, "Water", created=TODAY - timedelta(days=2), kind="measurable",
                        target=8.0, unit="glasses")
    _log(client, theirs, {2: "6", 1: "7"})
    auth.logout()
    auth.login(password=PASSWORD)

    _edit(client, mine, target="6")

    states: dict[int, list[str]] = {}
    for habit_id, state in db.session.execute(
            sa.select(CheckIn.habit_id, CheckIn.state).order_by(CheckIn.day)):
        states.setdefault(habit_id, []).append(state)
    assert states == {mine.id: ["done", "done"], theirs.id: ["not_done", "not_done"]}


def test_years_of_days_are_judged_again_in_a_few_statements(client, user, make_habit,
                                                            count_queries):
    water = make_habit(user, "Water", created=TODAY - timedelta(days=2000), kind="measurable",
                       target=8.0, unit="glasses")
    db.session.execute(sa.insert(CheckIn), [
        {"habit_id": water.id, "day": TODAY - timedelta(days=n),
         "state": "done" if n % 2 else "not_done", "amount": 8.0 if n % 2 else 6.0}
        for n in range(2000)])
    db.session.commit()
    sent = _sent_by(client.get(f"/habits/{water.id}/edit").get_data(as_text=True))
    sent.setlist("target", ["6"])
    with count_queries() as statements:
        assert client.post(f"/habits/{water.id}/edit", data=sent).status_code == 303
    touching = [s for s in statements if "checkins" in s.lower()]
    assert len(touching) <= 4, touching
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn).where(
        CheckIn.habit_id == water.id, CheckIn.state == "done")) == 2000
