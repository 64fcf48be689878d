"""Moving a habit up or down its list, one place at a time: Today's row menu and the plain
"Move up"/"Move down" buttons. Where a new habit goes, and a jump to a position (the API), stay
with the habits themselves (habits.next_position, habits.place).

With a tag, the list is the one Today shows filtered by it: a move passes the neighbour the
user sees, and the habits the filter hides keep their order.
"""

from __future__ import annotations

from habitory.domain.habit_queries import habits_of
from habitory.extensions import db
from habitory.models import Habit, Tag


def movable(habit: Habit, tag: Tag | None = None) -> tuple[bool, bool]:
    """Whether the habit can move up and down its list (not up from the top, nor down from
    the bottom), as move() sees the list."""
    _, above, below = _around(habit, tag)
    return above is not None, below is not None


def move(habit: Habit, direction: str, tag: Tag | None = None) -> bool:
    """Move the habit past its neighbour above or below; False at the edge. Only this habit
    changes place: those a filter hides keep their order."""
    siblings, above, below = _around(habit, tag)
    other = above if direction == "up" else below
    if other is None:
        return False
    siblings = [h for h in siblings if h.id != habit.id]
    at = siblings.index(other)
    siblings.insert(at if direction == "up" else at + 1, habit)
    # Renumber the whole list: positions may have gaps or ties from older data.
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    db.session.commit()
    return True


def _around(habit: Habit, tag: Tag | None) -> tuple[list[Habit], Habit | None, Habit | None]:
    """The habit's whole list, and its neighbours above and below (None at an edge) in the
    list the user sees: with `tag`, Today filtered by it, where passing a hidden habit looked
    like nothing moved. The habit itself may not wear the tag (removed in another tab)."""
    siblings = habits_of(habit.user_id, archived=habit.archived)
    shown = {h.id for h in habits_of(habit.user_id, habit.archived, tag)} if tag else None
    seen = [h for h in siblings if shown is None or h.id in shown or h.id == habit.id]
    at = [h.id for h in seen].index(habit.id)
    return siblings, seen[at - 1] if at else None, seen[at + 1] if at + 1 < len(seen) else None
