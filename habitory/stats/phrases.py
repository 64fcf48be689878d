"""Sentences the pure subsystems write, kept translatable without Flask.

`N_("Missed yesterday: %(name)s", name=...)` is the English sentence (a `str`, so code and tests
that read English keep working) that also remembers its message id and parameters. The doors
translate it at render time (habitory/i18n.py: `translate`), in the reader's language, and the
database keeps it as JSON (`to_json`) so a notification written in English reads in German
after a change of language. `NP_` is the plural form (ngettext), `join` glues sentences. A float
among the parameters or the parts is a number written the reader's way when rendered ("0,5" in
German): pass the number, never a string formatted in English.

pybabel extracts both markers (`make translations`: -k N_ -k NP_:1,2).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from html import escape as _escape
from typing import Any

Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]
Number = Callable[[float], str]
DECIMALS = 6  # digits a number keeps in words; more is float noise (0.30000000000000004)


def english_number(value: float) -> str:
    """0.5, 85.7, 42: no trailing zeros, no exponent, no float noise."""
    if not math.isfinite(value):
        return f"{value:g}"
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _english(value: Any) -> Any:
    # A sentence inside is already English (str); a float is written as English writes it.
    return english_number(value) if isinstance(value, float) else value


def _said(value: Any, gettext: Gettext, ngettext: Ngettext, number: Number) -> Any:
    """A parameter or part as the sentence says it: a sentence translated, a float the
    reader's way, anything else as it is."""
    if isinstance(value, Msg):
        return value.render(gettext, ngettext, number)
    if isinstance(value, float):
        return number(value)
    return value


class Msg(str):
    """English text plus what a translator needs: msgid, plural, count, parameters.

    Printed by an autoescaping template (markupsafe calls `__html__`), it renders through
    `Msg.html`, which the app sets (habitory/i18n.py) to "translated, then escaped"; unset,
    it is the English, escaped.
    """

    html: Callable[[Msg], str] | None = None
    # What the sentence is about, when a reader groups sentences by it: USER for one that holds
    # for all of a user's habits at once (insights' Tomorrow cards say it once). Kept in JSON.
    scope: str | None = None

    msgid: str | None
    plural: str | None
    n: int | None
    params: dict[str, Any]
    parts: tuple[Msg | str | float, ...]  # a float: a number, written the reader's way

    def __new__(cls, msgid: str | None, plural: str | None = None, n: int | None = None,
                params: dict[str, Any] | None = None,
                parts: Iterable[Msg | str | float] = (),
                sep: str = "") -> Msg:
        params = params or {}
        parts = tuple(parts)
        if msgid is None:
            english = sep.join(str(_english(p)) for p in parts)
        else:
            template = plural if plural is not None and n != 1 else msgid
            english = template % {k: _english(v) for k, v in params.items()} if params else template
        self = super().__new__(cls, english)
        self.msgid, self.plural, self.n, self.params = msgid, plural, n, params
        self.parts, self.sep = parts, sep
        return self

    def render(self, gettext: Gettext, ngettext: Ngettext,
               number: Number = english_number) -> str:
        """This sentence in the language of `gettext`; its parameters translated too, and its
        floats written by `number` (the reader's decimal mark)."""
        if self.msgid is None:
            return self.sep.join(str(_said(p, gettext, ngettext, number)) for p in self.parts)
        if self.plural is not None:
            template = ngettext(self.msgid, self.plural, self.n if self.n is not None else 1)
        else:
            template = gettext(self.msgid)
        if not self.params:
            return template
        return template % {k: _said(v, gettext, ngettext, number)
                           for k, v in self.params.items()}

    def __html__(self) -> str:
        hook = Msg.html
        return hook(self) if hook is not None else _escape(str(self), quote=True)

    def to_data(self) -> dict[str, Any] | str:
        """Plain JSON-able data (see from_data)."""
        data: dict[str, Any] = {"scope": self.scope} if self.scope else {}
        if self.msgid is None:
            return {"parts": [p.to_data() if isinstance(p, Msg) else p for p in self.parts],
                    "sep": self.sep, **data}
        data["id"] = self.msgid
        if self.plural is not None:
            data["plural"], data["n"] = self.plural, self.n
        if self.params:
            data["params"] = {k: v.to_data() if isinstance(v, Msg) else v
                              for k, v in self.params.items()}
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_data(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_data(cls, data: Any) -> Msg | str:
        """A Msg back from to_data(); a plain string stays a string."""
        if not isinstance(data, dict):
            return str(data)
        if "parts" in data:
            msg = cls(None, parts=[p if isinstance(p, int | float) else cls.from_data(p)
                                   for p in data["parts"]],
                      sep=data.get("sep", ""))
        else:
            params = {k: cls.from_data(v) if isinstance(v, dict) else v
                      for k, v in (data.get("params") or {}).items()}
            msg = cls(data["id"], data.get("plural"), data.get("n"), params)
        if isinstance(data.get("scope"), str):
            msg.scope = data["scope"]
        return msg

    @classmethod
    def from_json(cls, text: str) -> Msg | str:
        return cls.from_data(json.loads(text))


USER = "user"  # Msg.scope of a sentence about all of a user's habits


def about_the_user(msg: Msg) -> Msg:
    """`msg`, marked as holding for all of the user's habits (Msg.scope)."""
    msg.scope = USER
    return msg


def N_(msgid: str, **params: Any) -> Msg:  # noqa: N802 - gettext's conventional marker name
    """A translatable sentence (English now, the reader's language when rendered)."""
    return Msg(msgid, params=params)


def NP_(singular: str, plural: str, n: int, **params: Any) -> Msg:  # noqa: N802
    """A translatable sentence with a count: ngettext's plural rules apply when rendered."""
    params.setdefault("num", n)
    return Msg(singular, plural, n, params)


# A count grouped the reader's way ("1,826"; "1.826" in German, "1\u202f826" in French), in a
# sentence that may be stored: its English is its text, and the doors write its value anew in
# another language (habitory/i18n_cldr.py), as they do a clock time. JSON keeps both.
GROUPED = "%(grouped)s"


def grouped_count(value: int) -> Msg:
    """A whole number, grouped when the sentence is rendered: for the pure subsystems, which
    have no locale (a streak of 1,826 days)."""
    return Msg(GROUPED, params={"grouped": f"{value:,}", "value": value})


def join(parts: Iterable[Msg | str | float], sep: str = "") -> Msg:
    """Sentences one after another (each translated on its own); a number among them (0.5 in
    "0.5 × strength 84") is written the reader's way."""
    return Msg(None, parts=[p for p in parts if p or isinstance(p, int | float)], sep=sep)


def english(gettext_text: str) -> str:
    """Identity: the gettext/ngettext for English renders."""
    return gettext_text


def render(value: Any, gettext: Gettext, ngettext: Ngettext,
           number: Number = english_number) -> Any:
    """Translate a Msg; anything else as it is."""
    return value.render(gettext, ngettext, number) if isinstance(value, Msg) else value


# Weekday words, Monday first (date.weekday()): abbreviated, in full, and "on Mondays".
DAY_WORDS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
DAY_NAMES = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
             N_("Saturday"), N_("Sunday"))
DAYS_PLURAL = (N_("Mondays"), N_("Tuesdays"), N_("Wednesdays"), N_("Thursdays"), N_("Fridays"),
               N_("Saturdays"), N_("Sundays"))
MONTH_WORDS = (N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"), N_("Jul"),
               N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"))
