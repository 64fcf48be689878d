"""One spelling per email, for every door (forms, commands): the same address typed in full
width by an input method, or with its domain as Unicode or as xn--, is one account.

Accounts made before this may be stored under an older spelling (as typed, or the domain's
xn-- form): `find` and `taken` look under those too, so they still log in and stay unique.
"""

from __future__ import annotations

import unicodedata

import email_validator
from email_validator import EmailNotValidError, ValidatedEmail, validate_email

from habitory.domain import accounts
from habitory.models import User

EMAIL_MAX = 254

# An address here only names an account (Habitory sends no mail), and a server at home or in
# an office names its people on the network's own domain: RFC 8375's home.arpa, mDNS's .local,
# .test. The validator refuses these special-use names by default (its documented switch is
# this list, read by every door: the forms' Email validator and the commands'); .invalid,
# localhost and .onion stay refused.
for _home_network in ("arpa", "local", "test"):
    if _home_network in email_validator.SPECIAL_USE_DOMAIN_NAMES:
        email_validator.SPECIAL_USE_DOMAIN_NAMES.remove(_home_network)


def canonical(value: str | None) -> str:
    """accounts.normalise_email of the NFKC form, with the domain as IDNA reads it:
    "ａｄａ@ｅｘａｍｐｌｅ.ｃｏｍ" is "ada@example.com", "ADA@XN--BCHER-KVA.DE" is
    "ada@bücher.de". Text that is no email comes back merely normalised."""
    email = accounts.normalise_email(unicodedata.normalize("NFKC", value or ""))
    parsed = _parsed(email)
    return accounts.normalise_email(parsed.normalized) if parsed else email


def _parsed(email: str) -> ValidatedEmail | None:
    # Bounded first: the validator costs seconds on megabytes (form filters run before checks).
    if not email or len(email) > EMAIL_MAX or "@" not in email:
        return None
    try:
        return validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return None  # the caller's own checks say what is wrong with it


def spellings(typed: str | None) -> tuple[str, ...]:
    """The canonical spelling, then those an older account may be stored under."""
    found = [canonical(typed), accounts.normalise_email(typed)]
    parsed = _parsed(found[0])
    if parsed is not None and parsed.ascii_email:
        found.append(accounts.normalise_email(parsed.ascii_email))
    return tuple(dict.fromkeys(found))


def find(typed: str | None) -> User | None:
    """The account this email names, under any of its spellings, or None."""
    for spelling in spellings(typed):
        user = accounts.by_email(spelling)
        if user is not None:
            return user
    return None


def taken(typed: str | None, user: User | None = None) -> bool:
    """Whether an account other than `user` has this email, in any spelling."""
    return any(accounts.email_taken(spelling, user) for spelling in spellings(typed))
