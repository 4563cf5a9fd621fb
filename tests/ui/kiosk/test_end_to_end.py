"""The issue's two paths on the real kiosk window (printer, queue and store all real), and the idle reset:
 - scan → "is this you?" → print: the badge comes out of the kiosk's printer;
 - register a paid ticket → pay at the desk → the desk scans the code → paid → checked in → badge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from kiosk import attendees, print_queue
from kiosk.demo import install_demo
from kiosk.desk import Shift
from kiosk.store import Store
from printers.pdf import PdfFolderPrinter
from ui.cash.payment_dialog import PaymentDialog
from ui.desk.sounds import Silent
from ui.desk.window import DeskWindow
from ui.kiosk.screens_register import RegisterScreen
from ui.kiosk.shell import KioskWindow
from ui.tasks import run_synchronously


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "data" / "events" / "demo.sqlite", device="kiosk-1")
    install_demo(store, today=dt.date.today())
    yield store
    store.close()


@pytest.fixture
def kiosk(qtbot: QtBot, demo: Store, tmp_path: Path) -> Iterator[KioskWindow]:
    window = KioskWindow(demo, "Kiosk 1", 1, printer=PdfFolderPrinter(tmp_path / "kiosk-badges"),
                         runner=run_synchronously, idle_s=0.3, countdown_s=0.3, translations=tmp_path / "qm")
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    yield window
    window.leaving = True
    window.close()


def _printed(store: Store, attendee_id: str) -> bool:
    return bool(store.conn.execute("SELECT 1 FROM badge_prints WHERE attendee_id = ?", (attendee_id,)).fetchone())


def test_scan_is_this_you_print_and_the_badge_comes_out(qtbot: QtBot, kiosk: KioskWindow, demo: Store,
                                                       tmp_path: Path) -> None:
    row = demo.conn.execute("SELECT id FROM attendees WHERE status = 'valid' ORDER BY name LIMIT 1").fetchone()
    person = attendees.get(demo.conn, row[0])
    assert person is not None
    kiosk.on_scanned(person.code)
    assert kiosk.current.name == "scanned"
    taps = 0
    for screen, control in (("scanned", "yes"), ("preview", "print_button")):
        assert kiosk.current.name == screen
        getattr(kiosk.current, control).click()
        taps += 1
    assert kiosk.current.name == "badge"
    assert [j.kind for j in print_queue.jobs_for(demo, person.id)] == ["badge"]
    qtbot.waitUntil(lambda: _printed(demo, person.id), timeout=5000)
    assert list((tmp_path / "kiosk-badges").glob("*.pdf"))
    checkin = attendees.active_checkin(demo.conn, person.id, 1)
    assert checkin is not None and checkin.desk == "Kiosk 1" and checkin.volunteer == "self-service"
    kiosk.current.done_button.click()  # type: ignore[attr-defined]
    taps += 1
    assert kiosk.current.name == "welcome" and taps <= 3


def test_register_pay_at_the_desk_scan_paid_badge(qtbot: QtBot, kiosk: KioskWindow, demo: Store,
                                                  tmp_path: Path) -> None:
    kiosk.screens["welcome"].need.click()  # type: ignore[attr-defined]
    screen = kiosk.screens["register"]
    assert isinstance(screen, RegisterScreen) and kiosk.current is screen
    for field, value in zip(screen.fields, ("Zoë Walker", "zoe@walker.example", "Walker & Co", "Graz"),
                            strict=True):
        field.edit.setText(value)
    screen.ticket_buttons["Regular"].click()
    screen.interest_buttons["Science"].click()
    screen.consent.click()
    screen.register_button.click()
    assert kiosk.current.name == "pay_at_desk"
    zoe = attendees.get(demo.conn, demo.conn.execute("SELECT id FROM attendees WHERE name = 'Zoë Walker'")
                        .fetchone()[0])
    assert zoe is not None and zoe.status == "unpaid" and not attendees.checkins(demo.conn, zoe.id)
    assert kiosk.current.code_label.text() == zoe.code  # type: ignore[attr-defined]

    desk_store = Store.open(demo.path, device="desk-2")  # the desk beside the kiosk (after sync: same log)
    desk = DeskWindow(desk_store, Shift(desk="Desk 2", volunteer="Sam"), sounds=Silent(),
                      printer=PdfFolderPrinter(tmp_path / "desk-badges"), runner=run_synchronously)
    qtbot.addWidget(desk)
    try:
        def pay_by_card(dialog: QDialog) -> bool:
            assert isinstance(dialog, PaymentDialog) and dialog.attendee.id == zoe.id
            dialog.panel.choose("card")
            dialog.panel.terminal_field.setText("TRX 5512")
            dialog.take()
            return dialog.payment is not None

        desk.cash.run_dialog = pay_by_card  # type: ignore[assignment]
        desk.check_in_scanned(zoe.code)  # the attendee shows the code (or the slip's QR) at the desk
        assert desk.banner.outcome == "checked_in" and "by card" in desk.banner.text()
        assert attendees.get(desk_store.conn, zoe.id).status == "valid"  # type: ignore[union-attr]
        assert attendees.active_checkin(desk_store.conn, zoe.id, desk.day) is not None
        qtbot.waitUntil(lambda: _printed(desk_store, zoe.id), timeout=5000)
        assert list((tmp_path / "desk-badges").glob("*.pdf"))
    finally:
        desk.close()
        desk_store.close()


def test_idle_asks_then_clears_every_field_and_goes_back_to_welcome(qtbot: QtBot, kiosk: KioskWindow) -> None:
    kiosk.screens["welcome"].need.click()  # type: ignore[attr-defined]
    screen = kiosk.screens["register"]
    assert isinstance(screen, RegisterScreen)
    for field, value in zip(screen.fields, ("Zoë Walker", "zoe@walker.example", "Walker & Co", "Graz"),
                            strict=True):
        field.edit.setText(value)
    screen.ticket_buttons["Regular"].click()
    screen.consent.click()
    qtbot.waitUntil(lambda: kiosk.idle.prompting, timeout=3000)  # "Are you still there?"
    qtbot.waitUntil(lambda: kiosk.current.name == "welcome", timeout=3000)
    typed = [e.text() for s in kiosk.screens.values() for e in s.findChildren(QLineEdit) if e.text()]
    assert typed == [] and not screen.consent.isChecked()
    assert not any(b.isChecked() for b in screen.ticket_buttons.values())
