"""Read a Loop Habit Tracker CSV export (.zip): the v2.3.1 layout and the older ones.

A Loop zip holds Habits.csv (the settings), one folder per habit, "NNN Name/", with
Checkmarks.csv and Scores.csv, and top-level Checkmarks.csv and Scores.csv with a column per
habit. A habit's own Checkmarks.csv is preferred: it is named by position rather than by a
name that may hold commas, it keeps notes (v2.3.1), and it is unambiguous. The top-level file
fills in for habits without one. Loop 2.0 wrote its top-level cells as
`Entry(timestamp=..., value=N)`, and before v2.3.1 Habits.csv had no habit type, target,
unit or archived flag: a habit with values other than -1..3 is then measurable, and its target
is worked out from the scores Loop exported (see loop_infer), else it is the median of the
logged amounts, "at least", said in the preview (Loop has no numerical habit without one).
"""

from __future__ import annotations

import csv
import re
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _

from habitory.domain.numbers import kept
from habitory.locale_formats import grouped_later
from habitory.stats.phrases import N_, join

from .formats import (
    DEFAULT_LIMITS,
    EPOCH,
    BadImportFile,
    ImportBundle,
    ImportedHabit,
    Limits,
    check_size,
)
from .loop import (
    SKIP,
    UNKNOWN,
    Tally,
    checkin_from_raw,
    flatten_entry_cells,
    raw_value,
    tally_warnings,
)
from .loop_frequency import settle_frequencies
from .loop_infer import infer_target
from .loop_tables import Meta, habits_csv, is_number, parse_dates, table
from .safezip import decode, open_zip, read_member
from .validate import finalise

_HABIT_DIR = re.compile(r"^(\d{3,4})(?: ([^/]*))?/(Checkmarks|Scores)\.csv$")
_OWN = re.compile(r"\d{3}(?: [^/]*)?")
_SMALL = frozenset({-1, 0, 1, 2, 3})
# What the export's CSV files may hold, counted before a file is parsed (a 20 MB zip of 1.4
# million lines took minutes and 500 MB of memory to be refused). Loop writes two lines per
# known day of a habit (its Checkmarks.csv and Scores.csv) and two per day of the export (the
# top-level files, one column per habit), so 4 lines per check-in the limits allow and 2 per
# day since 1970; and 20 cells (lines x columns) per check-in, room for the top-level
# files' UNKNOWN days. Below the floor, reading costs too little to refuse early: a small
# file over the limits gets finalise's exact count.
LINES_PER_CHECKIN, CELLS_PER_CHECKIN, CELLS_FLOOR = 4, 20, 100_000


@dataclass
class LoopExport:
    """A parsed export: the bundle, and Loop's own scores for each habit where present."""

    bundle: ImportBundle
    scores: list[dict[date, float] | None]


