"""Reading attendee exports of ticket shops (pretix, Eventbrite, Tito, Luma) and of any other CSV.

Pure functions: bytes in, ImportedRow values out; no database and no Qt. The core decides what to do
with the rows (`kiosk.importing`); this package only promises that every row it returns is complete.
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
