"""Import Loop exports and check that Habitory's strength equals the scores Loop wrote.

Usage, from the repository root:
    python benchmarks/check_loop_import.py PATH [PATH...]

A PATH is a Loop CSV export (a .zip, or an unpacked folder holding Habits.csv / Checkmarks.csv),
a Loop backup (.db), a Habitory backup (.json), or a folder of those (searched recursively).
Each one is imported for a fresh user of an in-memory database through habitory.portability
(parse, then store.apply), read back the way the app reads it (habits.queries), and every
habit's strength_series is compared with Loop's per-habit Scores.csv (else its column of the
top-level Scores.csv) on every day Loop exported, to Loop's 4 decimals (|diff| <= 5e-5).
Backups (.db) hold no scores: they are imported and counted only. Exit status 1 when a
habit's scores differ for a reason the report does not explain.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script

from habitory import create_app  # noqa: E402
from habitory.domain.history import entries_for, history_of  # noqa: E402
from habitory.extensions import db  # noqa: E402
from habitory.models import Habit, User  # noqa: E402
from habitory.portability import (  # noqa: E402
    BadImportFile,
    Limits,
    read_import,
    read_loop_export,
    store,
)
from habitory.portability.loop_export import loop_score  # noqa: E402
from habitory.portability.loop_infer import TOLERANCE, loop20_scores  # noqa: E402
from habitory.stats.strength import strength_series  # noqa: E402

EXPORT_MARKERS = ("Habits.csv", "Checkmarks.csv", "Scores.csv")
DATA_SUFFIXES = (".zip", ".db", ".json", ".csv")


def find_exports(path: Path) -> list[Path]:
    """The exports under a path: folders that hold a CSV export, and data files."""
    if path.is_file():
        return [path]
    if any((path / name).is_file() for name in EXPORT_MARKERS):
        return [path]
    found = []
    for child in sorted(path.iterdir()):
        if child.is_dir() or child.suffix.lower() in DATA_SUFFIXES:
            found += find_exports(child)
    return found


def zip_folder(folder: Path) -> bytes:
    """The folder as Loop would have zipped it, built in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file() and file.suffix.lower() == ".csv":
                archive.write(file, file.relative_to(folder).as_posix())
    return buffer.getvalue()


def check(path: Path, number: int, limits: Limits) -> tuple[int, int, int]:
    """Import one export and compare; returns (habits compared, days compared, unexplained)."""
    data = zip_folder(path) if path.is_dir() else path.read_bytes()
    try:
        if data.startswith(b"PK"):
            export = read_loop_export(data, limits)
            bundle, scores = export.bundle, export.scores
        else:
            bundle, scores = read_import(data, limits), []
    except BadImportFile as error:
        print(f"{path}: refused: {error}")
        return 0, 0, 0
    user = User(email=f"check{number}@example.com", password_hash="-")
    db.session.add(user)
    db.session.commit()
    summary = store.apply(user.id, bundle, "rename")
    habits = {h.name: h for h in db.session.scalars(
        sa.select(Habit).where(Habit.user_id == user.id))}
    entries = entries_for([h.id for h in habits.values()])
    print(f"{path}: {bundle.source_format} ({bundle.source_detail}), {len(bundle.habits)} "
          f"habits, {summary.checkins_added:,} check-ins imported")
    for warning in bundle.warnings:
        print(f"    note: {warning}")
    compared = days_total = unexplained = 0
    for imported, loop_scores in zip(bundle.habits, scores or [None] * len(bundle.habits),
                                     strict=True):
        if not loop_scores:
            continue
        habit = habits[imported.name]
        history = history_of(habit, entries.get(habit.id, {}))
        days = sorted(loop_scores)
        ours = dict(strength_series(history, days[0], days[-1]))
        diffs = [(abs(ours[d] - loop_scores[d]), d) for d in days]
        worst, worst_day = max(diffs)
        wrong = [d for diff, d in diffs if diff > TOLERANCE]
        # As text: Habitory's figure written the way Loop writes it, against Loop's cell.
        same_text = sum(loop_score(ours[d]) == f"{loop_scores[d]:.4f}" for d in days)
        compared += 1
        days_total += len(days)
        label = f"    {imported.name} [{habit.kind}, {habit.freq_num}/{habit.freq_den}]"
        if not wrong:
            print(f"{label}: {len(days)} days equal (max |diff| {worst:.1e}; "
                  f"{same_text}/{len(days)} identical as 4-decimal text)")
            continue
        reason = explain(habit, history, loop_scores, days)
        if reason is None:
            unexplained += 1
        print(f"{label}: {len(wrong)} of {len(days)} days differ, max |diff| {worst:.4f} on "
              f"{worst_day}" + (f" - {reason}" if reason else " - UNEXPLAINED"))
    return compared, days_total, unexplained


def explain(habit: Habit, history, loop_scores: dict[date, float], days: list[date]):
    """A known reason for a difference, or None."""
    if habit.kind == "measurable" and history.entries:
        raws = {d: 3 if e.state == "skipped" else round((e.amount or 0) * 1000)
                for d, e in history.entries.items()}
        old = loop20_scores(raws, days[0], days[-1], habit.freq_num, habit.freq_den,
                            habit.direction, habit.target or 0.0)
        if all(abs(old.get(d, 0.0) - loop_scores[d]) <= TOLERANCE for d in days):
            return ("Loop 2.0-2.2's numerical rolling-sum bug: its scores are reproduced "
                    "exactly by that algorithm; Habitory follows Loop 2.3")
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args()
    limits = Limits(today=date.today())
    with tempfile.TemporaryDirectory() as instance:
        app = create_app({"TESTING": True, "SECRET_KEY": "check", "INSTANCE_PATH": instance,
                          "SQLALCHEMY_DATABASE_URI": "sqlite://", "CHECK_MIGRATIONS": False})
        with app.app_context():
            db.create_all()
            totals = [0, 0, 0]
            exports = [p for path in args.paths for p in find_exports(path)]
            for number, path in enumerate(exports, start=1):
                for i, value in enumerate(check(path, number, limits)):
                    totals[i] += value
    print(f"\n{len(exports)} files or folders; {totals[0]} habits compared over {totals[1]:,} "
          f"days; {totals[2]} with unexplained differences.")
    return 1 if totals[2] else 0


if __name__ == "__main__":
    sys.exit(main())
