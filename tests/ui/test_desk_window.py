"""The desk screen on the demo event, driven like a volunteer would; screenshots saved to look at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.demo import install_demo
from kiosk.desk import Shift
from kiosk.store import Store
from printers.pdf import PdfFolderPrinter
from ui.desk.sounds import Silent
from ui.desk.window import DeskWindow
from ui.tasks import run_synchronously

SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture
def desk(qtbot: QtBot, tmp_path: Path) -> Iterator[DeskWindow]:
    store = Store.open(tmp_path / "demo.sqlite", device="desk-2")
    install_demo(store, today=dt.date.today())
    window = DeskWindow(store, Shift(desk="Desk 2", volunteer="Sam"), sounds=Silent(),
                        printer=PdfFolderPrinter(tmp_path / "badges"), runner=run_synchronously)
    qtbot.addWidget(window)
    window.offered: list[str] = []  # type: ignore[attr-defined]  # dialogs the desk opened, answered "Cancel"
    window.cash.run_dialog = lambda dialog: window.offered.append(type(dialog).__name__) or False  # type: ignore[attr-defined]
    window.resize(1366, 768)
    window.show()
    yield window
    store.close()


def shot(window: DeskWindow, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / f"desk-{name}.png"))


def test_typing_mul_shows_muller_and_enter_checks_in(qtbot: QtBot, desk: DeskWindow) -> None:
    qtbot.keyClicks(desk.search_field, "mul")
    names = [h.attendee.name for h in desk.model.hits]
    assert "Anna Müller" in names
    shot(desk, "search-mul")
    qtbot.keyClicks(desk.search_field, "ler anna")
    assert desk.selected_hit() is not None and desk.selected_hit().attendee.name == "Anna Müller"  # type: ignore[union-attr]
    qtbot.keyClick(desk.search_field, Qt.Key.Key_Return)
    assert desk.banner.outcome == "checked_in"
    assert "Anna Müller" in desk.banner.text()
    assert desk.model.hits[0].checked_in
    assert "1</b> checked in today" in desk.counters.text()
    shot(desk, "banner-checked-in")

    qtbot.keyClick(desk.search_field, Qt.Key.Key_Return)
    assert desk.banner.outcome == "already"
    assert "Desk 2" in desk.banner.text() and "Sam" in desk.banner.text()
    assert isinstance(desk.sounds, Silent) and desk.sounds.played == ["checked_in", "already"]
    shot(desk, "banner-already")


def test_refusals_show_their_own_banner(qtbot: QtBot, desk: DeskWindow) -> None:
    cancelled = next(h.attendee for h in _everyone(desk) if h.attendee.status == "cancelled")
    unpaid = next(h.attendee for h in _everyone(desk) if h.attendee.status == "unpaid")
    desk.check_in_scanned(cancelled.code)
    assert desk.banner.outcome == "cancelled" and "help desk" in desk.banner.text()
    shot(desk, "banner-cancelled")
    desk.check_in_scanned(unpaid.code)
    assert desk.banner.outcome == "unpaid" and "take payment" in desk.banner.text()
    assert desk.offered == ["PaymentDialog"]  # type: ignore[attr-defined]  # the same scan goes on to the payment
    shot(desk, "banner-unpaid")
    before = desk.store.event_count()
    desk.check_in_scanned("NOT-A-TICKET-123")
    assert desk.banner.outcome == "unknown" and "search by name" in desk.banner.text()
    assert desk.store.event_count() == before
    assert isinstance(desk.sounds, Silent) and desk.sounds.played == ["cancelled", "unpaid", "unknown"]
    shot(desk, "banner-unknown")


def test_undo_asks_a_reason_and_is_in_the_log(qtbot: QtBot, desk: DeskWindow) -> None:
    qtbot.keyClicks(desk.search_field, "soren kierkegaard")
    qtbot.keyClick(desk.search_field, Qt.Key.Key_Return)
    assert desk.banner.outcome == "checked_in"
    desk.ask_reason = lambda question: None  # the volunteer cancels: nothing happens
    desk.panel.undo_button.click()
    assert desk.model.hits[0].checked_in
    desk.ask_reason = lambda question: "wrong Søren"
    desk.panel.undo_button.click()
    assert not desk.model.hits[0].checked_in
    last = desk.store.conn.execute("SELECT type, body, actor FROM events ORDER BY rowid DESC LIMIT 1").fetchone()
    assert last[0] == "checkin.undone" and "wrong Søren" in last[1] and last[2] == "Sam @ Desk 2"
    shot(desk, "attendee-panel-undone")


def test_an_edit_shows_in_the_search_results(qtbot: QtBot, desk: DeskWindow) -> None:
    qtbot.keyClicks(desk.search_field, "jan lukasiewicz")
    hit = desk.selected_hit()
    assert hit is not None
    desk.ask_edit = lambda attendee: {"organisation": "Uniwersytet Warszawski", "interests": ["Science", "Games"]}
    desk.panel.edit_button.click()
    assert desk.banner.outcome == "info"
    desk.search_field.clear()
    qtbot.keyClicks(desk.search_field, "warszawski")
    assert [h.attendee.name for h in desk.model.hits] == ["Jan Łukasiewicz"]
    assert desk.model.hits[0].attendee.interests == ("Science", "Games")
    shot(desk, "after-edit")


def test_arrow_keys_move_and_escape_clears(qtbot: QtBot, desk: DeskWindow) -> None:
    qtbot.keyClicks(desk.search_field, "an")
    first = desk.selected_hit()
    qtbot.keyClick(desk.search_field, Qt.Key.Key_Down)
    second = desk.selected_hit()
    assert first is not None and second is not None and first.attendee.id != second.attendee.id
    qtbot.keyClick(desk.search_field, Qt.Key.Key_Up)
    assert desk.selected_hit() == first
    qtbot.keyClick(desk.search_field, Qt.Key.Key_Escape)
    assert desk.search_field.text() == ""


def _everyone(desk: DeskWindow) -> list:  # type: ignore[type-arg]
    from kiosk.search import browse

    return browse(desk.store.conn, "", limit=1000, day=desk.day)


def test_a_scan_checks_in_from_any_focus_and_slow_typing_does_not(qtbot: QtBot, desk: DeskWindow) -> None:
    from PySide6.QtWidgets import QApplication

    from tests.ui.test_scan_filter import FakeClock, send
    from ui.scan_filter import ScanFilter

    clock = FakeClock()
    scan_filter = ScanFilter(clock=clock)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.installEventFilter(scan_filter)
    desk.listen_to_scanner(scan_filter)
    try:
        anna = next(h.attendee for h in _everyone(desk) if h.attendee.name == "Anna Müller")
        desk.panel.edit_button.setFocus()  # focus anywhere but the search field
        clock.now += 1000
        send(desk.panel.edit_button, clock, anna.code, 150)  # a human typing the same characters
        assert desk.banner.outcome == "" and not _status(desk, anna.id)
        clock.now += 1000
        send(desk.panel.edit_button, clock, anna.code, 4)  # the scanner: 4 ms a key, then Enter
        assert desk.banner.outcome == "checked_in" and "Anna Müller" in desk.banner.text()
        assert _status(desk, anna.id)
        shot(desk, "scan-checked-in")
        clock.now += 1000
        desk.search_field.setFocus()
        send(desk.search_field, clock, anna.code, 3)
        assert desk.banner.outcome == "already"
    finally:
        app.removeEventFilter(scan_filter)


def _status(desk: DeskWindow, attendee_id: str) -> bool:
    from kiosk import attendees

    return attendees.active_checkin(desk.store.conn, attendee_id, desk.day) is not None


def test_text_scales_and_high_contrast_for_tired_eyes(qtbot: QtBot, desk: DeskWindow) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    base, banner = desk.search_field.font().pointSizeF(), desk.banner.font().pointSizeF()
    try:
        desk.zoom(1.1)
        desk.zoom(1.1)
        assert desk.search_field.font().pointSizeF() > base * 1.2
        assert desk.banner.font().pointSizeF() > banner * 1.2
        desk.toggle_high_contrast()
        assert "#ffff00" in app.styleSheet()
        qtbot.keyClicks(desk.search_field, "mul")
        shot(desk, "large-high-contrast")
    finally:
        desk.zoom(None)
        if app.styleSheet():
            desk.toggle_high_contrast()
    assert desk.search_field.font().pointSizeF() == base and app.styleSheet() == ""


def test_works_on_a_4k_screen(qtbot: QtBot, desk: DeskWindow) -> None:
    desk.resize(3840, 2160)
    qtbot.keyClicks(desk.search_field, "an")
    assert desk.model.rowCount() > 10
    assert desk.table.columnWidth(0) >= 200 and desk.banner.isVisible()


def test_check_in_prints_the_badge_once_and_a_reprint_asks_why(qtbot: QtBot, desk: DeskWindow) -> None:
    from kiosk.printing import badge_prints

    qtbot.keyClicks(desk.search_field, "karl gross")
    qtbot.keyClick(desk.search_field, Qt.Key.Key_Return)
    hit = desk.selected_hit()
    assert hit is not None and "badge printing" in desk.banner.text()
    folder = Path(desk.printer_url.removeprefix("pdf://"))
    qtbot.waitUntil(lambda: len(list(folder.glob("*.pdf"))) == 1, timeout=5000)  # printed after the banner
    assert [p.reprint for p in badge_prints(desk.store, hit.attendee.id)] == [False]
    assert desk.panel.print_button.text() == "Reprint badge…"
    shot(desk, "attendee-panel-printed")

    desk.ask_reason = lambda question: None  # cancelled: nothing printed
    desk.panel.print_button.click()
    assert len(list(folder.glob("*.pdf"))) == 1
    desk.ask_reason = lambda question: "lost it"
    desk.panel.print_button.click()
    prints = [(p.reprint, p.reason) for p in badge_prints(desk.store, hit.attendee.id)]
    assert prints == [(False, ""), (True, "lost it")]

    jammed = Jammed()
    desk.print_queue.pump.open_printer = lambda url: jammed
    desk.ask_reason = lambda question: "again"
    desk.panel.print_button.click()
    assert desk.banner.outcome == "already" and "paper out" in desk.banner.text()
    assert len(badge_prints(desk.store, hit.attendee.id)) == 2  # nothing recorded for the jammed printer
    assert desk.print_jobs.isVisible() and "paper out" in desk.print_jobs.current[0].text.text()
    shot(desk, "print-job-waiting")


class Jammed:
    """A printer that is out of paper until `fixed`; counts what it printed."""

    name = "zpl://192.0.2.9:9100"

    def __init__(self) -> None:
        self.fixed, self.printed = False, 0

    def print_document(self, document: object) -> str:
        from kiosk.printing import PrinterError

        if not self.fixed:
            raise PrinterError("paper out")
        self.printed += 1
        return f"zpl-job-{self.printed}"

    def status(self) -> object:
        return None


def test_a_dead_printer_keeps_the_badge_and_prints_it_once_when_back(qtbot: QtBot, desk: DeskWindow) -> None:
    from kiosk import print_queue
    from kiosk.printing import badge_prints

    jammed = Jammed()
    desk.print_queue.pump.open_printer = lambda url: jammed
    qtbot.keyClicks(desk.search_field, "karl gross")
    qtbot.keyClick(desk.search_field, Qt.Key.Key_Return)
    hit = desk.selected_hit()
    assert hit is not None and desk.banner.outcome == "checked_in"  # recorded whatever the printer does
    qtbot.waitUntil(lambda: "paper out" in desk.banner.text(), timeout=5000)  # the badge tried after the banner
    (job,) = print_queue.open_jobs(desk.store)
    assert job.state == "failed" and badge_prints(desk.store, hit.attendee.id) == []
    assert desk.print_jobs.isVisible()
    jammed.fixed = True
    retry = next(b for b in desk.print_jobs.current[0].findChildren(QPushButton) if b.text() == "Retry")
    retry.click()
    qtbot.waitUntil(lambda: print_queue.get(desk.store, job.id).state == "done", timeout=5000)
    assert jammed.printed == 1 and len(badge_prints(desk.store, hit.attendee.id)) == 1
    qtbot.waitUntil(lambda: not desk.print_jobs.isVisible(), timeout=2000)
    for _ in range(3):
        desk.print_queue.tick()
    assert jammed.printed == 1  # once


def test_badge_preview_shows_the_pdf_the_printer_gets(qtbot: QtBot, desk: DeskWindow) -> None:
    desk.search_field.setText("ελενη")  # QTest cannot type Greek; an input method commits text like this
    dialog = desk.preview_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert dialog.image.width() == 640 and dialog.image.height() == 480  # 4 x 3 in
    dark = sum(1 for x in range(0, 640, 8) for y in range(0, 480, 8) if dialog.image.pixelColor(x, y).value() < 100)
    assert dark > 50  # the name, the QR code: really drawn, not a blank page
    dialog.grab().save(str(SCREENSHOTS / "badge-preview.png"))


def test_the_preview_warns_about_a_letter_no_font_has_and_sticker_mode_says_which_dots(
        qtbot: QtBot, desk: DeskWindow) -> None:
    from dataclasses import replace

    from kiosk.badges.selection import save_layout
    from kiosk.editing import edit_attendee

    desk.search_field.setText("ελενη")
    hit = desk.selected_hit()
    assert hit is not None
    edit_attendee(desk.store, hit.attendee.id, {"first_name": "Ελένη 𓀀"}, actor="Sam")
    save_layout(desk.store, replace(desk.store.config().badge_layout(), markers="stickers"), actor="Organiser")
    desk.search_field.clear()
    desk.search_field.setText("ελενη")
    dialog = desk.preview_selected()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert not dialog.warning_label.isHidden() and "no bundled font has 𓀀 (U+13000)" in dialog.warning_label.text()
    assert not dialog.sticker_label.isHidden() and " dot — " in dialog.sticker_label.text()
    dialog.grab().save(str(SCREENSHOTS / "badge-preview-warning.png"))

    desk.panel.print_button.click()  # printed all the same, and the banner says what is wrong on the paper
    assert desk.banner.outcome == "already" and "no bundled font has 𓀀" in desk.banner.text()
    assert "add stickers:" in desk.banner.text()
    shot(desk, "banner-stickers")


def test_a_cancelled_ticket_gets_no_badge_and_the_desk_says_why(qtbot: QtBot, desk: DeskWindow) -> None:
    from kiosk import print_queue

    row = desk.store.conn.execute("SELECT name FROM attendees WHERE status = 'cancelled' LIMIT 1").fetchone()
    desk.search_field.setText(row[0])
    hit = desk.selected_hit()
    assert hit is not None and hit.attendee.status == "cancelled"
    desk.print_selected()
    assert desk.banner.outcome == "cancelled" and "no badge" in desk.banner.text()
    assert print_queue.open_jobs(desk.store) == []
