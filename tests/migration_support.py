"""An empty database for a migration test, on each backend the suite runs on: a file on
SQLite, a schema of its own on PostgreSQL (dropped afterwards), so a test can start from an old
revision without touching the suite's own tables."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa

from .conftest import PG_URL


def empty_database(backend: str, tmp_path, schema: str) -> Iterator[str]:
    """Yield the URL of an empty database on `backend` ("sqlite" or "postgresql")."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path}/old.sqlite3"
        return
    engine = sa.create_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = sa.engine.make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


def app_on(url: str, tmp_path):
    """An app on the database at `url` (created, not migrated: the test picks its revision)."""
    from habitory import create_app

    return create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                       "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
                       "RATELIMIT_ENABLED": False})
