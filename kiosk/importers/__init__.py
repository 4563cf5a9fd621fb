"""Reading attendee exports of ticket shops (pretix, Eventbrite, Tito, Luma) and of any other CSV.

Pure functions: bytes in, ImportedRow values out; no database and no Qt. A file imports whole or not
at all: the first bad record raises ImportFileError naming its line and column. kiosk.importing
writes the rows into the store.
"""

from __future__ import annotations

from .base import FIELDS, FORMATS, STATUSES, ImportedRow, ImportFileError, ParsedImport
from .parse import parse_bytes, parse_file

__all__ = [
    "FIELDS",
    "FORMATS",
    "STATUSES",
    "ImportFileError",
    "ImportedRow",
    "ParsedImport",
    "parse_bytes",
    "parse_file",
]
