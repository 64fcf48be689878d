"""Predictions: each habit's chance for the next day, and each user's trained model."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class Prediction(db.Model):
    """The chance that a habit is done on the user's next day, computed in the background."""

    __tablename__ = "predictions"

    habit_id: Mapped[int] = mapped_column(
        sa.ForeignKey("habits.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    for_day: Mapped[date] = mapped_column(sa.Date)
    probability: Mapped[float] = mapped_column()
    source: Mapped[str] = mapped_column(sa.String(40))
    reasons: Mapped[str] = mapped_column(sa.String(400), default="")  # one reason per line
    at_risk: Mapped[bool] = mapped_column(default=False)
    # The chance for the day before for_day, for risk-aware reminders (migration 0012).
    today_probability: Mapped[float | None] = mapped_column()
    # Tomorrow's chance if today, open when this was computed, ends done / not done (yes/no
    # habits due tomorrow either way; migration 0022): a tick is answered with its number at
    # once, not with the chance from before it until the background refresh.
    if_done: Mapped[float | None] = mapped_column()
    if_not_done: Mapped[float | None] = mapped_column()
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)


class StoredModel(db.Model):
    """A user's signed, trained model (HABITORY_MODEL_STORE=database): every node reads it."""

    __tablename__ = "user_models"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)  # the same bytes as a model file
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
