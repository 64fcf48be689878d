"""What Loop Habit Tracker's backups and exports share: values, colours, dates (v2.3.1)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from habitory.locale_formats import grouped_later
from habitory.stats.phrases import N_, NP_
from habitory.stats.schedule import LOOP_RAW_MAX, LOOP_RAW_MIN, Entry, history_from
from habitory.stats.statuses import auto_days

from .formats import EPOCH, BadImportFile, ImportedCheckIn, ImportedHabit

UNKNOWN, NO, YES_AUTO, YES_MANUAL, SKIP = -1, 0, 1, 2, 3
VALUE_NAMES = {UNKNOWN: "UNKNOWN", NO: "NO", YES_AUTO: "YES_AUTO", YES_MANUAL: "YES_MANUAL",
               SKIP: "SKIP"}
VALUE_CODES = {name: code for code, name in VALUE_NAMES.items()}
DAY_MS = 86_400_000
MAX_DAY_MS = (date(9998, 12, 31) - EPOCH).days * DAY_MS

# Loop's palette (PaletteColor.toCsvColor), by index.
PALETTE = (
    "#D32F2F", "#E64A19", "#F57C00", "#FF8F00", "#F9A825", "#AFB42B", "#7CB342", "#388E3C",
    "#00897B", "#00ACC1", "#039BE5", "#1976D2", "#303F9F", "#5E35B1", "#8E24AA", "#D81B60",
    "#5D4037", "#303030", "#757575", "#aaaaaa",
)
# The Habitory colour closest in name and hue to each of Loop's (deep orange -> orange,
# light blue -> blue, deep purple -> violet, dark grey -> slate, light grey -> grey).
TO_HABITORY = (
    "red", "orange", "orange", "amber", "yellow", "lime", "green", "green", "teal", "cyan",
    "blue", "blue", "indigo", "violet", "purple", "pink", "brown", "slate", "grey", "grey",
)
# And back, for exports: each Habitory colour's Loop index.
TO_LOOP = {
    "red": 0, "orange": 2, "amber": 3, "yellow": 4, "lime": 5, "green": 7, "teal": 8,
    "cyan": 9, "blue": 11, "indigo": 12, "violet": 13, "purple": 14, "pink": 15, "brown": 16,
    "slate": 17, "grey": 18,
}
DEFAULT_LOOP_COLOUR = 8  # teal, Loop's default too

_ENTRY_CELL = re.compile(r"Entry\(timestamp=[^,()]*, value=(-?\d+)(?:, notes=[^()]*)?\)")


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#")[-6:], 16)
    return value >> 16 & 255, value >> 8 & 255, value & 255


def nearest_index(rgb: tuple[int, int, int]) -> int:
    """Loop's palette index nearest to a colour (older Loop versions had other palettes)."""
    def distance(index: int) -> int:
        return sum((a - b) ** 2 for a, b in zip(_rgb(PALETTE[index]), rgb, strict=True))

    return min(range(len(PALETTE)), key=distance)


def colour_from_index(value) -> str | None:
    """A Habitory colour key from a Loop colour: a palette index (v15+) or an ARGB int (older)."""
    if not isinstance(value, int):
        return None
    if 0 <= value < len(PALETTE):
        return TO_HABITORY[value]
    argb = value & 0xFFFFFFFF
    return TO_HABITORY[nearest_index((argb >> 16 & 255, argb >> 8 & 255, argb & 255))]


def colour_from_hex(text: str | None) -> str | None:
    """A Habitory colour key from the #RRGGBB that Loop's Habits.csv holds."""
    text = (text or "").strip()
    if not re.fullmatch(r"#?[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?", text):
        return None
    return TO_HABITORY[nearest_index(_rgb(text if len(text.lstrip("#")) == 6 else text[:-2]))]


def frequency(num, den, name: str, odd: list[str]) -> tuple[int, int]:
    """Habitory's frequency for Loop's num times in den days: daily for "7 in 7", and also
    for a pair Habitory has no like of (0 in 0, -3 in 7, more than once a day), whose habit
    is named in `odd` for frequency_warning to say so."""
    if not (isinstance(num, int) and isinstance(den, int) and 1 <= num <= den):
        odd.append(name)
        return 1, 1
    return (1, 1) if num == den else (num, den)


def frequency_warning(odd: list[str], warnings: list[str]) -> None:
    """Name the habits whose frequency became daily, once for the whole file."""
    if odd:
        warnings.append(N_("These habits have a frequency Habitory does not have (such as 0 "
                           "times in 0 days) and were imported as daily: %(names)s. Check "
                           "them in each habit's settings.", names=", ".join(odd)))


