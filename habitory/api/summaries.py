"""The bodies of the API's read-only summaries (a habit's statistics, Today, predictions,
notifications) and the queries of notifications and exports; the habits' and days' own
bodies are in schemas.py."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field, RootModel

from habitory.api.schemas import PAGE_MAX, Kind, State, Strict
from habitory.domain.habits import POSITION_MAX
from habitory.domain.notifications import PAGE_SIZE

TodayStatus = Literal["done", "auto", "skipped", "missed", "unknown"]


class Stats(BaseModel):
    current_streak: int
    best_streak: int
    strength: int = Field(description="Loop's habit strength today, 0-100")
    rate_7: float | None = Field(description="Done share of the days due, last 7 days")
    rate_30: float | None
    rate_90: float | None
    health: int | None = Field(description="Health score 0-100 (null: too young)")


class TodayHabit(BaseModel):
    id: int
    name: str
    kind: Kind
    emoji: str | None
    colour: str | None
    status: TodayStatus = Field(description=(
        "Today as the Today page shows it. done: done (a measurable habit: its target met, "
        "for the day or the period); auto: covered by the schedule (\"3 times a week\" done "
        "3 times); skipped; missed: not done, and today can no longer make it (a \"not done\" "
        "logged, an \"at most\" limit gone over); unknown: not yet, the day is still open "
        "(an \"at least\" target stays unknown until the day ends, whatever is logged)"))
    state: State | None = Field(description="The stored check-in, null when none")
    amount: float | None
    target: float | None
    unit: str | None
    probability: float | None = Field(description="Tomorrow's chance, 0-1, when computed")


class Today(BaseModel):
    date: date
    done: int
    due: int
    habits: list[TodayHabit]


class PredictionOut(BaseModel):
    habit_id: int
    habit: str
    probability: float
    source: str


class PredictionList(RootModel[list[PredictionOut]]):
    pass


class NotificationOut(BaseModel):
    id: int
    kind: str
    category: str
    severity: str
    title: str
    body: str
    habit_id: int | None
    created_at: str
    read: bool


class NotificationList(RootModel[list[NotificationOut]]):
    pass


class NotificationsQuery(Strict):
    unread: bool = Field(False, description="true: only the unread ones")
    limit: int | None = Field(None, ge=1, le=PAGE_MAX, description=(
        f"At most this many notifications (a page); left out: the first {PAGE_SIZE}. The Link "
        "header names the next page (rel=\"next\") while there is one, and the one before "
        "(rel=\"prev\")"))
    offset: int = Field(0, ge=0, le=POSITION_MAX,
                        description="Skip this many notifications first")


class ExportQuery(Strict):
    format: Literal["json", "csv", "loop", "loop_db"] = "json"
