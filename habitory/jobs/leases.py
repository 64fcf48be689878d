"""Named, expiring locks in the database: one worker out of several runs a job."""

from __future__ import annotations

import os
import socket
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from habitory.extensions import db
from habitory.models import Lease, utcnow

HOLDER = f"{socket.gethostname()}:{os.getpid()}"


def acquire(name: str, seconds: int, holder: str = HOLDER) -> bool:
    """Take (or extend) the lease when it is free, expired or already ours."""
    now = utcnow()
    until = now + timedelta(seconds=seconds)
    result = db.session.execute(
        sa.update(Lease)
        .where(Lease.name == name, sa.or_(Lease.expires_at < now, Lease.holder == holder))
        .values(holder=holder, expires_at=until)
    )
    if result.rowcount:
        db.session.commit()
        return True
    db.session.rollback()
    try:
        db.session.add(Lease(name=name, holder=holder, expires_at=until))
        db.session.commit()
    except IntegrityError:  # someone else holds it
        db.session.rollback()
        return False
    return True


def release(name: str, holder: str = HOLDER) -> None:
    """Give the lease back early."""
    db.session.execute(sa.delete(Lease).where(Lease.name == name, Lease.holder == holder))
    db.session.commit()
