"""Counts, percentages and times on the pages written the reader's way: an import's summary
("1.200 zusammengeführt", "1 fusionnée" but "2 fusionnées"), a notification's time ("2:05 PM"
in English, "14:05" in German), the calendar's best month ("100 %" with French spacing, "mars"),
and the counts in brackets of the archive link and the mark-all-read button."""

from __future__ import annotations

import html as html_module
import re
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from flask import render_template

from habitory.extensions import db
from habitory.models import Notification
from habitory.settings.uploads import summary_sentence

NNBSP, NBSP = "\u202f", "\u00a0"


def _speak(user, language: str) -> None:
    user.language = language
    db.session.commit()


def _summary(created: int, merged: int, skipped: int) -> SimpleNamespace:
    return SimpleNamespace(created=["h"] * created, merged=["h"] * merged,
                           skipped=["h"] * skipped, checkins_added=1500, days_kept=0,
                           settings_restored=False)


@pytest.mark.parametrize(("language", "counts", "said"), [
    ("en", (1200, 1200, 1), "Imported 1,200 new habits, merged 1,200, skipped 1, 1,500 "
                            "check-ins added."),
    ("de", (1200, 1200, 1), "1.200 neue Gewohnheiten importiert, 1.200 zusammengeführt, "
                            "1 übersprungen, 1.500 Häkchen hinzugefügt."),
    ("fr", (1200, 1, 2), f"1{NNBSP}200 nouvelles habitudes importées, 1 fusionnée, "
                         f"2 ignorées, 1{NNBSP}500 validations ajoutées."),
    ("fr", (1, 2, 1), f"1 nouvelle habitude importée, 2 fusionnées, 1 ignorée, "
                      f"1{NNBSP}500 validations ajoutées."),
])
def test_an_imports_summary_writes_and_agrees_with_its_counts(app, language, counts, said):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert summary_sentence(_summary(*counts)) == said


def _notification_time(client) -> str:
    page = client.get("/notifications").get_data(as_text=True)
    return html_module.unescape(re.search(r'<time datetime="[^"]*" title="([^"]*)"',
                                          page).group(1))


@pytest.mark.parametrize(("language", "said"), [
    ("en", f"Wed 25 Nov 2026, 2:05{NNBSP}PM"),
    ("de", "Mi., 25. Nov. 2026, 14:05"),
    ("fr", "mer. 25 nov. 2026, 14:05"),
])
def test_a_notifications_time_is_written_as_the_readers_clock_shows_it(client, user, language,
                                                                      said):
    db.session.add(Notification(user_id=user.id, kind="missed", category="alerts",
                                title="Missed", body="Body", dedup_key="k:1",
                                created_at=datetime(2026, 11, 25, 14, 5)))
    _speak(user, language)
    assert _notification_time(client) == said


def _best_month(html: str) -> tuple[str, str]:
    card = html.split("data-year-numbers", 1)[1]
    month, share = re.search(r'font-semibold">([^<]*)</p>\s*<p class="num text-xs text-muted">'
                             r"([^<]*)</p>", card).groups()
    return html_module.unescape(month), html_module.unescape(share)


@pytest.mark.parametrize(("language", "month", "share"), [
    ("en", "March", "100% of due habit-days met (31 of 31)"),
    ("de", "März", f"100{NBSP}% der fälligen Gewohnheitstage erreicht (31 von 31)"),
    ("fr", "mars", f"100{NBSP}% des jours-habitudes prévus atteints (31 sur 31)"),
])
def test_the_best_month_is_named_and_its_share_written_the_readers_way(client, user, make_habit,
                                                                      language, month, share):
    march = [date(2026, 3, 1) + timedelta(days=i) for i in range(31)]
    make_habit(user, "Read", date(2026, 3, 1), march)
    _speak(user, language)
    assert _best_month(client.get("/calendar").get_data(as_text=True)) == (month, share)


@pytest.mark.parametrize(("language", "said"), [
    ("en", ">Archived habits (1,234)<"), ("de", ">Archivierte Gewohnheiten (1.234)<"),
    ("fr", f">Habitudes archivées (1{NNBSP}234)<"),
])
def test_the_archive_link_writes_its_count_the_readers_way(app, language, said):
    with app.test_request_context(headers={"Accept-Language": language}):
        html = render_template("partials/archived_link.html", archived_count=1234)
    assert said in html_module.unescape(html)


@pytest.mark.parametrize(("language", "said"), [
    ("en", "Mark all read (2,048)"), ("de", "Alle als gelesen markieren (2.048)"),
    ("fr", f"Tout marquer comme lu (2{NNBSP}048)"),
])
def test_mark_all_read_writes_its_count_the_readers_way(app, language, said):
    with app.test_request_context(headers={"Accept-Language": language}):
        html = render_template("partials/notification_list.html", unread=2048, items=[],
                               message=None)
    assert said in html_module.unescape(html)


@pytest.mark.parametrize(("language", "said"), [
    ("en", "1,424 due days"), ("de", "von 1.424 fälligen Tagen"),
    ("fr", f"sur 1{NNBSP}424 jours prévus"),
])
def test_a_habits_all_time_due_days_are_written_the_readers_way(client, user, make_habit,
                                                                language, said):
    start = date(2023, 1, 1)
    habit = make_habit(user, "Read", start, [start + timedelta(days=i) for i in range(0, 1400, 3)])
    _speak(user, language)
    page = html_module.unescape(client.get(f"/habits/{habit.id}").get_data(as_text=True))
    assert said in page


@pytest.mark.parametrize(("language", "page", "row"), [
    ("en", "its 1,200 days of history.", "its 1,200 days of history?"),
    ("de", "ihr Verlauf von 1.200 Tagen gelöscht", "den Verlauf von 1.200 Tagen löschen?"),
    ("fr", f"son historique de 1{NNBSP}200 jours.", f"son historique de 1{NNBSP}200 jours{NNBSP}?"),
])
def test_deleting_a_habit_counts_its_days_the_readers_way(client, user, make_habit, language,
                                                          page, row):
    start = date(2023, 1, 1)
    habit = make_habit(user, "Read", start, [start + timedelta(days=i) for i in range(1200)])
    _speak(user, language)
    url = f"/habits/{habit.id}/delete"
    assert page in html_module.unescape(client.get(url).get_data(as_text=True))
    fragment = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert row in re.sub(r"</?strong>", "", html_module.unescape(fragment))
