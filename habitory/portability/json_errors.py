"""Why a JSON file does not parse, said in the reader's language.

json.JSONDecodeError explains itself in English ("Expecting ',' delimiter"): the message keeps
its line and column, and says the reason only where it is one of the parser's usual ones,
translated; any other reason is left out rather than shown in English.
"""

from __future__ import annotations

import json

from habitory.stats.phrases import N_, Msg

# The parser's messages (CPython's json.decoder and its C scanner; 3.13 adds the trailing
# commas), by how they begin.
_REASONS = (
    ("Expecting value", N_("a value is missing or is not valid JSON")),
    ("Expecting property name", N_("a name in double quotes is expected")),
    ("Expecting ':'", N_("a colon is missing")),
    ("Expecting ','", N_("a comma is missing")),
    ("Unterminated string", N_("a text in quotes is not closed")),
    ("Invalid control character", N_("a text holds a line break or another control "
                                      "character")),
    ("Invalid \\", N_("a backslash escape is not valid")),
    ("Extra data", N_("more follows the end of the data")),
    ("Illegal trailing comma", N_("a comma comes before a closing bracket")),
)


def damaged(error: json.JSONDecodeError) -> Msg:
    """The message for a file the parser stopped in, where it stopped."""
    reason = next((said for start, said in _REASONS if error.msg.startswith(start)), None)
    if reason is None:
        return N_("This JSON file is damaged (line %(lineno)s, column %(colno)s).",
                  lineno=error.lineno, colno=error.colno)
    return N_("This JSON file is damaged (line %(lineno)s, column %(colno)s: %(reason)s).",
              lineno=error.lineno, colno=error.colno, reason=reason)
