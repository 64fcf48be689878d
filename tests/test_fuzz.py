"""Hostile input to every door of the web app: no 500, and no request over a second.

Every route of app.url_map has an entry in ROUTES (a new route fails test_every_route_is_fuzzed
until it gets one), naming the form fields and query parameters it reads. Hypothesis sends
NUL and other control characters, bidi and zero-width characters, huge and negative numbers,
NaN and infinities, dates from year 1 to 9999 and ids past INTEGER, as a page request and as an
htmx request; imports get backups and Loop files with a hostile value in each field, and a
confirm when the preview accepts them. Derandomized with a fixed number of examples, so CI
sees the same requests every run; it runs on SQLite and PostgreSQL like every other test.
"""

from __future__ import annotations

import gc
import io
import json
import sqlite3
import time
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habitory.extensions import db
from habitory.models import Habit, Notification, User

from .conftest import HTMX, upload_body

SLOWEST = 1.0  # seconds, for any one request
FUZZ = settings(
    derandomize=True, database=None, deadline=None, max_examples=25, print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

HABIT_FIELDS = ["form", "name", "description", "kind", "schedule", "times_per_week",
                "freq_num", "freq_den", "days", "unit", "target", "direction", "colour",
                "icon", "tags", "reminders", "next"]
NOTIFY_FIELDS = ["notify_alerts", "notify_suggestions", "notify_milestones",
                 "notify_reminders", "missed_days", "next"]
# endpoint -> {method: (fields sent as the form or query string)}; "anonymous" routes are
# sent without a session; <habit_id> and <notification_id> get one of ID_CHOICES.
ROUTES: dict[str, dict[str, tuple[str, ...]]] = {
    "habits.dashboard": {"GET": ("tag",)},
    "calendar.year_view": {"GET": ("year",)},
    "habits.create": {"POST": tuple(HABIT_FIELDS)},
    "habits.detail": {"GET": ("year",)},
    "habits.archive": {"POST": ("next", "tag")},
    "habits.edit_day": {"POST": ("day", "state", "amount", "note", "tag", "view", "form",
                                 "next")},
    "habits.confirm_delete": {"GET": ()},
    "habits.delete": {"POST": ("next", "tag")},
    "habits.edit": {"GET": ()},
    "habits.update": {"POST": tuple(HABIT_FIELDS)},
    "habits.move": {"POST": ("direction", "tag", "next")},
    "habits.rename": {"POST": ("name", "next")},
    "habits.row": {"GET": ()},
    "habits.summary": {"GET": ()},
    "habits.actions": {"GET": ("tag",)},
    "habits.toggle": {"POST": ("day", "state", "tag", "view", "next")},
    "habits.unarchive": {"POST": ("next", "tag")},
    "habits.archived": {"GET": ()},
    "habits.new": {"GET": ()},
    "health.healthz": {"GET": ()},
    "insights.overview": {"GET": ("period",)},
    "auth.login": {"GET": ("next",), "POST": ("email", "password", "remember", "next")},
    "auth.logout": {"POST": ()},
    "notifications.index": {"GET": ("page",)},
    "notifications.delete": {"POST": ("next",)},
    "notifications.read": {"POST": ("next",)},
    "notifications.badge": {"GET": ("after",)},
    "notifications.read_all": {"POST": ("next",)},
    "auth.register": {"GET": (), "POST": ("email", "password", "confirm", "timezone")},
    "settings.preferences": {"GET": (), "POST": ("timezone", "day_start_hour", "next")},
    "settings.account": {"GET": ()},
    "settings.delete_account": {"POST": ("delete-current",)},
    "settings.change_email": {"POST": ("email-email", "email-current")},
    "settings.export": {"GET": ("format",)},
    "settings.loop_export_notice": {"GET": ()},
    "settings.import_data": {"GET": ()},  # POST: the import tests below
    "settings.confirm_import": {"POST": ("token", "on_conflict")},
    "settings.import_csv": {"POST": ("token", "filename", "shown", "separator", "layout",
                                     "date_column", "date_format", "habit_column",
                                     "value_column", "note_column", "habit_columns",
                                     "done_values", "amount_habits", "on_conflict",
                                     "preview", "confirm")},
    "settings.notifications": {"POST": tuple(NOTIFY_FIELDS)},
    "settings.change_password": {"POST": ("password-current", "password-password",
                                          "password-confirm")},
    "settings.theme": {"POST": ("theme", "next")},
    "settings.language": {"POST": ("language", "week_start", "next")},
    "static": {"GET": ()},
    # The JSON API: without a token every request is a 401 problem; tests/test_api_schemathesis
    # fuzzes it with one, from its OpenAPI description.
    "api.openapi": {"GET": ()},
    "api.docs": {"GET": ()},
    "api.list_habits": {"GET": ("archived",)},
    "api.create_habit": {"POST": ("name",)},
    "api.get_habit": {"GET": ()},
    "api.update_habit": {"PATCH": ("name",)},
    "api.delete_habit": {"DELETE": ()},
    "api.list_checkins": {"GET": ("from", "to")},
    "api.put_checkin": {"PUT": ("state",)},
    "api.delete_checkin": {"DELETE": ()},
    "api.habit_stats": {"GET": ()},
    "api.today": {"GET": ()},
    "api.list_predictions": {"GET": ()},
    "api.list_notifications": {"GET": ("unread",)},
    "api.read_notification": {"POST": ()},
    "api.export": {"GET": ("format",)},
    "settings.api_tokens": {"GET": ()},
    "settings.create_api_token": {"POST": ("name", "scope")},
    "settings.revoke_api_token": {"POST": ()},
    "pwa.manifest": {"GET": ()},
    "pwa.service_worker": {"GET": ()},
    "pwa.state_words": {"GET": ()},
    "pwa.offline": {"GET": ()},
    "pwa.subscribe": {"POST": ("endpoint", "p256dh", "auth")},
    "pwa.unsubscribe": {"POST": ("endpoint",)},
    "pwa.test_push": {"POST": ()},
}
ANONYMOUS = {"auth.login", "auth.register"}
POST_ONLY_BY_FILE = {("settings.import_data", "POST")}

# Hypothesis tries the first values of a sampled_from first: the worst ones lead.
SPECIAL = [
    "a\x00b", "\x00", str(2**63), "9" * 5000, "1e306", "-1e306", "0001-01-01", "9999-12-31",
    "\x1b[31m", "\x7f", "\x85", "\t\n\r", "\u202egnp.exe", "\u200b", "\u200b\u200b",
    "\u3164", "\ufeff", "\U0001f468\u200d\U0001f469", "é" * 81, "", " ",
    "0", "-1", "1", "3", "7", "-0", "1e400", "nan", "NaN", "inf", "-inf", "1_000", "２",
    "9" * 30, str(2**31), str(2**31 - 1), str(-(2**31) - 1), str(2**64), "1969-12-31",
    "1970-01-01", "2026-02-30", "2026-03-10", "2026-03-11", "+10000-01-01", "24:00", "07:30",
    "99:99", "done", "skipped", "not_done", "clear", "row", "cell", "day", "full",
    "measurable", "quit", "yes_no", "custom", "weekdays", "times_per_week", "at_most", "teal",
    "up", "down", "all", "json", "csv", "loop", "merge", "rename", "skip", "dark", "UTC",
    "Europe/Paris", "../../etc/passwd", "//evil.example", "/\t/evil", "%00", "'; DROP",
    "<script>alert(1)</script>", "a@b.c", "ada@example.com", "health", "Health",
]
CONTROL = st.one_of(st.sampled_from(["\x00", "\x1b", "\x7f", "\x9f", "\u202e", "\u200b",
                                     "\u2028", "\u0301"]),
                    st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Mn"]))
plausible = st.sampled_from(["Read", "2026-03-09", "8", "done", "ada@example.com", "health",
                             "07:30", "UTC", "/"])
hostile = st.one_of(
    st.sampled_from(SPECIAL),
    st.builds(lambda a, c, b: a + c + b, plausible, CONTROL, plausible),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
)
ID_CHOICES = ["own", "other", "0", "1", str(2**31 - 1), str(2**31), str(2**63), "9" * 40]


class ServerTime:
    """WSGI middleware: the CPU time the app's thread spent on the last request, body included
    (the test client's own work on a 10 MB query string takes longer than the app's). CPU time,
    not the wall clock: what a pathological input costs, whatever else the machine runs."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.last = 0.0

    def __call__(self, environ, start_response):
        started = time.thread_time()
        body = self.wsgi_app(environ, start_response)
        try:
            chunks = list(body)  # a streamed export runs here, inside the timing
        finally:
            if hasattr(body, "close"):
                body.close()
        self.last = time.thread_time() - started
        return chunks


@pytest.fixture
def world(app, client, auth, frozen_now, monkeypatch):
    """Ada (logged in) with a few habits of each kind, a tag, a note and a notification; Bob
    with a habit of his own."""
    frozen_now(2026, 3, 10, 12, 0)
    auth.register(email="bob@example.com")
    client.post("/habits", data={"name": "Bob's"})
    auth.logout()
    auth.register()
    client.post("/habits", data={"name": "Read", "form": "full", "kind": "yes_no",
                                 "schedule": "times_per_week", "times_per_week": "3",
                                 "colour": "teal", "tags": "health, morning",
                                 "reminders": "07:30"})
    client.post("/habits", data={"name": "Water", "form": "full", "kind": "measurable",
                                 "schedule": "daily", "target": "8", "direction": "at_least",
                                 "colour": "blue", "unit": "glasses", "icon": "💧"})
    client.post("/habits", data={"name": "Smoking", "form": "full", "kind": "quit",
                                 "schedule": "daily", "colour": "red"})
    ids = {h.name: h.id for h in db.session.scalars(sa.select(Habit))}
    client.post(f"/habits/{ids['Read']}/toggle", data={"day": "2026-03-09"})
    client.post(f"/habits/{ids['Water']}/day", data={"day": "2026-03-09", "amount": "5",
                                                     "note": "hot day"})
    ada = db.session.scalar(sa.select(User.id).where(User.email == "ada@example.com"))
    bob = db.session.scalar(sa.select(User.id).where(User.email == "bob@example.com"))
    for user_id in (ada, bob):
        db.session.add(Notification(user_id=user_id, kind="missed", category="alerts",
                                    title="Missed", body="Read", dedup_key=f"k{user_id}"))
    db.session.commit()
    notes = dict(db.session.execute(sa.select(Notification.user_id, Notification.id)).all())
    client.get("/")  # templates compiled before anything is timed
    timer = ServerTime(app.wsgi_app)
    monkeypatch.setattr(app, "wsgi_app", timer)
    # As a served app does once started (factory.py): what lives on is out of the collector's
    # sight. Else a request's CPU time holds a full collection of everything the test session
    # has built so far (1.25 s on CI, after 4,000 tests), not what its input costs. (Garbage
    # frozen with it goes back to the collector at unfreeze.)
    gc.freeze()
    try:
        yield {"habit": (ids["Read"], ids["Bob's"]), "notification": (notes[ada], notes[bob]),
               "habits": ids, "timer": timer}
    finally:
        gc.unfreeze()


def _url(app, endpoint: str, ids: dict, choice: str, filename: str) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    url = rule.rule
    for kind in ("habit", "notification"):
        own, other = ids[kind]
        value = {"own": own, "other": other}.get(choice, choice)
        url = url.replace(f"<int:{kind}_id>", str(value))
    return url.replace("<path:filename>", filename)


def _send(world, call, *args, **kwargs):
    """(call(*args, **kwargs), the app's time for that request)."""
    response = call(*args, **kwargs)
    return response, world["timer"].last


def _check(response, took: float, what: str) -> None:
    what = what if len(what) < 400 else what[:400] + "…"
    assert response.status_code < 500, f"{what}: {response.status_code}"
    assert took < SLOWEST, f"{what}: {took:.2f} s"


CASES = [(endpoint, method) for endpoint, methods in ROUTES.items() for method in methods
         if (endpoint, method) not in POST_ONLY_BY_FILE]


def test_every_route_is_fuzzed(app):
    """A route added to the app must be added to ROUTES (with the fields it reads)."""
    served = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    listed = {(endpoint, method) for endpoint, methods in ROUTES.items() for method in methods}
    assert served - listed - POST_ONLY_BY_FILE == set(), "fuzz these routes too"
    assert listed - served == set(), "ROUTES names a route the app no longer has"


@pytest.mark.parametrize(("endpoint", "method"), CASES, ids=[f"{e}-{m}" for e, m in CASES])
@FUZZ
@given(data=st.data())
def test_hostile_values_on_every_route(app, client, auth, world, endpoint, method, data):
    fields = ROUTES[endpoint][method]
    values = {}
    for field in data.draw(st.lists(st.sampled_from(fields), min_size=1, unique=True),
                           label="fields") if fields else []:
        if field == "days":
            values[field] = data.draw(st.lists(hostile, max_size=8), label=field)
        else:
            values[field] = data.draw(hostile, label=field)
    choice = data.draw(st.sampled_from(ID_CHOICES), label="id")
    filename = data.draw(st.sampled_from(["css/app.css", "../config.py", "%00", "a\x00b",
                                          "favicon.svg/../../x", "."]), label="filename")
    htmx = data.draw(st.booleans(), label="htmx")
    url = _url(app, endpoint, world, choice, filename)
    anonymous = endpoint in ANONYMOUS or data.draw(st.integers(0, 9), label="anon") == 0
    sender = app.test_client() if anonymous else client
    kwargs = {"query_string": values} if method == "GET" else {"data": values}
    response, took = _send(world, sender.open, url, method=method,
                           headers=HTMX if htmx else {}, **kwargs)
    _check(response, took, f"{method} {url} {values!r}")
    if endpoint in ("auth.logout", "settings.change_password", "settings.delete_account"):
        auth.login()  # the next example needs the session back (when it went)


TABLE = ["a\x00b", "\x1b[0m", "\u200b", "\ud7ff\ufffe", "9" * 5000, str(2**63), "-1",
         "1e306", "nan", "0001-01-01", "9999-12-31"]


@pytest.mark.parametrize(("endpoint", "method"), CASES, ids=[f"{e}-{m}" for e, m in CASES])
def test_each_table_value_in_every_field(app, client, auth, world, endpoint, method):
    """The same, as a table: each value in every field at once, and a NUL in each field alone
    (the random examples above may not put a NUL just there)."""
    fields = ROUTES[endpoint][method]
    sends = [dict.fromkeys(fields, value) for value in TABLE] if fields else [{}]
    sends += [{field: "a\x00b"} for field in fields]
    for number, values in enumerate(sends):
        values = {k: [v] if k == "days" else v for k, v in values.items()}
        url = _url(app, endpoint, world, "own", "css/app.css")
        sender = app.test_client() if endpoint in ANONYMOUS else client
        kwargs = {"query_string": values} if method == "GET" else {"data": values}
        response, took = _send(world, sender.open, url, method=method,
                               headers=HTMX if number % 2 else {}, **kwargs)
        _check(response, took, f"{method} {url} {values!r}")
        if endpoint in ("auth.logout", "settings.change_password", "settings.delete_account"):
            auth.login()


# Imports: every field of every format ---------------------------------------------------

JSON_HABIT = {"name": "Water", "description": "Drink", "kind": "measurable", "freq_num": 1,
              "freq_den": 1, "weekdays": None, "unit": "glasses", "target": 8.0,
              "direction": "at_least", "colour": "blue", "icon": "💧", "archived": False,
              "position": 1, "created_on": "2026-01-01", "tags": ["health"],
              "reminders": ["07:30"]}
JSON_CHECKIN = {"day": "2026-03-01", "state": "done", "amount": 2.5, "note": "fine"}
json_value = st.one_of(
    hostile, st.none(), st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e306, -1e306, 2**31, 2**63, 10**400 and 2**200]),
    st.lists(hostile, max_size=12),
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1,
            max_size=2),  # lone surrogates: JSON can carry them ("\\ud800")
)


