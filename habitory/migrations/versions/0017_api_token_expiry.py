"""api tokens may expire

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 01:05:00

A token can be made to stop working after a while (a trial script, a borrowed device); tokens
from before, and those made without a choice, never expire (NULL), as until now.
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('api_tokens', sa.Column('expires_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
