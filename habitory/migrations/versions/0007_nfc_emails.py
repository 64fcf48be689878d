"""emails in Unicode's NFC form

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 10:00:00

Forms now NFC-normalise the email typed at login and sign-up ("é" typed as e + accent becomes
one character). An account stored with another form would no longer match its own owner's
login: store it in NFC too, unless that form already belongs to another account (then it is
left as it was, and its owner is no worse off than before).
"""
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('email', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.email)).all()
    taken = {email for _, email in rows}
    for user_id, email in rows:
        normal = unicodedata.normalize('NFC', email)
        if normal != email and normal not in taken:
            connection.execute(users.update().where(users.c.id == user_id).values(email=normal))
            taken.add(normal)


def downgrade():
    pass  # the NFC form is as good an address as the one it replaced
