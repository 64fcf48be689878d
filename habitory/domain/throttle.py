"""Login throttling per account and address, counted in the database so every worker sees it.

Ten wrong passwords for an account from one address lock that address out of that account for
the window; the owner, elsewhere, still signs in. Guessing spread over many addresses is slowed
too: once the account has LOGIN_FAILURES_PER_ACCOUNT_ALL_ADDRESSES failures in the window, one
failure is enough to lock an address, while an address with none (the owner's) is still let in.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from habitory.extensions import db
from habitory.models import LoginFailure, utcnow


def address_key(remote_addr: str | None) -> str:
    """The address a failure is counted against: IPv4 as is, IPv6 by its /64 network (one
    household or server holds a whole /64, so its next address is the same attacker)."""
    try:
        address = ipaddress.ip_address(remote_addr or "")
    except ValueError:
        return (remote_addr or "unknown")[:64]
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _window_start():
    return utcnow() - timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])


def is_locked(email: str, address: str) -> bool:
    """True when this address may not try this account's password for now."""
    from_here = sa.func.coalesce(
        sa.func.sum(sa.case((LoginFailure.address == address, 1), else_=0)), 0
    )
    everywhere, here = db.session.execute(
        sa.select(sa.func.count(LoginFailure.id), from_here).where(
            LoginFailure.email == email, LoginFailure.at >= _window_start()
        )
    ).one()
    config = current_app.config
    if here >= config["LOGIN_FAILURES_PER_ACCOUNT"]:
        return True
    return here > 0 and everywhere >= config["LOGIN_FAILURES_PER_ACCOUNT_ALL_ADDRESSES"]


def record_failure(email: str, address: str) -> None:
    """Count one failed attempt, and forget attempts older than the window."""
    db.session.execute(sa.delete(LoginFailure).where(LoginFailure.at < _window_start()))
    db.session.add(LoginFailure(email=email, address=address))
    db.session.commit()


def clear(email: str, address: str) -> None:
    """A successful login starts the count of its address again (not the attacker's)."""
    db.session.execute(
        sa.delete(LoginFailure).where(LoginFailure.email == email, LoginFailure.address == address)
    )
    db.session.commit()
