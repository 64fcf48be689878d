"""api tokens keep the settings form that made them: a form sent again is known by its value

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 10:00:00

A token made from Settings → API tokens notes (as a SHA-256) the one-time value of the form
that made it. A form sent again, from any browser of its owner and however long after, is then
told by that value alone: it names the token it made instead of making another, and a fresh
form always makes its own, even with the name, access and expiry of one made a minute ago.
Until now only the session remembered the values, and a guess from lookalike tokens stood in
when it could not: a second browser's fresh form was taken for a form sent twice.
Tokens from before, and those made by scripts and commands, have none (NULL): never a
duplicate, as a unique index counts no NULL twice on SQLite or PostgreSQL.
"""
import sqlalchemy as sa
from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('api_tokens', sa.Column('form_once', sa.String(length=64), nullable=True))
    op.create_index('uq_api_tokens_user_form_once', 'api_tokens', ['user_id', 'form_once'],
                    unique=True)


def downgrade():
    op.drop_index('uq_api_tokens_user_form_once', table_name='api_tokens')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('form_once')
