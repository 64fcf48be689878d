"""The API's request and response bodies (pydantic): they validate each request, and
/api/openapi.json is generated from them, so the description cannot drift from the checks."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from flask_babel import gettext as _
from flask_babel import ngettext
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    field_validator,
    model_validator,
)

from habitory.api import values
from habitory.domain.days import MAX_AMOUNT
from habitory.domain.habits import (
    FREQUENCY_DAYS_MAX,
    POSITION_MAX,
    REMINDERS_PER_HABIT,
    TAGS_PER_HABIT,
    TARGET_MAX,
    UNIT_MAX,
)
from habitory.domain.palette import COLOURS
from habitory.models import DESCRIPTION_MAX, NAME_MAX, NOTE_MAX, TAG_MAX

Kind = Literal["yes_no", "measurable", "quit"]
Direction = Literal["at_least", "at_most"]
State = Literal["done", "skipped", "not_done"]
Colour = Literal[tuple(key for key, _label in COLOURS)]  # type: ignore[valid-type]
# Integers of a body: 7.0 is one too (as JSON Schema says), 7.5, "7" and true are not.
Whole = BeforeValidator(values.whole)
Weekday = Annotated[int, Field(ge=0, le=6, description="0 = Monday … 6 = Sunday"), Whole]
Days = Annotated[int, Field(ge=1, le=FREQUENCY_DAYS_MAX), Whole]
Percent = Annotated[int, Field(ge=1, le=99), Whole]
Position = Annotated[int, Field(ge=1, le=POSITION_MAX), Whole]
EMOJI_MAX = 8  # as the habit form asks (the column holds ICON_MAX)
Clock = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["07:30"])]


class Strict(BaseModel):
    """A request's query (and, as Body, its body): unknown fields are a mistake worth saying
    (a typo would be lost)."""

    model_config = ConfigDict(extra="forbid")


class Body(Strict):
    """A request body: unknown fields refused, and every value of its own JSON type. "5" is
    not a number nor "yes" a boolean: a script sending them has a bug a guess would hide
    (an integer is a number, as in JSON Schema). A query stays lax: its values are all text."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Schedule(Body):
    """Loop's "N times in D days" (daily is 1 in 1), or chosen weekdays."""

    times: Days = Field(1, description="N")
    days: Days = Field(1, description="D")
    weekdays: list[Weekday] | None = Field(
        None, min_length=1, max_length=7,
        description="Due on these weekdays only (then times and days are 1, or left "
        "out)")

    @model_validator(mode="after")
    def _fits(self) -> Schedule:
        if self.weekdays:
            if (self.times, self.days) != (1, 1):  # they would be dropped without a word
                raise ValueError(_("With weekdays, times and days are 1: leave them out."))
            self.weekdays = sorted(set(self.weekdays))
        elif self.times > self.days:
            raise ValueError(ngettext("times cannot be more than days: at most %(num)s time "
                                      "in %(num)s day.",
                                      "times cannot be more than days: at most %(num)s times "
                                      "in %(num)s days.", self.days))
        return self


