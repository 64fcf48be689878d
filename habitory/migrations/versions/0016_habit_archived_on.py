"""habits remember the day they were archived

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 01:00:00

An archived habit's page went on counting every day after it was archived as missed: its
strength fell towards 0 %, "Last 30 days" said 0 of 29 and the health score followed. The day
it is archived is kept, and its numbers stop there. Habits archived before this migration get
their last logged day (or their start, when nothing was logged): the day they were archived is
not known, and the last day the owner tracked them is the closest.
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('habits', sa.Column('archived_on', sa.Date(), nullable=True))
    op.execute(
        "UPDATE habits SET archived_on = COALESCE("
        "(SELECT MAX(checkins.day) FROM checkins WHERE checkins.habit_id = habits.id), "
        "created_on) WHERE archived"
    )


def downgrade():
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.drop_column('archived_on')
