"""The entry points: bytes or a path in, a ParsedImport out, or one ImportFileError for the file.

A file imports completely or not at all: the first bad record raises, and the caller imports nothing.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from . import eventbrite, generic, luma, pretix, tito
from .base import FIELDS, FORMATS, ImportedRow, ImportFileError, ParsedImport
from .detect import detect
from .reading import Table, forget_cleaned, read_table

_PARSERS: dict[str, Callable[[Table, Mapping[str, str] | None], list[ImportedRow]]] = {
    "pretix": pretix.parse,
    "eventbrite": eventbrite.parse,
    "tito": tito.parse,
    "luma": luma.parse,
    "csv": generic.parse,
}


def parse_file(
    path: str | os.PathLike[str], format: str = "auto", mapping: Mapping[str, str] | None = None
) -> ParsedImport:
    """Parse the export at `path`; OSError when it cannot be read, ImportFileError when it is wrong."""
    _check_arguments(format, mapping)  # before reading: a typo should not wait for a 50 MB read
    name = os.fspath(path)
    return parse_bytes(Path(name).read_bytes(), name, format, mapping)


def parse_bytes(
    data: bytes, path: str, format: str = "auto", mapping: Mapping[str, str] | None = None
) -> ParsedImport:
    _check_arguments(format, mapping)
    with _bulk():
        table = read_table(data, path)
        fmt = detect(table.keys) if format == "auto" else format
        rows = _latest(_PARSERS[fmt](table, mapping))
    if not rows:
        raise ImportFileError(path, None, None, "no attendees in file")
    return ParsedImport(path=path, format=fmt, rows=rows)


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic GC while rows are made: on 100,000 rows it would otherwise take half the time
    re-scanning objects that are all alive (nothing made here forms a cycle; refcounting frees the rest).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        forget_cleaned()
        if was_enabled:
            gc.enable()


def _check_arguments(format: str, mapping: Mapping[str, str] | None) -> None:
    # Programming errors of the caller (or a typo on the command line), not problems of the file.
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; formats are: {', '.join(FORMATS)}")
    for fld in mapping or ():
        if fld not in FIELDS:
            raise ValueError(f"unknown field {fld!r} in mapping; fields are: {', '.join(FIELDS)}")


def _latest(rows: list[ImportedRow]) -> list[ImportedRow]:
    """One row per external_id, the last one in the file: sign-up sheets get appended to."""
    if len({row.external_id for row in rows}) == len(rows):
        return rows
    latest: dict[str, ImportedRow] = {}
    for row in rows:
        latest.pop(row.external_id, None)  # re-insert so the row sits where its last version was
        latest[row.external_id] = row
    return list(latest.values())
