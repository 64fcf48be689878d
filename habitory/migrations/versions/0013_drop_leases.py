"""drop leases: the job queue (Huey) took over what the scheduler's database leases did

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-06 01:50:00

The scheduler thread, its lease and the per-user training leases are gone (jobs/ runs on Huey,
whose periodic job works once per minute however many consumers enqueue it); nothing reads or
writes the table any more.
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('leases')


def downgrade():
    op.create_table(
        'leases',
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('holder', sa.String(length=100), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