def _confirm(client, world, response, choice: str) -> None:
    html = response.get_data(as_text=True)
    if response.status_code == 200 and 'name="token" value="' in html:
        token = html.split('name="token" value="')[1].split('"')[0]
        done, took = _send(world, client.post, "/settings/import/confirm",
                           data={"token": token, "on_conflict": choice})
        _check(done, took, f"confirm {choice}")


def _upload(client, world, payload: bytes, name: str):
    return _send(world, client.post, "/settings/import", **upload_body({}, name, payload))


@FUZZ
@given(data=st.data())
def test_hostile_backups(client, world, data):
    habit, checkin = dict(JSON_HABIT), dict(JSON_CHECKIN)
    target = data.draw(st.sampled_from(["habit", "checkin", "both"]), label="where")
    for fields, place in ((habit, "habit"), (checkin, "checkin")):
        if target in (place, "both"):
            for field in data.draw(st.lists(st.sampled_from(list(fields)), min_size=1,
                                            unique=True), label=f"{place} fields"):
                fields[field] = data.draw(json_value, label=field)
    habit["checkins"] = [checkin]
    document = {"format": "habitory-backup", "schema_version": 1, "habits": [habit]}
    payload = json.dumps(document).encode("utf-8", "surrogatepass")
    response, took = _upload(client, world, payload, "b.json")
    _check(response, took, f"backup {habit!r}")
    _confirm(client, world, response, data.draw(st.sampled_from(["merge", "skip", "rename"])))


