"""A notification card's buttons are named with the card they act on, as a screen reader
reads them in a list of buttons: "Mark as read: Read slipped", no stray space before the colon."""

from __future__ import annotations

from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db


def test_card_buttons_say_which_card(client, user):
    insert_new(user.id, [NewNotification(kind="missed", category="alerts", title="Read slipped",
                                         body="Not done for 3 days.", dedup_key="t:1")])
    db.session.commit()
    html = client.get("/notifications").get_data(as_text=True)
    assert 'aria-label="Mark as read: Read slipped"' in html
    assert 'aria-label="Dismiss: Read slipped"' in html
    assert ">: Read slipped<" not in html  # no hidden tail after the visible words
