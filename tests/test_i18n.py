"""Every user in their own language and week: the pages in German and French, the language and
week settings, notifications stored before a change of language, locale formats."""

from __future__ import annotations

import html as html_module
import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.pofile import read_po

from habitory.domain import rules_run
from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.i18n import TRANSLATIONS
from habitory.jobs.forecast import stored_reasons
from habitory.ml.explain import text
from habitory.models import CheckIn, Notification, Prediction, User
from habitory.stats.phrases import N_

from .conftest import PASSWORD, TODAY

START = TODAY - timedelta(days=150)
# Text a page shows in attributes as well as between tags (screen readers read them).
ATTRIBUTES = re.compile(r'(?:aria-label|title|placeholder|alt|data-text-[a-z]+)="([^"]*)"')
CHART_SPEC = re.compile(r"data-chart-spec='(.*?)'", re.S)
PLACEHOLDERS = re.compile(r"%\([a-z_]+\)[sd]|%%|<[^>]+>")


def _catalogue(name: str):
    path = TRANSLATIONS / (name if name.endswith(".pot") else f"{name}/LC_MESSAGES/messages.po")
    with Path(path).open("rb") as f:
        return read_po(f)


def _english_fragments() -> set[str]:
    """Every run of English words between the placeholders of every message id, except those
    the German catalogue also uses (names, "System", "Tags"...)."""
    german = " ".join(" ".join(m.string) if isinstance(m.string, tuple) else m.string
                      for m in _catalogue("de") if m.id)
    fragments = set()
    for message in _catalogue("messages.pot"):
        for msgid in (message.id if isinstance(message.id, tuple) else (message.id,)):
            for part in PLACEHOLDERS.split(msgid or ""):
                part = part.strip(" .,:;()“”→·-")
                if len(part) >= 4 and re.search(r"[A-Za-z]{3}", part) and part not in german:
                    fragments.add(part)
    return fragments


def _visible_text(html: str) -> str:
    """The words a user meets: the text between tags, the labels in attributes and the chart
    data, without the timezone list (its zone names are proper names, like "Jan Mayen")."""
    html = re.sub(r'<select[^>]*id="timezone".*?</select>', " ", html, flags=re.S)
    said = ATTRIBUTES.findall(html)
    for spec in CHART_SPEC.findall(html):
        data = json.loads(html_module.unescape(spec))
        said += [*data["labels"], *(d["label"] for d in data["datasets"])]
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", html)
    return html_module.unescape(" ".join([body, *said]))


def _english_left(text_: str, fragments: set[str]) -> list[str]:
    return sorted(f for f in fragments if re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", text_))


def _history(user: User, make_habit):
    """Three habits with five months of days: a weekday habit that slips on Fridays, a quit
    habit with slips, a measurable one under its target."""
    days = [START + timedelta(days=i) for i in range((TODAY - START).days)]
    read = make_habit(user, "Lesen", START, [d for d in days if d.weekday() != 4 or d.day > 25])
    smoke = make_habit(user, "Rauchen", START, [], kind="quit")
    db.session.execute(sa.insert(CheckIn), [
        {"habit_id": smoke.id, "day": d, "state": "not_done"} for d in days[-3:]])
    water = make_habit(user, "Wasser", START, [], kind="measurable", target=8.0, unit="Gläser")
    db.session.execute(sa.insert(CheckIn), [
        {"habit_id": water.id, "day": d, "state": "done", "amount": 3.0} for d in days[-40:]])
    db.session.execute(sa.update(CheckIn).where(
        CheckIn.habit_id == read.id, CheckIn.day == TODAY - timedelta(days=3)).values(
        state="skipped", note="Krank"))
    db.session.add(Prediction(habit_id=read.id, user_id=user.id,
                              for_day=TODAY + timedelta(days=1), probability=0.31,
                              source="model", at_risk=True,
                              reasons=stored_reasons([N_("first due day"),
                                                      N_("tomorrow is a weekday")])))
    db.session.commit()
    return read, smoke, water


def _speak(client, language: str, week_start: str = "") -> None:
    client.get("/settings")  # shows (and so ends) the welcome flashed, in English, at sign-up
    response = client.post("/settings/language", data={"language": language,
                                                       "week_start": week_start})
    assert response.status_code == 303


@pytest.fixture(scope="module")
def fragments() -> set[str]:
    found = _english_fragments()
    assert {"Add a habit", "Best streaks", "How am I doing?", "Mark all read"} <= found
    return found


PAGES = {"today": "/", "habit": "/habits/{id}", "insights": "/insights?period=365",
         "notifications": "/notifications", "settings": "/settings", "calendar": "/calendar",
         "new": "/habits/new", "edit": "/habits/{id}/edit", "actions": "/habits/{id}/actions",
         "delete": "/habits/{id}/delete", "archived": "/habits/archived",
         "account": "/settings/account", "import": "/settings/import",
         "tokens": "/settings/tokens", "loop_export": "/settings/export/loop",
         "offline": "/offline"}
# /api/docs is left out: its chrome is translated, the reference itself (operations, fields,
# examples from the OpenAPI description) is written for developers in English.


@pytest.mark.parametrize("page", PAGES)
def test_a_german_user_sees_no_english_sentence(client, user, make_habit, fragments, page):
    read, _smoke, _water = _history(user, make_habit)
    rules_run.run_rules([user], datetime(2026, 11, 25, 12, 0, tzinfo=UTC), force=True)
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) >= 3
    _speak(client, "de")
    url = PAGES[page].format(id=read.id)
    html = client.get(url).get_data(as_text=True)
    assert '<html lang="de"' in html
    shown = _visible_text(html)
    left = _english_left(shown, fragments)
    assert left == [], left
    # ...and the checker does see English where there is some.
    client.post("/settings/language", data={"language": "en", "week_start": ""})
    english = _visible_text(client.get(url).get_data(as_text=True))
    assert len(_english_left(english, fragments)) >= 3


