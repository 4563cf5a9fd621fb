"""The values the importers hand to the core: one ImportedRow per ticket, or an ImportFileError.

Kept free of any parsing logic so the core can import these names without pulling in the readers.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, fields
from itertools import repeat
from operator import call
from typing import Any, ParamSpec, TypeVar, cast

# The desk refuses "cancelled" and "blocked", takes payment for "unpaid", asks for approval on "pending".
STATUSES = ("valid", "unpaid", "pending", "cancelled", "blocked")

FORMATS = ("auto", "pretix", "eventbrite", "tito", "luma", "csv")

# Names usable on the left of `--map FIELD=COLUMN`; also the keys of every format's column plan.
FIELDS = (
    "name",
    "first_name",
    "last_name",
    "email",
    "organisation",
    "city",
    "country",
    "ticket_type",
    "price",
    "currency",
    "status",
    "order_code",
    "code",
    "external_id",
    "role",
    "interests",
)

ROLES = ("Speaker", "Staff", "Volunteer", "Organiser")


@dataclass(frozen=True, slots=True)
class ImportedRow:
    line: int  # 1-based physical line where this record starts (the header is line 1)
    source: str  # "pretix" | "eventbrite" | "tito" | "luma" | "csv"
    external_id: str  # stable key of the ticket within its source, the same on every re-import
    code: str  # what a scanner reads off the ticket QR; never empty
    name: str
    first_name: str
    last_name: str
    email: str
    organisation: str
    city: str
    country: str
    ticket_type: str
    price_minor: int | None  # value x 100 as an int, never a float; None when there is no price
    currency: str  # ISO 4217 code upper-case, "" when unknown
    status: str  # one of STATUSES
    order_code: str
    role: str  # "" or one of ROLES
    interests: tuple[str, ...]
    answers: tuple[tuple[str, str], ...]  # (header, value) of question columns a volunteer may need


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _fast_constructor(cls: Callable[_P, _R]) -> Callable[_P, _R]:
    """`cls(*values)` without the cost of a frozen dataclass's __init__.

    That __init__ goes through object.__setattr__ once per field (about 5 µs for ImportedRow on a
    slow machine: half a second on a 100,000-row file). Setting the slots directly, which is what it
    does in the end, takes a third of that. Typed as `cls` itself; keyword calls take the normal path.
    """
    klass = cast("type[Any]", cls)
    setters = [getattr(klass, f.name).__set__ for f in fields(klass)]
    new = object.__new__
    sink: deque[object] = deque(maxlen=0)
    consume = sink.extend  # runs an iterator to its end in C

    def make(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if kwargs or len(args) != len(setters):
            return cls(*args, **kwargs)
        row: _R = new(klass)
        consume(map(call, setters, repeat(row), args))  # setters[i](row, args[i]) for every field
        return row

    return make


# What the parsers use to make rows; positional arguments in field order.
new_row = _fast_constructor(ImportedRow)


@dataclass(frozen=True)
class ParsedImport:
    path: str
    format: str
    rows: list[ImportedRow]


class ImportFileError(Exception):
    """A file the desk cannot import; the message points at the place to fix in the file."""

    def __init__(self, path: str, line: int | None, column: str | None, message: str) -> None:
        # Passing all four to Exception keeps the error picklable (it may cross a process boundary).
        super().__init__(path, line, column, message)
        self.path = path
        self.line = line
        self.column = column
        self.message = message

    def __str__(self) -> str:
        where = [self.path]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"
