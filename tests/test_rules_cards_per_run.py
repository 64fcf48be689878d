"""One rules run says at most PER_RUN new things to a user, the most important first: a 60-habit
account's first run could make ~120 cards even with two per habit."""

from __future__ import annotations

from habitory.rules.core import make
from habitory.rules.findings import PER_HABIT, PER_RUN, capped


def _finding(kind: str, habit_id: int, n: int):
    return make(kind, habit_id, f"2026-12-{n:02d}", f"{kind} {habit_id}", "body", "info", kind)


def test_a_long_list_keeps_the_most_important_per_user_in_the_rules_order():
    fresh = []
    for habit in range(60):  # each habit: a celebration, a low rate and a miss
        fresh += [_finding("milestone", habit, 1), _finding("low_consistency", habit, 2),
                  _finding("missed", habit, 3)]
    kept = capped(fresh)
    assert len(kept) == PER_RUN
    assert {f.kind for f in kept} == {"missed"}  # the misses first, before anything else
    assert kept == sorted(kept, key=fresh.index)  # in the order the rules gave them


def test_a_short_list_is_left_as_it_was():
    fresh = [_finding("missed", 1, 1), _finding("milestone", 2, 1), _finding("suggestion", 3, 1)]
    assert capped(fresh) == fresh
    # Still at most PER_HABIT for one habit.
    many = [_finding(kind, 7, 1) for kind in ("milestone", "low_consistency", "missed",
                                              "suggestion")]
    assert [f.kind for f in capped(many)] == ["missed", "suggestion"][:PER_HABIT]
