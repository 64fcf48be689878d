"""Numbers as people type them and as inputs show them, in any language's symbols.

"10,000" is ten thousand to an English reader and ten to a German one: a typed number is read
with the reader's decimal and grouping symbols, leniently where that cannot mislead ("1.5"
typed on a German page is 1.5, since 1.5 is not a well-formed German thousands group). An
input shows a number with the decimal symbol and no grouping, so saving a form unchanged
stores what it showed.
"""

from __future__ import annotations

import math
import re

DECIMALS = 6  # what a typed number keeps; more is noise, and 5e-324 is not a target
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009'’]")  # thousands separators: French, Swiss
# A space (or apostrophe) separates thousands in the whole part, and nothing else: "12 345,5"
# is a number, "1 5" is a typo, not 15.
_SPACED = re.compile(r"[1-9][0-9]{0,2}(?: [0-9]{3})+(?=$|[.,])")
_BODY = re.compile(r"[0-9.,]+")


def parse_number(text: str, decimal: str = ".", group: str = ",") -> float:
    """The number `text` means with these symbols; ValueError when it is not one."""
    s = _SPACES.sub(" ", (text or "").strip())
    sign = -1.0 if s[:1] in ("-", "\u2212") else 1.0
    s = s[1:] if s[:1] in ("-", "\u2212", "+") else s
    if " " in s:
        spaced = _SPACED.match(s)
        if not spaced or " " in s[spaced.end():]:
            raise ValueError(text)
        s = s.replace(" ", "")
    if not _BODY.fullmatch(s) or not any(c.isdigit() for c in s):
        raise ValueError(text)
    marks = {c for c in s if c in ".,"}
    if len(marks) == 2:  # "1,000.5" or "1.000,5": the last mark is the decimal one
        point = "." if s.rfind(".") > s.rfind(",") else ","
        whole, _, fraction = s.rpartition(point)
        digits = _ungrouped(whole, "," if point == "." else ".")
        if digits is None or not fraction.isdigit():
            raise ValueError(text)
        s = f"{digits}.{fraction}"
    elif marks:
        mark = marks.pop()
        grouped = _ungrouped(s, mark)
        if grouped is not None and (mark == group or s.count(mark) > 1):
            s = grouped  # "10,000" in English, "12.345" in German, "1.000.000" anywhere
        elif s.count(mark) == 1:
            s = s.replace(mark, ".")  # "2,5" or "2.5" in any language
        else:
            raise ValueError(text)
    return kept(sign * float(s))


def kept(value: float) -> float:
    """A number as Habitory keeps it, from any door: DECIMALS decimals (5e-324 is 0, not a
    target any amount meets), and no "-0"."""
    return round(value, DECIMALS) + 0.0


def _ungrouped(text: str, mark: str) -> str | None:
    """`text`'s digits when it is written in groups of three with `mark` ("12,345"), else None."""
    head, *groups = text.split(mark)
    if not groups or not 1 <= len(head) <= 3 or not head.isdigit() or head.startswith("0"):
        return None
    if not all(len(g) == 3 and g.isdigit() for g in groups):
        return None
    return head + "".join(groups)


def plain(value: float | int, decimal: str = ".") -> str:
    """`value` for an input: every digit it keeps, no exponent, no grouping ("12345,5")."""
    if not math.isfinite(value):  # stored before amounts were bounded: shown, not a crash
        return f"{value:g}"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal)
