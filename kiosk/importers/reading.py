"""From bytes to cleaned cells: decoding, delimiter sniffing, records with physical line numbers.

Per-record work is kept small because a 100,000-row export must parse in a second or two: patterns
are compiled once, columns are resolved once (Table.find), and only the cells a field needs are
cleaned, the repetitive ones through a memo (`clean`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from .base import ImportFileError

# Quoted multi-line answers (bios, addresses) can be long; csv's default limit is 128 KiB.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

_DELIMITERS = (",", ";", "\t")
_PLACEHOLDERS = frozenset({"-", "--", "---", "n/a", "n.a.", "—", "–"})
# Spreadsheet exports put a ' in front of cells that would otherwise run as a formula.
_FORMULA_STARTS = frozenset("=+-@")
# Zero-width characters that come along when names are pasted from web pages.
_INVISIBLE = re.compile("[\ufeff\u200b\u200e\u200f\u2060]")  # not ZWJ/ZWNJ: they spell words
_CONTROLS = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)])  # C0/C1 controls (whitespace is gone by then)
# Only cells starting with one of these can be a placeholder or carry a formula guard.
_CHECK_FIRST = frozenset("-nN—–'")
_PAREN = re.compile(r"\s*\([^)]*\)")


def decode(data: bytes) -> str:
    """Text of an export: BOM-marked UTF-8/UTF-16, else UTF-8, else cp1252 (old Excel/Eventbrite)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")  # the BOM picks the byte order
    head = data[:200]
    # Excel's "Unicode text" without a BOM still shows as every other byte being NUL.
    if len(head) >= 4 and head.count(0) * 3 > len(head):
        order = "utf-16-le" if head[1] == 0 else "utf-16-be"
        return data.decode(order, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; map those like latin-1 rather than failing the file.
        return data.decode("cp1252", errors="strict") if _cp1252_ok(data) else data.decode("latin-1")


def _cp1252_ok(data: bytes) -> bool:
    return not any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))


