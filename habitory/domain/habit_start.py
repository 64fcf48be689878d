"""Where a habit's history starts (Habit.created_on): every day from it on is judged, so a day
before the first one the owner meant would count as missed.

The start is the earliest of the start the habit was given (the day it was made here, or the
start its import brought) and its earliest check-in: logging an older day moves it back, and
clearing the day that held it moves it forward again. days.set_state() calls this for every
door (toggle, calendar cell, day form, API, offline replay); imports that merge an earlier
start call give_start().
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from habitory.clock import day_position
from habitory.extensions import db
from habitory.models import CheckIn, Habit


def given_start(habit: Habit) -> date:
    """The start the habit was given. A habit from before migration 0023 whose start a
    check-in held has none stored: the day it was made, in its owner's timezone."""
    if habit.given_start is not None:
        return habit.given_start
    owner = habit.user
    return day_position(owner.timezone, owner.day_start_hour, habit.created_at)[0]


def after_logged(habit: Habit, day: date) -> None:
    """A check-in was stored on `day`: history logged before the start moves it back."""
    if day < habit.created_on:
        habit.created_on = day


def after_cleared(habit: Habit, day: date) -> None:
    """The check-in on `day` was removed: when it held the start, the start moves forward to
    the earliest remaining check-in, never past the given start (the day made, an import's)."""
    if day > habit.created_on:
        return
    given = given_start(habit)
    if given <= habit.created_on:
        return
    earliest = db.session.scalar(
        sa.select(sa.func.min(CheckIn.day)).where(CheckIn.habit_id == habit.id))
    start = min(given, earliest) if earliest is not None else given
    if start > habit.created_on:
        habit.created_on = start


def give_start(habit: Habit, day: date | None) -> None:
    """An import brings an earlier start for a habit the owner has (a Loop habit's slid-back
    day, a backup's start): it is kept as given, so clearing history never moves past it."""
    if day is None or day >= habit.created_on:
        return
    habit.given_start = min(given_start(habit), day)
    habit.created_on = day
