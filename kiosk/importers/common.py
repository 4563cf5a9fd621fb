"""What every format shares: the column plan, --map overrides, and building an ImportedRow.

A format module resolves its columns once into a Plan (field → column index), then calls
`Kit.build` per record with the values only it knows (ids, code, status); the Kit does the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from operator import itemgetter

from .base import FIELDS, ImportedRow, ImportFileError, new_row
from .reading import Table, clean, clean_cell, clean_text, header_key
from .values import currency_code, header_currency, parse_amount, person, role_from, split_interests

Plan = dict[str, int | None]

# Header keys (see reading.header_key) that mean a field, best first; also how generic CSV is mapped.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "attendee name", "participant name", "your name"),
    "first_name": ("first name", "given name", "firstname", "first", "forename", "vorname", "prénom"),
    "last_name": ("last name", "surname", "family name", "lastname", "last", "nachname", "nom"),
    "email": (
        "email", "e-mail", "email address", "e-mail address", "mail", "attendee email", "e-mail-adresse",
    ),
    "organisation": (
        "company", "organisation", "organization", "affiliation", "company / organisation",
        "company / organization", "employer", "institution", "firma", "attendee company",
    ),
    "city": ("city", "town", "home town", "hometown", "home city", "work city", "ort", "stadt"),
    "country": ("country", "home country", "work country", "land"),
    "ticket_type": ("ticket type", "ticket", "ticket name", "registration type", "product"),
    "price": ("price", "ticket price", "amount", "total paid", "preis"),
    "currency": ("currency", "währung"),
    "status": ("status", "rsvp", "attendee status", "registration status", "ticket status"),
    "order_code": (
        "order code", "order", "order #", "order number", "order id", "order reference", "order no",
    ),
    "code": ("code", "ticket code", "barcode", "barcode #", "id", "qr code", "ticket id", "ticket secret"),
    "external_id": ("external id", "attendee id", "registration id", "user id", "member id", "attendee #"),
    "role": ("role", "rolle"),
    "interests": ("fields of interest", "interests", "topics", "areas of interest", "interest", "themen"),
}

# Answers: columns a desk volunteer never needs. Whole words of a header...
_NOISE_WORDS = frozenset(
    {
        "url", "link", "website", "blog", "ip", "fee", "fees", "tax", "vat", "shipping", "invoice",
        "billing", "phone", "telephone", "mobile", "cell", "date", "dates", "time", "timestamp", "created",
        "updated", "voucher", "coupon", "discount", "seat", "payment", "paid", "total", "pseudonymization",
        "secret", "picture", "avatar", "photo", "eth", "solana", "wallet", "zip", "postcode", "street",
        "id", "ids", "qr", "api", "biography", "survey", "checked", "source", "email", "birth",
    }
)
# ...and whole header keys.
_NOISE_KEYS = frozenset(
    {
        "event", "event slug", "event name", "event host", "state", "home state", "work state", "address",
        "number", "quantity", "qty", "price tier", "order type", "sales channel", "order locale",
        "check-in lists", "valid from", "valid until", "code of conduct", "attendance", "variation",
    }
)
_WORD = re.compile(r"[^\W_]+")
_YES = frozenset({"yes", "y", "true", "1", "x", "ja", "oui", "sí", "si"})


def find_plan(table: Table, **known: int | None) -> Plan:
    """The generic plan for `table` with the columns a format already knows filled in."""
    plan: Plan = {}
    for fld in FIELDS:
        plan[fld] = known[fld] if fld in known else table.find(*SYNONYMS[fld], loose=True)
    return plan


def apply_mapping(table: Table, plan: Plan, mapping: Mapping[str, str] | None) -> Plan:
    """`--map FIELD=COLUMN` overrides; a column the file does not have is the user's typo to fix."""
    if not mapping:
        return plan
    plan = dict(plan)
    for fld, column in mapping.items():
        i = table.find(header_key(column))
        if i is None:
            columns = ", ".join(h for h in table.header if h)
            raise ImportFileError(
                table.path, table.header_line, column, f"no such column; columns are: {columns}"
            )
        plan[fld] = i
    return plan


def is_noise(key: str) -> bool:
    if key in _NOISE_KEYS or key.endswith((" on", "_at")):
        return True
    return any(word in _NOISE_WORDS for word in _WORD.findall(key))


def get(cells: list[str], i: int | None) -> str:
    """A cleaned cell, "" for an absent column (for per-file lookups; rows use Table.at indexes)."""
    return clean(cells[i]) if i is not None else ""


