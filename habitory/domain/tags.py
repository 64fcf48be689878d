"""Tags: labels a user gives habits, made when first used and gone when nothing wears them."""

from __future__ import annotations

from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from habitory.domain.text import findable
from habitory.extensions import db
from habitory.models import TAG_MAX, Habit, Tag


def tags_of(user_id: int) -> list[Tag]:
    """A user's tags that label at least one active habit, by name."""
    return list(db.session.scalars(_tags_query(), {"user_id": user_id}))


@lru_cache(maxsize=1)
def _tags_query() -> sa.Select:
    return (
        sa.select(Tag)
        .where(Tag.user_id == sa.bindparam("user_id"))
        .where(Tag.habits.any(Habit.archived.is_(False)))
        .order_by(Tag.name_key)
    )


def find_tag(user_id: int, name: str | None) -> Tag | None:
    """The user's tag with that name (any case), or None: also for text no tag can have
    (a ?tag= with a NUL byte is an unknown tag, not a database error)."""
    key = findable(name, TAG_MAX)
    if key is None:
        return None
    return db.session.scalar(
        sa.select(Tag).where(Tag.user_id == user_id, Tag.name_key == key.casefold())
    )


def set_tags(habit: Habit, names: list[str]) -> None:
    """Label the habit with these tags, creating the new ones and dropping unused ones.

    New tags are inserted with ON CONFLICT DO NOTHING and then read back: two requests that
    create the same new tag at once both get it (a plain INSERT made the second a 500).
    """
    wanted = {name.casefold(): name for name in names}
    tags = _tags_named(habit.user_id, wanted)
    missing = [key for key in wanted if key not in {t.name_key for t in tags}]
    if missing:
        dialect = db.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        db.session.execute(
            insert(Tag).values([{"user_id": habit.user_id, "name": wanted[key], "name_key": key}
                                for key in missing])
            .on_conflict_do_nothing(index_elements=["user_id", "name_key"])
        )
        tags = _tags_named(habit.user_id, wanted)
    habit.tags = tags
    db.session.flush()
    prune_tags(habit.user_id)


def _tags_named(user_id: int, keys) -> list[Tag]:
    if not keys:
        return []
    return list(db.session.scalars(
        sa.select(Tag).where(Tag.user_id == user_id, Tag.name_key.in_(list(keys)))))


def prune_tags(user_id: int) -> None:
    """Tags label habits; one that labels none is gone."""
    db.session.execute(
        sa.delete(Tag)
        .where(Tag.user_id == user_id, ~Tag.habits.any())
        .execution_options(synchronize_session=False)
    )
