"""Migrations produce exactly the models' schema, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from habitory.database import schema_heads
from habitory.extensions import db


def test_migrated_database_matches_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_database_is_at_the_head_revision(app):
    applied, heads = schema_heads()
    assert applied == heads and len(heads) == 1


def test_upgrading_keeps_existing_habits_as_daily_yes_no(tmp_path):
    """A database from the first release gains tags; its habits stay daily yes/no habits."""
    import flask_migrate
    import sqlalchemy as sa

    from habitory import create_app

    url = f"sqlite:///{tmp_path}/old.sqlite3"
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade(revision="0001")
        with db.engine.begin() as connection:
            connection.execute(sa.text(
                "INSERT INTO users (id, email, password_hash, created_at) "
                "VALUES (1, 'old@example.com', 'x', '2025-01-01 00:00:00')"))
            connection.execute(sa.text(
                "INSERT INTO habits (id, user_id, name, name_key, position, created_on, "
                "created_at) VALUES (1, 1, 'Read', 'read', 1, '2025-01-01', "
                "'2025-01-01 00:00:00')"))
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            row = connection.execute(sa.text(
                "SELECT kind, freq_num, freq_den, weekdays, archived FROM habits")).one()
            tags = connection.execute(sa.text("SELECT count(*) FROM habit_tags")).scalar()
        db.engine.dispose()
    assert tuple(row) == ("yes_no", 1, 1, None, 0)
    assert tags == 0


def test_upgrading_stores_emails_in_nfc_so_their_owners_still_log_in(tmp_path):
    """Logins NFC-normalise the email typed; accounts stored before that are converted,
    except where the converted form already belongs to another account."""
    import flask_migrate
    import sqlalchemy as sa

    from habitory import create_app

    url = f"sqlite:///{tmp_path}/old.sqlite3"
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    emails = ["jose\u0301@example.com", "anna\u0301@example.com", "ann\u00e1@example.com"]
    with app.app_context():
        flask_migrate.upgrade(revision="0006")
        from werkzeug.security import generate_password_hash

        hashed = generate_password_hash("long enough", method="pbkdf2:sha256:1000")
        with db.engine.begin() as connection:
            for number, email in enumerate(emails, start=1):
                connection.execute(sa.text(
                    "INSERT INTO users (id, email, password_hash, created_at, session_token) "
                    "VALUES (:id, :email, :hash, '2025-01-01 00:00:00', :token)"),
                    {"id": number, "email": email, "hash": hashed, "token": f"t{number}"})
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT email FROM users ORDER BY id")).scalars()
            assert list(stored) == ["jos\u00e9@example.com", *emails[1:]]
        db.engine.dispose()
    login = app.test_client().post("/login", data={"email": "jos\u00e9@example.com",
                                                   "password": "long enough"})
    assert login.status_code == 303
