"""push subscriptions remember their browser's language

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 11:30:00

Reminders pushed by the background job have no page, hence no Accept-Language: they were sent
in English to everyone who had not chosen a language in Settings. The language the browser
asked for when it subscribed is kept with the subscription; rows from before have none
(English, as before, unless the user chose a language).
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('push_subscriptions', sa.Column('locale', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('push_subscriptions', schema=None) as batch_op:
        batch_op.drop_column('locale')