class _Zip:
    """The export's files, relative to the folder that holds Habits.csv."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        self.archive, infos = open_zip(data, limits)
        self.limits = limits
        infos = [i for i in infos if not i.filename.startswith("__MACOSX/")]
        roots = []  # candidate folders holding the export, "" for the top of the zip
        for info in infos:
            folder, _, base = info.filename.rpartition("/")
            parent, _, last = folder.rpartition("/")
            if base == "Habits.csv" or (base == "Checkmarks.csv" and not _OWN.fullmatch(last)):
                roots.append(folder + "/" if folder else "")
            elif base == "Checkmarks.csv":  # a habit's own folder: the export is one level up
                roots.append(parent + "/" if parent else "")
        if not roots:
            _refuse_spreadsheet(infos)
            has_scores = any(i.filename.endswith("Scores.csv") for i in infos)
            raise BadImportFile(
                N_("This zip is not a Loop Habit Tracker CSV export: it has only scores "
                   "(Scores.csv) and no check-marks.") if has_scores else
                N_("This zip is not a Loop Habit Tracker CSV export: it has no Habits.csv or "
                   "Checkmarks.csv.")
            )
        self.lines = self.cells = 0
        self.root = min(roots, key=lambda r: (r.count("/"), r))
        self.files = {i.filename[len(self.root):]: i for i in infos
                      if i.filename.startswith(self.root)}

    def text(self, name: str) -> str | None:
        info = self.files.get(name)
        if info is None:
            return None
        text = decode(read_member(self.archive, info, self.limits))
        lines = text.count("\n")
        self.lines += lines
        self.cells += lines * (text.split("\n", 1)[0].count(",") + 1)
        days = (self.limits.latest_day() - EPOCH).days + 1
        if (self.lines > LINES_PER_CHECKIN * self.limits.max_checkins + 2 * days
                or self.cells > max(CELLS_PER_CHECKIN * self.limits.max_checkins,
                                    CELLS_FLOOR)):
            raise BadImportFile(N_("This export is larger than Habitory imports at a time "
                                   "(at most %(max_checkins)s check-ins).",
                                   max_checkins=grouped_later(self.limits.max_checkins)))
        return text


def _refuse_spreadsheet(infos) -> None:
    """A workbook is a zip too (Excel, LibreOffice, Numbers): ask for the CSV Habitory reads."""
    names = {i.filename for i in infos}
    if "[Content_Types].xml" in names or "mimetype" in names or any(
            n.startswith("Index/") and n.endswith(".iwa") for n in names):
        raise BadImportFile(_("This is a spreadsheet file (Excel, LibreOffice or Numbers). "
                              "Habitory reads spreadsheets as CSV: save it as CSV (File → "
                              "Save As or Export, “CSV”) and upload that file."))


def _own_files(files, metas: list[Meta], warnings: list[str], export: _Zip):
    """Fill each habit's entries and scores from its own folder, where it has one."""
    by_number = {m.number: m for m in metas}
    for path in sorted(files):
        match = _HABIT_DIR.match(path)
        if not match or int(match.group(1)) not in by_number:
            continue
        meta = by_number[int(match.group(1))]
        text = flatten_entry_cells(export.text(path) or "")
        rows = [r for r in csv.reader(text.splitlines(keepends=True)) if r and r[0].strip()]
        if rows and rows[0][0].strip() == "Date":
            rows = rows[1:]
        where = f"{path}"
        dates = parse_dates([r[0] for r in rows], where, warnings)
        if match.group(3) == "Scores":
            meta.scores = {d: float(r[1]) for d, r in zip(dates, rows, strict=True)
                           if len(r) > 1 and is_number(r[1])}
            continue
        entries = []
        for day, row in zip(dates, rows, strict=True):
            raw = raw_value(row[1]) if len(row) > 1 else None
            if raw is not None:
                entries.append((day, raw, row[2] if len(row) > 2 else ""))
            if raw == UNKNOWN:
                meta.listed_unknown.add(day)
        meta.entries = entries
        meta.own = True


def read_loop_export(data: bytes, limits: Limits = DEFAULT_LIMITS) -> LoopExport:
    """Parse the zip into a bundle, keeping Loop's scores per habit for checks and inference."""
    check_size(len(data), limits.max_bytes)
    export = _Zip(data, limits)
    warnings: list[str] = []
    habits_text = export.text("Habits.csv")
    metas, typed = habits_csv(habits_text, warnings) if habits_text is not None else ([], False)
    if habits_text is None:
        warnings.append(_("The zip has no Habits.csv, so it does not give the habits' "
                          "settings: measurable habits are recognised from their values, "
                          "frequencies from Loop's automatic checkmarks, and the rest are "
                          "daily yes/no habits."))
    checks = export.text("Checkmarks.csv")
    dates, cells = ([], {}) if not checks else table(
        checks, "Checkmarks.csv", metas, warnings, create=habits_text is None)
    if not metas:  # neither Habits.csv nor a top-level Checkmarks.csv: name habits by folder
        folders = {}
        for path in export.files:
            match = _HABIT_DIR.match(path)
            if match:
                folders.setdefault(int(match.group(1)), match.group(2) or match.group(1))
        metas = [Meta(n, ImportedHabit(name, position=i))
                 for i, (n, name) in enumerate(sorted(folders.items()), start=1)]
    _own_files(export.files, metas, warnings, export)
    for index, meta in enumerate(metas):
        if not meta.own and index in cells:
            meta.entries = [(d, raw, "") for d, raw in
                            zip(dates, map(raw_value, cells[index]), strict=True)
                            if raw is not None and raw != UNKNOWN]
    scores_text = export.text("Scores.csv")
    if scores_text:
        score_dates, score_cells = table(scores_text, "Scores.csv", metas[:], [], False)
        for index, column in score_cells.items():
            if index < len(metas) and metas[index].scores is None:
                metas[index].scores = {d: float(v) for d, v in zip(score_dates, column,
                                                                     strict=True)
                                       if is_number(v)}
    _settle_kinds(metas, typed, warnings, limits)
    unmatched = settle_frequencies(metas, warnings) if habits_text is None else 0
    tally = Tally()
    for meta in metas:
        numerical = meta.habit.kind == "measurable"
        for day, raw, note in meta.entries:
            checkin = checkin_from_raw(day, raw, note.strip(), numerical, tally,
                                       listed=day in meta.listed_unknown)
            if checkin is not None:
                meta.habit.checkins.append(checkin)
    tally.auto -= unmatched  # said above: those will not be filled in
    tally_warnings(tally, warnings)
    layout = "v2.3.1 layout" if typed else "layout of Loop 2.2 or older"
    bundle = finalise(ImportBundle([m.habit for m in metas], "loop_csv", warnings, layout),
                      limits)
    return LoopExport(bundle, [m.scores for m in metas])


