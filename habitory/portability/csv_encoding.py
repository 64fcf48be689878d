"""The text of an uploaded CSV, in the encoding it was written in.

A BOM says the encoding, and bytes that read as UTF-8 are UTF-8. Anything else was saved by a
program in the code page of its country: Excel writes Shift_JIS in Japan, GBK in China,
Windows-1250 in Czechia. Those files do not say which, and most bytes read as something in
every code page, so each candidate's reading is judged by what a habit's name looks like:
the letters of one language (not "Bìhání" when "Běhání" is on offer), no symbols inside
words, no capital after a small letter, everyday ideographs rather than rare ones. A detector
library (charset-normalizer) was tried and left out: on files this short it read Czech as
Baltic, Spanish as Polish and Danish as Big5. Windows-1252, the only reading before, keeps a
file unless another reading is clearly better; when two readings are as good, the page says
which one was taken (Decoded.guessed), next to the names as read.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .formats import BadImportFile

# (codec, name, region, the languages its files are written in, or its script): ties go to
# the first.
CANDIDATES = (
    ("cp1252", "Windows-1252", _l("Western European"), "west"),
    ("cp1250", "Windows-1250", _l("Central European"), "central"),
    ("iso8859_2", "ISO-8859-2", _l("Central European"), "central"),
    ("mac_roman", "Mac OS Roman", _l("Western European"), "west"),
    ("cp1257", "Windows-1257", _l("Baltic"), "baltic"),
    ("cp1254", "Windows-1254", _l("Turkish"), "turkish"),
    # The EUC code pages share one byte layout: Korean reads as everyday Chinese and Chinese
    # as everyday Japanese, not the other way round, hence this order.
    ("cp932", "Shift_JIS", _l("Japanese"), "ja"),
    ("cp949", "EUC-KR", _l("Korean"), "ko"),
    ("gb18030", "GBK", _l("Simplified Chinese"), "zh"),
    ("euc_jp", "EUC-JP", _l("Japanese"), "ja"),
    ("cp950", "Big5", _l("Traditional Chinese"), "zh"),
    # Hebrew and Arabic letters read as small Cyrillic letters; not the other way round.
    ("cp1255", "Windows-1255", _l("Hebrew"), "HEBREW"),
    ("cp1256", "Windows-1256", _l("Arabic"), "ARABIC"),
    ("cp1251", "Windows-1251", _l("Cyrillic"), "cyrillic"),
    ("koi8_r", "KOI8-R", _l("Cyrillic"), "cyrillic"),
    ("cp1253", "Windows-1253", _l("Greek"), "greek"),
    ("cp874", "Windows-874", _l("Thai"), "THAI"),
)
# What the user may choose when the guess reads wrong: UTF-8 and every candidate, by codec.
CHOOSABLE = {"utf-8": ("UTF-8", ""),
             **{codec: (name, region) for codec, name, region, _kind in CANDIDATES}}
# The non-ASCII letters of the languages written in each code page; a reading is as good as
# the one language that explains most of its letters.
ALPHABETS = {
    "west": ("àâæçéèêëîïôœùûüÿ", "äöüß", "áéíñóúü", "áâãàçéêíóôõú", "àèéìòóù", "àçèéíïòóúü",
             "éëïöüèáóú", "æøåé", "åäöé", "åäöšž", "áðéíóúýþæö", "çë"),
    "central": ("áčďéěíňóřšťúůýž", "áäčďéíĺľňóôŕšťúýž", "ąćęłńóśźż", "áéíóöőúüű", "čćđšž",
                "čšž", "ăâîşţ", "äöüß", "çë"),
    "baltic": ("ąčęėįšųūž", "āčēģīķļņšūž", "äõöüšž", "äöüß"),
    "turkish": ("çğıöşüâîİ",),
    "cyrillic": ("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
                 "абвгдеёжзійклмнопрстуўфхцчшыьэюя", "абвгдежзийклмнопрстуфхцчшщъьюя",
                 "абвгдђежзијклљмнњопрстћуфхцчџш", "абвгдѓежзѕијклљмнњопрстќуфхцчџш"),
    "greek": ("αάβγδεέζηήθιίϊΐκλμνξοόπρσςτυύϋΰφχψωώ",),
}
_SETS = {family: [set(a) for a in alphabets] for family, alphabets in ALPHABETS.items()}
_SCRIPT = {"west": "LATIN", "central": "LATIN", "baltic": "LATIN", "turkish": "LATIN",
           "cyrillic": "CYRILLIC", "greek": "GREEK"}
# Symbols a name or a note may hold; any other, or any symbol between two letters, is a
# letter of another code page.
COMMON_SYMBOLS = set("€£¥¢°²³½¼¾–—‘’“”„…•·×±µ«»¿¡©®™§ªº№\u00a0")
_IN_WORD = set("’‘·‐‑")  # it’s, l·l
# Letters a word ends with, never holds: Italian's grave vowels (più, però), È the word "is",
# Greek's final sigma. Inside a word they are Czech ě, ň, ů, Č read as Windows-1252.
_WORD_END = set("ìòùÌÒÙÈς")
# Letters a vowel never follows (Polish writes "si", "ni" before one) and letters only a vowel
# follows (Spanish ñ, French œ): "Cśur" is "Cœur", "Ańo" is "Año".
_NOT_BEFORE_VOWEL, _BEFORE_VOWEL, _VOWELS = set("ćńśźĆŃŚŹ"), set("ñÑœŒ"), set("aeiouyąęó")
ONE_LETTER_WORDS = set("àÀèÈéÉòÒóÓôÔ")  # à faire, è, é, ó: "Lire ŕ voix" is not Slovak
_NEAR_LEFT = re.compile(r"([^\W\d_])[^\w,;\t\r\n]*\Z")
_NEAR_RIGHT = re.compile(r"[^\w,;\t\r\n]*([^\W\d_])")
# Two-byte codes of the ideographs and hangul of each CJK code page: (first, last everyday
# one, last less common one, lowest second byte); outside them are rare characters, the mark
# of a wrong reading.
COMMON_CODES = {"cp932": (0x889F, 0x9872, 0xEAA4, 0x40), "euc_jp": (0xB0A1, 0xCFD3, 0xF4A6, 0xA1),
                "cp949": (0xB0A1, 0xC8FE, 0xC8FE, 0xA1),
                "gb18030": (0xB0A1, 0xD7F9, 0xF7FE, 0xA1),
                "cp950": (0xA440, 0xC67E, 0xF9D5, 0x40)}
_NATIVE = {"ja": {"HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA"}, "ko": {"HANGUL"}, "zh": set()}
# A character no one writes weighs HARD; a letter of a second language (a French file with one
# Spanish ñ, which reads as Polish ń as well as it does as itself) weighs 1. Windows-1252 was
# the only reading before the others came: another replaces it when it weighs WESTERN_MARGIN
# less.
HARD = 2
WESTERN_MARGIN = 2
SAMPLE_BYTES = 8192  # of the lines that are not ASCII: enough names to judge by
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


@dataclass(frozen=True)
class Decoded:
    """The text, the encoding's name as people know it, and whether the file left it open."""

    text: str
    encoding: str
    guessed: bool = False
    region: str = ""


