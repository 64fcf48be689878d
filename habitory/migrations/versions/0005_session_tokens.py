"""session tokens: cookies name the account and its current token

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 00:10:00

A session or remember-me cookie used to carry only the user id: after an account was deleted,
SQLite could give its id to the next account, and the old cookies opened it. Each existing
account gets its own random token here, which logs everyone out once.
"""
import secrets

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), server_default='',
                                      nullable=False))
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(users.c.id)).all():
        connection.execute(users.update().where(users.c.id == user_id)
                           .values(session_token=secrets.token_hex(16)))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_token')
