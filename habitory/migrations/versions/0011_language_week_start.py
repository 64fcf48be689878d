"""a language and a first day of the week per user; notifications stored as message data

Revision ID: 0011
Revises: 0012
Create Date: 2026-12-06 00:00:00

users.language and users.week_start are NULL for everyone: NULL follows the browser's
Accept-Language and the language's first day of the week, so nothing changes for existing
accounts until they choose. notifications.message holds the title and body as message ids with
their numbers (habitory/stats/phrases.py) so that a card reads in the reader's current
language; rows written before keep their English title and body, which are shown as stored
(their numbers cannot be recovered reliably from the sentences).
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('language', sa.String(length=8), nullable=True))
        batch.add_column(sa.Column('week_start', sa.String(length=8), nullable=True))
    with op.batch_alter_table('notifications') as batch:
        batch.add_column(sa.Column('message', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('notifications') as batch:
        batch.drop_column('message')
    with op.batch_alter_table('users') as batch:
        batch.drop_column('week_start')
        batch.drop_column('language')
