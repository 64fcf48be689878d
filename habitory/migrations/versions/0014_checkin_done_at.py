"""check-ins remember when they became done

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 10:40:00

`updated_at` moves with every change of a check-in: a note written in the evening made a
habit ticked at 07:30 look ticked at 21:00, and the reminders' logging hours
(domain/logging_hours.py) learnt the wrong hour. `done_at` is set when a day becomes done and
kept while it stays done. Existing rows keep NULL: the hours are read from `updated_at` for
them, as before.
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('checkins', sa.Column('done_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_column('done_at')
