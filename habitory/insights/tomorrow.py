"""The "Tomorrow" cards' data: each habit's stored chance and its reasons. What is the same on
several cards is said once above them: a reason about the user rather than the habit (a break
from logging, a good week for all of them), and the simple estimate a young habit is served,
with the names of the habits it applies to."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from habitory.i18n import stored_reason_lines


@dataclass(frozen=True)
class Card:
    habit_id: int
    name: str
    prediction: object  # models.Prediction
    reasons: list[str]  # this habit's own reasons (the shared ones are in Cards.shared)
    estimate: str | None  # the simple estimate's source, unless said above the cards


@dataclass(frozen=True)
class Shared:
    names: list[str]  # the habits it applies to, least likely first
    everyone: bool  # every card's habit
    reason: str | None = None  # a reason about the user, or
    estimate: str | None = None  # the source of the simple estimate these habits are served


@dataclass(frozen=True)
class Cards:
    items: list[Card]  # the least likely first
    shared: list[Shared]


def cards(stored: Mapping[int, object], names: Mapping[int, str]) -> Cards:
    """Cards for the stored predictions of the user's active habits (`names`)."""
    kept = sorted(((hid, p) for hid, p in stored.items() if hid in names),
                  key=lambda pair: pair[1].probability)
    # The reasons are grouped by their English and shown in the reader's language. Only those
    # ml/explain.py marks as about the user are said once: two habits that happen to share a
    # reason of their own ("done on 4 of 7 due days") keep it on their cards, where it is true.
    stored_lines = {hid: stored_reason_lines(p.reasons) for hid, p in kept}
    shown = {r.english: r.said for reasons in stored_lines.values() for r in reasons}
    lines = {hid: [r.english for r in reasons] for hid, reasons in stored_lines.items()}
    about_user = Counter(english for reasons in stored_lines.values()
                         for english in {r.english for r in reasons if r.about_user})
    shared_reasons = {r for r, n in about_user.items() if n >= 2}
    estimates: dict[str, list[int]] = defaultdict(list)
    for hid, p in kept:
        if p.source != "model":
            estimates[p.source].append(hid)
    shared_estimates = {source for source, ids in estimates.items() if len(ids) >= 2}

    def names_of(ids) -> list[str]:
        return [names[hid] for hid, _ in kept if hid in ids]

    shared = [Shared(names_of({hid for hid in lines if r in lines[hid]}), n == len(kept),
                     reason=shown[r]) for r, n in about_user.most_common() if r in shared_reasons]
    shared += [Shared(names_of(set(estimates[s])), len(estimates[s]) == len(kept), estimate=s)
               for s in sorted(shared_estimates, key=lambda s: -len(estimates[s]))]
    items = [Card(hid, names[hid], p,
                  [shown[r] for r in lines[hid] if r not in shared_reasons],
                  None if p.source == "model" or p.source in shared_estimates else p.source)
             for hid, p in kept]
    return Cards(items, shared)