def test_the_german_pages_say_what_they_say_in_german(client, user, make_habit):
    read, _smoke, _water = _history(user, make_habit)
    _speak(client, "de")
    today = client.get("/").get_data(as_text=True)
    assert "Mittwoch, 25. November 2026" in today and "Gewohnheit hinzufügen" in today
    habit = client.get(f"/habits/{read.id}").get_data(as_text=True)
    assert "Beste Serien" in habit and "Verlauf" in habit
    assert re.search(r"\d+\u00a0%", habit)  # "78 %": the number, a no-break space, the sign
    insights = _visible_text(client.get("/insights?period=365").get_data(as_text=True))
    assert "Wo hakt es?" in insights
    assert "freitags" in insights  # the Friday slips, said in German
    assert "erster fälliger Tag" in insights and "morgen ist ein Werktag" in insights


def test_accept_language_decides_before_a_choice(client):
    html = client.get("/login", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).get_data(
        as_text=True)
    assert '<html lang="fr"' in html
    assert "<h1>Se connecter</h1>" in html and "Bon retour parmi nous." in html
    assert ">Log in<" not in html
    register = client.get("/register", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "<h1>Konto erstellen</h1>" in register
    # A language Habitory does not speak falls back to English.
    assert "<h1>Log in</h1>" in client.get("/login", headers={
        "Accept-Language": "ja"}).get_data(as_text=True)


def test_the_users_choice_wins_over_the_browser_and_can_be_undone(client, user):
    _speak(client, "de")
    french_browser = {"Accept-Language": "fr"}
    assert "<h1>Heute</h1>" in client.get("/", headers=french_browser).get_data(as_text=True)
    _speak(client, "")  # follow the browser again
    assert "<h1>Aujourd’hui</h1>" in client.get("/", headers=french_browser).get_data(
        as_text=True)
    assert db.session.get(User, user.id).language is None


def test_unknown_language_or_week_start_is_refused_with_a_message(client, user):
    response = client.post("/settings/language", data={"language": "xx", "week_start": ""})
    assert response.status_code == 422
    assert "Choose a language from the list." in response.get_data(as_text=True)
    response = client.post("/settings/language", data={"language": "", "week_start": "friday"})
    assert response.status_code == 422
    assert "Choose Monday, Sunday or Saturday." in response.get_data(as_text=True)
    stored = db.session.get(User, user.id)
    assert stored.language is None and stored.week_start is None


def test_one_users_language_is_not_anothers(app, client, user):
    _speak(client, "de")
    other = app.test_client()
    other.post("/register", data={"email": "bob@example.com", "password": PASSWORD,
                                  "confirm": PASSWORD, "timezone": "UTC"})
    assert "<h1>Today</h1>" in other.get("/").get_data(as_text=True)
    assert db.session.scalar(sa.select(User.language).where(
        User.email == "bob@example.com")) is None


def _row_weekdays(html: str) -> list[str]:
    """The weekday names heading a heatmap's rows, top to bottom."""
    return [re.sub(r"<[^>]+>", "", name) for name in
            re.findall(r'<th scope="row" class="pr-1">(.*?)</th>', html)]


def _first_cells(html: str) -> list[tuple[str, str]]:
    """(weekday, the first column's cell id or "out") for each row of the habit's calendar."""
    table = html[html.index('id="habit-calendar"'):]
    found = []
    for row in re.findall(r"<tr>\s*<th scope=\"row\"[^>]*>(.*?)</th>\s*<td>(.*?)</td>", table,
                          re.S):
        name = re.sub(r"<[^>]+>", "", row[0])
        cell = re.search(r'id="(cell-[\d-]+)"', row[1])
        found.append((name, cell.group(1) if cell else "out"))
    return found


def test_week_start_sunday_starts_the_calendar_rows_and_the_weekday_chart(client, user,
                                                                            make_habit):
    read, _smoke, _water = _history(user, make_habit)
    assert _row_weekdays(client.get("/calendar").get_data(as_text=True))[:2] == ["Mon", "Tue"]
    weekly = [json.loads(html_module.unescape(s)) for s in CHART_SPEC.findall(
        client.get("/insights?period=365").get_data(as_text=True))][2]
    assert weekly["labels"][-1] == "23 Nov"  # the Monday of TODAY's week
    _speak(client, "", "sunday")
    calendar = client.get("/calendar").get_data(as_text=True)
    assert _row_weekdays(calendar) == ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    # The first column is the week of Sunday 28 December: its Sunday is out of the year, and
    # 1 January 2026 (a Thursday) is in the same column.
    habit = client.get(f"/habits/{read.id}?year=2026").get_data(as_text=True)
    rows = _first_cells(habit)
    assert [name for name, _ in rows][:1] == ["Sun"]
    assert rows[0][1] == "out" and rows[4] == ("Thu", "cell-2026-01-01")
    specs = [json.loads(html_module.unescape(s)) for s in CHART_SPEC.findall(
        client.get("/insights?period=365").get_data(as_text=True))]
    weekday_chart = specs[-1]
    assert weekday_chart["labels"] == ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    # The weekly chart's weeks begin on Sunday too: 22 November 2026 is a Sunday.
    weekly_chart = specs[2]
    assert weekly_chart["labels"][-1] == "22 Nov"
    _speak(client, "de", "saturday")
    assert _row_weekdays(client.get("/calendar").get_data(as_text=True))[0] == "Sa"


def test_week_start_follows_the_language_until_chosen(client, user, make_habit):
    make_habit(user, "Lesen")  # the calendar draws a year once there is a habit
    _speak(client, "de")
    assert _row_weekdays(client.get("/calendar").get_data(as_text=True))[0] == "Mo"


def test_a_notification_stored_before_a_language_change_reads_in_the_new_language(client,
                                                                                   user):
    insert_new(user.id, [NewNotification(
        kind="missed", category="alerts", dedup_key="k:1",
        title=N_("Missed yesterday: %(name)s", name="Lesen"),
        body=N_("%(name)s was missed yesterday (%(weekday)s).", name="Lesen",
                weekday=N_("Tuesday")))])
    # A card stored before 0011 has no message data: it reads as it was written.
    insert_new(user.id, [NewNotification(kind="missed", category="alerts", dedup_key="k:2",
                                         title="Old card", body="Written in English.")])
    db.session.commit()
    english = client.get("/notifications").get_data(as_text=True)
    assert "Missed yesterday: Lesen" in english
    assert "Lesen was missed yesterday (Tuesday)." in english
    _speak(client, "de")
    german = client.get("/notifications").get_data(as_text=True)
    assert "Gestern verpasst: Lesen" in german
    assert "Lesen wurde gestern (Dienstag) verpasst." in german
    assert "Old card" in german and "Written in English." in german
    _speak(client, "fr")
    assert "Manquée hier\u202f: Lesen" in client.get("/notifications").get_data(as_text=True)
    # The English stays in the row for whoever reads the table itself.
    stored = db.session.scalar(sa.select(Notification).where(Notification.dedup_key == "k:1"))
    assert stored.title == "Missed yesterday: Lesen"


def test_plurals_and_numbers_in_french(client, user, make_habit):
    one = make_habit(user, "Courir", TODAY, [TODAY])
    two = make_habit(user, "Lire", TODAY - timedelta(days=1), [TODAY - timedelta(days=1), TODAY])
    _speak(client, "fr")
    first = client.get(f"/habits/{one.id}").get_data(as_text=True)
    second = client.get(f"/habits/{two.id}").get_data(as_text=True)
    streak = r'id="habit-streak-\d+"[^>]*>\s*{n} <span[^>]*>{word}</span>'
    assert re.search(streak.format(n=1, word="jour"), first)
    assert re.search(streak.format(n=2, word="jours"), second)
    assert "mercredi 25 novembre 2026" in client.get("/").get_data(as_text=True)


def test_prediction_reasons_are_stored_as_data_and_read_in_the_readers_language(client, user,
                                                                                 make_habit):
    read = make_habit(user, "Lesen", TODAY - timedelta(days=20), [TODAY])
    row = {"raw:n": 3, "raw:gap_last": 1, "raw:prev": 1}
    stored = stored_reasons([text("done_last", row, 0), N_("tomorrow is a weekday")])
    assert stored.splitlines()[0].startswith("{")
    db.session.add(Prediction(habit_id=read.id, user_id=user.id, for_day=TODAY + timedelta(1),
                              probability=0.25, source="model", at_risk=True, reasons=stored))
    # A row written before: plain English lines, shown as they are.
    db.session.commit()
    english = client.get("/insights").get_data(as_text=True)
    assert ">done today</li>" in english and ">tomorrow is a weekday</li>" in english
    _speak(client, "de")
    german = client.get("/insights").get_data(as_text=True)
    assert ">heute erledigt</li>" in german and ">morgen ist ein Werktag</li>" in german


def test_english_reasons_written_before_still_show(client, user, make_habit):
    read = make_habit(user, "Read", TODAY - timedelta(days=20), [TODAY])
    db.session.add(Prediction(habit_id=read.id, user_id=user.id, for_day=TODAY + timedelta(1),
                              probability=0.25, source="model", at_risk=True,
                              reasons="overall rate 40%\nfirst due day"))
    db.session.commit()
    page = client.get("/insights").get_data(as_text=True)
    assert ">overall rate 40%</li>" in page and ">first due day</li>" in page


def test_a_translated_page_costs_no_extra_query(client, user, make_habit, count_queries):
    for i in range(3):
        make_habit(user, f"Habit {i}", TODAY - timedelta(days=30), [TODAY])
    client.get("/")
    with count_queries() as english:
        client.get("/")
    _speak(client, "de")
    client.get("/")
    with count_queries() as german:
        client.get("/")
    assert len(german) == len(english)


def test_pages_say_they_vary_by_accept_language(client):
    response = client.get("/login", headers={"Accept-Language": "de"})
    assert "Accept-Language" in response.headers["Vary"]
    assert "<h1>Anmelden</h1>" in response.get_data(as_text=True)


def test_a_stored_sentence_comes_back_whole_with_its_plural_and_nested_words():
    """The JSON a notification keeps: ids, numbers, plurals and sentences inside sentences."""
    from habitory.stats.phrases import NP_, Msg, join

    sentence = join([N_("%(name)s was missed yesterday (%(weekday)s).", name="Lesen",
                        weekday=N_("Tuesday")), " ",
                     NP_("%(num)s day", "%(num)s days", 3)])
    back = Msg.from_json(sentence.to_json())
    assert back == sentence == "Lesen was missed yesterday (Tuesday). 3 days"
    words = {"%(name)s was missed yesterday (%(weekday)s).":
             "%(name)s fehlte gestern (%(weekday)s).", "Tuesday": "Dienstag"}
    said = back.render(lambda s: words.get(s, s),
                       lambda s, p, n: "%(num)s Tag" if n == 1 else "%(num)s Tage")
    assert said == "Lesen fehlte gestern (Dienstag). 3 Tage"
    assert Msg.from_data("plain text, as stored before") == "plain text, as stored before"
