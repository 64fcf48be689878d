"""user_models: trained models in the database, readable from every node

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 00:00:00

With HABITORY_MODEL_STORE=database (the default on PostgreSQL) a worker on one host trains a
user's model and web nodes on other hosts serve it: the signed bytes of the model file live in
this table, one row per user, replaced in one transaction.
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('user_models',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('saved_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id'),
    )


def downgrade():
    op.drop_table('user_models')
