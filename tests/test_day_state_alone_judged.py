"""A state sent alone on a measurable day that holds an amount: the amount still decides the
day, as if it had been sent again (the API's PUT and the web's day form alike). "not_done" on
12 of "at least 10" stays done; "done" on 12 of "at most 2" stays not done."""

from __future__ import annotations

import pytest

from .api_support import bearer
from .conftest import TODAY

DAY = TODAY.isoformat()


def _stored(client, habit_id: int, headers) -> list[dict]:
    return client.get(f"/api/v1/habits/{habit_id}/checkins?from={DAY}&to={DAY}",
                      headers=headers).get_json()


def _put(client, habit_id: int, body: dict, headers) -> dict:
    answer = client.put(f"/api/v1/habits/{habit_id}/checkins/{DAY}", json=body,
                        headers=headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


@pytest.mark.parametrize(("direction", "target", "amount", "sent", "kept"), [
    ("at_least", 10.0, 12, "not_done", "done"),
    ("at_least", 10.0, 5, "done", "not_done"),
    ("at_most", 2.0, 12, "done", "not_done"),
    ("at_most", 2.0, 1, "not_done", "done"),
])
def test_a_state_put_alone_is_judged_by_the_amount_kept(client, user, make_habit, direction,
                                                        target, amount, sent, kept):
    headers = bearer(user.id)
    habit = make_habit(user, "Steps", kind="measurable", target=target, direction=direction)
    assert _put(client, habit.id, {"state": sent, "amount": amount}, headers)["state"] == kept
    answer = _put(client, habit.id, {"state": sent}, headers)
    assert (answer["state"], answer["amount"]) == (kept, amount)
    assert [(c["state"], c["amount"]) for c in _stored(client, habit.id, headers)] == [
        (kept, amount)]


def test_a_skip_alone_still_sets_the_day_aside_with_its_amount(client, user, make_habit):
    headers = bearer(user.id)
    habit = make_habit(user, "Steps", kind="measurable", target=10.0)
    _put(client, habit.id, {"state": "done", "amount": 12}, headers)
    assert _put(client, habit.id, {"state": "skipped"}, headers)["state"] == "skipped"
    assert [(c["state"], c["amount"]) for c in _stored(client, habit.id, headers)] == [
        ("skipped", 12.0)]


def test_a_new_amount_or_none_still_changes_the_day(client, user, make_habit):
    headers = bearer(user.id)
    habit = make_habit(user, "Steps", kind="measurable", target=10.0)
    _put(client, habit.id, {"state": "done", "amount": 12}, headers)
    assert _put(client, habit.id, {"state": "not_done", "amount": 3}, headers)["state"] == (
        "not_done")
    answer = _put(client, habit.id, {"state": "done", "amount": None}, headers)
    assert answer["state"] is None and _stored(client, habit.id, headers) == []


def test_the_web_day_form_judges_a_state_alone_the_same(client, user, make_habit):
    headers = bearer(user.id)
    habit = make_habit(user, "Coffee", kind="measurable", target=2.0, direction="at_most")
    _put(client, habit.id, {"state": "done", "amount": 12}, headers)
    posted = client.post(f"/habits/{habit.id}/day", data={"day": DAY, "state": "done"})
    assert posted.status_code in (200, 303)
    assert [(c["state"], c["amount"]) for c in _stored(client, habit.id, headers)] == [
        ("not_done", 12.0)]


def test_a_day_cleared_but_kept_for_its_note_loses_its_amount(client, user, make_habit):
    headers = bearer(user.id)
    habit = make_habit(user, "Steps", kind="measurable", target=10.0)
    _put(client, habit.id, {"state": "done", "amount": 12, "note": "long walk"}, headers)
    posted = client.post(f"/habits/{habit.id}/day", data={"day": DAY, "state": "clear"})
    assert posted.status_code in (200, 303)
    assert [(c["state"], c["amount"], c["note"])
            for c in _stored(client, habit.id, headers)] == [("not_done", None, "long walk")]
