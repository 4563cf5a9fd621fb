"""A bad file fails as a whole, with a message that points at the line and column to fix."""

from __future__ import annotations

import csv
import io
import pickle
from pathlib import Path

import pytest

from kiosk.importers import FIELDS, ImportFileError, parse_bytes, parse_file


def pretix_with(pretix_csv: Path, line: int, column: str, value: str) -> bytes:
    """The pretix sample with one cell changed; `line` is the record's physical line."""
    with pretix_csv.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    records[line - 1][records[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out).writerows(records)
    return out.getvalue().encode("utf-8")


def fails(data: bytes, path: str = "export.csv", **kwargs: object) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        parse_bytes(data, path, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_message_format() -> None:
    err = ImportFileError("a.csv", 12, "Price", "not an amount of money: 'x'")
    assert str(err) == "a.csv, line 12, column 'Price': not an amount of money: 'x'"
    assert (err.path, err.line, err.column, err.message) == ("a.csv", 12, "Price", "not an amount of money: 'x'")
    assert str(ImportFileError("a.csv", 3, None, "boom")) == "a.csv, line 3: boom"
    assert str(ImportFileError("a.csv", None, "Name", "boom")) == "a.csv, column 'Name': boom"
    assert str(ImportFileError("a.csv", None, None, "boom")) == "a.csv: boom"
    assert str(pickle.loads(pickle.dumps(err))) == str(err)


def test_unknown_status(pretix_csv: Path) -> None:
    err = fails(pretix_with(pretix_csv, 57, "Status", "refunded"))
    assert (err.line, err.column) == (57, "Status")
    assert err.message.startswith("unknown status 'refunded'; expected one of ")
    assert "paid" in err.message and "canceled" in err.message


def test_unparseable_money(pretix_csv: Path) -> None:
    err = fails(pretix_with(pretix_csv, 120, "Price", "12.3.4,5x"))
    assert (err.line, err.column) == (120, "Price")
    assert err.message == "not an amount of money: '12.3.4,5x'"
    assert str(err).startswith("export.csv, line 120, column 'Price': ")


def test_ragged_row_after_a_multiline_record(exports: Path) -> None:
    text = (exports / "pretalx-speakers-orga-export.csv").read_bytes().decode("utf-8")
    lines = text.split("\r\n")  # records end in CRLF, line breaks inside cells are bare LF
    lines[3] += ",one too many"  # the record that starts on physical line 8 (Zoë)
    err = fails("\r\n".join(lines).encode("utf-8"), "pretalx.csv")
    assert (err.line, err.column) == (8, None)
    assert err.message == "9 fields, header has 8"
    assert str(err) == "pretalx.csv, line 8: 9 fields, header has 8"


def test_short_row_is_an_error_but_empty_lines_are_skipped() -> None:
    assert len(parse_bytes(b"Name,Email\n\nAda,a@example.org\n,\n\n", "x.csv").rows) == 1
    err = fails(b"Name,Email,City\nAda,a@example.org,Wien\nBob,b@example.org\n")
    assert (err.line, err.message) == (3, "2 fields, header has 3")


def test_row_without_a_name() -> None:
    err = fails(b"Name,Email\nAda,a@example.org\n,b@example.org\n")
    assert (err.line, err.column, err.message) == (3, "Name", "no name")


def test_pretix_row_without_any_name_falls_back_then_fails(pretix_csv: Path) -> None:
    rows = parse_bytes(pretix_with(pretix_csv, 2, "Attendee name", ""), "x.csv").rows
    assert rows[0].name == "Jorge Muñoz"  # "Invoice address name" of the order
    data = pretix_with(pretix_csv, 2, "Attendee name", "")
    records = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    records[1][records[0].index("Invoice address name")] = ""
    out = io.StringIO()
    csv.writer(out).writerows(records)
    err = fails(out.getvalue().encode("utf-8"))
    assert (err.line, err.column, err.message) == (2, "Attendee name", "no name")


def test_placeholder_name_counts_as_no_name() -> None:
    err = fails(b"Name,Email\nn/a,a@example.org\n")
    assert (err.line, err.column) == (2, "Name")


def test_empty_file_and_header_only(pretix_csv: Path) -> None:
    for data in (b"", b"\xef\xbb\xbf", b"\r\n\r\n"):
        err = fails(data)
        assert (err.line, err.message) == (None, "no attendees in file")
    err = fails(pretix_csv.read_bytes().split(b"\r\n", 1)[0] + b"\r\n")
    assert err.message == "no attendees in file"


def test_no_name_column_suggests_map() -> None:
    err = fails(b"Email,Ticket\na@example.org,Regular\n")
    assert (err.line, err.column) == (1, None)
    assert "--map name=COLUMN" in err.message and "Email, Ticket" in err.message


def test_forced_format_names_the_missing_column(exports: Path) -> None:
    data = (exports / "meetup-event-attendees.csv").read_bytes()
    expected = {"pretix": "Order code", "eventbrite": "Attendee #", "tito": "Ticket Reference", "luma": "api_id"}
    for fmt, column in expected.items():
        err = fails(data, format=fmt)
        assert (err.line, err.column) == (1, column)
        assert err.message == f"missing column for a {fmt} export"


def test_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown format 'excel'"):
        parse_bytes(b"Name\nAda\n", "x.csv", "excel")


def test_map_overrides_auto_mapping(exports: Path) -> None:
    path = exports / "googleforms-conference-signup.csv"
    parsed = parse_file(path, mapping={"name": "First name", "interests": "Which days will you attend?"})
    ada = parsed.rows[0]
    assert (ada.name, ada.first_name, ada.last_name) == ("Ada", "Ada", "Example")
    assert ada.interests == ("Day 1", "Day 2", "Workshop day")
    assert "Which days will you attend?" not in dict(ada.answers)
    # Header lookup is case- and space-insensitive.
    meetup = parse_file(exports / "meetup-event-attendees.csv", mapping={"code": "  user id "})
    assert meetup.rows[0].code == "user 900000001"
    assert meetup.rows[4].code.startswith("C-")  # the guest has no user id


def test_map_works_for_shop_formats_too(pretix_csv: Path) -> None:
    rows = parse_file(pretix_csv, mapping={"email": "Email", "code": "Pseudonymization ID"}).rows
    assert rows[0].email == "jorge.munoz67@example.org"  # the order's address instead of the attendee's
    assert rows[0].code == "3HWPHAQX8G"


def test_map_to_a_missing_column(exports: Path) -> None:
    err = fails((exports / "meetup-event-attendees.csv").read_bytes(), mapping={"email": "E-Mail"})
    assert (err.line, err.column) == (1, "E-Mail")
    assert err.message.startswith("no such column; columns are: Name, Attendance, User ID, Title, ")


def test_map_with_an_unknown_field(exports: Path) -> None:
    with pytest.raises(ValueError) as caught:
        parse_file(exports / "meetup-event-attendees.csv", mapping={"nickname": "Name"})
    assert "unknown field 'nickname'" in str(caught.value)
    assert ", ".join(FIELDS) in str(caught.value)


def test_map_name_fixes_a_file_without_a_name_column() -> None:
    rows = parse_bytes(b"Teilnehmer,Email\nJorge Mu\xc3\xb1oz,j@example.org\n", "x.csv",
                       mapping={"name": "Teilnehmer"}).rows
    assert (rows[0].name, rows[0].last_name) == ("Jorge Muñoz", "Muñoz")


def test_empty_id_is_an_error_in_shop_formats(exports: Path) -> None:
    data = (exports / "eventbrite-2023-attendee-summary-shipping.csv").read_bytes()
    data = data.replace(b",9000000003,", b",,")
    err = fails(data)
    assert (err.line, err.column, err.message) == (4, "Attendee #", "empty value")


def test_file_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        parse_file(tmp_path / "missing.csv")


def test_unterminated_quote_does_not_swallow_the_rest_of_the_file() -> None:
    err = fails(b'Name,Email\nAda,a@example.org\nBob,"b@example.org\nCleo,c@example.org\n')
    assert err.line == 3
    assert "never ends" in err.message


def test_stray_quote_after_a_quoted_cell() -> None:
    err = fails(b'Name;Email\nAda;a@example.org\n"Bob" Placeholder;b@example.org\n')
    assert err.line == 3
    assert err.message.startswith("unreadable CSV: ';' expected")


def test_control_characters_are_dropped() -> None:
    rows = parse_bytes(b"Name,Email\nAda\x00 Example\x07,a@example.org\x1f\n", "x.csv").rows
    assert (rows[0].name, rows[0].email) == ("Ada Example", "a@example.org")