class Kit:
    """Column indexes and helpers shared by all formats, resolved once per file."""

    def __init__(
        self,
        table: Table,
        source: str,
        plan: Plan,
        used: Iterable[int | None] = (),
        name_cols: Iterable[int | None] | None = None,
        fallback_name_cols: Iterable[int | None] = (),
    ) -> None:
        self.table = table
        self.source = source
        self.plan = plan
        # Absent columns point at the record's always-empty last cell: no None tests per row.
        self.col = {fld: table.at(i) for fld, i in plan.items()}
        # Full-name columns, best first (e.g. the badge name before the legal name).
        candidates = name_cols if name_cols is not None else [plan["name"]]
        self.name_cols = [i for i in candidates if i is not None]
        # Used only when a record has no name of its own (an unassigned ticket: the buyer's name).
        self.fallback_name_cols = [i for i in fallback_name_cols if i is not None]
        self._has_parts = plan["first_name"] is not None or plan["last_name"] is not None
        if not (self.name_cols or self._has_parts or self.fallback_name_cols):
            columns = ", ".join(h for h in table.header if h)
            raise ImportFileError(
                table.path,
                table.header_line,
                None,
                f"no name column; say which column holds names with --map name=COLUMN (columns are: {columns})",
            )
        col = self.col
        # One C-level call fetches the fields whose values repeat from row to row (memoised cleaning).
        self._pick = itemgetter(
            col["organisation"], col["city"], col["country"], col["ticket_type"], col["price"],
            col["currency"], col["role"],
        )
        self._email_i, self._order_i = col["email"], col["order_code"]
        self._first_i, self._last_i = col["first_name"], col["last_name"]
        price = plan["price"]
        self._price_header = table.header[price] if price is not None else ""
        self._header_currency = header_currency(self._price_header)
        self._interests_i = col["interests"]
        self._status_i = col["status"]
        self.statuses: dict[str, str] = {}
        self._interest_memo: dict[str, tuple[str, ...]] = {}
        self._interest_options = [] if plan["interests"] is not None else _option_columns(table)
        taken = {i for i in (*plan.values(), *used) if i is not None}
        taken.update(self.name_cols, self.fallback_name_cols, (i for i, _ in self._interest_options))
        self._answers = [
            (i, table.header[i])
            for i, key in enumerate(table.keys)
            if key and i not in taken and table.index[key] == i and not is_noise(key)
        ]

    def name_column(self) -> str:
        """The header to blame when a record has no name (the main one, not e.g. a badge name)."""
        plan = self.plan
        for i in (plan["name"], plan["first_name"], plan["last_name"], *self.name_cols):
            if i is not None:
                return self.table.header[i]
        return "name"

    def names(self, cells: list[str]) -> tuple[str, str, str]:
        full = ""
        for i in self.name_cols:
            full = clean_cell(cells[i])
            if full:
                break
        if self._has_parts:
            first, last = clean_cell(cells[self._first_i]), clean_cell(cells[self._last_i])
        else:
            first = last = ""
        if not (full or first or last):
            for i in self.fallback_name_cols:
                full = clean_cell(cells[i])
                if full:
                    break
        return person(full, first, last)

    def status(self, line: int, cells: list[str], words: Mapping[str, str]) -> str:
        """The desk status of a record's status cell, through a format's table of status words."""
        cell = cells[self._status_i]
        status = self.statuses.get(cell)  # a file has only a handful of distinct status cells
        if status is None:
            text = clean(cell)
            status = words.get(text.casefold()) if text else "valid"
            if status is None:
                expected = ", ".join(sorted(words))
                raise self.fail(line, self._status_i, f"unknown status '{text}'; expected one of {expected}")
            self.statuses[cell] = status
        return status

    def required(self, line: int, cells: list[str], i: int) -> str:
        """A cell the record cannot do without, like the ticket's id."""
        text = clean_cell(cells[i])
        if not text:
            raise self.fail(line, i, "empty value")
        return text

    def fail(self, line: int, column: int | str | None, message: str) -> ImportFileError:
        if isinstance(column, int):
            column = self.table.header[column] if column < self.table.blank else None
        return ImportFileError(self.table.path, line, column, message)

    def build(
        self,
        line: int,
        cells: list[str],
        *,
        external_id: str,
        code: str,
        status: str,
        names: tuple[str, str, str] | None = None,
        email: str | None = None,
        order_code: str | None = None,
        organisation: str | None = None,
        ticket_type: str | None = None,
        answers: tuple[tuple[str, str], ...] = (),
    ) -> ImportedRow:
        org, city, country, ticket, price_text, currency_text, role_text = map(clean, self._pick(cells))
        name, first, last = names if names is not None else self.names(cells)
        if not name:
            raise self.fail(line, self.name_column(), "no name")
        if ticket_type is None:
            ticket_type = ticket
        role = role_from(role_text or ticket_type)
        if role_text and not role:  # a role the desk has no badge for: keep it visible
            answers = ((self.table.header[self.col["role"]], role_text), *answers)
        currency = currency_code(currency_text) if currency_text else self._header_currency
        price = None
        if price_text:
            amount = parse_amount(price_text)
            if amount is None:
                raise self.fail(line, self._price_header, f"not an amount of money: '{price_text}'")
            price, currency = amount[0], currency or amount[1]
        text = cells[self._interests_i]
        if text:
            interests = self._interest_memo.get(text)
            if interests is None:
                interests = self._interest_memo[text] = split_interests(clean_text(text))
        else:
            interests = self._interests(cells) if self._interest_options else ()
        return new_row(
            line,
            self.source,
            external_id,
            code,
            name,
            first,
            last,
            (clean_cell(cells[self._email_i]) if email is None else email).lower(),
            org if organisation is None else organisation,
            city,
            country.upper() if len(country) == 2 else country,
            ticket_type,
            price,
            currency,
            status,
            clean_cell(cells[self._order_i]) if order_code is None else order_code,
            role,
            interests,
            answers + self.answers(cells) if self._answers else answers,
        )

    def answers(self, cells: list[str]) -> tuple[tuple[str, str], ...]:
        found = []
        for i, header in self._answers:
            cell = cells[i]
            if cell:
                value = clean_text(cell)
                if value:
                    found.append((header, value))
        return tuple(found)

    def _interests(self, cells: list[str]) -> tuple[str, ...]:
        # pretix can export a multiple-choice question as one Yes/No column per option.
        return tuple(option for i, option in self._interest_options if cells[i].strip().casefold() in _YES)


_OPTION_HEADER = re.compile(r"(?:fields of interest|interests|topics|areas of interest)\s+[–-]\s+(.+)", re.I)


def _option_columns(table: Table) -> list[tuple[int, str]]:
    options = []
    for i, header in enumerate(table.header):
        match = _OPTION_HEADER.fullmatch(header)
        if match:
            options.append((i, match[1].strip()))
    return options
