"""Numbers in a CSV column, read with the decimal mark its writer used.

"10,000" is ten thousand in an English file and "1.000" a thousand in a German one; "2,5" is
two and a half in either. A file does not say which mark is its decimal one, but a column
usually does: a cell with both marks ("1.234,5") ends with it, and a mark followed by other
than exactly three digits ("2,5", "0.75") can only be it. A column that shows neither (only
"1,000" or "8,500") follows the file: semicolons separate the columns where the comma is the
decimal mark, commas where the point is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from habitory.domain.numbers import parse_number

_OTHER = {".": ",", ",": "."}
_NOT_A_GROUP = re.compile(r"([.,])(?!\d{3}(?!\d))")  # a mark not followed by 3 digits exactly
_NUMBER_LIKE = re.compile(r"[-+\u2212]?[\d.,\s\u00a0']*\d[\d.,\s\u00a0']*")


def decimal_mark(cells: Iterable[str], separator: str) -> str:
    """"." or ",": the decimal mark of a column of numbers in a file with that separator."""
    for cell in cells:
        text = cell.strip()
        if not _NUMBER_LIKE.fullmatch(text):
            continue  # "yes, done" says nothing about numbers
        if "." in text and "," in text:
            return "." if text.rfind(".") > text.rfind(",") else ","
        for mark in ".,":
            if text.count(mark) > 1:  # "1.000.000": a thousands mark, the other is decimal
                return _OTHER[mark]
        found = _NOT_A_GROUP.search(text)
        if found:
            return found.group(1)
    return "," if separator == ";" else "."


def number_reader(cells: Iterable[str], separator: str) -> Callable[[str], float | None]:
    """A function reading one cell of this column as a number, None when it is not one."""
    decimal = decimal_mark(cells, separator)
    group = _OTHER[decimal]

    def read(cell: str) -> float | None:
        if not cell:
            return None
        try:
            return parse_number(cell, decimal, group)
        except ValueError:
            return None

    return read


def read_number(cell: str) -> float | None:
    """A lone value (a "done" value the user typed) as a number, None when it is not one."""
    return number_reader([cell], ",")(cell)
