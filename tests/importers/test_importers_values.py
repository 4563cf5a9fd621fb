"""Cell-level rules: money, names, cleaning, delimiters, roles, interests, statuses, special columns."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.importers import ImportedRow, parse_bytes
from kiosk.importers.base import new_row
from kiosk.importers.detect import detect
from kiosk.importers.reading import clean_cell, clean_text, decode, sniff_delimiter
from kiosk.importers.values import parse_amount, person, role_from, split_interests, split_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("250.00", (25000, "")),
        ("0", (0, "")),
        ("0.00", (0, "")),
        ("$0.00", (0, "USD")),
        ("1.234,50", (123450, "")),
        ("1,234.50", (123450, "")),
        ("12,5", (1250, "")),
        ("€12", (1200, "EUR")),
        ("12 €", (1200, "EUR")),
        ("£7.5", (750, "GBP")),
        ("EUR 1 234,00", (123400, "EUR")),
        ("1'234.50 CHF", (123450, "CHF")),
        ("1.234.567", (123456700, "")),
        ("1,234", (123400, "")),
        ("12.345", (1234500, "")),  # one separator and three digits: grouping
        ("0,500", (50, "")),
        ("-12.00", (-1200, "")),
        ("$-3", (-300, "USD")),
        ("usd 3", (300, "USD")),
        ("Free", (0, "")),
    ],
)
def test_money(text: str, expected: tuple[int, str]) -> None:
    assert parse_amount(text) == expected
    assert isinstance(parse_amount(text)[0], int)  # type: ignore[index]


@pytest.mark.parametrize("text", ["1234.567", "abc", "12.3.4,5x", "1e3", "$", "12 34 56 7,123"])
def test_not_money(text: str) -> None:
    assert parse_amount(text) is None


def test_money_in_files() -> None:
    data = "Name;Preis;Währung\r\nAda;1.234,50;eur\r\nBob;;\r\n".encode("cp1252")
    rows = parse_bytes(data, "x.csv").rows
    assert (rows[0].price_minor, rows[0].currency) == (123450, "EUR")
    assert (rows[1].price_minor, rows[1].currency) == (None, "")
    rows = parse_bytes(b"Name,Price\nAda,\xe2\x82\xac12\n", "x.csv").rows
    assert (rows[0].price_minor, rows[0].currency) == (1200, "EUR")
    rows = parse_bytes(b"Name,Amount (GBP)\nAda,7.50\n", "x.csv").rows
    assert (rows[0].price_minor, rows[0].currency) == (750, "GBP")
    assert parse_bytes(b"Name\nAda\n", "x.csv").rows[0].price_minor is None


@pytest.mark.parametrize(
    ("full", "first", "last", "expected"),
    [
        ("Jorge Muñoz", "", "", ("Jorge Muñoz", "Jorge", "Muñoz")),
        ("Example, Bob", "", "", ("Bob Example", "Bob", "Example")),
        ("Example, Bob", "Bob", "Example", ("Bob Example", "Bob", "Example")),
        ("King, Jr.", "", "", ("King, Jr.", "King,", "Jr.")),
        ("박지훈", "", "", ("박지훈", "박지훈", "")),
        ("陈静怡", "", "", ("陈静怡", "陈静怡", "")),
        ("高橋 健太", "", "", ("高橋 健太", "高橋", "健太")),
        ("Jan van der Berg", "", "", ("Jan van der Berg", "Jan", "van der Berg")),
        ("Testy", "", "", ("Testy", "Testy", "")),
        ("Ada E.", "Ada", "Example", ("Ada E.", "Ada", "Example")),
        ("", "Ada", "Example", ("Ada Example", "Ada", "Example")),
        ("", "", "Example", ("Example", "", "Example")),
        ("", "", "", ("", "", "")),
    ],
)
def test_person(full: str, first: str, last: str, expected: tuple[str, str, str]) -> None:
    assert person(full, first, last) == expected


def test_split_name_single_word() -> None:
    assert split_name("Ngozi") == ("Ngozi", "")


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("Álvaro Núñez Ortega", ("Álvaro", "Núñez Ortega")),  # two family names
        ("Jan van der Berg", ("Jan", "van der Berg")),
        ("كريم عبد الله", ("كريم", "عبد الله")),
        ("Maria del Carmen Fernández de la Vega y Ortega", ("Maria", "del Carmen Fernández de la Vega y Ortega")),
        ("Dr. Jane Doe", ("Jane", "Doe")),
        ("Prof Dr Ada Lovelace", ("Ada", "Lovelace")),
        ("عبد الرحمن الحداد", ("عبد الرحمن", "الحداد")),
        ("Abdul Rahman Khan", ("Abdul Rahman", "Khan")),
        ("Abu Bakr", ("Abu", "Bakr")),  # two words: the prefix is the first name people use
    ],
)
def test_split_name_keeps_the_first_word_as_the_name_on_the_badge(full: str, expected: tuple[str, str]) -> None:
    assert split_name(full) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("  Jorge   Muñoz ", "Jorge Muñoz"),
        ("Jorge\u00a0Muñoz", "Jorge Muñoz"),
        ("Zoe\u0308", "Zoë"),  # decomposed ë becomes one code point (NFC)
        ("\u200bAda\ufeff", "Ada"),
        ("-", ""),
        ("--", ""),
        ("n/a", ""),
        ("N/A", ""),
        ("'=SUM(1;1)", "=SUM(1;1)"),
        ("'+49 30 1234", "+49 30 1234"),
        ("'-5", "-5"),
        ("'@handle", "@handle"),
        ("'tis", "'tis"),
        ("O'Brien", "O'Brien"),
        ("Nora", "Nora"),
        ("-ish", "-ish"),
    ],
)
def test_clean_cell(cell: str, expected: str) -> None:
    assert clean_cell(cell) == expected


def test_clean_text_keeps_line_breaks_between_lines() -> None:
    assert clean_text(" Python person,\r\n\r\n  likes   tests \r\n") == "Python person,\nlikes tests"
    assert clean_text("'=cmd\nsecond") == "=cmd\nsecond"


def test_decode() -> None:
    assert decode("Zoë".encode()) == "Zoë"
    assert decode(b"\xef\xbb\xbfZo\xc3\xab") == "Zoë"
    assert decode("Zoë".encode("utf-16")) == "Zoë"
    assert decode("Zoë;Jürgen".encode("cp1252")) == "Zoë;Jürgen"
    assert decode("€".encode("cp1252")) == "€"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Name,Email", ","),
        ("Name;Email;Company", ";"),
        ("Name\tEmail", "\t"),
        ('"Name; full",Email,City', ","),
        ('"a,b";"c,d";"e"', ";"),
        ("Name", ","),
    ],
)
def test_sniff_delimiter(line: str, expected: str) -> None:
    assert sniff_delimiter(line) == expected


def test_detect() -> None:
    assert detect({"order code", "position id", "ticket secret"}) == "pretix"
    assert detect({"attendee #", "attendee status"}) == "eventbrite"
    assert detect({"order #", "ticket type", "first name"}) == "eventbrite"
    assert detect({"ticket full name", "ticket"}) == "tito"
    assert detect({"api_id", "approval_status", "name"}) == "luma"
    assert detect({"api_id", "name"}) == "csv"
    assert detect({"name", "email"}) == "csv"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Speaker", "Speaker"),
        ("Speakers (free)", "Speaker"),
        ("Staff", "Staff"),
        ("Crew", "Staff"),
        ("Volunteer ticket", "Volunteer"),
        ("Organizer", "Organiser"),
        ("organiser", "Organiser"),
        ("Regular", ""),
        ("Organisation member", ""),
        ("Loudspeaker rental", ""),
    ],
)
def test_role_from(text: str, expected: str) -> None:
    assert role_from(text) == expected


def test_interests() -> None:
    assert split_interests("Science, Data") == ("Science", "Data")
    assert split_interests("web\nData,\n web , Data,,") == ("web", "Data")
    rows = parse_bytes(b'Name,Topics\r\nAda,"Web\nweb\nWeb"\r\n', "x.csv").rows
    assert rows[0].interests == ("Web", "web")  # the shop's spelling, not Title Case


def test_role_column_and_ticket_type_words() -> None:
    data = b"Name,Ticket type,Role\nAda,Speaker pass,\nBob,Regular,volunteer\nCleo,Regular,Sponsor\n"
    ada, bob, cleo = parse_bytes(data, "x.csv").rows
    assert (ada.role, bob.role, cleo.role) == ("Speaker", "Volunteer", "")
    assert ("Role", "Sponsor") in cleo.answers  # a role without a badge stays visible


@pytest.mark.parametrize(
    ("word", "status"),
    [("Paid", "valid"), ("yes", "valid"), ("Attending", "valid"), ("unpaid", "unpaid"),
     ("Pending payment", "unpaid"), ("Refunded", "cancelled"), ("void", "cancelled"), ("No", "cancelled"),
     ("Not attending", "cancelled"), ("Waitlist", "pending"), ("", "valid")],
)
def test_generic_status_words(word: str, status: str) -> None:
    rows = parse_bytes(f"Name,Status\nAda,{word}\n".encode(), "x.csv").rows
    assert rows[0].status == status


def test_pretix_blocked_addons_variations_and_option_columns() -> None:
    header = ("Order code,Position ID,Status,Product,Variation,Price,Attendee name,Ticket secret,Blocked,"
              "Add-on to position ID,Fields of interest – Science,Fields of interest – Web\r\n")
    body = (
        "ABCDE,1,paid,Regular,Early bird,250.00,Ada Example,s1,,,Yes,No\r\n"
        "ABCDE,2,paid,Workshop,,40.00,,s2,,1,No,No\r\n"
        "ABCDE,3,paid,T-shirt,M,20.00,,s3,,1,No,No\r\n"
        "FGHIJ,1,paid,Regular,,250.00,Bob Placeholder,s4,admin,,Yes,Yes\r\n"
        "KLMNO,1,canceled,Regular,,250.00,Cleo Placeholder,s5,admin,,No,Yes\r\n"
    )
    ada, bob, cleo = parse_bytes((header + body).encode(), "x.csv").rows
    assert ada.ticket_type == "Regular – Early bird"
    assert ada.answers == (("Add-ons", "Workshop, T-shirt – M"),)
    assert ada.interests == ("Science",)
    assert (bob.status, bob.interests, bob.line) == ("blocked", ("Science", "Web"), 5)
    assert cleo.status == "cancelled"  # blocked does not undo a cancellation


def test_pretix_name_parts() -> None:
    data = ("Order code,Position ID,Status,Attendee name,Attendee name: Given name,"
            "Attendee name: Family name,Ticket secret\r\n"
            "ABCDE,1,paid,Ōtani Shōhei,Shōhei,Ōtani,s1\r\n").encode()
    row = parse_bytes(data, "x.csv").rows[0]
    assert (row.name, row.first_name, row.last_name) == ("Ōtani Shōhei", "Shōhei", "Ōtani")
    assert row.answers == ()


def test_same_external_id_keeps_the_last_occurrence() -> None:
    data = b"Code,Name,City\nA1,Ada Example,Wien\nB2,Bob,Graz\nA1,Ada Example,Linz\n"
    rows = parse_bytes(data, "x.csv").rows
    assert [(r.code, r.city, r.line) for r in rows] == [("B2", "Graz", 3), ("A1", "Linz", 4)]


def test_empty_and_duplicate_header_cells() -> None:
    data = b'Name,,Email,Email,"Note ""x"""\nAda,ignored,a@example.org,other@example.org,hi\n'
    row = parse_bytes(data, "x.csv").rows[0]
    assert row.email == "a@example.org"
    assert row.answers == (('Note "x"', "hi"),)


def test_new_row_is_the_dataclass_constructor() -> None:
    values = (2, "csv", "e", "c", "n", "f", "l", "m", "o", "ci", "co", "t", 5, "EUR", "valid", "o1", "",
              ("a",), (("q", "a"),))
    fast = new_row(*values)
    assert fast == ImportedRow(*values)
    assert hash(fast) == hash(ImportedRow(*values))
    assert repr(fast) == repr(ImportedRow(*values))
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        new_row(*values[:-1])  # type: ignore[call-arg]
