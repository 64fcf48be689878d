"""The days named in notifications are written by CLDR for the reader's language ("Sat 5 Dec",
"Sa., 5. Dez.", "sam. 5 déc."), not pieced together from catalogue words; the card's
<time datetime> stays machine-readable."""

from __future__ import annotations

import re
from datetime import date

import pytest

from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.i18n import in_language
from habitory.rules.core import short_day
from habitory.stats.phrases import N_


def _speak(client, language: str) -> None:
    client.get("/settings")
    assert client.post("/settings/language", data={"language": language,
                                                   "week_start": ""}).status_code == 303


def _card(user) -> None:
    insert_new(user.id, [NewNotification(
        kind="missed", category="alerts", dedup_key="k:dates",
        title=N_("Missed yesterday: %(name)s", name="Lesen"),
        body=N_("%(name)s has been missed on the last %(run)s scheduled days, since "
                "%(since)s.",
                name="Lesen", run=3, since=short_day(date(2026, 12, 5))))])
    db.session.commit()


@pytest.mark.parametrize(("language", "day"), [
    ("", "Sat 5 Dec"),
    ("de", "Sa., 5. Dez."),
    ("fr", "sam. 5 déc."),
    ("es", "sáb, 5 dic"),
    ("pt_BR", "sáb., 5 de dez."),
])
def test_a_notifications_day_is_written_the_cldr_way(client, user, language, day):
    _card(user)
    if language:
        _speak(client, language)
    page = client.get("/notifications").get_data(as_text=True)
    assert day in page
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"', page)


def test_a_push_in_another_language_writes_its_day_the_same_way(app):
    said = N_("since %(since)s", since=short_day(date(2026, 12, 5)))
    with app.test_request_context():
        assert in_language(said, "de").endswith("Sa., 5. Dez.")
        assert in_language(said, "en").endswith("Sat 5 Dec")
