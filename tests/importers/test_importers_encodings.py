"""The same export saved by different tools (Excel, LibreOffice, old Windows) gives the same rows."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
from pathlib import Path

from kiosk.importers import ImportedRow, parse_bytes, parse_file


def pretix_records(pretix_csv: Path) -> list[list[str]]:
    with pretix_csv.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write(records: list[list[str]], delimiter: str, lineterminator: str = "\r\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=lineterminator).writerows(records)
    return out.getvalue()


def original(pretix_csv: Path) -> list[ImportedRow]:
    return parse_file(pretix_csv).rows


def test_utf16_tab_separated_like_excel_unicode_text(tmp_path: Path, pretix_csv: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(write(pretix_records(pretix_csv), "\t").encode("utf-16"))  # BOM + little-endian
    assert path.read_bytes().startswith(codecs.BOM_UTF16_LE)
    parsed = parse_file(path)
    assert parsed.format == "pretix"
    assert parsed.rows == original(pretix_csv)


def test_utf16_big_endian(tmp_path: Path, pretix_csv: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(codecs.BOM_UTF16_BE + write(pretix_records(pretix_csv), "\t").encode("utf-16-be"))
    assert parse_file(path).rows == original(pretix_csv)


def test_utf8_bom_semicolons_and_lf(tmp_path: Path, pretix_csv: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(codecs.BOM_UTF8 + write(pretix_records(pretix_csv), ";", "\n").encode("utf-8"))
    parsed = parse_file(path)
    assert parsed.format == "pretix"
    assert parsed.rows == original(pretix_csv)


def test_cp1252_semicolons_and_decimal_commas(tmp_path: Path, pretix_csv: Path) -> None:
    """An old Excel on Windows: cp1252, ';' and "250,00"; only the rows cp1252 can spell survive."""
    records = pretix_records(pretix_csv)
    header, body = records[0], records[1:]
    price = header.index("Price")
    kept_lines: list[int] = []
    rows = [header]
    for line, record in enumerate(body, start=2):
        try:
            ";".join(record).encode("cp1252")
        except UnicodeEncodeError:
            continue
        record = list(record)
        record[price] = record[price].replace(".", ",")
        rows.append(record)
        kept_lines.append(line)
    data = write(rows, ";").encode("cp1252")
    assert 100 < len(kept_lines) < 310
    (tmp_path / "export.csv").write_bytes(data)

    parsed = parse_file(tmp_path / "export.csv")
    expected = {row.line: row for row in original(pretix_csv)}
    assert len(parsed.rows) == len(kept_lines)
    for new_line, (row, old_line) in enumerate(zip(parsed.rows, kept_lines, strict=True), start=2):
        assert row == dataclasses.replace(expected[old_line], line=new_line)
    names = {row.name for row in parsed.rows}
    assert {"Jorge Muñoz", "Jürgen Weiß", "Benoît Mandelbrot"} <= names
    assert not {"Mohammed العتيبي", "Zdeněk Černý", "박지훈"} & names


def test_no_final_newline_and_crlf(tmp_path: Path, pretix_csv: Path) -> None:
    text = write(pretix_records(pretix_csv), ",").rstrip("\r\n")
    assert parse_bytes(text.encode("utf-8"), "x.csv").rows == original(pretix_csv)


def test_utf16_without_bom_is_recognised() -> None:
    text = "Name\tEmail\r\nJorge Muñoz\tjorge@example.org\r\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        rows = parse_bytes(text.encode(encoding), "x.txt").rows
        assert [(r.name, r.email) for r in rows] == [("Jorge Muñoz", "jorge@example.org")]


def test_latin1_bytes_cp1252_cannot_map_do_not_fail() -> None:
    # 0x81 is undefined in cp1252; such a file is read as latin-1 rather than rejected.
    data = "Name;Email\r\nJosé\x81 Pérez;jp@example.org\r\n".encode("latin-1")
    rows = parse_bytes(data, "x.csv").rows
    assert rows[0].email == "jp@example.org"
    assert rows[0].name.startswith("José")


def test_mixed_line_endings_and_blank_lines_keep_physical_line_numbers() -> None:
    data = b'Name,Notes\r\nAda Example,"one\r\ntwo"\n\nBob Placeholder,x\r\n\r\n"Cleo\nPlaceholder",y'
    rows = parse_bytes(data, "x.csv").rows
    assert [(row.line, row.name) for row in rows] == [
        (2, "Ada Example"), (5, "Bob Placeholder"), (7, "Cleo Placeholder")]
    assert rows[0].answers == (("Notes", "one\ntwo"),)
