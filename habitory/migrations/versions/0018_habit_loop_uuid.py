"""habits keep the uuid Loop Habit Tracker knows them by

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 02:10:00

Loop matches the habits of a backup it imports by uuid. A habit that came from Loop kept none,
so its .db export got a uuid of Habitory's making and importing it back into Loop added every
habit a second time. Habits from before have none (NULL): their exports keep the uuid derived
from the server's key, as until now.
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('habits', sa.Column('loop_uuid', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.drop_column('loop_uuid')
