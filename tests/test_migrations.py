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
