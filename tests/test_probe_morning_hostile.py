"""A hostile look at this morning's surfaces: the token form's one-time value, the API's
Idempotency-Key recovery, the no-JavaScript redirects to a row. What a user or a stranger can
send must never answer a 500, nor point a user at a token or habit that is not the one meant.

SQLite gives the id of the newest row, once deleted, to the next row of its table: a token or
habit made after a revoke or delete can carry the id of the one that went (`_take_id` makes it
so on PostgreSQL too, which never reuses one)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from habitory.extensions import db
from habitory.models import ApiToken, Habit

from .api_support import bearer, problem
from .test_api_idempotency_recovery import READ, _habits, _post, _post_and_die
from .test_settings_token_resubmit import ALREADY_SENT, form_body, listed

# Not URLs at all to Python's parser (a broken IPv6 host; a host with a fullwidth solidus,
# "/" once NFKC-normalised): a stranger's page can send them as `next`, any client as Referer.
NOT_URLS = ("http://[", "//evil.example\uff0fx", "http://evil.example\uff0fx")


def _take_id(model, new_id: int, old_id: int) -> None:
    db.session.execute(sa.update(model).where(model.id == new_id).values(id=old_id))
    db.session.commit()


@pytest.fixture
def two(client, user):
    """Two habits on Today, added without JavaScript: name -> id."""
    for name in ("Read", "Walk"):
        client.post("/habits", data={"name": name})
    return {h.name: h.id for h in db.session.scalars(sa.select(Habit))}


@pytest.mark.parametrize("target", NOT_URLS)
@pytest.mark.parametrize(("action", "fields"), [
    ("move", {"direction": "down"}), ("toggle", {"view": "row"}),
    ("rename", {"name": "Reading"}), ("archive", {})])
def test_a_next_that_is_no_url_comes_back_to_today_at_the_row(client, two, target, action,
                                                              fields):
    sent = client.post(f"/habits/{two['Read']}/{action}", data={**fields, "next": target})
    assert sent.status_code == 303, sent.status_code
    where, _, anchor = sent.headers["Location"].partition("#")
    assert where == "/" and anchor.startswith("habit-")


@pytest.mark.parametrize("referer", NOT_URLS)
def test_a_referer_that_is_no_url_comes_back_to_today_at_the_row(client, two, referer):
    moved = client.post(f"/habits/{two['Read']}/move", data={"direction": "down"},
                        headers={"Referer": referer})
    assert moved.status_code == 303 and moved.headers["Location"] == f"/#habit-{two['Read']}"
    assert [h.name for h in db.session.scalars(sa.select(Habit).order_by(Habit.position))] == [
        "Walk", "Read"]


def test_a_form_sent_again_never_names_the_newer_token_that_took_its_id(client, user):
    """The page says to revoke the lost token and make a new one: after doing so, a reload of
    the old answer must not call the new token the old form's, nor offer to revoke it."""
    first = form_body(client.get("/settings/tokens").get_data(as_text=True), name="Laptop")
    made = client.post("/settings/tokens", data=first)
    (lost,) = listed(client)
    assert client.post(f"/settings/tokens/{lost}/revoke").status_code == 303
    second = form_body(made.get_data(as_text=True), name="Laptop again")
    assert client.post("/settings/tokens", data=second).status_code == 201
    (kept,) = listed(client)
    _take_id(ApiToken, kept, lost)  # SQLite does so itself: the new token has the old's id
    kept = lost

    again = client.post("/settings/tokens", data=first)
    notice = again.get_data(as_text=True).split('id="tokens-title"')[0]
    assert again.status_code == 409
    assert (f"{ALREADY_SENT}, and the token created then has been revoked since.") in notice
    assert "Laptop again" not in notice and f"/settings/tokens/{kept}/revoke" not in notice
    assert listed(client) == [kept]


def test_a_retry_never_answers_with_a_later_habit_that_took_the_deleted_ones_id(
        client, user, frozen_now):
    headers = bearer(user.id)
    (made,) = _post_and_die(client, headers, READ, user.id)
    assert client.delete(f"/api/v1/habits/{made}", headers=headers).status_code == 204
    diary = client.post("/api/v1/habits", json={"name": "Diary"}, headers=headers).get_json()
    _take_id(Habit, diary["id"], made)  # SQLite does so itself: the new habit has the old's id
    diary = client.get(f"/api/v1/habits/{made}", headers=headers).get_json()
    assert diary["name"] == "Diary"
    frozen_now(2026, 11, 25, 12, 1)
    body = problem(_post(client, headers, READ), 410)
    assert "deleted" in body["detail"]
    assert _habits(user.id) == [made]
    assert client.get(f"/api/v1/habits/{made}", headers=headers).get_json() == diary


@pytest.mark.parametrize("endpoint", ["https://[x/", "https://[::1/send"])
def test_a_push_endpoint_python_cannot_parse_is_refused_by_the_form(client, user, endpoint):
    """Found on the way (the same parser error as above): a clear 422, not a 500."""
    sent = client.post("/push/subscriptions", data={"endpoint": endpoint, "p256dh": "x",
                                                    "auth": "y"})
    assert sent.status_code == 422
    assert "The push endpoint must be an https:// address." in sent.get_data(as_text=True)
