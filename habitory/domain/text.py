"""Text from outside, made safe to store and show: one rule for every door.

PostgreSQL refuses NUL in text and would answer a 500; other control characters corrupt CSV
exports and terminals; bidirectional overrides make a name display as something it is not
("gnp.exe"); a name of zero-width spaces looks blank; a lone surrogate (a JSON "\\ud800")
cannot even be encoded for the database. Forms, query strings, imports, the CLI and the API
all pass what they were sent through clean() (or a validator built on it), and lookups by a
name treat text that clean() refuses as a name nobody has (findable()).
"""

from __future__ import annotations

import re
import unicodedata

from habitory.stats.phrases import N_

# The names of what is typed, inside a sentence ("The tag has no visible characters").
WHAT_WORDS = {"name": N_("name"), "tag": N_("tag"), "note": N_("note"), "unit": N_("unit"),
              "description": N_("description"), "icon": N_("icon")}

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder what follows.
BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_DROP_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))
# C0 and C1 controls and DEL (Unicode category Cc), and surrogates (Cs), found by one regular
# expression: a per-character loop over a 10 MB field would take a second.
# A one-line field also refuses the line and paragraph separators (U+2028, U+2029): they end
# a line in CSV readers, terminals and JavaScript strings, and a name shown as "ab" had one.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_CONTROL_EXCEPT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_INVISIBLE = {"Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn", "Me"}
# Letters and symbols that render as nothing: Hangul fillers and the blank braille pattern.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")


class TextError(ValueError):
    """Text that cannot be stored; the message says why, for the person who typed it."""


def first_control_character(text: str, multiline: bool = False) -> str | None:
    """The first character clean() would refuse (tab and line breaks allowed when multiline)."""
    found = (_CONTROL_EXCEPT_LINES if multiline else _CONTROL).search(text)
    return found.group() if found else None


def _refuse(char: str) -> TextError:
    if char == "\x00":
        return TextError(N_("Remove a NUL byte: it cannot be stored."))
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return TextError(N_("Remove an unpaired surrogate (%(code)s): it cannot be stored.",
                            code=code))
    return TextError(N_("Remove a control character (%(code)s): it cannot be stored.",
                        code=code))


def clean(value: str, *, multiline: bool = False) -> str:
    """NFC-normalised text without bidirectional controls; TextError for control characters
    and unpaired surrogates (tabs and line breaks are allowed where `multiline`)."""
    found = first_control_character(value, multiline)
    if found:
        raise _refuse(found)
    return unicodedata.normalize("NFC", value.translate(_DROP_BIDI))


def quoted(value: str, limit: int = 40) -> str:
    """Text someone sent, safe to echo in a message: at most `limit` characters (then "…"),
    control characters shown as U+FFFD, bidirectional controls dropped."""
    short = value[:limit + 1]
    text = _CONTROL.sub("\ufffd", short[:limit].translate(_DROP_BIDI))
    return text + "…" if len(short) > limit else text


def has_control(value: str, multiline: bool = False) -> bool:
    """Whether clean() would refuse the text."""
    return (_CONTROL_EXCEPT_LINES if multiline else _CONTROL).search(value) is not None


def has_visible(value: str) -> bool:
    """Whether anything in the text shows on screen (not only spaces, joiners, marks)."""
    return any(unicodedata.category(char) not in _INVISIBLE and char not in _BLANK_LOOKING
               for char in value)


def _trim(value: str) -> str:
    """Without surrounding spaces and zero-width characters ("Read\u200b" is "Read")."""
    start, end = 0, len(value)
    while start < end and _blank(value[start]):
        start += 1
    while end > start and _blank(value[end - 1]):
        end -= 1
    return value[start:end]


def _blank(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf" or char in _BLANK_LOOKING


def clean_name(value: str, what: str = "name") -> str:
    """A name: clean(), trimmed of spaces and zero-width characters at either end, and with
    something visible in it (blank or spaces give "", for the caller's "give it a name"). Bound the
    length first: this looks at every character."""
    text = clean(value)
    name = _trim(text)
    if (name or text.strip()) and not has_visible(name):  # only spaces: blank, said elsewhere
        raise TextError(N_("The %(what)s has no visible characters: type letters, digits or an "
                           "emoji.", what=WHAT_WORDS.get(what, what)))
    return name


def findable(value: str | None, limit: int) -> str | None:
    """What to look a name up by (cleaned like a stored name), or None when nothing stored
    can have it: control characters, invisible only, or longer than the column (`limit`)."""
    if not value or len(value) > 4 * limit:  # NFC can shorten a decomposed name
        return None
    try:
        name = clean_name(value)
    except TextError:
        return None
    return name if name and len(name) <= limit else None
