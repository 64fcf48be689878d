"""The bell's "Start with one small habit" is answered by adding one: it stops counting."""

from __future__ import annotations

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
    assert "Start with one small habit" in page  # kept, as read


def test_a_refused_habit_leaves_the_invitation_unread(client, user):
    _invite(user.id)
    assert client.post("/habits", data={"name": ""}).status_code in (200, 422)
    assert unread_count(user.id) == 2
