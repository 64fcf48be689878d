"""SQLite never hands a deleted row's id to a new one (AUTOINCREMENT)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 13:40:00

Without AUTOINCREMENT, SQLite gives a new row the largest id in use plus one: delete the newest
habit and the next habit takes its id. A saved link (/habits/50, a script's configuration, a
replayed API answer) then leads to another habit, and a script retrying a create could write
check-ins into it. PostgreSQL's sequences never reuse an id; there this does nothing. The
tables whose ids leave the server: users, habits, notifications, API tokens.
"""
from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None

TABLES = ("users", "habits", "notifications", "api_tokens")


def _recreate(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        # The copy keeps every row, id, index and constraint (env.py turns foreign keys off,
        # so dropping the old table cascades nowhere).
        with op.batch_alter_table(table, recreate="always",
                                  table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass


def upgrade():
    _recreate(True)


def downgrade():
    _recreate(False)
