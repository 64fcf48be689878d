"""flask export-data and import-data count in English as a person reads it: "1 habit",
"1 check-in", "2 habits", "1,204 check-ins"."""

from __future__ import annotations

from datetime import date

from habitory.domain import accounts
from habitory.extensions import db


def _round(runner, tmp_path, name: str) -> tuple[str, str]:
    out = tmp_path / f"{name}.json"
    exported = runner.invoke(args=["export-data", "--email", "ada@example.com", "--format",
                                   "json", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    copy = accounts.create(f"{name}@example.com", "password-123")
    db.session.commit()
    imported = runner.invoke(args=["import-data", "--email", copy.email, str(out)])
    assert imported.exit_code == 0, imported.output
    return exported.output, imported.output.replace(str(out), "FILE")


def test_one_habit_and_one_check_in_are_said_in_the_singular(runner, user, make_habit,
                                                             tmp_path):
    make_habit(user, "Read", created=date(2026, 11, 20), done=[date(2026, 11, 24)])
    exported, imported = _round(runner, tmp_path, "one")
    assert "Exported 1 habit and 1 check-in to" in exported
    assert "(1 check-in in 1 habit read from FILE)" in imported
    assert "habits" not in exported + imported.replace("new habit", "")


def test_more_are_said_in_the_plural_with_thousands_grouped(runner, user, make_habit,
                                                            tmp_path):
    make_habit(user, "Read", created=date(2023, 1, 1),
               done=[date.fromordinal(date(2023, 1, 1).toordinal() + n) for n in range(1100)])
    make_habit(user, "Run", created=date(2026, 11, 20))
    exported, imported = _round(runner, tmp_path, "many")
    assert "Exported 2 habits and 1,100 check-ins to" in exported
    assert "(1,100 check-ins in 2 habits read from FILE)" in imported
