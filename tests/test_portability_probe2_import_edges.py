"""Loop files as careless users upload them: Loop 2.0's Checkmarks.csv on its own, and a long
Loop export without Habits.csv (whose frequencies Habitory has to recognise)."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import timedelta

import pytest

from habitory.portability import (
    BadImportFile,
    ExportSource,
    ImportBundle,
    ImportedCheckIn,
    ImportedHabit,
    Limits,
    export_loop_zip,
    loop_csv,
    loop_frequency,
    read_import,
)
from habitory.portability.validate import finalise
from habitory.stats import rates

from .conftest import TODAY

LIMITS = Limits(today=TODAY)
HABITS = "Position,Name\n001,Run\n"


def test_loop_2_0s_checkmarks_csv_alone_is_refused_for_the_whole_zip():
    days = [TODAY - timedelta(days=i) for i in range(3)]
    lines = ["Date,Run,Read,"] + [
        f"{d},Entry(timestamp={d}, value={run}),Entry(timestamp={d}, value={read}),"
        for d, run, read in zip(days, (2, 1, 2), (0, 2, 2), strict=True)]
    with pytest.raises(BadImportFile, match="upload the whole zip"):
        read_import("\n".join(lines).encode(), LIMITS)


def _export_without_habits_csv(habits: int, span: int) -> bytes:
    """Loop's top-level Checkmarks.csv alone, of irregular habits (no frequency fits them)."""
    pick = random.Random(3)
    rows = ["Date," + ",".join(f"Habit {i}" for i in range(habits)) + ","]
    for back in range(1, span + 1):
        cells = (pick.choice(("2", "1", "0", "1")) for _ in range(habits))
        rows.append(f"{TODAY - timedelta(days=back)}," + ",".join(cells) + ",")
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Checkmarks.csv", "\n".join(rows) + "\n")
    return data.getvalue()


def test_recognising_frequencies_of_years_of_history_stays_quick(monkeypatch):
    # Every frequency tried used to replay the habit's whole history: a 43 KB zip of 30
    # habits over ten years took 7 minutes to preview (and as long again to import).
    replayed = []
    real = rates.auto_flags

    def counting(history, ords, states, first, n):
        replayed.append(ords.size)
        return real(history, ords, states, first, n)

    monkeypatch.setattr(loop_frequency, "auto_flags", counting)
    bundle = read_import(_export_without_habits_csv(2, 2000), LIMITS)
    assert [(h.freq_num, h.freq_den) for h in bundle.habits] == [(1, 1), (1, 1)]
    assert any("fit no frequency" in w for w in bundle.warnings)
    assert sum(replayed) < 50_000  # check-ins replayed in all: 191,100 before, 24,960 now


def _loop_zip(members: dict[str, str]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_STORED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return data.getvalue()


def test_a_loop_zip_of_millions_of_lines_is_refused_before_it_is_read(monkeypatch):
    # 1.4 million lines in a 20 MB zip took minutes and 500 MB of memory to be refused.
    limits = Limits(today=TODAY, max_checkins=1000)
    lines = "Date,Value,Notes\n" + f"{TODAY},2,\n" * 50_000
    parsed = []
    monkeypatch.setattr(loop_csv, "parse_dates", lambda *a: parsed.append(a) or [])
    with pytest.raises(BadImportFile, match="at most 1,000 check-ins"):
        read_import(_loop_zip({"Habits.csv": HABITS, "001 Run/Checkmarks.csv": lines}), limits)
    assert not parsed


def test_the_largest_loop_export_habitory_imports_is_not_refused():
    limits = Limits(today=TODAY, max_checkins=1000)
    days = [TODAY - timedelta(days=i) for i in range(1000)]
    bundle = finalise(ImportBundle([ImportedHabit(
        "Run", checkins=[ImportedCheckIn(d, "done" if d.day % 3 else "not_done") for d in days])],
        "habitory_json"), limits)
    data = b"".join(export_loop_zip(ExportSource.from_bundle(bundle), TODAY))
    assert read_import(data, limits).checkin_count == 1000