def _decode(data: bytes, codec: str, partial: bool, errors: str = "strict") -> str:
    """`data` read with `codec`; `partial` (the first bytes of a file) drops a character
    the cut left incomplete."""
    return codecs.getincrementaldecoder(codec)(errors).decode(data, final=not partial)


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    return unicodedata.name(char, "").split(" ", 1)[0]


def _rarity(char: str, codec: str) -> int:
    """0 for an everyday ideograph (or hangul) of the code page, 1 for a less common one,
    HARD for one outside its standard set."""
    first, everyday, known, low = COMMON_CODES[codec]
    raw = char.encode(codec, "ignore")
    code = int.from_bytes(raw, "big")
    if len(raw) != 2 or raw[1] < low or not first <= code <= known:
        return HARD
    return 0 if code <= everyday else 1


def _cjk_bad(text: str, codec: str, kind: str) -> int:
    """How much a CJK reading holds that a person would not write, counted by kind of
    character (a name repeated on every row is one piece of evidence)."""
    # ksi뮈ki: Polish ąż read as one ideograph between two letters
    bad = {m.group(1): HARD for m in re.finditer(r"[A-Za-z]([^\x00-\x7f])(?=[A-Za-z])", text)}
    for char in set(_NOT_ASCII.findall(text)) - bad.keys():
        point, script = ord(char), _script(char)
        if (unicodedata.category(char)[0] not in "LMC" or 0x3000 <= point <= 0x303F
                or 0xFF01 <= point <= 0xFF5E):
            continue  # punctuation, symbols, 々, full-width forms
        if script in _NATIVE[kind] and script != "HANGUL":
            continue
        native = script == "HANGUL" and kind == "ko" or script == "CJK" and kind != "ko"
        bad[char] = _rarity(char, codec) if native else HARD
    return sum(bad.values())


