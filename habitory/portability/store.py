"""The database side of an import: preview it, then apply it in one transaction (the export's
side is export_source.py).

`apply` writes everything or nothing: habits through the ORM (few, and their ids are needed),
check-ins, tag links and reminders as bulk Core inserts. Merging never overwrites a day the
user already has: it adds the missing days and counts the ones it kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from habitory.domain import habit_start, habits, notifications, predictions
from habitory.stats.phrases import N_, NP_

from ..extensions import db
from ..models import CheckIn, Habit, Reminder, Tag, habit_tags, name_key, utcnow
from . import account_settings, backup_notifications
from .form_rules import judged, merged_amounts_left_out
from .formats import BadImportFile, ImportBundle, ImportedHabit
from .validate import unique_name

CONFLICT_CHOICES = ("merge", "skip", "rename")


class ImportConflict(BadImportFile):
    """The database refused the import (a unique name taken meanwhile); nothing was written."""

BATCH = 5000  # check-in rows per INSERT batch


@dataclass
class Preview:
    """What applying a bundle would do, for the confirmation page."""

    source_format: str
    source_detail: str
    habits: int  # in the file
    checkins: int  # in the file
    new_names: list[str]  # habits that would be created as they are
    existing_names: list[str]  # names the user already has (the user's spelling)
    merge_adds: int  # check-ins a merge would add to existing habits
    merge_keeps: int  # days of existing habits a merge would leave as they are
    new_tags: list[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def habits_to_create(self) -> int:
        return len(self.new_names)


@dataclass
class Summary:
    """What apply did."""

    created: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (name in file, new name)
    checkins_added: int = 0
    completions_added: int = 0  # the added check-ins that are done days
    days_kept: int = 0  # existing check-ins a merge left untouched
    tags_created: int = 0
    warnings: list[str] = field(default_factory=list)
    settings_restored: bool = False  # the backup's account settings (a new account only)
    notifications_restored: int = 0  # the backup's cards (a new account only)


def _existing(user_id: int) -> dict[str, Habit]:
    return {h.name_key: h
            for h in db.session.scalars(sa.select(Habit).where(Habit.user_id == user_id))}


def _days_of(habit_ids: list[int]) -> dict[int, set[date]]:
    found: dict[int, set[date]] = {i: set() for i in habit_ids}
    if habit_ids:
        query = sa.select(CheckIn.habit_id, CheckIn.day).where(CheckIn.habit_id.in_(habit_ids))
        for habit_id, day in db.session.execute(query):
            found[habit_id].add(day)
    return found


def _tags_of(user_id: int) -> dict[str, int]:
    rows = db.session.execute(sa.select(Tag.name_key, Tag.id).where(Tag.user_id == user_id))
    return {key: tag_id for key, tag_id in rows}


def preview(user_id: int, bundle: ImportBundle) -> Preview:
    """Counts and conflicts of importing the bundle for this user; writes nothing."""
    existing = _existing(user_id)
    matches = [(h, existing[name_key(h.name)]) for h in bundle.habits
               if name_key(h.name) in existing]
    days = _days_of([habit.id for _, habit in matches])
    adds = keeps = 0
    warnings = (list(bundle.warnings) + account_settings.preview_lines(user_id, bundle.settings)
                + backup_notifications.preview_lines(user_id, bundle.notifications,
                                                     restored=not existing))
    for imported, habit in matches:
        present = days[habit.id]
        kept = sum(1 for c in imported.checkins if c.day in present)
        keeps += kept
        adds += len(imported.checkins) - kept
        if habit.kind != "measurable":  # a merge keeps the habit's kind: see _apply
            merged_amounts_left_out(sum(1 for c in imported.checkins if c.amount is not None
                                        and c.day not in present), habit.name, warnings)
    new_names = [h.name for h in bundle.habits if name_key(h.name) not in existing]
    try:
        _check_room(user_id, len(existing), len(new_names))
    except BadImportFile as refusal:  # said before the confirm, which refuses it
        warnings.append(refusal.args[0])
    tags = _tags_of(user_id)
    new_tags: dict[str, str] = {}
    for habit in bundle.habits:
        for tag in habit.tags:
            if tag.casefold() not in tags:
                new_tags.setdefault(tag.casefold(), tag)
    return Preview(
        source_format=bundle.source_format,
        source_detail=bundle.source_detail,
        habits=len(bundle.habits),
        checkins=bundle.checkin_count,
        new_names=new_names,
        existing_names=[habit.name for _, habit in matches],
        merge_adds=adds,
        merge_keeps=keeps,
        new_tags=sorted(new_tags.values(), key=str.casefold),
        warnings=warnings,
    )


def _check_room(user_id: int, held: int, adding: int) -> None:
    """BadImportFile when `adding` new habits would take the account, which has `held`, past
    what the host allows."""
    try:
        habits.check_room(user_id, adding, held)
    except habits.TooManyHabits as error:
        raise BadImportFile(NP_("This file would add %(num)s habit. %(why)s",
                                "This file would add %(num)s habits. %(why)s", adding,
                                why=error.args[0])) from None


def _insert_ignoring_duplicates(table: sa.Table, rows: list[dict], keys: list[str]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING, in batches: a row another request added meanwhile
    is kept, never overwritten."""
    if not rows:
        return
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).on_conflict_do_nothing(index_elements=keys)
    for start in range(0, len(rows), BATCH):
        db.session.execute(statement, rows[start:start + BATCH])