def sniff_delimiter(first_line: str) -> str:
    """The delimiter that occurs most often outside quotes in the header line; ',' on a tie."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first on ties, i.e. ","
    return best if counts[best] else ","


def header_key(text: str) -> str:
    """How a header is looked up: case-folded, single-spaced, without a trailing '?', '.', ':' or '*'."""
    return " ".join(text.casefold().split()).rstrip("?.:* ").strip()


def header_variants(key: str) -> list[str]:
    """Looser spellings of a header key: without "(...)" and each side of " / "."""
    variants: list[str] = []
    bare = _PAREN.sub("", key).strip()
    if bare and bare != key:
        variants.append(bare)
    for part in bare.split("/"):
        part = part.strip()
        if part and part != bare:
            variants.append(part)
    return variants


@dataclass
class Table:
    """The header of an export and a lazy stream of its records."""

    path: str
    header: list[str]  # cleaned header texts as written (for messages and answers)
    # (physical start line, cells), width-checked; every record gets one extra "" cell at index
    # `blank`, so a column the file lacks can point there instead of being tested for None per row.
    records: Iterator[tuple[int, list[str]]]
    header_line: int = 1
    keys: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)  # key -> first column with it
    loose: dict[str, int] = field(default_factory=dict)  # variant -> first column with it

    def __post_init__(self) -> None:
        self.keys = [header_key(h) for h in self.header]
        for i, key in enumerate(self.keys):
            if key:
                self.index.setdefault(key, i)  # duplicate headers: the first one wins
        for i, key in enumerate(self.keys):
            for variant in header_variants(key):
                self.loose.setdefault(variant, i)

    @property
    def blank(self) -> int:
        return len(self.header)

    def at(self, i: int | None) -> int:
        """`i`, or the always-empty cell when the column is absent."""
        return self.blank if i is None else i

    def find(self, *names: str, loose: bool = False) -> int | None:
        """The column of the first of `names` (given as header keys) the file has, else None."""
        for name in names:
            i = self.index.get(name)
            if i is not None:
                return i
        if loose:
            for name in names:
                i = self.loose.get(name)
                if i is not None:
                    return i
        return None

    def missing(self, fmt: str, column: str) -> ImportFileError:
        return ImportFileError(self.path, self.header_line, column, f"missing column for a {fmt} export")


class _Reader(Protocol):
    """What `csv.reader` returns: rows, plus the count of physical lines consumed so far."""

    @property
    def line_num(self) -> int: ...

    def __next__(self) -> list[str]: ...

    def __iter__(self) -> _Reader: ...


def read_table(data: bytes, path: str) -> Table:
    text = decode(data)
    first = next((line for line in text[:65536].splitlines() if line.strip()), "")
    delimiter = sniff_delimiter(first)
    # newline="" keeps \r\n inside quoted cells intact, as the csv module requires.
    # strict: a quote left open would otherwise swallow every later record into one cell, silently.
    reader: _Reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    end = 0
    while True:  # leading blank lines are skipped; the header is the first non-empty record
        start = end + 1
        header = _next(reader, path, start)
        end = reader.line_num
        if header is None:
            raise ImportFileError(path, None, None, "no attendees in file")
        if any(cell.strip() for cell in header):
            break
    cleaned = [" ".join(_INVISIBLE.sub("", h).split()) for h in header]
    return Table(path, cleaned, _records(reader, path, len(cleaned), end), start)


def _next(reader: _Reader, path: str, start: int) -> list[str] | None:
    try:
        return next(reader)
    except StopIteration:
        return None
    except csv.Error as exc:
        raise ImportFileError(path, start, None, _csv_problem(exc)) from None


def _records(reader: _Reader, path: str, width: int, end: int) -> Iterator[tuple[int, list[str]]]:
    # A record starts on the line after the previous one ended, which stays right for multi-line cells.
    try:
        for cells in reader:
            start = end + 1
            end = reader.line_num
            if len(cells) != width or not cells[0]:
                if not any(cells):  # an empty line, or a row of empty cells: nothing to import
                    continue
                if len(cells) != width:
                    raise ImportFileError(path, start, None, f"{len(cells)} fields, header has {width}")
            cells.append("")  # the `blank` cell
            yield start, cells
    except csv.Error as exc:
        raise ImportFileError(path, end + 1, None, _csv_problem(exc)) from None


def _csv_problem(exc: csv.Error) -> str:
    if "end of data" in str(exc):
        return 'a quoted cell starts in this record and never ends (a missing closing ")'
    return f"unreadable CSV: {exc}"


def clean_cell(cell: str) -> str:
    """A single-line value: trimmed, single-spaced, NFC, placeholders and formula guards removed.

    For values that are different on every row (names, e-mails, codes); `clean` memoises the rest.
    """
    text = " ".join(cell.split())
    if not text:
        return ""
    if text[0] in _CHECK_FIRST:
        if len(text) <= 4 and text.casefold() in _PLACEHOLDERS:
            return ""
        if len(text) > 1 and text[0] == "'" and text[1] in _FORMULA_STARTS:
            text = text[1:]
    if not text.isprintable():  # NUL and other control characters, zero-width marks
        text = " ".join(_INVISIBLE.sub("", text.translate(_CONTROLS)).split())
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text)


class _Cleaned(dict[str, str]):
    """Memo of cleaned cells for columns that repeat (status, product, city, price, ...).

    A lookup is cheaper than cleaning only while the memo stays small enough to sit in the CPU
    cache, so unique values should go through `clean_cell` and the memo is capped.
    """

    def __missing__(self, cell: str) -> str:
        if len(self) > 20_000:
            self.clear()
        text = self[cell] = clean_cell(cell)
        return text


_CLEANED = _Cleaned()
# `clean_cell`, memoised: for the columns whose values repeat from row to row.
clean: Callable[[str], str] = _CLEANED.__getitem__


def forget_cleaned() -> None:
    """Drop the memo once a file is done, so a long-running desk does not keep its cells."""
    _CLEANED.clear()


def clean_text(cell: str) -> str:
    """A free-text answer: like `clean`, but line breaks between non-empty lines are kept."""
    if "\n" not in cell and "\r" not in cell:
        return clean(cell)
    lines = (clean_cell(line) for line in cell.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)
