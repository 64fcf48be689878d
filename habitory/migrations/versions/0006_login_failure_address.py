"""login failures are counted per account and address

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 09:00:00

Ten wrong passwords from anyone used to lock the account's owner out too. Failures now carry
the address they came from (see habitory/auth/throttle.py); rows already there keep an empty
address and age out of the 15-minute window.
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('login_failures', sa.Column('address', sa.String(length=64), server_default='',
                                              nullable=False))


def downgrade():
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_column('address')
