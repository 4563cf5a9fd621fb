"""Badges through the core's print operation: recorded only after the printer confirmed; reprints need a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.printing import PrinterError, ReprintNeedsReason, badge_prints, print_badge
from kiosk.rebuild import rebuild
from kiosk.store import Store
from printers.pdf import PdfFolderPrinter
from tests.factories import add_attendees


class DeadPrinter:
    name = "escpos://192.0.2.1:9100"

    def print_document(self, document: object) -> str:
        raise PrinterError("the printer does not answer (offline?)")


def test_a_badge_is_a_pdf_and_the_print_is_an_event(store: Store, tmp_path: Path) -> None:
    (anna,) = add_attendees(store, "Anna Müller", organisation="TU Berlin", interests=["Science", "Web"],
                            role="Speaker", city="Berlin")
    printer = PdfFolderPrinter(tmp_path / "badges")
    done = print_badge(store, anna, printer, actor="Sam @ Desk 2")
    files = list((tmp_path / "badges").glob("*.pdf"))
    assert len(files) == 1 and files[0].read_bytes().startswith(b"%PDF")
    assert b"DejaVuSans" in files[0].read_bytes()  # the bundled font is embedded
    assert not done.reprint and done.printer == printer.name and done.actor == "Sam @ Desk 2"

    with pytest.raises(ReprintNeedsReason):
        print_badge(store, anna, printer, actor="Sam @ Desk 2")
    again = print_badge(store, anna, printer, actor="Sam @ Desk 2", reason="coffee on the first one")
    assert again.reprint and again.reason == "coffee on the first one"
    assert len(list((tmp_path / "badges").glob("*.pdf"))) == 2
    assert [p.reprint for p in badge_prints(store, anna)] == [False, True]
    assert rebuild(store, verify=True).identical


def test_a_dead_printer_records_nothing(store: Store) -> None:
    (anna,) = add_attendees(store, "Anna Müller")
    before = store.event_count()
    with pytest.raises(PrinterError, match="does not answer"):
        print_badge(store, anna, DeadPrinter(), actor="Sam")
    assert store.event_count() == before and badge_prints(store, anna) == []


def test_an_unwritable_folder_is_a_printer_error(store: Store, tmp_path: Path) -> None:
    (anna,) = add_attendees(store, "Anna Müller")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(PrinterError, match="cannot write"):
        print_badge(store, anna, PdfFolderPrinter(blocker / "badges"), actor="Sam")
