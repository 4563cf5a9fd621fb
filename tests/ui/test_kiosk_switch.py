"""A desk becomes the self-service kiosk with the admin PIN, and comes back with it; while the kiosk runs,
the hidden desk neither hears the scanner nor pumps the print queue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk import pins
from kiosk.demo import install_demo
from kiosk.desk import Shift
from kiosk.store import Store
from printers.pdf import PdfFolderPrinter
from tests.ui.kiosk.test_shell import pin_typist
from ui.cash.pin_pad import PinDialog
from ui.desk.kiosk_switch import switch_to_kiosk
from ui.desk.sounds import Silent
from ui.desk.window import DeskWindow
from ui.scan_filter import ScanFilter
from ui.tasks import run_synchronously

ADMIN_PIN = "97531"


@pytest.fixture
def desk(qtbot: QtBot, tmp_path: Path) -> Iterator[DeskWindow]:
    store = Store.open(tmp_path / "data" / "events" / "demo.sqlite", device="desk-2")
    install_demo(store, today=dt.date.today())
    window = DeskWindow(store, Shift(desk="Desk 2", volunteer="Sam"), sounds=Silent(),
                        printer=PdfFolderPrinter(tmp_path / "badges"), runner=run_synchronously)
    qtbot.addWidget(window)
    window.show()
    yield window
    kiosk = getattr(window, "kiosk_window", None)
    if kiosk is not None:
        kiosk.leaving = True
        kiosk.close()
    store.close()


def test_no_admin_pin_no_kiosk(desk: DeskWindow) -> None:
    assert switch_to_kiosk(desk, kiosk_mode=False) is None
    assert "Set the admin PIN first" in desk.banner.text() and desk.isVisible()


def test_the_desk_hands_over_to_the_kiosk_and_takes_back(qtbot: QtBot, desk: DeskWindow) -> None:
    pins.set_pin(desk.store, "admin", ADMIN_PIN, actor="boss")
    scan_filter = ScanFilter(desk)
    desk.listen_to_scanner(scan_filter)
    offered: list[PinDialog] = []
    desk.cash.run_dialog = pin_typist(["1111"], offered)  # type: ignore[assignment]
    assert switch_to_kiosk(desk, kiosk_mode=False) is None and desk.isVisible()  # wrong PIN: stays a desk
    desk.cash.run_dialog = pin_typist([ADMIN_PIN], offered)  # type: ignore[assignment]
    kiosk = switch_to_kiosk(desk, kiosk_mode=False)
    assert kiosk is not None and kiosk.isVisible() and not desk.isVisible()
    assert kiosk.kiosk_name == "Desk 2" and kiosk.day == desk.day
    assert not desk.print_queue.timer.isActive()
    before = desk.store.event_count()
    scan_filter.scanned.emit("no-such-code")  # the hidden desk does not answer scans any more
    assert desk.store.event_count() == before and "Unknown" not in desk.banner.text()

    kiosk.run_dialog = pin_typist([ADMIN_PIN], offered)
    kiosk.request_exit()
    assert not kiosk.isVisible() and desk.isVisible()
    assert desk.print_queue.timer.isActive() and "kiosk mode ended" in desk.banner.text()
    scan_filter.scanned.emit("no-such-code")
    assert desk.banner.outcome == "unknown"  # listening again
    tries = [(e.body["ok"], e.body["purpose"]) for e in desk.store.events() if e.type == "pin.tried"]
    assert tries == [(False, "switch this desk to kiosk mode"), (True, "switch this desk to kiosk mode"),
                     (True, "leave kiosk mode")]