IMPORT_TABLE = ["a\x00b", "\u200b", 1e306, -1e306, 2**63, -1, "0001-01-01", "9999-12-31"]
BACKUP_FIELDS = [("habit", f) for f in JSON_HABIT] + [("checkin", f) for f in JSON_CHECKIN]


@pytest.mark.parametrize("value", IMPORT_TABLE, ids=repr)
def test_each_backup_field_with_each_table_value(client, world, value):
    """As a table: each value in each field of a backup, previewed and then confirmed."""
    for place, field in BACKUP_FIELDS:
        habit, checkin = dict(JSON_HABIT), dict(JSON_CHECKIN)
        (habit if place == "habit" else checkin)[field] = value
        habit["checkins"] = [checkin]
        document = {"format": "habitory-backup", "schema_version": 1, "habits": [habit]}
        response, took = _upload(client, world, json.dumps(document).encode(), "b.json")
        _check(response, took, f"backup {place} {field}={value!r}")
        _confirm(client, world, response, "rename")
    # Whatever was let in must not break a page or an export afterwards.
    for page in ("/", "/insights?period=all", "/calendar", "/settings/export?format=loop",
                 "/settings/export?format=json", "/settings/export?format=csv"):
        response, took = _send(world, client.get, page)
        _check(response, took, f"{page} after importing {value!r}")