def _letters_bad(text: str, family: str) -> int:
    """How much a one-byte code page's reading holds that a person would not write, counted
    by kind of character."""
    bad, letters = set(), set()
    for match in _NOT_ASCII.finditer(text):
        at, char = match.start(), match.group()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        category = unicodedata.category(char)
        if category[0] not in "LM" or char in COMMON_SYMBOLS:
            inside = all(n.isalpha() or not n.isascii() and not n.isspace()
                         for n in (before, after)) and char not in _IN_WORD
            if category != "Zs" and (inside or char not in COMMON_SYMBOLS):
                bad.add(char)
            continue
        script = _script(char)
        # the nearest letters in the cell are of another script: "Lire а voix" in Cyrillic
        near = (_NEAR_LEFT.search(text, max(0, at - 40), at), _NEAR_RIGHT.match(text, at + 1))
        mixed = any(m and _script(m.group(1)) != script for m in near)
        alone = (script == "LATIN" and not before.isalpha() and not after.isalpha()
                 and char not in ONE_LETTER_WORDS)
        # a capital after a small letter; a letter only word ends have, inside a word
        flipped = (char.isupper() and before.islower() or char in _WORD_END and after.isalpha()
                   or char in _NOT_BEFORE_VOWEL and after.lower() in _VOWELS
                   or char in _BEFORE_VOWEL and after.lower() not in _VOWELS)
        loose = category[0] == "M" and not (before.isalpha() and _script(before) == script)
        if script != _SCRIPT.get(family, family) or mixed or flipped or loose or alone:
            bad.add(char)
        elif family in _SETS:
            letters.add(char.lower() if len(char.lower()) == 1 else char)
    letters -= {c.lower() for c in bad}
    if letters:  # the letters the best-fitting language does not write: a second language?
        return HARD * len(bad) + len(letters) - max(len(letters & a) for a in _SETS[family])
    return HARD * len(bad)


def _sample(data: bytes) -> bytes:
    """The distinct lines holding bytes past ASCII, up to SAMPLE_BYTES (a line break is the
    byte 0x0A in every candidate, never part of a character)."""
    lines, size = [], 0
    for line in dict.fromkeys(data.split(b"\n")):
        if not line.isascii():
            lines.append(line)
            size += len(line) + 1
            if size >= SAMPLE_BYTES:
                break
    return b"\n".join(lines)


