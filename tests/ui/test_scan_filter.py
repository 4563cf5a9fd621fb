"""The application-wide scan filter, driven with key events and a fake clock (ASCII only: QTest aborts on CJK)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ui.scan_filter import ScanFilter

CODE = "C-ABCDE12345"
LUMA = "https://luma.com/check-in/evt-X?pk=ABC&x=1_2.3"


class FakeClock:
    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


class Desk(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.first, self.second = QLineEdit(), QLineEdit()
        self.button = QPushButton("Check in")
        layout = QVBoxLayout(self)
        for widget in (self.first, self.second, self.button):
            layout.addWidget(widget)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def scan_filter(qtbot: QtBot, clock: FakeClock) -> Iterator[ScanFilter]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    f = ScanFilter(clock=clock)
    app.installEventFilter(f)
    yield f
    app.removeEventFilter(f)


@pytest.fixture
def desk(qtbot: QtBot, scan_filter: ScanFilter) -> Desk:
    window = Desk()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.second.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.second)
    return window


def send(widget: QWidget, clock: FakeClock, text: str, step_ms: float, enter: Qt.Key = Qt.Key.Key_Return) -> None:
    """Type `text` into the focused widget by QKeyEvents, `step_ms` apart on the fake clock, then `enter`."""
    for char in text:
        clock.now += step_ms
        key = Qt.Key(ord(char.upper())) if char.isalnum() else Qt.Key.Key_unknown
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, char))
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, key, Qt.KeyboardModifier.NoModifier, char))
    clock.now += step_ms
    terminator = "\t" if enter == Qt.Key.Key_Tab else "\r"
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, enter, Qt.KeyboardModifier.NoModifier, terminator))
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, enter, Qt.KeyboardModifier.NoModifier, terminator))


def test_scan_emits_the_code_and_leaves_the_field_as_it_was(qtbot: QtBot, desk: Desk, clock: FakeClock,
                                                            scan_filter: ScanFilter) -> None:
    returns: list[str] = []
    desk.second.returnPressed.connect(lambda: returns.append(desk.second.text()))
    with qtbot.waitSignal(scan_filter.scanned, timeout=1000) as blocker:
        send(desk.second, clock, CODE, 5)
    assert blocker.args == [CODE]
    assert desk.second.text() == ""
    assert returns == []  # the Enter was swallowed
    assert QApplication.focusWidget() is desk.second


def test_scan_after_human_typing_removes_only_the_scan(qtbot: QtBot, desk: Desk, clock: FakeClock,
                                                       scan_filter: ScanFilter) -> None:
    for char in "mu":
        clock.now += 150
        qtbot.keyClick(desk.second, char)
    clock.now += 500
    with qtbot.waitSignal(scan_filter.scanned, timeout=1000) as blocker:
        send(desk.second, clock, LUMA, 5)
    assert blocker.args == [LUMA]
    assert desk.second.text() == "mu"
    assert desk.second.cursorPosition() == 2


def test_scan_typed_into_the_middle_of_a_field_is_taken_out(qtbot: QtBot, desk: Desk, clock: FakeClock,
                                                            scan_filter: ScanFilter) -> None:
    desk.second.setText("anna")
    desk.second.setCursorPosition(2)
    clock.now += 1000
    with qtbot.waitSignal(scan_filter.scanned, timeout=1000) as blocker:
        send(desk.second, clock, CODE, 0)
    assert blocker.args == [CODE]
    assert desk.second.text() == "anna"
    assert desk.second.cursorPosition() == 2


def test_same_keys_at_human_speed_stay_in_the_field_and_enter_reaches_it(qtbot: QtBot, desk: Desk,
                                                                         clock: FakeClock,
                                                                         scan_filter: ScanFilter) -> None:
    returns: list[str] = []
    desk.second.returnPressed.connect(lambda: returns.append(desk.second.text()))
    with qtbot.assertNotEmitted(scan_filter.scanned):
        send(desk.second, clock, CODE, 150)
    assert desk.second.text() == CODE
    assert returns == [CODE]


def test_human_typing_with_qtbot_then_enter_fires_return_pressed(qtbot: QtBot, desk: Desk, clock: FakeClock,
                                                                 scan_filter: ScanFilter) -> None:
    returns: list[str] = []
    desk.second.returnPressed.connect(lambda: returns.append(desk.second.text()))
    with qtbot.assertNotEmitted(scan_filter.scanned):
        for char in "anna":
            clock.now += 90
            qtbot.keyClick(desk.second, char)
        clock.now += 90
        qtbot.keyClick(desk.second, Qt.Key.Key_Return)
    assert returns == ["anna"]


def test_scan_with_qtbot_key_clicks_and_uppercase(qtbot: QtBot, desk: Desk, clock: FakeClock,
                                                  scan_filter: ScanFilter) -> None:
    with qtbot.waitSignal(scan_filter.scanned, timeout=1000) as blocker:
        for char in "Ab-12:cD":
            clock.now += 5
            qtbot.keyClick(desk.second, char)
        clock.now += 5
        qtbot.keyClick(desk.second, Qt.Key.Key_Return)
    assert blocker.args == ["Ab-12:cD"]
    assert desk.second.text() == ""


def test_tab_terminated_scan_does_not_move_focus(qtbot: QtBot, desk: Desk, clock: FakeClock,
                                                 scan_filter: ScanFilter) -> None:
    with qtbot.waitSignal(scan_filter.scanned, timeout=1000) as blocker:
        send(desk.second, clock, CODE, 3, enter=Qt.Key.Key_Tab)
    assert blocker.args == [CODE]
    assert QApplication.focusWidget() is desk.second
    assert desk.second.text() == ""


def test_scan_while_a_button_has_focus_is_seen_once(qtbot: QtBot, desk: Desk, clock: FakeClock,
                                                    scan_filter: ScanFilter) -> None:
    # The button ignores letters, so Qt re-sends each one to its parents: the filter must count it once.
    clicks: list[bool] = []
    desk.button.clicked.connect(lambda: clicks.append(True))
    desk.button.setFocus()
    with qtbot.waitSignal(scan_filter.scanned, timeout=1000) as blocker:
        send(desk.button, clock, CODE, 5)
    assert blocker.args == [CODE]
    assert desk.first.text() == desk.second.text() == ""


def test_scan_does_not_press_a_dialogs_default_button(qtbot: QtBot, clock: FakeClock,
                                                      scan_filter: ScanFilter) -> None:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    field = QLineEdit(dialog)
    ok = QPushButton("OK", dialog)
    ok.setDefault(True)
    ok.clicked.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(field)
    layout.addWidget(ok)
    dialog.show()
    qtbot.waitExposed(dialog)
    field.setFocus()
    with qtbot.waitSignal(scan_filter.scanned, timeout=1000):
        send(field, clock, CODE, 5)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.isVisible()
    assert field.text() == ""
    clock.now += 1000
    send(field, clock, "ok", 200)  # a human's Enter still presses it
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_scan_does_not_trigger_a_return_shortcut(qtbot: QtBot, desk: Desk, clock: FakeClock,
                                                 scan_filter: ScanFilter) -> None:
    fired: list[bool] = []
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_Return), desk)
    shortcut.activated.connect(lambda: fired.append(True))
    with qtbot.waitSignal(scan_filter.scanned, timeout=1000):
        for char in CODE:
            clock.now += 5
            qtbot.keyClick(desk.second, char)
        clock.now += 5
        qtbot.keyClick(desk.second, Qt.Key.Key_Return)
    assert fired == []
    assert desk.second.text() == ""
    clock.now += 1000
    qtbot.keyClick(desk.second, Qt.Key.Key_Return)  # a human's Enter: the shortcut is still there
    assert fired == [True]