def _new_habit(user_id: int, imported: ImportedHabit, name: str, position: int) -> Habit:
    habit = Habit(
        user_id=user_id, description=imported.description, position=position,
        archived=imported.archived, archived_on=imported.archived_on,
        colour=imported.colour, icon=imported.icon,
        kind=imported.kind, freq_num=imported.freq_num, freq_den=imported.freq_den,
        weekdays=imported.weekdays, unit=imported.unit, target=imported.target,
        direction=imported.direction, created_on=imported.created_on,
        remind_at_risk=imported.remind_at_risk, remind_below=imported.remind_below,
    )
    if imported.given_start is not None:  # else the insert's default: created_on
        habit.given_start = imported.given_start
    habit.rename(name)
    return habit


def _keep_loop_uuid(habit: Habit, imported: ImportedHabit, used: set[str]) -> None:
    """The habit keeps the uuid Loop knows it by, unless it has one or another habit of the
    account does (the same file imported twice, renamed): two habits with one uuid would be
    one habit to Loop."""
    if imported.loop_uuid and habit.loop_uuid is None and imported.loop_uuid not in used:
        habit.loop_uuid = imported.loop_uuid
        used.add(imported.loop_uuid)


def apply(user_id: int, bundle: ImportBundle, on_conflict: str = "merge") -> Summary:
    """Import the bundle for this user in one transaction; on any error nothing is written.

    on_conflict decides what happens to a habit whose name the user already has: "merge"
    adds the days the existing habit lacks (its settings and existing days stay as they are),
    "skip" leaves it out, "rename" imports it under a free name ("Run (2)").
    """
    if on_conflict not in CONFLICT_CHOICES:
        raise ValueError(f"on_conflict must be one of {CONFLICT_CHOICES}, not {on_conflict!r}")
    summary = Summary(warnings=list(bundle.warnings))
    try:
        # Before the habits are added: "an account without habits" is the one before this.
        summary.settings_restored = account_settings.restore(user_id, bundle.settings)
        fresh = not _existing(user_id)  # as the settings: a move, not a merge into a life
        _apply(user_id, bundle, on_conflict, summary)
        if fresh:
            summary.notifications_restored = backup_notifications.restore(
                user_id, bundle.notifications)
        if summary.created or summary.renamed:
            notifications.settle_first_habit_invitation(user_id)
        if summary.checkins_added:  # new history: as after live ticks, one place for every door
            predictions.after_import(user_id, summary.completions_added)  # commits
        else:
            if summary.created or summary.renamed:
                predictions.mark_stale(user_id)
            db.session.commit()
    except IntegrityError as error:
        # A habit of the same name created meanwhile (the same file confirmed in two tabs, a
        # habit added as it ran), or a habit being merged into deleted: nothing was written.
        db.session.rollback()
        raise ImportConflict(
            N_("Your habits changed while this file was being imported (perhaps the same "
               "import in another tab), so nothing was imported. Look at your habits, then "
               "import the file again if something is missing.")
        ) from error
    except BaseException:
        db.session.rollback()
        raise
    return summary