def first_shown_day(habit: ImportedHabit, first: date) -> date:
    """The first day Loop shows for a habit whose first entry is on `first`: earlier when Loop
    slides an automatic checkmark interval back before it (a weekly habit checked on 2, 7 and
    17 Jan shows 31 Dec and 1 Jan done, and its streak from there). The import dates a Loop
    habit from that day, as Loop has no creation date and Habitory shows nothing before one."""
    entries = {c.day: Entry(c.state, c.amount) for c in habit.checkins}
    auto = auto_days(history_from(habit, EPOCH, entries))
    return max(EPOCH, min(first, date.fromordinal(min(auto, default=first.toordinal()))))


def day_from_ms(timestamp) -> date:
    """The date of Loop's timestamp (milliseconds at UTC midnight)."""
    if not isinstance(timestamp, int) or not 0 <= timestamp <= MAX_DAY_MS:
        if isinstance(timestamp, int) and timestamp < 0:
            raise BadImportFile(
                N_("The backup has a check-in dated before 1970-01-01, which Habitory refuses.")
            )
        raise BadImportFile(N_("The backup has a check-in with an impossible date."))
    return EPOCH + timedelta(days=timestamp // DAY_MS)


def raw_value(cell: str) -> int | None:
    """Loop's integer from a CSV cell: a number, a name (YES_MANUAL...) or Entry(..., value=N);
    None for anything else, also for a number beyond Loop's Int (Kotlin's 32 bits)."""
    cell = cell.strip()
    if cell in VALUE_CODES:
        return VALUE_CODES[cell]
    match = _ENTRY_CELL.fullmatch(cell)
    try:
        if match:
            return loop_int(int(match.group(1)))
        return loop_int(int(cell))
    except ValueError:  # also a number of more digits than Python converts
        try:
            number = float(cell)
        except ValueError:
            return None
        return loop_int(int(number)) if number.is_integer() else None


def loop_int(value: int) -> int | None:
    """The value if Loop's Int can hold it, else None (a damaged or hand-made file)."""
    return value if LOOP_RAW_MIN <= value <= LOOP_RAW_MAX else None


def flatten_entry_cells(line: str) -> str:
    """Loop 2.0 wrote top-level cells as Entry(timestamp=..., value=N): keep just N."""
    return _ENTRY_CELL.sub(lambda m: m.group(1), line) if "Entry(" in line else line


class Tally:
    """Counts what a Loop import leaves out, for the warnings."""

    def __init__(self) -> None:
        self.auto = 0
        self.odd = 0


def checkin_from_raw(day: date, raw: int, note: str | None, numerical: bool,
                     tally: Tally, listed: bool = False) -> ImportedCheckIn | None:
    """A Habitory check-in from one Loop entry, or None for what Habitory does not store.

    UNKNOWN is the absence of a check-in, unless it has a note, or is `listed` for a
    numerical habit: a row of its own Checkmarks.csv, where Loop lists only known values and
    Habitory's export lists a miss without an amount. YES_AUTO is Loop's automatic checkmark,
    which Habitory recomputes from the schedule rather than storing; its note, if any, is kept
    on a not-done day. Numerical values are thousandths; Loop stores a skip as 3 in both kinds.
    A numerical day is "done" here whatever its amount: validate.finalise judges it by the
    habit's target (done when the amount meets it), once the target is settled.
    """
    note = note or None
    if raw == UNKNOWN:
        kept = note or (numerical and listed)
        return ImportedCheckIn(day, "not_done", None, note) if kept else None
    if numerical:
        if raw == SKIP:
            return ImportedCheckIn(day, "skipped", None, note)
        if raw < 0:
            tally.odd += 1
            return None
        return ImportedCheckIn(day, "done", raw / 1000, note)
    if raw == YES_MANUAL:
        return ImportedCheckIn(day, "done", None, note)
    if raw == SKIP:
        return ImportedCheckIn(day, "skipped", None, note)
    if raw == NO:
        return ImportedCheckIn(day, "not_done", None, note)
    if raw == YES_AUTO:
        tally.auto += 1
        return ImportedCheckIn(day, "not_done", None, note) if note else None
    tally.odd += 1
    return None


def tally_warnings(tally: Tally, warnings: list[str]) -> None:
    """Say what was left out, once for the whole file."""
    if tally.auto:
        warnings.append(
            NP_("%(auto)s automatic checkmark was not imported as a check-in: Habitory fills "
                "it in from its habit's frequency, as Loop does.",
                "%(auto)s automatic checkmarks were not imported as check-ins: Habitory fills "
                "them in from each habit's frequency, as Loop does.",
                tally.auto, auto=grouped_later(tally.auto))
        )
    if tally.odd:
        warnings.append(NP_("%(odd)s entry with a value Loop does not use was skipped.",
                            "%(odd)s entries with values Loop does not use were skipped.",
                            tally.odd, odd=grouped_later(tally.odd)))