def _settle_kinds(metas: list[Meta], typed: bool, warnings: list[str], limits: Limits) -> None:
    """Without a Type column, values beyond -1..3 mean a measurable habit; find its target."""
    if typed:
        return
    found, drifted, median = [], [], []
    first, last = EPOCH, limits.latest_day() + timedelta(days=1)  # finalise drops that one
    for meta in metas:
        if all(raw in _SMALL for _, raw, _ in meta.entries):
            continue
        habit = meta.habit
        habit.kind = "measurable"
        entries = [(d, raw) for d, raw, _ in meta.entries]
        # Dates finalise will refuse anyway: no inference over centuries of days first.
        sane = all(first <= d <= last for d, raw in entries if raw != UNKNOWN)
        scores = {d: v for d, v in (meta.scores or {}).items() if first <= d <= last}
        guess = infer_target(habit, entries, scores) if scores and sane else None
        if guess is not None:  # else finalise asks for the target
            habit.direction, habit.target = guess.direction, guess.target
            target = f"{guess.target:g}"
            found.append(N_("%(name)s (at most %(target)s)", name=habit.name, target=target)
                         if guess.direction == "at_most" else
                         N_("%(name)s (at least %(target)s)", name=habit.name, target=target))
            if not guess.matches_current:
                drifted.append(habit.name)
        else:
            _median_target(habit, entries, median)
    if median:
        # Loop has no numerical habit without a target: one the user can read and change beats
        # "/ 0" and a form that refuses every save until a target is typed.
        warnings.append(N_("This export does not give the target of %(habits)s: each one gets "
                           "the median of its logged amounts as an “at least” target, "
                           "so about half of its days count as done. Set the right target and "
                           "direction in each habit’s settings (Edit).",
                           habits=join(median, ", ")))
    if found:
        warnings.append(N_("This export does not say which habits are measurable or what their "
                           "targets are; Habitory worked them out from Loop's scores: "
                           "%(habits)s. Check them in each habit's settings.",
                           habits=join(found, ", ")))
    if drifted:
        warnings.append(N_("Loop 2.2 and older computed the strength of %(habits)s with an "
                           "error in its running totals, fixed in Loop 2.3; Habitory computes "
                           "it as Loop does today, so it can differ slightly from the exported "
                           "scores.", habits=join(drifted, ", ")))


def _median_target(habit: ImportedHabit, entries: list[tuple[date, int]],
                   named: list) -> None:
    """Give a measurable habit the median of its logged amounts (Loop's values, thousandths),
    as an "at least" target, naming it in `named`; none when the median is 0."""
    amounts = [raw / 1000 for _, raw in entries if raw >= 0 and raw != SKIP]
    middle = kept(statistics.median(amounts)) if amounts else 0
    if middle > 0:
        habit.direction, habit.target = "at_least", middle
        named.append(N_("%(name)s (at least %(target)s)", name=habit.name,
                        target=f"{middle:g}"))


def parse_loop_csv(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ImportBundle:
    """An ImportBundle from a Loop CSV export zip, or BadImportFile."""
    return read_loop_export(data, limits).bundle
