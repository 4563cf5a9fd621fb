"""The kiosk shell: it cannot be closed (close, Alt+F4, Esc) except by staff with the admin PIN; the idle
reset clears what was typed; the language switch retranslates; scans reach the screen; badges and pay slips
go to the print queue. The idle prompt is saved to tests/ui/screenshots/kiosk-idle-*.png."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from kiosk import pins, print_queue
from kiosk.cash.audit import audit_trail
from kiosk.config import EventConfig, SelfService, TicketType
from kiosk.self_service import SelfRegistration, register_self
from kiosk.store import Store
from printers.pdf import PdfFolderPrinter
from ui.cash.pin_pad import PinDialog
from ui.kiosk.base import Screen, Shell
from ui.kiosk.shell import KioskWindow, PlaceholderScreen, placeholder_screens
from ui.tasks import run_synchronously

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
ADMIN_PIN = "4826"


@pytest.fixture
def kiosk_store(tmp_path: Path) -> Iterator[Store]:
    # events/<slug>.sqlite under tmp_path, as in a data folder: the kiosk reads desk.json two levels up
    store = Store.open(tmp_path / "events" / "testcon.sqlite", device="kiosk-1")
    store.set_config(EventConfig(name="TestCon", days=(dt.date(2026, 11, 27),), timezone="Europe/Berlin",
                                 ticket_types=(TicketType("Regular", 25000), TicketType("Student", 0)),
                                 self_service=SelfService(ticket_types=("Regular", "Student"))),
                     actor="test")
    yield store
    store.close()


def make_shell(qtbot: QtBot, store: Store, tmp_path: Path, **options: Any) -> KioskWindow:
    window = KioskWindow(store, "Kiosk 1", 1, printer=PdfFolderPrinter(tmp_path / "badges"),
                         runner=run_synchronously, screens=options.pop("screens", placeholder_screens),
                         idle_s=0.2, countdown_s=0.4, translations=tmp_path / "qm", **options)
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    return window


@pytest.fixture
def shell(qtbot: QtBot, kiosk_store: Store, tmp_path: Path) -> Iterator[KioskWindow]:
    window = make_shell(qtbot, kiosk_store, tmp_path)
    yield window
    window.leaving = True  # the test is over: let it close
    window.close()


def form_fields(shell: KioskWindow) -> dict[str, Any]:
    screen = shell.screens["form"]
    assert isinstance(screen, PlaceholderScreen)
    return screen.fields


# --- staying in kiosk mode -------------------------------------------------------------------------------------


def test_close_alt_f4_and_esc_do_not_leave(qtbot: QtBot, shell: KioskWindow) -> None:
    assert shell.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert shell.close() is False and shell.isVisible()
    qtbot.keyClick(shell, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    shell.go("form")
    qtbot.keyClick(form_fields(shell)["name"], Qt.Key.Key_Escape)
    qtbot.keyClick(shell, Qt.Key.Key_Escape)
    assert shell.isVisible() and not shell.leaving and shell.current.name == "form"


def pin_typist(pins_to_type: list[str], offered: list[PinDialog]) -> Callable[[QDialog], bool]:
    """Stands in for exec(): types the next PIN on the pad and presses OK."""

    def run(dialog: QDialog) -> bool:
        assert isinstance(dialog, PinDialog)
        offered.append(dialog)
        later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30 * len(offered))
        dialog.clock = lambda: later  # past the pause that follows a wrong PIN
        dialog.tick()
        for digit in pins_to_type.pop(0):
            dialog.digits[digit].click()
        dialog.ok_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    return run


def test_staff_leave_with_the_admin_pin_after_holding_the_corner(qtbot: QtBot, shell: KioskWindow) -> None:
    pins.set_pin(shell.store, "admin", ADMIN_PIN, actor="boss")
    offered: list[PinDialog] = []
    shell.run_dialog = pin_typist(["1397", ADMIN_PIN], offered)
    corner = shell.hot_corner
    assert corner.geometry().topLeft() == QPoint(0, 0) and corner.width() >= 96
    corner.timer.setInterval(100)  # 2 s in use
    qtbot.mouseClick(corner, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))  # a tap is not a long press
    qtbot.wait(200)
    assert offered == []

    qtbot.mousePress(corner, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    qtbot.waitUntil(lambda: len(offered) == 1, timeout=2000)
    qtbot.mouseRelease(corner, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert offered[0].purpose == "leave kiosk mode" and offered[0].role == "admin"
    assert shell.isVisible() and not shell.leaving  # the wrong PIN

    with qtbot.waitSignal(shell.left, timeout=2000):
        shell.request_exit()  # what Ctrl+Shift+F12 does
    assert shell.leaving and not shell.isVisible()
    tries = [e for e in audit_trail(shell.store) if e.type == "pin.tried"]  # newest first
    assert [e.ok for e in tries] == [True, False] and {e.actor for e in tries} == {"self-service @ Kiosk 1"}


def test_without_an_admin_pin_nobody_leaves(qtbot: QtBot, shell: KioskWindow) -> None:
    offered: list[PinDialog] = []
    shell.run_dialog = lambda dialog: offered.append(dialog) or False  # type: ignore[arg-type, func-returns-value]
    shell.request_exit()
    assert "No admin PIN" in offered[0].message.text() and shell.isVisible()


# --- the idle reset --------------------------------------------------------------------------------------------


def test_idle_prompt_then_reset_clears_every_value(qtbot: QtBot, shell: KioskWindow) -> None:
    shell.go("welcome")
    qtbot.wait(500)
    assert not shell.idle.prompting  # nothing to lose on the welcome screen
    first = shell.confirmation
    shell.set_large_text(True)
    shell.go("form")
    fields = form_fields(shell)
    fields["name"].setText("Zoë Lee")
    fields["email"].setText("zoe@example.org")
    assert shell.keyboard.isVisible()
    qtbot.waitUntil(lambda: shell.idle.prompting, timeout=2000)
    assert shell.idle.overlay.title.text() == "Are you still there?"
    SCREENSHOTS.mkdir(exist_ok=True)
    shell.grab().save(str(SCREENSHOTS / "kiosk-idle-prompt-portrait.png"))
    qtbot.waitUntil(lambda: shell.current.name == "welcome", timeout=3000)
    assert fields["name"].text() == "" and fields["email"].text() == ""
    assert shell.confirmation is not first and not shell.keyboard.isVisible() and not shell.large_text


def test_yes_i_am_here_keeps_everything(qtbot: QtBot, shell: KioskWindow) -> None:
    shell.resize(1920, 1080)
    shell.go("form")
    form_fields(shell)["name"].setText("Zoë Lee")
    qtbot.waitUntil(lambda: shell.idle.prompting, timeout=2000)
    qtbot.wait(50)
    shell.grab().save(str(SCREENSHOTS / "kiosk-idle-prompt-landscape.png"))
    qtbot.mouseClick(shell.idle.overlay.here, Qt.MouseButton.LeftButton)
    assert not shell.idle.prompting
    qtbot.wait(300)  # the countdown would have ended by now
    assert shell.current.name == "form" and form_fields(shell)["name"].text() == "Zoë Lee"


# --- languages, options, scans ---------------------------------------------------------------------------------


def test_the_language_switch_retranslates_and_a_reset_switches_back(qtbot: QtBot, shell: KioskWindow) -> None:
    shell.go("form")
    shell.set_language("de")
    assert shell.language == "de"
    assert shell.status.large.text() == "Große Schrift"
    assert shell.keyboard.enter_key.text() == "Weiter ⏎"
    assert shell.idle.overlay.here.text() == "Ja, ich bin da"
    assert shell.screens["form"].next.text() == "Weiter"  # type: ignore[attr-defined]  # Screen.changeEvent
    assert shell.status.languages["de"].isChecked()
    shell.reset()
    assert shell.language == "en" and shell.status.large.text() == "Large text"


def test_large_text_and_high_contrast_restyle_the_kiosk(shell: KioskWindow) -> None:
    normal = shell.styleSheet()
    shell.set_large_text(True)
    shell.set_high_contrast(True)
    assert shell.styleSheet() != normal and "#ffd600" in shell.styleSheet()
    assert shell.status.large.isChecked() and shell.status.contrast.isChecked()


class ScanningScreen(Screen):
    name = "search"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.codes: list[str] = []

    def scanned(self, code: str) -> None:
        self.codes.append(code)


def test_a_scan_goes_to_the_screen_or_to_the_scanned_screen(qtbot: QtBot, kiosk_store: Store,
                                                            tmp_path: Path) -> None:
    window = make_shell(qtbot, kiosk_store, tmp_path,
                        screens=lambda shell: [*placeholder_screens(shell), ScanningScreen(shell)])
    window.go("search")
    window.scan_filter.scanned.emit("W-7K3M9QX2")
    assert window.screens["search"].codes == ["W-7K3M9QX2"]  # type: ignore[attr-defined]
    window.go("form")
    window.scan_filter.scanned.emit("W-7K3M9QX2")
    assert window.current.name == "scanned"
    assert window.current.context == {"code": "W-7K3M9QX2"}  # type: ignore[attr-defined]
    window.leaving = True


# --- printing ----------------------------------------------------------------------------------------------------


def test_badges_and_pay_slips_go_to_the_print_queue(qtbot: QtBot, kiosk_store: Store, tmp_path: Path) -> None:
    free = register_self(kiosk_store, SelfRegistration("Ann Lee", "ann@lee.com", ticket_type="Student",
                                                       consent=True), day=1, kiosk="Kiosk 1").attendee
    paid = register_self(kiosk_store, SelfRegistration("Bo Berg", "bo@berg.se", ticket_type="Regular",
                                                       consent=True), day=1, kiosk="Kiosk 1").attendee
    window = make_shell(qtbot, kiosk_store, tmp_path)
    assert window.print_pay_slip(paid.id) is False  # no receipt printer on this kiosk
    assert window.print_badge(free.id) == "Your badge is printing."
    assert len(list((tmp_path / "badges").glob("*.pdf"))) == 1
    assert "printed before" in window.print_badge(free.id)
    window.leaving = True

    slips = PdfFolderPrinter(tmp_path / "slips")
    with_receipts = make_shell(qtbot, kiosk_store, tmp_path, receipt_printer=slips)
    assert with_receipts.print_pay_slip(paid.id) is True
    jobs = [j for j in print_queue.jobs_for(kiosk_store, paid.id) if j.kind == "pay_slip"]
    assert [j.state for j in jobs] == ["done"] and jobs[0].actor == "self-service @ Kiosk 1"
    assert len(list((tmp_path / "slips").glob("*.pdf"))) == 1
    with_receipts.leaving = True


def test_ctrl_shift_f12_asks_for_the_admin_pin(qtbot: QtBot, shell: KioskWindow) -> None:
    offered: list[QDialog] = []
    shell.run_dialog = lambda dialog: offered.append(dialog) or False  # type: ignore[func-returns-value]
    shell.activateWindow()
    qtbot.waitActive(shell)
    qtbot.keyClick(shell, Qt.Key.Key_F12, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert len(offered) == 1 and isinstance(offered[0], PinDialog) and shell.isVisible()


def test_the_self_service_flag_opens_no_cli() -> None:
    from ui.main import _wants_cli

    assert not _wants_cli(["--self-service", "--kiosk-name", "Kiosk 2", "--event", "testcon"])
    assert _wants_cli(["import", "x.csv"])
