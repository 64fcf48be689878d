"""predictions keep tomorrow's chance for each of today's two outcomes

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 10:40:00

A tick used to be answered with tomorrow's chance from before it (say 2 %, "at risk") until the
background refresh, 15-20 seconds later. A prediction computed while today is open now also
keeps the chance if today ends done and if it ends not done, so the page answers a tick with
its own number at once. Rows from before have none (NULL) and are served as they are.
"""
import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('predictions', sa.Column('if_done', sa.Double(), nullable=True))
    op.add_column('predictions', sa.Column('if_not_done', sa.Double(), nullable=True))


def downgrade():
    with op.batch_alter_table('predictions', schema=None) as batch_op:
        batch_op.drop_column('if_not_done')
        batch_op.drop_column('if_done')
