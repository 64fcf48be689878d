"""A notification's "yesterday" and "N days ago" count the reader's own days: a user far from
UTC read "yesterday" on a card written the day before yesterday of their calendar."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
import sqlalchemy as sa

from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.models import Notification
from habitory.stats.phrases import N_


def _card_written_at(user, moment: datetime) -> None:
    insert_new(user.id, [NewNotification(kind="missed", category="alerts", dedup_key="k:ago",
                                         title=N_("Missed yesterday: %(name)s", name="Read"),
                                         body="")])
    db.session.execute(sa.update(Notification).values(created_at=moment))
    db.session.commit()


def _said(client) -> str:
    page = client.get("/notifications").get_data(as_text=True)
    return re.search(r'<time datetime="[^"]+" title="[^"]*">([^<]+)</time>', page).group(1)


# The clock: 25 Nov 2026 12:00 UTC, which is 26 Nov 02:00 at Kiritimati (UTC+14) and
# 25 Nov 01:00 at Pago Pago (UTC-11).
@pytest.mark.parametrize(("zone", "written", "said"), [
    # 24 Nov 23:00 there: two of the reader's days ago, though only 27 hours.
    ("Pacific/Kiritimati", datetime(2026, 11, 24, 9, 0), "2 days ago"),
    # 25 Nov 00:30 there: yesterday.
    ("Pacific/Kiritimati", datetime(2026, 11, 24, 10, 30), "yesterday"),
    # 23 Nov 23:00 there, 49 hours ago: still two days, on the reader's calendar.
    ("Pacific/Pago_Pago", datetime(2026, 11, 23, 11, 0), "2 days ago"),
    # 22 Nov 14:00 there, 70 hours: three of the reader's days.
    ("Pacific/Pago_Pago", datetime(2026, 11, 23, 1, 0), "3 days ago"),
    ("UTC", datetime(2026, 11, 24, 11, 0), "yesterday"),
    ("UTC", datetime(2026, 11, 25, 9, 0), "3 h ago"),
])
def test_days_ago_are_the_readers_calendar_days(client, user, zone, written, said):
    user.timezone = zone
    db.session.commit()
    _card_written_at(user, written)
    assert _said(client) == said
