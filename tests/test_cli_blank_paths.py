"""A file path given empty is named as empty, not "Cannot write : No such file or directory."."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("blank", ["", "  "])
def test_export_data_to_a_blank_path_says_it_is_empty(runner, user, blank):
    result = runner.invoke(args=["export-data", "--email", user.email, "--format", "json",
                                 "-o", blank])
    assert result.exit_code == 2, result.output
    assert "--output" in result.output and "empty" in result.output
    assert "Cannot write" not in result.output


@pytest.mark.parametrize("blank", ["", "  "])
def test_backup_db_to_a_blank_target_says_it_is_empty(runner, user, blank):
    result = runner.invoke(args=["backup-db", blank])
    assert result.exit_code == 2, result.output
    assert "TARGET" in result.output and "empty" in result.output
    assert "exists" not in result.output


def test_seed_demo_says_what_each_option_is():
    from habitory.habits.commands import seed_demo

    assert all(option.help for option in seed_demo.params), [
        option.name for option in seed_demo.params if not option.help]
