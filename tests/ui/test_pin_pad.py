"""The PIN pad: wrong tries slow down and lock out with a live countdown, each try is in the audit trail, and
the right PIN works again once the lock-out is over."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk import pins
from kiosk.cash.audit import audit_trail
from kiosk.store import Store
from ui.cash.pin_pad import BUTTON_SIZE, PinDialog

SCREENSHOTS = Path(__file__).parent / "screenshots"


class FakeClock:
    """Real time plus an offset the test moves forward (the core records tries at the real time)."""

    def __init__(self) -> None:
        self.offset = dt.timedelta()

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.offset

    def skip(self, seconds: float) -> None:
        self.offset += dt.timedelta(seconds=seconds)


def type_pin(qtbot: QtBot, dialog: PinDialog, pin: str) -> None:
    for digit in pin:
        dialog.digits[digit].click()
    qtbot.keyClick(dialog.entry, Qt.Key.Key_Return)


def test_five_wrong_pins_lock_the_pad_then_the_right_pin_opens(qtbot: QtBot, store: Store) -> None:
    pins.set_pin(store, "treasurer", "2580", actor="boss")
    clock = FakeClock()
    dialog = PinDialog(None, store, "treasurer", "Sam @ Desk 1", "treasurer screen", clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    assert all(b.minimumHeight() >= 64 for b in dialog.digits.values())
    assert BUTTON_SIZE >= 64
    SCREENSHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "pin-pad.png"))

    type_pin(qtbot, dialog, "1111")
    assert "4 tries left" in dialog.message.text()
    assert not dialog.entry.isEnabled() and dialog.countdown.text().startswith("Wait")  # the 1 s delay
    for number in range(2, 6):
        clock.skip(10)  # past each delay
        dialog.tick()
        assert dialog.entry.isEnabled()
        qtbot.keyClicks(dialog.entry, "9999")  # the keyboard works too
        dialog.submit()
        assert dialog.authorisation is None
        if number < 5:
            assert f"{5 - number} tr" in dialog.message.text()
    # The clock ran 40 s ahead of the real time the tries were written at, so 20 s of the minute are left.
    assert dialog.countdown.text() in ("Locked 0:20", "Locked 0:19")
    assert not dialog.digits["5"].isEnabled() and not dialog.ok_button.isEnabled()
    assert dialog.timer.isActive()
    dialog.grab().save(str(SCREENSHOTS / "pin-locked.png"))
    clock.skip(10)
    dialog.tick()
    assert dialog.countdown.text() in ("Locked 0:10", "Locked 0:09")
    assert "Locked after 5 wrong PINs" in dialog.message.text()

    tries = [e for e in audit_trail(store, 50) if e.type == "pin.tried"]
    assert len(tries) == 5 and all(not e.ok for e in tries)

    clock.skip(11)
    dialog.tick()
    assert dialog.entry.isEnabled() and dialog.countdown.text() == ""
    type_pin(qtbot, dialog, "2580")
    assert dialog.authorisation is not None and dialog.authorisation.role == "treasurer"
    assert dialog.result() == PinDialog.DialogCode.Accepted
    assert next(e.ok for e in audit_trail(store, 50) if e.type == "pin.tried") is True  # newest first


def test_no_pin_set_points_to_settings(qtbot: QtBot, store: Store) -> None:
    dialog = PinDialog(None, store, "treasurer", "Sam", "void")
    qtbot.addWidget(dialog)
    assert "PINs…" in dialog.message.text()
    assert not dialog.ok_button.isEnabled()


def test_admin_pin_may_stand_in(qtbot: QtBot, store: Store) -> None:
    pins.set_pin(store, "treasurer", "2580", actor="boss")
    pins.set_pin(store, "admin", "7391", actor="boss")
    dialog = PinDialog(None, store, "treasurer", "Sam", "change the treasurer PIN", also_role="admin")
    qtbot.addWidget(dialog)
    dialog.switch_button.click()
    assert dialog.role == "admin" and "Admin PIN" in dialog.title.text()
    type_pin(qtbot, dialog, "7391")
    assert dialog.authorisation is not None and dialog.authorisation.role == "admin"
