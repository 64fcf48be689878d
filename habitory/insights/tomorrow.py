"""The "Tomorrow" cards' data: each habit's stored chance and its reasons, with the reasons
that are the same on several cards (about all of a user's habits: a break, a good week) said
once above the cards instead of on each of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from habitory.i18n import stored_reasons


@dataclass(frozen=True)
class Card:
    habit_id: int
    name: str
    prediction: object  # models.Prediction
    reasons: list[str]  # this habit's own reasons (the shared ones are in Cards.shared)


@dataclass(frozen=True)
class Cards:
    items: list[Card]  # the least likely first
    shared: list[str]  # reasons that moved two or more habits' chances


def cards(stored: Mapping[int, object], names: Mapping[int, str]) -> Cards:
    """Cards for the stored predictions of the user's active habits (`names`)."""
    kept = sorted(((hid, p) for hid, p in stored.items() if hid in names),
                  key=lambda pair: pair[1].probability)
    # Stored as message data: each line in the reader's language (translate() in i18n).
    lines = {hid: stored_reasons(p.reasons) for hid, p in kept}
    counts = Counter(r for reasons in lines.values() for r in set(reasons))
    shared = [r for r, n in counts.items() if n >= 2] if len(kept) > 1 else []
    items = [Card(hid, names[hid], p, [r for r in lines[hid] if r not in shared])
             for hid, p in kept]
    return Cards(items, sorted(shared, key=lambda r: -counts[r]))