def _code_page(data: bytes, partial: bool) -> Decoded:
    """The candidate whose reading looks most like names; guessed unless every other
    reading of the file that differs from it looks less so."""
    sample, readings = _sample(data), []
    for order, (codec, name, region, kind) in enumerate(CANDIDATES):
        try:
            text = _decode(sample, codec, partial)
        except UnicodeDecodeError:
            continue
        bad = (_cjk_bad(text, codec, kind) if codec in COMMON_CODES
               else _letters_bad(text, kind))
        readings.append((bad, order, text, codec, name, region))
    readings.sort()
    western = next((r for r in readings if r[3] == "cp1252"), None)
    if western and readings[0][0] > western[0] - WESTERN_MARGIN:
        readings.remove(western)  # the old reading, unless another is clearly better
        readings.insert(0, western)
    for bad, _order, text, codec, name, region in readings:
        try:
            whole = _decode(data, codec, partial)
        except UnicodeDecodeError:
            continue
        sure = bad == 0 and all(other[0] >= 1 for other in readings if other[2] != text)
        return Decoded(whole, name, not sure, str(region))
    return Decoded(_decode(data, "cp1252", partial, "replace"), "Windows-1252", True,
                   str(CANDIDATES[0][2]))


def _unmarked_unicode(data: bytes, partial: bool) -> Decoded | None:
    """UTF-16 or UTF-32 without a BOM, told by where the zero bytes of its ASCII fall."""
    head = data[:4096]
    zeros = [head[i::4].count(0) / max(1, len(head[i::4])) for i in range(4)]
    shapes = (("utf-32-le", "UTF-32", (2, 3), ()), ("utf-32-be", "UTF-32", (0, 1), ()),
              ("utf-16-le", "UTF-16", (1, 3), (0, 2)), ("utf-16-be", "UTF-16", (0, 2), (1, 3)))
    for codec, name, full, empty in shapes:
        if min(zeros[i] for i in full) < 0.3 or any(zeros[i] > 0.1 for i in empty):
            continue
        try:
            text = _decode(data, codec, partial)
        except UnicodeDecodeError:
            continue
        if not any(unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text):
            return Decoded(text, name, True)
    return None


def decode(data: bytes, partial: bool = False) -> Decoded:
    """The file as text; BadImportFile for a file that says it is what it is not, or binary
    data. `partial`: `data` is the file's first bytes only."""
    bom = next((b for b in BOMS if data.startswith(b)), b"")
    if bom:
        wide = len(bom) == 4
        try:
            return Decoded(_decode(data, "utf-32" if wide else "utf-16", partial),
                           "UTF-32" if wide else "UTF-16")
        except UnicodeDecodeError:
            raise BadImportFile(_("The file says it is UTF-32 text but is not.") if wide else
                                _("The file says it is UTF-16 text but is not.")) from None
    if b"\x00" in data[:4096]:
        found = _unmarked_unicode(data, partial)
        if found is None:
            raise BadImportFile(_("This file is not a CSV text file (it holds binary data)."))
        return found
    if data.startswith(codecs.BOM_UTF8):
        try:
            return Decoded(_decode(data[3:], "utf-8", partial), "UTF-8")
        except UnicodeDecodeError:
            text = _decode(data[3:], "utf-8", partial, "replace")
        if set(_NOT_ASCII.findall(text)) == {"\ufffd"}:  # a BOM on a code page's bytes
            return replace(_code_page(data[3:], partial), guessed=True)
        return Decoded(text, "UTF-8", True)  # said UTF-8, and mostly is: the rest shows as �
    try:
        return Decoded(_decode(data, "utf-8", partial), "UTF-8")
    except UnicodeDecodeError:
        return _code_page(data, partial)


def codec_named(name: str) -> str:
    """The codec of a choosable encoding's name ("Shift_JIS": "cp932"); "" for the others."""
    return next((codec for codec, (known, _r) in CHOOSABLE.items() if known == name), "")


def decode_as(data: bytes, codec: str) -> Decoded:
    """The file read in the encoding the user chose (a key of CHOOSABLE); BadImportFile when
    its bytes are not text in it."""
    name, region = CHOOSABLE[codec]
    body = data[3:] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return Decoded(_decode(body, codec, False), name, False, str(region))
    except UnicodeDecodeError:
        raise BadImportFile(_("This file cannot be read as %(encoding)s: some of its bytes are "
                              "not text in it. Choose another encoding.", encoding=name)
                            ) from None
