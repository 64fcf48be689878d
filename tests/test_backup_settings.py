"""The JSON backup holds the account's settings too (timezone, day start, language, week start,
notifications), and a restore brings them back into an account that has no habits yet, as when
moving to another server; an account already in use keeps its own, and the preview says which."""

from __future__ import annotations

import html
import json
import re

import pytest
import sqlalchemy as sa
from flask_babel import force_locale, gettext

from habitory.domain import accounts
from habitory.extensions import db
from habitory.models import Habit, User
from habitory.portability import BadImportFile, Limits, read_import

from .conftest import TODAY, AuthActions, upload_body

SETTINGS = {"timezone": "Europe/Rome", "day_start_hour": 3, "language": "de",
            "week_start": "sunday", "notify_alerts": False, "notify_suggestions": True,
            "notify_milestones": False, "notify_reminders": True, "missed_days": 4}


def _settings_of(user_id: int) -> dict:
    db.session.expire_all()
    user = db.session.get(User, user_id)
    return {key: getattr(user, key) for key in SETTINGS}


@pytest.fixture
def backup(client, user) -> bytes:
    """Ada's backup: one habit with a day, and every setting changed from its default."""
    client.post("/habits", data={"name": "Read"})
    habit_id = db.session.scalar(sa.select(Habit.id).where(Habit.user_id == user.id))
    client.post(f"/habits/{habit_id}/toggle", data={"day": "2026-11-24"})
    me = db.session.get(User, user.id)
    accounts.save_preferences(me, "Europe/Rome", 3)
    accounts.save_locale(me, "de", "sunday")
    accounts.save_notification_settings(me, {"notify_alerts": False, "notify_suggestions": True,
                                             "notify_milestones": False,
                                             "notify_reminders": True}, 4)
    return client.get("/settings/export?format=json").get_data()


def _preview(app, email: str, data: bytes, before=None):
    """A new account (after `before(client, id)`) uploads the backup: (client, id, page)."""
    other = app.test_client()
    AuthActions(other).register(email=email)
    other_id = db.session.scalar(sa.select(User.id).where(User.email == email))
    if before:
        before(other, other_id)
    page = other.post("/settings/import", **upload_body({}, "backup.json", data))
    assert page.status_code == 200, page.get_data(as_text=True)
    return other, other_id, " ".join(html.unescape(page.get_data(as_text=True)).split())


def _confirm(other, page: str):
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    done = other.post("/settings/import/confirm", data={"token": token, "on_conflict": "merge"})
    assert done.status_code == 303
    return " ".join(html.unescape(other.get("/").get_data(as_text=True)).split())


def test_the_backup_holds_the_accounts_settings(backup):
    assert json.loads(backup)["settings"] == SETTINGS


def test_a_restore_into_a_new_account_brings_the_settings_back(app, backup):
    other, other_id, page = _preview(app, "grace@example.com", backup)
    assert "has no habits yet, so the backup's settings will be restored too" in page
    defaults = _settings_of(other_id)
    assert defaults != SETTINGS  # nothing written before the confirm
    after = _confirm(other, page)
    assert _settings_of(other_id) == SETTINGS
    with force_locale("de"):  # the flash says so, in the language just restored
        said = gettext("This account now has the backup's settings (timezone, day start, "
                       "language, notifications).")
    assert said in after


def test_an_account_with_habits_keeps_its_own_settings(app, backup):
    def one_habit(other, _id):
        other.post("/habits", data={"name": "Walk"})

    other, other_id, page = _preview(app, "grace@example.com", backup, one_habit)
    assert "already has habits, so its own settings stay" in page
    before = _settings_of(other_id)
    _confirm(other, page)
    assert _settings_of(other_id) == before


def test_a_backup_without_settings_still_imports_and_says_nothing_of_them(app, backup):
    document = json.loads(backup)
    del document["settings"]
    other, other_id, page = _preview(app, "grace@example.com", json.dumps(document).encode())
    assert "backup's settings" not in page and "its own settings stay" not in page
    before = _settings_of(other_id)
    _confirm(other, page)
    assert _settings_of(other_id) == before


def test_a_setting_this_server_lacks_is_left_out_and_said(backup):
    document = json.loads(backup)
    document["settings"].update(timezone="Mars/Olympus_Mons", language="tlh", missed_days=40)
    bundle = read_import(json.dumps(document).encode(), Limits(today=TODAY))
    assert bundle.settings == {k: v for k, v in SETTINGS.items()
                               if k not in ("timezone", "language", "missed_days")}
    said = [w for w in bundle.warnings if "account setting" in w]
    assert len(said) == 3 and any("Mars/Olympus_Mons" in w for w in said)


@pytest.mark.parametrize("settings", [[], {"day_start_hour": "3"}, {"notify_alerts": 1},
                                      {"timezone": 5}])
def test_settings_of_the_wrong_type_are_a_damaged_backup(backup, settings):
    document = json.loads(backup)
    document["settings"] = settings
    with pytest.raises(BadImportFile) as refused:
        read_import(json.dumps(document).encode(), Limits(today=TODAY))
    assert "account settings" in str(refused.value)