LOOP_HABITS_HEADER = ("Position,Name,Type,Question,Description,FrequencyNumerator,"
                      "FrequencyDenominator,Color,Unit,Target Type,Target Value,Archived?")
csv_cell = st.one_of(hostile, st.sampled_from(["YES_MANUAL", "SKIP", "-1", "2", "3", "1000",
                                                "Entry(timestamp=1, value=9999999999999)"]))


def _csv(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


@FUZZ
@given(data=st.data())
def test_hostile_loop_csv_exports(client, world, data):
    row = ["001", "Walk", "NUMERICAL", "Walked?", "", "1", "1", "#00897B", "km", "AT_LEAST",
           "5", "false"]
    for index in data.draw(st.lists(st.integers(0, len(row) - 1), min_size=1, unique=True),
                           label="cols"):
        row[index] = data.draw(hostile, label=f"column {index}")
    day = data.draw(st.one_of(st.sampled_from(["2026-03-01", "0001-01-01", "9999-12-31"]),
                              hostile), label="day")
    value, note = data.draw(csv_cell, label="value"), data.draw(hostile, label="note")
    files = {"Habits.csv": LOOP_HABITS_HEADER + "\n" + ",".join(map(_csv, row)) + "\n",
             "001 Walk/Checkmarks.csv": f"Date,Value,Notes\n{day},{value},{_csv(note)}\n",
             "Checkmarks.csv": f"Date,Walk,\n{day},{value},\n",
             "Scores.csv": f"Date,Walk,\n{day},{data.draw(hostile, label='score')},\n"}
    if data.draw(st.booleans(), label="old layout"):
        files.pop("Habits.csv")
        files.pop("001 Walk/Checkmarks.csv")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8", "surrogatepass"))
    response, took = _upload(client, world, buffer.getvalue(), "loop.zip")
    _check(response, took, f"loop csv {files!r}")
    _confirm(client, world, response, "rename")


sql_value = st.one_of(json_value.filter(lambda v: not isinstance(v, list)),
                      st.binary(max_size=8))


@FUZZ
@given(data=st.data())
def test_hostile_loop_backups(client, world, data, tmp_path_factory):
    habit = {"Id": 1, "name": "Walk", "freq_num": 1, "freq_den": 1, "color": 8,
             "position": 0, "archived": 0, "type": 1, "target_type": 0,
             "target_value": 5.0, "unit": "km", "question": "Walked?", "description": "",
             "reminder_hour": 7, "reminder_min": 30}
    rep = {"habit": 1, "timestamp": 1_772_323_200_000, "value": 2000, "notes": "ok"}
    for fields, label in ((habit, "habit"), (rep, "rep")):
        for field in data.draw(st.lists(st.sampled_from(list(fields)), min_size=1,
                                        unique=True), label=f"{label} fields"):
            if field not in ("Id", "habit"):
                fields[field] = data.draw(sql_value, label=field)
    path = tmp_path_factory.mktemp("loop") / "loop.db"
    connection = sqlite3.connect(path)
    connection.execute(
        "CREATE TABLE Habits (Id INTEGER PRIMARY KEY, archived, color, description, freq_den, "
        "freq_num, highlight, name, position, reminder_days, reminder_hour, reminder_min, "
        "type, target_type, target_value, unit, question, uuid)")
    connection.execute("CREATE TABLE Repetitions (id INTEGER PRIMARY KEY, habit, timestamp, "
                       "value, notes)")
    for table, row in (("Habits", habit), ("Repetitions", rep)):
        values = [v.encode("utf-8", "surrogatepass") if isinstance(v, str)
                  and any("\ud800" <= c <= "\udfff" for c in v) else
                  (str(v) if isinstance(v, int) and not -(2**63) <= v < 2**63 else v)
                  for v in row.values()]
        connection.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES "
                           f"({', '.join('?' * len(row))})", values)
    connection.execute("PRAGMA user_version = 25")
    connection.commit()
    connection.close()
    response, took = _upload(client, world, path.read_bytes(), "loop.db")
    _check(response, took, f"loop backup {habit!r} {rep!r}")
    _confirm(client, world, response, "merge")


# The slow ones: 10 MB strings, twice ----------------------------------------------------

def test_ten_megabytes_of_text(client, world):
    big = "\x00" + "a" * (10 * 2**20)
    response, took = _send(world, client.get, "/", query_string={"tag": big})
    _check(response, took, "10 MB ?tag=")
    document = {"format": "habitory-backup", "schema_version": 1, "habits": [
        dict(JSON_HABIT, checkins=[dict(JSON_CHECKIN, note=big[1:])])]}
    response, took = _upload(client, world, json.dumps(document).encode(), "big.json")
    _check(response, took, "10 MB note in a backup")
    _confirm(client, world, response, "merge")
