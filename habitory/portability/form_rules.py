"""Settings an import brings that the habit form would not take, settled in the open.

The form refuses a measurable habit without a target (or "at least 0", which every day
meets), an amount on a day of a habit that is not measurable, and a colour outside the
palette. A file is not refused for them: its days matter more. Each one is imported as the
form would leave it (no target, no amount, the default colour), and the preview says so,
naming the habits, so the user knows what to set. A measurable day with an amount is done
when the amount meets the target, as the day form and the API decide it (judged_by_amount).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from habitory.domain.numbers import kept
from habitory.domain.palette import COLOUR_KEYS
from habitory.locale_formats import grouped_later
from habitory.stats.phrases import NP_
from habitory.stats.schedule import amount_meets_target

from .formats import ImportedHabit


@dataclass
class Settled:
    """The habits whose settings were changed, by what changed, for one warning each."""

    no_target: list[str] = field(default_factory=list)
    colours: list[str] = field(default_factory=list)

    def habit(self, habit: ImportedHabit, warnings: list[str]) -> None:
        """Bring one habit's target, amounts and colour within what the form takes."""
        if habit.kind == "measurable":
            if habit.target is not None:  # the decimals a typed target keeps: 5e-324 is 0
                habit.target = kept(habit.target)
            unmet = habit.direction == "at_least" and (habit.target or 0) <= 0
            if habit.target is None or unmet:
                habit.target = None
                self.no_target.append(habit.name)
        else:
            dropped = 0
            for checkin in habit.checkins:
                if checkin.amount is not None:
                    checkin.amount = None
                    dropped += 1
            amounts_left_out(dropped, habit.name, warnings)
        if habit.colour is not None and habit.colour not in COLOUR_KEYS:
            habit.colour = None
            self.colours.append(habit.name)

    def warnings(self, warnings: list[str]) -> None:
        """One warning per kind of change, naming its habits."""
        if self.no_target:
            # The CSV import's sentence: any format may leave a measurable habit without one.
            warnings.append(NP_("Set the target of this habit with amounts, which the file "
                                "does not give: %(names)s.",
                                "Set the target of these habits with amounts, which the "
                                "file does not give: %(names)s.",
                                len(self.no_target), names=", ".join(self.no_target)))
        if self.colours:
            warnings.append(NP_("The colour of this habit is not one Habitory has, so it "
                                "gets the default colour: %(names)s.",
                                "The colour of these habits is not one Habitory has, so "
                                "they get the default colour: %(names)s.",
                                len(self.colours), names=", ".join(self.colours)))


def amounts_left_out(count: int, name: str, warnings: list[str]) -> None:
    """Say that `count` amounts of a habit that is not measurable were not imported."""
    if count:
        warnings.append(NP_('%(count)s amount on a day of "%(habit)s", which is not a '
                            "measurable habit, was left out; the day was kept.",
                            '%(count)s amounts on days of "%(habit)s", which is not a '
                            "measurable habit, were left out; the days were kept.",
                            count, count=grouped_later(count), habit=name))


def merged_amounts_left_out(count: int, name: str, warnings: list[str]) -> None:
    """Say that, merged into the user's habit of that name, which is not measurable, the
    file's `count` amounts would not be imported (the file's own habit may be measurable:
    said as such in the same preview)."""
    if count:
        warnings.append(NP_('If merged, your "%(habit)s" keeps its type, which has no '
                            "amounts: %(count)s amount from the file is left out (its day is "
                            "kept).",
                            'If merged, your "%(habit)s" keeps its type, which has no '
                            "amounts: %(count)s amounts from the file are left out (their "
                            "days are kept).",
                            count, count=grouped_later(count), habit=name))


def judged(state: str, amount: float | None, target: float | None, direction: str) -> str:
    """A measurable day's state by its amount: done or not done when it has an amount and is
    done or not done, by a target; a skip, a day without an amount, or no target: `state`."""
    if amount is None or target is None or state not in ("done", "not_done"):
        return state
    return "done" if amount_meets_target(amount, target, direction) else "not_done"


def judged_by_amount(habit: ImportedHabit, warnings: list[str], stated: bool) -> None:
    """Each done or not-done day of a measurable habit with an amount: done when the amount
    meets the target in its direction, else not done (domain.days.edited's rule). A skip
    stays a skip, a day without an amount keeps its state, and without a target there is
    nothing to judge by. `stated`: the file gave each day's state (a Habitory backup), so a
    day whose state changes is counted in a warning; Loop stores only the amount."""
    if habit.kind != "measurable" or habit.target is None:
        return
    changed = 0
    for checkin in habit.checkins:
        state = judged(checkin.state, checkin.amount, habit.target, habit.direction)
        if state != checkin.state:
            checkin.state = state
            changed += 1
    if changed and stated:
        warnings.append(NP_('%(count)s day of "%(habit)s" had a state that its amount '
                            "contradicts (a measurable day is done when its amount meets the "
                            "target); it was imported as its amount says.",
                            '%(count)s days of "%(habit)s" had a state that their amount '
                            "contradicts (a measurable day is done when its amount meets the "
                            "target); they were imported as their amount says.",
                            changed, count=grouped_later(changed), habit=habit.name))
