"""habits keep the start they were given, so removing older history moves their start back

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 13:45:00

A check-in logged before a habit's start moves the start back to it, but removing that check-in
left the start there for good: every day from it to the next check-in counted as missed (a
"Read" habit made on 7 December, checked in on 1 November by mistake and cleared, read 8 of 28
due days). A habit now keeps the start it was given (the day it was made, or its import's), and
the start moves forward again when the check-in holding it goes, never past that day.

Habits from before: a start no check-in holds was given (the day made, an import's start, a
Loop habit's slid-back day) and is kept as it is. A start a check-in holds may have been moved
back by it: it is left NULL, which stands for the day the habit was made (created_at in its
owner's timezone), so clearing that check-in moves the start forward again.
"""
import sqlalchemy as sa
from alembic import op

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('habits', sa.Column('given_start', sa.Date(), nullable=True))
    op.execute(
        "UPDATE habits SET given_start = created_on WHERE NOT EXISTS ("
        "SELECT 1 FROM checkins WHERE checkins.habit_id = habits.id "
        "AND checkins.day = habits.created_on)"
    )


def downgrade():
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.drop_column('given_start')