class HabitFields(Body):
    """Every setting the habit form has; all optional (PATCH sends only what changes)."""

    # Left out: kept; never null (a habit always has a name), so the schema says no null.
    name: str = Field(None, min_length=1, max_length=NAME_MAX,
                      json_schema_extra=lambda schema: schema.pop("default", None))
    kind: Kind | None = Field(None, description=(
        "null: yes_no. A measurable habit changed to another kind loses its target, unit and "
        "direction: send \"target\": null in the same request to say so (422 otherwise). "
        "Its days keep their amounts"))
    schedule: Schedule | None = Field(None, description=(
        "Replaced whole: times or days left out are 1, not the habit's current ones"))
    target: float | None = Field(None, ge=0, le=TARGET_MAX,
                                 description="Measurable habits: the amount a day aims at")
    direction: Direction | None = None
    unit: str | None = Field(None, max_length=UNIT_MAX)
    colour: Colour | None = None
    emoji: str | None = Field(None, max_length=EMOJI_MAX)
    tags: list[Annotated[str, Field(min_length=1, max_length=TAG_MAX)]] | None = Field(
        None, max_length=TAGS_PER_HABIT)
    question: str | None = Field(None, max_length=DESCRIPTION_MAX)
    reminders: list[Clock] | None = Field(None, max_length=REMINDERS_PER_HABIT,
                                          description="Local times, HH:MM")
    remind_at_risk: bool | None = Field(
        None, description="\"Only when I'm likely to miss it\": a reminder is sent only when "
        "the chance of doing it today, counting what is usually ticked off by its time, is "
        "below remind_below")
    remind_below: Percent | None = Field(None, description="remind_at_risk's threshold, "
                                         "percent")
    archived: bool | None = None
    position: Position | None = Field(None, description="1 is the top of the list")

    @field_validator("name", mode="before")
    @classmethod
    def _named(cls, value):
        if value is None:  # said as the form says it, not as "a valid string"
            raise ValueError(_("Give it a name with something visible in it."))
        return value

    @field_validator("name")
    @classmethod
    def _clean_name(cls, value):
        return values.name(value, "name", NAME_MAX)

    @field_validator("unit")
    @classmethod
    def _clean_unit(cls, value):
        return values.line(value, UNIT_MAX)

    @field_validator("emoji")
    @classmethod
    def _clean_emoji(cls, value):
        return values.line(value, EMOJI_MAX)

    @field_validator("question")
    @classmethod
    def _clean_question(cls, value):
        return values.text(value, DESCRIPTION_MAX)

    @field_validator("target")
    @classmethod
    def _unsigned_target(cls, value):
        return values.unsigned(value)

    @field_validator("tags")
    @classmethod
    def _clean_tags(cls, value):
        if value is None:
            return None
        names: dict[str, str] = {}
        for tag in value:
            name = values.name(tag.strip().lstrip("#"), "tag", TAG_MAX)
            names.setdefault(name.casefold(), name)
        return list(names.values())


class HabitCreate(HabitFields):
    name: str = Field(min_length=1, max_length=NAME_MAX)


class HabitOut(BaseModel):
    id: int
    name: str
    kind: Kind
    schedule: Schedule
    target: float | None
    direction: Direction
    unit: str | None
    colour: str | None
    emoji: str | None
    tags: list[str]
    question: str | None
    reminders: list[str]
    remind_at_risk: bool
    remind_below: int
    archived: bool
    position: int
    created_on: date


class HabitList(RootModel[list[HabitOut]]):
    pass


PAGE_MAX = 500


class HabitsQuery(Strict):
    archived: bool = Field(False, description="true: the archived habits instead")
    limit: int | None = Field(None, ge=1, le=PAGE_MAX, description=(
        "At most this many habits (a page); left out: all of them. The Link header names "
        "the next page (rel=\"next\") while there is one, and the one before (rel=\"prev\")"))
    offset: int = Field(0, ge=0, le=POSITION_MAX, description="Skip this many habits first")


class CheckinOut(BaseModel):
    date: date
    state: State
    amount: float | None
    note: str | None


class CheckinList(RootModel[list[CheckinOut]]):
    pass


class DayOut(BaseModel):
    """The day after a PUT; state is null when what was sent leaves it clear (a measurable
    habit's amount removed)."""

    date: date
    state: State | None
    amount: float | None
    note: str | None


class CheckinPut(Body):
    state: State
    amount: float | None = Field(None, ge=0, le=MAX_AMOUNT,
                                 description="Measurable habits. Left out: kept, and it "
                                 "still decides the day (\"not_done\" on 12 of at least 10 "
                                 "is done); null: none (also one kept from when the habit was "
                                 "measurable)")
    note: str | None = Field(None, max_length=NOTE_MAX, description=(
        "Left out: kept as it was. Its lines are kept (as on the web); within a line, runs "
        "of spaces and tabs fold to one space; blank removes the note"))

    @field_validator("amount")
    @classmethod
    def _unsigned_amount(cls, value):
        return values.unsigned(value)

    @field_validator("note")
    @classmethod
    def _clean_note(cls, value):
        return values.note(value)


class RangeQuery(Strict):
    from_: date | None = Field(None, alias="from", description="Default: 29 days before to")
    to: date | None = Field(None, description="Default: today")

    @field_validator("from_", "to", mode="before")
    @classmethod
    def _iso_day(cls, value):
        return values.day(value)


class ProblemError(BaseModel):
    field: str
    detail: str


class Problem(BaseModel):
    """RFC 9457"""

    type: str
    title: str
    status: int
    detail: str
    field: str | None = None
    errors: list[ProblemError] | None = None
