"""Time importing a 5-year, 30-habit Loop backup and exporting it in every format.

Run from the repository root:
    python benchmarks/bench_portability.py [--runs N] [--seed S] [--database-url URL]

It writes a Loop Habit Tracker backup (database version 25) with 30 habits over 5 years, then
times read_import + store.apply for a fresh user (target < 5 s), and each exporter
consuming every chunk from store.export_rows (target < 2 s each). The database is a fresh
SQLite file unless --database-url points at an empty PostgreSQL database (its tables are
created and dropped). A last pass measures the peak Python memory of each export.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script

from habitory import create_app  # noqa: E402
from habitory.extensions import db  # noqa: E402
from habitory.models import User  # noqa: E402
from habitory.portability import (  # noqa: E402
    Limits,
    export_checkins_csv,
    export_json,
    export_loop_zip,
    read_import,
    store,
)

HABITS = 30
YEARS = 5
TODAY = date(2025, 12, 31)
IMPORT_TARGET, EXPORT_TARGET = 5.0, 2.0
# (type, freq_num, freq_den, target_type, target_value, chance of an entry on a day)
PROFILES = [(0, 1, 1, 0, 0.0, 0.85), (0, 3, 7, 0, 0.0, 0.5), (0, 1, 7, 0, 0.0, 0.2),
            (0, 2, 3, 0, 0.0, 0.6), (1, 1, 1, 0, 8.0, 0.9), (1, 1, 7, 0, 20.0, 0.6),
            (1, 1, 1, 1, 2.0, 0.8)]


def write_backup(path: Path, rng: random.Random) -> int:
    """A Loop backup with HABITS habits and YEARS of entries; returns the number of rows."""
    connection = sqlite3.connect(path)
    connection.executescript("""
        CREATE TABLE android_metadata (locale TEXT);
        CREATE TABLE Habits (Id INTEGER PRIMARY KEY AUTOINCREMENT, archived INTEGER,
            color INTEGER, description TEXT, freq_den INTEGER, freq_num INTEGER,
            highlight INTEGER, name TEXT, position INTEGER, reminder_days INTEGER,
            reminder_hour INTEGER, reminder_min INTEGER, type integer not null default 0,
            target_type integer not null default 0, target_value real not null default 0,
            unit text not null default '', question text, uuid text);
        CREATE TABLE Repetitions (id integer primary key autoincrement, habit integer not
            null references habits(id), timestamp integer not null, value integer not null,
            notes text);
        CREATE UNIQUE INDEX idx_repetitions_habit_timestamp on Repetitions(habit, timestamp);
    """)
    start = TODAY - timedelta(days=365 * YEARS)
    rows = []
    for number in range(1, HABITS + 1):
        kind, num, den, target_type, target, chance = PROFILES[number % len(PROFILES)]
        connection.execute(
            "INSERT INTO Habits (Id, archived, color, freq_num, freq_den, name, position, type,"
            " target_type, target_value, unit, question, reminder_hour, reminder_min) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (number, int(number % 10 == 0), number % 20, num, den, f"Habit {number:02d}",
             number - 1, kind, target_type, target, "units" if kind else "",
             f"Did you do habit {number}?", 7, 30))
        for offset in range((TODAY - start).days + 1):
            if rng.random() >= chance:
                continue
            day = start + timedelta(days=offset)
            timestamp = (day - date(1970, 1, 1)).days * 86_400_000
            roll = rng.random()
            if kind:
                value = 3 if roll < 0.02 else int(rng.uniform(0.2, 1.6) * target * 1000)
            else:
                value = 3 if roll < 0.03 else 0 if roll < 0.1 else 2
            note = "felt great" if roll > 0.98 else None
            rows.append((number, timestamp, value, note))
    connection.executemany(
        "INSERT INTO Repetitions (habit, timestamp, value, notes) VALUES (?, ?, ?, ?)", rows)
    connection.execute("PRAGMA user_version = 25")
    connection.commit()
    connection.close()
    return len(rows)


def new_user(number: int) -> int:
    user = User(email=f"bench{number}@example.com", password_hash="-")
    db.session.add(user)
    db.session.commit()
    return user.id


def time_import(data: bytes, number: int) -> tuple[float, int]:
    user_id = new_user(number)
    began = time.perf_counter()
    bundle = read_import(data, Limits(today=TODAY))
    summary = store.apply(user_id, bundle, "merge")
    return time.perf_counter() - began, summary.checkins_added


EXPORTERS = {
    "Habitory JSON backup": lambda source: export_json(source),
    "checkins.csv": lambda source: export_checkins_csv(source),
    "Loop CSV zip": lambda source: export_loop_zip(source, TODAY),
}


def time_export(user_id: int, name: str) -> tuple[float, int]:
    began = time.perf_counter()
    size = 0
    for chunk in EXPORTERS[name](store.export_rows(user_id)):
        size += len(chunk)
    return time.perf_counter() - began, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        backup = Path(folder) / "loop.db"
        rows = write_backup(backup, rng)
        data = backup.read_bytes()
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        app = create_app({"TESTING": True, "SECRET_KEY": "bench", "INSTANCE_PATH": folder,
                          "SQLALCHEMY_DATABASE_URI": url, "CHECK_MIGRATIONS": False})
        with app.app_context():
            db.drop_all()
            db.create_all()
            print(f"Loop backup: {HABITS} habits, {rows:,} repetitions, "
                  f"{len(data) / 2**20:.1f} MB; database {db.engine.dialect.name}")
            imports = [time_import(data, n) for n in range(args.runs)]
            times = [t for t, _ in imports]
            failed |= statistics.median(times) >= IMPORT_TARGET
            print(f"import (parse + apply, {imports[0][1]:,} check-ins): median "
                  f"{statistics.median(times):.2f} s, best {min(times):.2f} s "
                  f"(target < {IMPORT_TARGET:g} s)")
            user_id = 1
            for name in EXPORTERS:
                results = [time_export(user_id, name) for _ in range(args.runs)]
                times = [t for t, _ in results]
                failed |= statistics.median(times) >= EXPORT_TARGET
                tracemalloc.start()
                time_export(user_id, name)
                peak = tracemalloc.get_traced_memory()[1]
                tracemalloc.stop()
                print(f"export {name} ({results[0][1] / 2**20:.1f} MB): median "
                      f"{statistics.median(times):.2f} s, best {min(times):.2f} s, peak Python "
                      f"memory {peak / 2**20:.1f} MB (target < {EXPORT_TARGET:g} s)")
            db.session.remove()
            db.drop_all()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
