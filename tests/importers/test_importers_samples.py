"""Every real sample export parses with the right format, rows and values."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from kiosk.importers import STATUSES, ImportedRow, parse_file


def by_id(rows: list[ImportedRow]) -> dict[str, ImportedRow]:
    return {row.external_id: row for row in rows}


@pytest.mark.parametrize(
    ("name", "fmt", "count"),
    [
        ("eventbrite-2011-legacy-all-quoted.csv", "eventbrite", 5),
        ("eventbrite-2023-attendee-summary-shipping.csv", "eventbrite", 5),
        ("eventbrite-2024-attendee-summary-custom-questions.csv", "eventbrite", 3),
        ("googleforms-conference-signup.csv", "csv", 4),
        ("luma-2025-guests-custom-questions.csv", "luma", 5),
        ("meetup-event-attendees.csv", "csv", 5),
        ("pretalx-speakers-orga-export.csv", "csv", 5),
        ("tito-2014-tickets.csv", "tito", 5),
        ("tito-2016-pyconuk-custom-questions.csv", "tito", 5),
    ],
)
def test_every_sample_is_detected_and_complete(name: str, fmt: str, count: int, exports: Path) -> None:
    parsed = parse_file(exports / name)
    assert parsed.format == fmt
    assert parsed.path == str(exports / name)
    assert len(parsed.rows) == count
    source = "csv" if fmt == "csv" else fmt
    for row in parsed.rows:
        assert row.source == source
        assert row.name and row.code and row.external_id
        assert row.status in STATUSES
        assert row.name == " ".join(row.name.split())
        assert all(value for _, value in row.answers)
    assert len({row.external_id for row in parsed.rows}) == count
    # Forcing the detected format gives the very same rows.
    assert parse_file(exports / name, fmt).rows == parsed.rows


def test_pretix_sample(pretix_csv: Path) -> None:
    parsed = parse_file(pretix_csv)
    assert parsed.format == "pretix"
    rows = parsed.rows
    assert len(rows) == 310
    assert Counter(row.status for row in rows) == {"valid": 281, "unpaid": 18, "cancelled": 11}
    first = rows[0]
    assert first == ImportedRow(
        line=2,
        source="pretix",
        external_id="TGQWS-1",
        code="2p9zyrpgpkgtqxv25rsrwumfyca7evy6",
        name="Jorge Muñoz",
        first_name="Jorge",
        last_name="Muñoz",
        email="jorge.munoz670@example.org",
        organisation="",
        city="القاهرة",
        country="EG",
        ticket_type="Regular",
        price_minor=25000,
        currency="",
        status="valid",
        order_code="TGQWS",
        role="",
        interests=("Science", "Data"),
        answers=(),
    )
    assert [row.line for row in rows] == list(range(2, 312))
    assert len({row.code for row in rows}) == 310
    assert Counter(row.ticket_type for row in rows) == {"Regular": 195, "Student": 73, "Speaker": 42}
    assert Counter(row.price_minor for row in rows) == {25000: 195, 8000: 73, 0: 42}
    assert Counter(row.role for row in rows) == {"": 268, "Speaker": 42}
    tane = by_id(rows)["T9CQ7-1"]
    assert (tane.role, tane.organisation, tane.city, tane.interests) == (
        "Speaker", "Data Wizards Ltd", "São Paulo", ("Science", "Games", "Education"))
    names = {row.name for row in rows}
    assert {"Jorge Muñoz", "Mohammed العتيبي", "박지훈", "陈静怡", "Αλέξανδρος Νικολάου", "Thị Mai Trần"} <= names
    korean = next(row for row in rows if row.name == "박지훈")
    assert (korean.first_name, korean.last_name) == ("박지훈", "")
    arabic = next(row for row in rows if row.name == "Mohammed العتيبي")
    assert (arabic.first_name, arabic.last_name) == ("Mohammed", "العتيبي")
    assert {i for row in rows for i in row.interests} == {"Science", "Web", "Data", "Education", "Games"}
    assert all(row.email.endswith("@example.org") for row in rows)


def test_eventbrite_2011_legacy(exports: Path) -> None:
    rows = by_id(parse_file(exports / "eventbrite-2011-legacy-all-quoted.csv").rows)
    ada = rows["80000001"]
    assert (ada.name, ada.first_name, ada.last_name) == ("Ada Example", "Ada", "Example")
    assert (ada.code, ada.order_code, ada.ticket_type) == ("80000001", "60000001", "Atom")
    assert (ada.price_minor, ada.currency) == (0, "USD")  # from the header "Amount (USD)"
    assert ada.organisation == "Example Labs"
    assert ("Job Title", "Research Fellow") in ada.answers
    question = "If you have any dietary requirements or accessibility needs, please let us know here."
    assert dict(rows["80000003"].answers)[question] == "Wheelchair access, please; no nuts"
    assert rows["80000004"].name == "Zoë Sample-Åström"
    assert rows["80000004"].status == "cancelled"  # Not Attending
    testy = rows["80000005"]
    assert testy.organisation == 'Fake "Quotes" Ltd'
    assert dict(testy.answers)[question] == '"None" really'
    header_noise = {"Fees Paid (USD)", "Website", "Date", "QTY", "Order Type", "Blog"}
    assert not header_noise & {h for row in rows.values() for h, _ in row.answers}


def test_eventbrite_2023_two_attendees_one_order(exports: Path) -> None:
    rows = parse_file(exports / "eventbrite-2023-attendee-summary-shipping.csv").rows
    assert [row.status for row in rows] == ["valid"] * 5  # "Checked In" and "Attending"
    assert [row.order_code for row in rows][-2:] == ["7000000004", "7000000004"]
    assert [row.name for row in rows][-2:] == ["Testy McTestface", "Fakey McTestface"]
    assert rows[2].email == "jl.placeholder@example.com"
    assert rows[2].city == ""  # a shipping address is not where the attendee comes from
    assert all(row.currency == "USD" and row.price_minor == 0 for row in rows)


def test_eventbrite_2024_custom_questions(exports: Path) -> None:
    rows = parse_file(exports / "eventbrite-2024-attendee-summary-custom-questions.csv").rows
    assert [row.name for row in rows] == ["John Doe", "Jane Doe", "Joe Bloggs"]
    assert [row.organisation for row in rows] == ["Company1Name", "Company2Name", "Company3Name"]
    assert rows[2].line == 4
    answers = dict(rows[0].answers)
    assert answers["Are you a consultant?"] == "Yes"
    assert answers["Where are you located (city+state or city+country)"] == "City1, CA"
    assert answers["Job Title"] == "JobTitle1"


def test_tito_2014_unassigned_ticket_and_void(exports: Path) -> None:
    rows = by_id(parse_file(exports / "tito-2014-tickets.csv").rows)
    assert rows["FAKE-1"].code == "FAKEtkt0001"  # last segment of Unique Ticket URL
    unassigned = rows["DEMO-2"]
    assert (unassigned.name, unassigned.email, unassigned.order_code) == (
        "Bob Placeholder", "bob@example.net", "DEMO")
    assert (unassigned.first_name, unassigned.last_name) == ("Bob", "Placeholder")
    assert rows["VOID-1"].status == "cancelled"
    assert [r.status for r in rows.values()].count("valid") == 4
    assert rows["TEST-1"].name == "Zoë Sample-Åström"
    assert all(row.answers == () for row in rows.values())  # "-" placeholders, IPs and URLs are dropped


def test_tito_2016_multiline_answer_and_quoted_header(exports: Path) -> None:
    rows = parse_file(exports / "tito-2016-pyconuk-custom-questions.csv").rows
    assert [row.line for row in rows] == [2, 4, 5, 6, 7]  # Ada's record spans lines 2-3
    ada = dict(rows[0].answers)
    assert ada["About you"] == "Python person,\nlikes tests"
    assert ada['Monday "sprint" attendance'] == "Yes"
    assert ada["Dietary requirements"] == "Vegetarian"
    assert "Mobile telephone number" not in ada and "Order IP" not in ada
    assert [row.price_minor for row in rows] == [9600, 14400, 14400, 0, 3600]
    assert rows[1].organisation == "Example Ltd"
    assert "Twitter handle" not in dict(rows[1].answers)  # "-"
    assert dict(rows[2].answers)["Dietary requirements"] == 'Gluten free; "no oats"'
    assert rows[3].email == "zoe@example.net"  # the ticket's own address, not the parent's


def test_luma_bom_comma_name_and_statuses(exports: Path) -> None:
    rows = parse_file(exports / "luma-2025-guests-custom-questions.csv").rows
    assert [row.external_id for row in rows] == [f"gst-FAKEaaaaaaaaaa0{i}" for i in range(1, 6)]
    assert [row.code for row in rows] == [f"FAKEpk000{i}" for i in range(1, 6)]
    assert [row.status for row in rows] == ["valid", "pending", "pending", "cancelled", "valid"]
    bob = rows[1]
    assert (bob.name, bob.first_name, bob.last_name) == ("Bob Example", "Bob", "Example")
    assert (rows[0].price_minor, rows[0].currency, rows[0].ticket_type) == (0, "USD", "Standard")
    assert (rows[2].price_minor, rows[2].currency) == (None, "")
    assert rows[3].email == "testy@example.com"
    assert dict(bob.answers)["What do you plan to build? (you can change it later)"] == (
        "Something with sensors, LEDs, and a web UI")
    assert not {h for row in rows for h, _ in row.answers} & {"phone_number", "eth_address", "qr_code_url"}


def test_meetup_through_generic_mapping(exports: Path) -> None:
    rows = parse_file(exports / "meetup-event-attendees.csv").rows
    assert [row.name for row in rows] == ["Ada Example", "Bob P.", "Zoë S.", "Testy", "Guest of Bob P."]
    assert [row.status for row in rows] == ["valid", "valid", "valid", "cancelled", "valid"]  # RSVP
    assert rows[0].external_id == "user 900000001"
    assert rows[4].external_id == "Guest of Bob P."  # no id, no email: the name
    assert rows[3].first_name == "Testy" and rows[3].last_name == ""
    assert all(row.code.startswith("C-") and len(row.code) == 12 for row in rows)
    assert rows[0].role == ""  # "Title: Organizer" is not a Role column
    assert ("Title", "Organizer") in rows[0].answers
    assert ("Notes", "arrived late") in rows[2].answers
    # Derived codes are stable from one import to the next.
    assert [r.code for r in parse_file(exports / "meetup-event-attendees.csv").rows] == [r.code for r in rows]


def test_pretalx_multiline_records_and_formula_guard(exports: Path) -> None:
    rows = parse_file(exports / "pretalx-speakers-orga-export.csv").rows
    assert [row.line for row in rows] == [2, 7, 8, 9, 10]
    assert [row.code for row in rows] == ["ABCDEF", "BCDEFG", "CDEFGH", "DEFGHI", "EFGHIJ"]
    assert [row.external_id for row in rows] == [row.code for row in rows]
    assert rows[0].organisation == "Example Labs"  # "Company / affiliation (printed on badge)"
    assert rows[1].organisation == "Example Ltd, Dept. of Tests"
    assert dict(rows[0].answers)["Proposal titles"] == "Testing importers for fun\nCSV: a love story"
    assert dict(rows[3].answers)["Proposal titles"] == '=HYPERLINK("http://example.invalid") is a title'
    assert all(row.role == "" and row.status == "valid" for row in rows)


def test_google_forms_badge_name_duplicate_columns_and_resubmission(exports: Path) -> None:
    rows = parse_file(exports / "googleforms-conference-signup.csv").rows
    assert [row.line for row in rows] == [2, 3, 5, 6]  # Zoë signed up twice: the later answer wins
    ada, bob, zoe, testy = rows
    assert (ada.name, ada.first_name, ada.last_name) == ("Ada E.", "Ada", "Example")  # badge name
    assert ada.external_id == "ada@example.com|ada example"  # the legal name: badge names get edited
    assert zoe.external_id == "zoe@example.net|zoe sample-astrom"
    assert bob.name == "Bob Placeholder"  # no badge name given
    assert bob.email == "bob@example.org"  # the first of the two "Email address" columns
    assert dict(zoe.answers)["Which days will you attend?"] == "Day 1, Day 2"
    assert dict(zoe.answers)["Dietary requirements"] == "Nut allergy, no shellfish"
    assert zoe.name == "Zoë S-Å" and zoe.organisation == "Example Universitet"
    assert testy.name == "testy mctestface"  # the shop's spelling is kept
    assert dict(testy.answers)["Job title"] == 'Chief "Tester"'
    assert "Timestamp" not in dict(ada.answers)
