"""Any habit tracker's CSV as a table: the text decoded, the separator found, rows read.

Spreadsheets and trackers (HabitBull, Habitify, Streaks, Everyday...) write CSV in many ways:
UTF-8 with or without a BOM, UTF-16 from Excel, the code page of the writer's country
(csv_encoding); commas, semicolons (where the decimal mark is a comma) or tabs. Anything that
is not text is refused with a message.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from habitory.locale_formats import grouped

from .csv_encoding import CANDIDATES, codec_named, decode, decode_as
from .formats import BadImportFile
from .loop import flatten_entry_cells

# Named when the preview says how the file was read ("separated by semicolons"), in the
# reader's language: lazy, as the module is loaded outside any request.
SEPARATORS = {",": _l("commas"), ";": _l("semicolons"), "\t": _l("tabs")}
MAX_COLUMNS = 1000
MAX_CELL = 10_000  # characters in one cell: a note is at most a few hundred


@dataclass(frozen=True)
class CsvTable:
    """The header and the data rows (every row as long as the header), and the encoding
    they were read in: `guessed` when the file left it open (csv_encoding), `chosen` when the
    user picked it."""

    separator: str
    header: list[str]
    rows: list[list[str]]
    encoding: str = "UTF-8"
    guessed: bool = False
    region: str = ""
    chosen: bool = False

    @property
    def codec(self) -> str:
        """The codec of its encoding when the user could have chosen it, else ""."""
        return codec_named(self.encoding)

    @property
    def encoding_open(self) -> bool:
        """Whether the user may choose the encoding: the file was read in a code page, which
        no file names (UTF-8 and a BOM leave nothing to choose), or they already chose."""
        return self.chosen or any(name == self.encoding for _c, name, *_rest in CANDIDATES)

    def encoding_note(self, choosable: bool = False) -> str:
        """What the page says of an encoding Habitory guessed, so that wrong letters are
        seen before the import; "" when the file said it. `choosable`: the page offers the
        other encodings."""
        if not self.guessed:
            return ""
        name = f"{self.encoding} ({self.region})" if self.region else self.encoding
        if choosable:
            return _("Habitory guessed that this file is in %(encoding)s: check that the "
                     "habit names read correctly. If they show odd letters or symbols, choose "
                     "the file’s encoding and read it again.", encoding=name)
        return _("Habitory guessed that this file is in %(encoding)s: check that the habit "
                 "names read correctly. If they show odd letters or symbols, save the file "
                 "as UTF-8 (in Excel: “CSV UTF-8”) and upload it again.", encoding=name)


def decode_text(data: bytes, partial: bool = False) -> str:
    """The file as text (csv_encoding.decode); `partial`: only its first bytes."""
    return decode(data, partial).text


def looks_like_csv(data: bytes) -> bool:
    """Text whose first line has a separator: worth a try as a CSV."""
    try:
        head = decode_text(data[:4096], partial=len(data) > 4096)
    except BadImportFile:
        return data.startswith((b"\xff\xfe", b"\xfe\xff"))
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    return any(sep in first for sep in SEPARATORS)


def _too_long(line: int) -> BadImportFile:
    return BadImportFile(_("Line %(line)s has a cell longer than %(limit)s characters.",
                           line=line, limit=grouped(MAX_CELL)))


def _unreadable(problem: csv.Error, line: int) -> BadImportFile:
    """What a csv.Error means to the user; the csv module's own field limit (131,072
    characters) is a cell far over MAX_CELL, so it gets that message."""
    if "field limit" in str(problem):
        return _too_long(line)
    # The csv module's words are English: its usual two reasons are translated, others left out.
    if "expected after" in str(problem):  # ',' expected after '"'
        reason = _("text follows the closing quote of a cell")
    elif "unexpected end of data" in str(problem):
        reason = _("a quote is not closed")
    else:
        return BadImportFile(_("The file is not a CSV Habitory can read (line %(line)s).",
                               line=line))
    return BadImportFile(_("The file is not a CSV Habitory can read (line %(line)s: "
                           "%(problem)s).", line=line, problem=reason))


def find_separator(text: str) -> str:
    """The separator of the header line: the one that splits it most, outside quotes."""
    source = io.StringIO(text, newline="")  # a line may end in \r alone, as old Macs wrote
    counts = {}
    for sep in SEPARATORS:
        source.seek(0)
        try:
            counts[sep] = len(next(csv.reader(source, delimiter=sep), []))
        except csv.Error as problem:
            raise _unreadable(problem, 1) from None
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    if counts[best] < 2:
        raise BadImportFile(_("Habitory cannot find the columns of this CSV file: its first "
                              "line should name them, separated by commas, semicolons or "
                              "tabs."))
    return best


def read_table(data: bytes, separator: str | None = None, max_rows: int = 300_000,
               encoding: str = "") -> CsvTable:
    """The CSV's header and rows, in the `encoding` chosen (a codec of
    csv_encoding.CHOOSABLE) or else the one detected; BadImportFile for what is not a
    readable table."""
    # Loop 2.0's top-level Checkmarks.csv, uploaded without its zip, holds unquoted
    # Entry(timestamp=..., value=N) cells: their comma would split each into two columns.
    decoded = decode_as(data, encoding) if encoding else decode(data)
    text = flatten_entry_cells(decoded.text.lstrip("\ufeff"))
    if not text.strip():
        raise BadImportFile(_("The file is empty."))
    separator = separator if separator in SEPARATORS else find_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows: list[list[str]] = []
    try:
        header = [h.strip() for h in next(reader)]
        if any(len(name) > MAX_CELL for name in header):
            raise _too_long(reader.line_num)
        if len(header) > MAX_COLUMNS:
            raise BadImportFile(_("The file has %(count)s columns; Habitory reads at most "
                                  "%(limit)s.", count=grouped(len(header)),
                                  limit=grouped(MAX_COLUMNS)))
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(rows) >= max_rows:
                raise BadImportFile(_("The file has more than %(limit)s rows; Habitory "
                                      "imports at most that many at a time.",
                                      limit=grouped(max_rows)))
            if any(len(cell) > MAX_CELL for cell in row):
                raise _too_long(reader.line_num)
            rows.append([c.strip() for c in row[:len(header)]] + [""] * (len(header) - len(row)))
    except csv.Error as problem:
        raise _unreadable(problem, max(reader.line_num, 1)) from None
    if len(header) < 2 or not any(header):
        raise BadImportFile(_("The CSV needs a header line naming at least two columns (a "
                              "date and a habit or a value)."))
    header = [name or f"Column {i}" for i, name in enumerate(header, start=1)]
    return CsvTable(separator, header, rows, decoded.encoding, decoded.guessed, decoded.region,
                    bool(encoding))
