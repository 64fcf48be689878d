"""emails stored in their canonical spelling (NFKC, the domain as IDNA reads it, lower case)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 07:00:00

Every door now makes, finds and compares accounts under one spelling of an email
(habitory/domain/email_spelling.canonical): full-width letters typed by an input method, a
domain as xn-- or in upper case are the same address. Accounts stored before that under
another spelling could be missed: one stored in full width was found only when typed in full
width, one stored in upper case never. Store each one canonically, unless another account
already has that spelling, or two accounts share it: those rows stay as they were (their
owners still log in with the spelling they are stored under: email_spelling.find looks there
too), and a warning names them by id for an administrator to sort out.
No account is ever merged or deleted.
"""
import logging
import unicodedata

import sqlalchemy as sa
from alembic import op
from email_validator import EmailNotValidError, validate_email

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

# Next to Alembic's own "Running upgrade ..." lines on the console of `flask db upgrade`.
log = logging.getLogger('alembic.runtime.migration')

EMAIL_MAX = 254  # the users.email column's length


# A frozen copy of habitory.domain.email_spelling.canonical (and accounts.normalise_email) as
# of this revision, as 0007 inlines its own: a migration must do tomorrow what it does today,
# whatever the app's spelling rules become. email-validator is a dependency, pinned <3.
def _normalise(value):
    return unicodedata.normalize('NFC', (value or '').strip().lower())


def _canonical(value):
    email = _normalise(unicodedata.normalize('NFKC', value or ''))
    if not email or len(email) > EMAIL_MAX or '@' not in email:
        return email
    try:
        parsed = validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return email
    return _normalise(parsed.normalized)


def upgrade():
    users = sa.table('users', sa.column('id', sa.Integer), sa.column('email', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.email).order_by(users.c.id)).all()
    # Every account under each canonical spelling: one already stored canonically is in its
    # own spelling's group, so a group of two or more is a collision, whoever holds which.
    groups = {}
    for user_id, email in rows:
        groups.setdefault(_canonical(email), []).append((user_id, email))
    for spelling, members in groups.items():
        ids = ', '.join(str(user_id) for user_id, _ in members)
        if len(members) > 1:  # the column is unique: their spellings differ
            # Ids only, as the app's errors name no values: an email is personal data.
            log.warning('Users %s have one email in different spellings: left as they are, '
                        'to be merged or renamed by hand.', ids)
            continue
        email = members[0][1]
        if email == spelling:
            continue  # already canonical: a second run changes nothing
        if not spelling or len(spelling) > EMAIL_MAX:  # NFKC can lengthen text ("ﬃ" is "ffi")
            log.warning('User %s: the canonical spelling of the email does not fit the column; '
                        'left as it is.', ids)
            continue
        connection.execute(users.update().where(users.c.id == members[0][0])
                           .values(email=spelling))


def downgrade():
    # Nothing to undo, and nothing could be: the old spellings are not kept. Nor is there a
    # need: the canonical spelling is the same address, and it is the spelling the code of
    # revision 0019 already looks an account up under first, so a downgrade loses no login.
    pass
