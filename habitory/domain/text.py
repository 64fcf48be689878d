"""Text from outside, made safe to store and show: one rule for every door.

PostgreSQL refuses NUL in text and would answer a 500; other control characters corrupt CSV
exports and terminals; bidirectional overrides make a name display as something it is not
("gnp.exe"); a name of zero-width spaces looks blank. Forms, query strings, imports, the CLI
and the API all pass what they were sent through clean() (or a validator built on it).
"""

from __future__ import annotations

import unicodedata

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder what follows.
BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_KEPT_IN_MULTILINE = frozenset("\t\n\r")
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"}


class TextError(ValueError):
    """Text that cannot be stored; the message says why, for the person who typed it."""


def is_control(char: str) -> bool:
    """C0 and C1 control characters (NUL, escape, ...), and DEL."""
    return unicodedata.category(char) == "Cc"


def clean(value: str, *, multiline: bool = False) -> str:
    """NFC-normalised text without bidirectional controls; TextError for control characters
    (tabs and line breaks are allowed where `multiline`)."""
    for char in value:
        if is_control(char) and not (multiline and char in _KEPT_IN_MULTILINE):
            name = "a NUL byte" if char == "\x00" else f"a control character (U+{ord(char):04X})"
            raise TextError(f"Remove {name}: it cannot be stored.")
    text = "".join(char for char in value if char not in BIDI_CONTROLS)
    return unicodedata.normalize("NFC", text)


def has_visible(value: str) -> bool:
    """Whether anything in the text shows on screen (not only spaces, joiners, marks)."""
    return any(unicodedata.category(char) not in _INVISIBLE for char in value)


def clean_name(value: str) -> str:
    """A name: clean(), trimmed, and with something visible in it."""
    name = clean(value).strip()
    if name and not has_visible(name):
        raise TextError("The name has no visible characters: type letters, digits or an "
                        "emoji.")
    return name
