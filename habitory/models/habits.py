"""Habits and what hangs off them: tags, check-ins and reminders, with their limits."""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .accounts import User
from .base import name_key, utcnow

HABIT_KINDS = ("yes_no", "measurable", "quit")
CHECKIN_STATES = ("done", "skipped", "not_done")
NAME_MAX = 80
NOTE_MAX = 500
TAG_MAX = 30
DESCRIPTION_MAX = 300
REMIND_BELOW = 60  # percent: a new habit's risk-aware reminder threshold


def _start_at_insert(context) -> date:
    """A new habit's given start is its start: every door that adds one (the form, the API, an
    import, the demo) then has it, without each remembering to set it."""
    return context.get_current_parameters()["created_on"]


class Habit(db.Model):
    __tablename__ = "habits"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "name_key", name="uq_habits_user_name"),
        sa.Index("ix_habits_user_position", "user_id", "archived", "position"),
        {"sqlite_autoincrement": True},  # a deleted habit's id is never reused (0024)
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    name_key: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    description: Mapped[str | None] = mapped_column(sa.String(DESCRIPTION_MAX))
    position: Mapped[int] = mapped_column(default=0)
    archived: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The owner's local day it was archived (migration 0016): its page judges no day after it.
    archived_on: Mapped[date | None] = mapped_column(sa.Date)
    # The uuid Loop Habit Tracker knows the habit by, when it came from Loop (migration 0018):
    # a .db export gives it back, so Loop updates that habit instead of adding it again.
    loop_uuid: Mapped[str | None] = mapped_column(sa.String(64))
    colour: Mapped[str | None] = mapped_column(sa.String(20))
    icon: Mapped[str | None] = mapped_column(sa.String(16))
    # Room for schedules and measurable habits (Loop's model), so they need no data migration.
    kind: Mapped[str] = mapped_column(sa.String(16), default="yes_no", server_default="yes_no")
    freq_num: Mapped[int] = mapped_column(default=1, server_default="1")
    freq_den: Mapped[int] = mapped_column(default=1, server_default="1")
    weekdays: Mapped[int | None] = mapped_column()  # bit 0 = Monday ... bit 6 = Sunday
    unit: Mapped[str | None] = mapped_column(sa.String(24))
    target: Mapped[float | None] = mapped_column()
    direction: Mapped[str] = mapped_column(
        sa.String(10), default="at_least", server_default="at_least"
    )
    # The first day its numbers count: the day it was made, or earlier when older history was
    # logged; domain/habit_start.py moves it. The owner's local date.
    created_on: Mapped[date] = mapped_column(sa.Date)
    # The start it was given (migration 0023): the day it was made here, or the start its import
    # brought. Removing history moves created_on forward again, never past this day. NULL on
    # rows from before whose start a check-in held: the day made, from created_at.
    given_start: Mapped[date | None] = mapped_column(sa.Date, default=_start_at_insert)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Risk-aware reminders (migration 0012): remind only when today's chance is below
    # remind_below percent.
    remind_at_risk: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    remind_below: Mapped[int] = mapped_column(default=REMIND_BELOW,
                                              server_default=str(REMIND_BELOW))

    user: Mapped[User] = relationship(back_populates="habits")
    tags: Mapped[list[Tag]] = relationship(
        secondary="habit_tags", back_populates="habits", order_by="Tag.name_key"
    )
    checkins: Mapped[list[CheckIn]] = relationship(
        back_populates="habit", cascade="all, delete-orphan", passive_deletes=True
    )
    reminders: Mapped[list[Reminder]] = relationship(
        back_populates="habit", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Reminder.at",
    )

    @property
    def weekday_set(self) -> frozenset[int] | None:
        """The weekdays (0 = Monday) of a weekday schedule, else None."""
        if not self.weekdays:
            return None
        return frozenset(i for i in range(7) if self.weekdays & (1 << i))

    def rename(self, name: str) -> None:
        """Set the display name and its case-insensitive key together."""
        self.name = name.strip()
        self.name_key = name_key(name)

    def __repr__(self) -> str:
        return f"<Habit {self.id} {self.name!r}>"


habit_tags = sa.Table(
    "habit_tags",
    db.metadata,
    sa.Column("habit_id", sa.ForeignKey("habits.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_habit_tags_tag", "tag_id"),
)


class Tag(db.Model):
    """A user's label for grouping habits ("health", "morning")."""

    __tablename__ = "tags"
    __table_args__ = (sa.UniqueConstraint("user_id", "name_key", name="uq_tags_user_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(TAG_MAX))
    name_key: Mapped[str] = mapped_column(sa.String(TAG_MAX))

    habits: Mapped[list[Habit]] = relationship(secondary="habit_tags", back_populates="tags")


class CheckIn(db.Model):
    __tablename__ = "checkins"
    __table_args__ = (
        sa.UniqueConstraint("habit_id", "day", name="uq_checkins_habit_day"),
        sa.CheckConstraint(
            "state IN ('done', 'skipped', 'not_done')", name="ck_checkins_state"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    habit_id: Mapped[int] = mapped_column(sa.ForeignKey("habits.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(sa.Date)
    state: Mapped[str] = mapped_column(sa.String(10))
    amount: Mapped[float | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(sa.String(NOTE_MAX))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When the day became done, kept through later edits of its note or amount (the hour the
    # habit was ticked off, for domain/logging_hours.py); NULL for rows from before 0014.
    done_at: Mapped[datetime | None] = mapped_column()

    habit: Mapped[Habit] = relationship(back_populates="checkins")


class Reminder(db.Model):
    """A time of day (the owner's local time) at which to remind them of a habit."""

    __tablename__ = "reminders"
    __table_args__ = (sa.UniqueConstraint("habit_id", "at", name="uq_reminders_habit_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    habit_id: Mapped[int] = mapped_column(sa.ForeignKey("habits.id", ondelete="CASCADE"))
    at: Mapped[time] = mapped_column(sa.Time)

    habit: Mapped[Habit] = relationship(back_populates="reminders")
