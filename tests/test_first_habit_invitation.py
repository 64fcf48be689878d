"""The bell's "Start with one small habit" is answered by adding one: the card goes, and the
rules do not raise it again."""

from __future__ import annotations

from datetime import date

import pytest

from habitory.domain.notifications import NewNotification, insert_new, unread_count
from habitory.extensions import db

from .conftest import HTMX


def _invite(user_id: int) -> None:
    insert_new(user_id, [
        NewNotification(kind="welcome", category="suggestions", title="Start with one small habit",
                        body="You have no habits yet.", dedup_key="welcome:-:first-habit@2024-03"),
        NewNotification(kind="missed", category="alerts", title="Something else",
                        body="Unrelated.", dedup_key="missed:-:other"),
    ])
    db.session.commit()


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_adding_a_first_habit_answers_the_invitation(client, user, headers):
    _invite(user.id)
    assert unread_count(user.id) == 2
    response = client.post("/habits", data={"name": "Read"}, headers=headers)
    assert response.status_code in (200, 303)
    assert unread_count(user.id) == 1  # the unrelated one is still unread
    page = client.get("/notifications").get_data(as_text=True)
    assert "Start with one small habit" not in page and "Something else" in page


def test_a_refused_habit_leaves_the_invitation_unread(client, user):
    _invite(user.id)
    assert client.post("/habits", data={"name": ""}).status_code in (200, 422)
    assert unread_count(user.id) == 2


def test_an_htmx_add_redraws_the_bell_without_the_invitation(client, user):
    _invite(user.id)
    html = client.post("/habits", data={"name": "Read"}, headers=HTMX).get_data(as_text=True)
    assert 'id="notification-badge"' in html and 'data-unread="1"' in html
    assert 'hx-swap-oob="true"' in html.split('id="notification-badge"')[1].split(">")[0]


def test_an_import_that_adds_habits_answers_the_invitation(app, user):
    from habitory.portability import store
    from habitory.portability.formats import ImportBundle, ImportedHabit

    _invite(user.id)
    store.apply(user.id, ImportBundle([ImportedHabit("Read", created_on=date(2026, 1, 5))], "csv"))
    assert unread_count(user.id) == 1


def test_a_read_invitation_goes_too_and_is_not_raised_again(client, user):
    from habitory.domain.notifications import mark_all_read

    _invite(user.id)
    mark_all_read(user.id)
    client.post("/habits", data={"name": "Read"})
    assert "Start with one small habit" not in client.get("/notifications").get_data(
        as_text=True)
    again = insert_new(user.id, [NewNotification(
        kind="welcome", category="suggestions", title="Start with one small habit",
        body="You have no habits yet.", dedup_key="welcome:-:first-habit@2024-03")])
    assert again == 0
