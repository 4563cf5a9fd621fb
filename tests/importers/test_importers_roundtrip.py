"""Property: any attendee list a spreadsheet could hold survives csv.writer → generic parser intact."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.importers import parse_bytes
from kiosk.importers.values import NAME_PREFIXES, NAME_TITLES

# Letters of every script, so names like 박지훈, Zoë or Mohammed العتيبي come up.
LETTERS = st.characters(categories=("Lu", "Ll", "Lo"))
# Titles (Dr) and Arabic name prefixes (Abu) have split rules of their own (test_importers_values.py).
WORD = st.text(LETTERS, min_size=1, max_size=8).filter(lambda w: w.casefold() not in NAME_TITLES | NAME_PREFIXES)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


PHRASE = st.lists(WORD, min_size=1, max_size=3).map(lambda words: nfc(" ".join(words)))
TICKETS = {"Regular": "", "Student": "", "Speaker": "Speaker", "Volunteer crew": "Volunteer", "Staff": "Staff"}
STATUS_WORDS = {"paid": "valid", "Attending": "valid", "": "valid", "unpaid": "unpaid", "Refunded": "cancelled",
                "No": "cancelled", "waitlist": "pending", "blocked": "blocked"}


@dataclass
class Person:
    first: str
    last: str
    email: str
    company: str
    city: str
    country: str
    ticket: str
    price: int | None
    currency: str
    status: str
    interests: list[str]
    notes: list[str]


PEOPLE = st.lists(
    st.builds(
        Person,
        first=PHRASE,
        last=st.one_of(st.just(""), PHRASE),
        email=st.from_regex(r"[a-z0-9]{1,10}@[a-z]{1,8}\.(org|com)", fullmatch=True),
        company=st.one_of(st.just(""), PHRASE),
        city=st.one_of(st.just(""), PHRASE),
        country=st.sampled_from(["", "DE", "AT", "BR", "JP"]),
        ticket=st.sampled_from(sorted(TICKETS)),
        price=st.one_of(st.none(), st.integers(0, 10**8)),
        currency=st.sampled_from(["", "EUR", "USD"]),
        status=st.sampled_from(sorted(STATUS_WORDS)),
        interests=st.lists(PHRASE, max_size=4, unique=True),
        notes=st.lists(PHRASE, max_size=3),
    ),
    min_size=1,
    max_size=25,
    unique_by=lambda person: person.email,
)
HEADER = ["Email", "Company", "City", "Country", "Ticket type", "Price", "Currency", "Status", "Interests", "Notes"]


def money(minor: int | None) -> str:
    return "" if minor is None else f"{minor // 100}.{minor % 100:02d}"


def write(people: list[Person], split_names: bool, delimiter: str, terminator: str, encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=terminator)
    writer.writerow((["First name", "Last name"] if split_names else ["Name"]) + HEADER)
    for p in people:
        names = [p.first, p.last] if split_names else [full_name(p)]
        writer.writerow([*names, p.email, p.company, p.city, p.country, p.ticket, money(p.price), p.currency,
                         p.status, ", ".join(p.interests), "\n".join(p.notes)])
    return out.getvalue().encode(encoding)


def full_name(p: Person) -> str:
    return f"{p.first} {p.last}" if p.last else p.first


def expected_parts(p: Person, split_names: bool) -> tuple[str, str]:
    if split_names:
        return p.first, p.last
    first, _, rest = full_name(p).partition(" ")
    return first, rest


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=PEOPLE,
    split_names=st.booleans(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    terminator=st.sampled_from(["\r\n", "\n"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_generic_round_trip(
    people: list[Person], split_names: bool, delimiter: str, terminator: str, encoding: str
) -> None:
    parsed = parse_bytes(write(people, split_names, delimiter, terminator, encoding), "people.csv")
    assert parsed.format == "csv"
    assert len(parsed.rows) == len(people)
    line = 2
    for row, p in zip(parsed.rows, people, strict=True):
        assert row.line == line
        line += 1 + max(len(p.notes) - 1, 0)  # each line break inside Notes is one more physical line
        assert row.source == "csv"
        assert row.name == full_name(p)
        assert (row.first_name, row.last_name) == expected_parts(p, split_names)
        assert row.email == p.email
        assert (row.organisation, row.city, row.country) == (p.company, p.city, p.country)
        assert row.ticket_type == p.ticket
        assert row.role == TICKETS[p.ticket]
        assert row.price_minor == p.price
        assert row.currency == p.currency
        assert row.status == STATUS_WORDS[p.status]
        assert row.interests == tuple(p.interests)
        assert row.answers == ((("Notes", "\n".join(p.notes)),) if p.notes else ())
        assert row.order_code == ""
        assert row.external_id.startswith(f"{p.email}|")  # + the folded name
        assert re.fullmatch(r"C-[A-Z2-7]{10}", row.code)
    assert len({row.code for row in parsed.rows}) == len(people)


@settings(max_examples=30, deadline=None)
@given(people=PEOPLE, split_names=st.booleans())
def test_ids_and_codes_do_not_depend_on_how_the_file_was_saved(people: list[Person], split_names: bool) -> None:
    """Re-importing the same people from a file saved differently must find the same attendees."""
    a = parse_bytes(write(people, split_names, ",", "\r\n", "utf-8"), "a.csv").rows
    b = parse_bytes(write(people, split_names, "\t", "\n", "utf-16"), "b.txt").rows
    assert [(r.external_id, r.code) for r in a] == [(r.external_id, r.code) for r in b]
    assert a == b
