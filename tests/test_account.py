"""Change password, change email, delete the account leaving no rows (and no files) behind."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from habitory.domain.notifications import NewNotification, insert_new
from habitory.extensions import db
from habitory.models import CheckIn, Habit, LoginFailure, Notification, Tag, User

from .conftest import PASSWORD, upload_body


def test_account_page(client, user):
    html = client.get("/settings/account").get_data(as_text=True)
    assert "Change password" in html and "Delete account" in html
    assert html.count('id="password-current"') == 1 and html.count('id="delete-current"') == 1


def test_change_password_needs_the_current_one(client, auth, user):
    wrong = client.post("/settings/password", data={
        "password-current": "not it", "password-password": "brand new pass",
        "password-confirm": "brand new pass"})
    assert wrong.status_code == 422 and "not your current password" in wrong.get_data(True)
    short = client.post("/settings/password", data={
        "password-current": PASSWORD, "password-password": "short",
        "password-confirm": "short"})
    assert short.status_code == 422 and "at least 8" in short.get_data(True)
    ok = client.post("/settings/password", data={
        "password-current": PASSWORD, "password-password": "brand new pass",
        "password-confirm": "brand new pass"})
    assert ok.status_code == 303
    auth.logout()
    assert auth.login(password=PASSWORD).status_code == 401
    assert auth.login(password="brand new pass").status_code == 303


def test_change_email(client, auth, user):
    auth.logout()
    auth.register(email="other@example.com")
    taken = client.post("/settings/email", data={"email-email": "ADA@example.com",
                                                 "email-current": PASSWORD})
    assert taken.status_code == 422 and "already uses this email" in taken.get_data(True)
    bad = client.post("/settings/email", data={"email-email": "nope", "email-current": PASSWORD})
    assert bad.status_code == 422 and "valid email" in bad.get_data(True)
    ok = client.post("/settings/email", data={"email-email": " New@Example.com ",
                                              "email-current": PASSWORD})
    assert ok.status_code == 303
    auth.logout()
    assert auth.login(email="new@example.com").status_code == 303


def test_delete_account_needs_the_password_and_removes_every_row(client, auth, user):
    client.post("/habits", data={"form": "full", "name": "Read", "kind": "yes_no",
                                 "schedule": "daily", "colour": "teal", "tags": "mind",
                                 "reminders": "08:00"})
    hid = db.session.scalar(sa.select(Habit.id))
    client.post(f"/habits/{hid}/toggle")
    insert_new(user.id, [NewNotification("missed", "alerts", "t", "b", "k")])
    db.session.add(LoginFailure(email="ada@example.com"))
    db.session.commit()
    # Someone else's data stays.
    auth.logout()
    auth.register(email="keep@example.com")
    client.post("/habits", data={"name": "Keep me"})
    auth.logout()
    auth.login()
    wrong = client.post("/settings/delete", data={"delete-current": "nope nope"})
    assert wrong.status_code == 422 and db.session.get(User, user.id) is not None
    response = client.post("/settings/delete", data={"delete-current": PASSWORD})
    assert response.status_code == 303 and response.location == "/login"
    assert client.get("/").status_code == 302
    counts = {model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
              for model in (User, Habit, CheckIn, Tag, Notification, LoginFailure)}
    assert counts == {"User": 1, "Habit": 1, "CheckIn": 0, "Tag": 0, "Notification": 0,
                      "LoginFailure": 0}
    for table in ("reminders", "habit_tags"):
        assert db.session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 0
    assert auth.login().status_code == 401


def _uploads(app) -> list[str]:
    """The import uploads waiting in the instance folder (PORTABILITY_TMP_DIR or tmp/)."""
    folder = Path(app.config.get("PORTABILITY_TMP_DIR") or Path(app.instance_path) / "tmp")
    return sorted(p.name for p in folder.glob("import-*")) if folder.exists() else []


def _preview_a_backup(client) -> None:
    """Upload a backup and stop at its preview: the upload waits for a confirm."""
    client.post("/habits", data={"name": "Read"})
    backup = client.get("/settings/export?format=json").get_data()
    preview = client.post("/settings/import", **upload_body({}, "b.json", backup))
    assert preview.status_code == 200 and 'name="token"' in preview.get_data(as_text=True)


def test_deleting_the_account_deletes_its_waiting_import_uploads(app, client, auth, user):
    auth.logout()
    auth.register(email="keep@example.com")
    _preview_a_backup(client)  # someone else's upload stays
    keep = _uploads(app)
    auth.logout()
    auth.login()
    _preview_a_backup(client)
    (claimed,) = [name for name in _uploads(app) if name not in keep]
    folder = Path(app.config.get("PORTABILITY_TMP_DIR") or Path(app.instance_path) / "tmp")
    # One more, as a confirm leaves it while it imports.
    (folder / claimed).with_suffix(".importing").write_bytes(b"{}")
    assert len(_uploads(app)) == 3
    response = client.post("/settings/delete", data={"delete-current": PASSWORD})
    assert response.status_code == 303
    assert _uploads(app) == keep


def test_delete_user_on_the_command_line_deletes_the_uploads_too(app, client, runner, user):
    _preview_a_backup(client)
    assert len(_uploads(app)) == 1
    result = runner.invoke(args=["delete-user", "--email", "ada@example.com", "--yes"])
    assert result.exit_code == 0, result.output
    assert _uploads(app) == []
