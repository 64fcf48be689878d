"""risk-aware reminders: remind only when a habit is likely to be missed today

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-06 00:00:00

A habit can ask for its reminders only on days when the model gives it less than
`remind_below` percent (default 60); the stored prediction keeps today's chance beside
tomorrow's so that the reminder job can read it without the model.
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('habits', sa.Column('remind_at_risk', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.add_column('habits', sa.Column('remind_below', sa.Integer(), server_default='60',
                                      nullable=False))
    op.add_column('predictions', sa.Column('today_probability', sa.Double(), nullable=True))


def downgrade():
    with op.batch_alter_table('predictions', schema=None) as batch_op:
        batch_op.drop_column('today_probability')
    with op.batch_alter_table('habits', schema=None) as batch_op:
        batch_op.drop_column('remind_below')
        batch_op.drop_column('remind_at_risk')
