"""The desk's printer settings: found printers, status in words, a test print that records nothing, saving."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk.desk import desk_printers
from kiosk.devices import Document, PrinterError, PrinterStatus
from kiosk.printing import badge_prints
from kiosk.store import Store
from printers import open_printer
from printers.discovery import Found
from tests.factories import add_attendees
from ui.settings.printers import PrinterSettings
from ui.tasks import run_synchronously

SCREENSHOTS = Path(__file__).parent / "screenshots"


class PaperOut:
    name = "brother-ql://10.0.0.12?model=QL-820NWB&label=62"

    def __init__(self) -> None:
        self.printed: list[str] = []

    def print_document(self, document: Document) -> str:
        raise PrinterError("paper out")

    def status(self) -> PrinterStatus:
        return PrinterStatus(False, "paper out")


def test_find_check_test_print_and_save(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    (anna,) = add_attendees(store, "Anna Müller", organisation="TU Berlin")
    from kiosk import attendees

    person = attendees.get(store.conn, anna)
    paper_out = PaperOut()
    folder_printer = f"pdf://{tmp_path / 'test-prints'}"

    def opener(url: str) -> object:
        return paper_out if url == paper_out.name else open_printer(url)

    found = [Found(paper_out.name, "Brother QL-820NWB (10.0.0.12)", "network"),
             Found("cups://Badges", "DYMO LabelWriter 450", "cups")]
    dialog = PrinterSettings(tmp_path, opener, lambda: found, run_synchronously, person, store.config())  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.find()
    assert dialog.badge.count() == 2 and "Found 2 printer(s)" in dialog.message.text()
    dialog.badge.setCurrentIndex(0)
    dialog.badge.activated.emit(0)  # as a click in the list does
    assert dialog.badge.currentText() == paper_out.name and dialog.url(dialog.badge) == paper_out.name
    dialog.check()
    assert dialog.message.text().endswith("paper out")
    dialog.test_print()
    assert "did not print: paper out" in dialog.message.text()
    SCREENSHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "printer-settings.png"))

    dialog.badge.setEditText(folder_printer)
    dialog.test_print()
    assert "Test badge printed" in dialog.message.text() and len(list((tmp_path / "test-prints").glob("*.pdf"))) == 1
    assert badge_prints(store, anna) == []  # a test print is nobody's badge
    dialog.receipt.setEditText("fax://nope")
    dialog.save()
    assert "Not saved" in dialog.message.text() and desk_printers(tmp_path).badge == ""
    dialog.receipt.setEditText("escpos://10.0.0.30:9100?paper=80")
    dialog.save()
    assert desk_printers(tmp_path).badge == folder_printer
    assert desk_printers(tmp_path).receipt == "escpos://10.0.0.30:9100?paper=80"