def _apply(user_id: int, bundle: ImportBundle, on_conflict: str, summary: Summary) -> None:
    habits.hold_account(user_id)  # before the habits are read: an add meanwhile waits
    existing = _existing(user_id)
    _check_room(user_id, len(existing), sum(1 for h in bundle.habits if name_key(h.name)
                                            not in existing or on_conflict == "rename"))
    uuids = {h.loop_uuid for h in existing.values() if h.loop_uuid}
    taken = set(existing) | {name_key(h.name) for h in bundle.habits}
    base = max((h.position for h in existing.values()), default=0)  # after the user's own
    # A backup restored into an account without habits keeps its positions as they were.
    restoring = not existing and bundle.source_format == "habitory_json"
    targets: list[tuple[ImportedHabit, Habit, bool]] = []  # (imported, habit, is_new)
    # The file's order, numbered from 1 after the user's habits (a file's own positions may
    # have gaps, or be large enough to overflow an INTEGER once added to `base`).
    for number, imported in enumerate(bundle.habits, start=1):
        current = existing.get(name_key(imported.name))
        if current is not None and on_conflict == "skip":
            summary.skipped.append(imported.name)
            continue
        if current is not None and on_conflict == "merge":
            targets.append((imported, current, False))
            summary.merged.append(current.name)
            _keep_loop_uuid(current, imported, uuids)
            habit_start.give_start(current, imported.created_on)  # history from before it
            continue
        name = imported.name
        if current is not None:  # rename
            name = unique_name(imported.name, taken)
            taken.add(name_key(name))
            summary.renamed.append((imported.name, name))
        habit = _new_habit(user_id, imported, name,
                           imported.position if restoring else base + number)
        _keep_loop_uuid(habit, imported, uuids)
        db.session.add(habit)
        targets.append((imported, habit, True))
        summary.created.append(name)
    db.session.flush()  # ids for the new habits

    merged_ids = [habit.id for _, habit, new in targets if not new]
    present = _days_of(merged_ids)
    now = utcnow()
    rows = []
    for imported, habit, new in targets:
        days = set() if new else present[habit.id]
        measurable = habit.kind == "measurable"  # only those take an amount, as in the form
        for c in imported.checkins:
            if c.day in days:
                summary.days_kept += 1
                continue
            state = c.state
            if measurable and not new:  # merged: the amount meets the target of its habit?
                state = judged(c.state, c.amount, habit.target, habit.direction)
            rows.append({"habit_id": habit.id, "day": c.day, "state": state,
                         "amount": c.amount if measurable else None, "note": c.note,
                         "updated_at": now,
                         "done_at": c.done_at if state == "done" else None})
    summary.checkins_added = len(rows)
    summary.completions_added = sum(1 for row in rows if row["state"] == "done")
    _insert_ignoring_duplicates(CheckIn.__table__, rows, ["habit_id", "day"])
    _link_tags(user_id, targets, summary)
    reminders = [{"habit_id": habit.id, "at": time.fromisoformat(at)}
                 for imported, habit, _ in targets for at in imported.reminders]
    _insert_ignoring_duplicates(Reminder.__table__, reminders, ["habit_id", "at"])


def _link_tags(user_id: int, targets, summary: Summary) -> None:
    """Reuse the user's tags by case-insensitive name; create the others."""
    wanted: dict[str, str] = {}
    for imported, _, _ in targets:
        for tag in imported.tags:
            wanted.setdefault(tag.casefold(), tag)  # the first spelling in the file
    if not wanted:
        return
    tags = _tags_of(user_id)
    missing = [{"user_id": user_id, "name": name, "name_key": key}
               for key, name in wanted.items() if key not in tags]
    if missing:
        # Two imports (or a form) creating one new tag at once both get it.
        _insert_ignoring_duplicates(Tag.__table__, missing, ["user_id", "name_key"])
        summary.tags_created = len(missing)
        tags = _tags_of(user_id)
    links = [{"habit_id": habit.id, "tag_id": tags[t.casefold()]}
             for imported, habit, _ in targets for t in imported.tags]
    _insert_ignoring_duplicates(habit_tags, links, ["habit_id", "tag_id"])
