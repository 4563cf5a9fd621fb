"""Recognising a USB barcode/QR scanner anywhere in the window: an application-wide key event filter.

    scan_filter = ScanFilter(app)          # parent keeps it alive
    app.installEventFilter(scan_filter)
    scan_filter.scanned.connect(window.on_scanned)

Every key still reaches the focused widget (see kiosk/scanner.py for why nothing is held back). When a
fast burst ends with Enter/Tab, the filter swallows that Enter/Tab (no default button, no shortcut, no
focus move), puts the focused line edit back as it was before the burst, and emits `scanned(code)`.
Human typing, Enter included, passes through untouched. Other focused widgets (buttons, lists) get the
scanned letters as any typing and mostly ignore them.

Time: by default the key event's own timestamp (the platform's input time, so a UI thread busy searching
on every keystroke does not stretch the gaps), or `time.monotonic()` when Qt gives 0 (offscreen, QTest).
Tests inject `clock` (milliseconds) to be deterministic.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from kiosk.scanner import ScanDetector

_TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)


def _line_edit(widget: QWidget | None) -> QLineEdit | None:
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget.lineEdit()
    return widget if isinstance(widget, QLineEdit) else None


def _typed_into(receiver: QWidget) -> QLineEdit | None:
    """The line edit a key sent to `receiver` ends up in: itself, or (a completer's popup) the focus widget."""
    return _line_edit(receiver) or _line_edit(QApplication.focusWidget())


class ScanFilter(QObject):
    """Install on the QApplication; `scanned(code)` fires once per scan, after the field was put back.

    `clock` returns milliseconds (tests pass a fake one); `detector` lets a caller tune the timing rules.
    """

    scanned = Signal(str)

    def __init__(self, parent: QObject | None = None, clock: Callable[[], float] | None = None,
                 detector: ScanDetector | None = None) -> None:
        super().__init__(parent)
        self.detector = detector or ScanDetector()
        self._clock = clock
        self._source = ""  # which clock the current burst's times come from; a switch ends the burst
        self._before: tuple[QLineEdit, str, int] | None = None  # the line edit as it was before the burst
        self._last: tuple[QWidget, tuple[int, str, int, int]] | None = None  # (receiver, key) last seen

    def _time(self, event: QKeyEvent) -> tuple[str, float]:
        if self._clock is not None:
            return "clock", self._clock()
        if event.timestamp():
            return "event", float(event.timestamp())
        return "monotonic", time.monotonic() * 1000.0

    def _now(self, event: QKeyEvent) -> float:
        source, t = self._time(event)
        if source != self._source:  # times from two clocks cannot be compared: start afresh
            self._source = source
            self.detector.reset()
        return t

    def _would_complete(self, event: QKeyEvent) -> bool:
        source, t = self._time(event)
        return source == self._source and self.detector.would_complete(t) is not None

    def _propagated(self, watched: QWidget, event: QKeyEvent) -> bool:
        """True for the same key press seen again on a parent (Qt re-sends an ignored key up the chain)."""
        sig = (int(event.key()), event.text(), int(event.modifiers().value), int(event.timestamp()))
        last, self._last = self._last, (watched, sig)
        return (last is not None and last[1] == sig and last[0] is not watched and shiboken6.isValid(last[0])
                and watched.isAncestorOf(last[0]))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if not isinstance(event, QKeyEvent) or not isinstance(watched, QWidget):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            # Shortcuts fire before the key press: claim a scan's Enter so no QAction/QShortcut takes it.
            if event.key() in _TERMINATORS and self._would_complete(event):
                event.accept()
                return True
            return False
        if self._propagated(watched, event):
            return False
        if event.isAutoRepeat():  # a key held down: a human (scanners never auto-repeat)
            self.detector.reset()
            return False
        if event.key() in _TERMINATORS:
            code = self.detector.enter(self._now(event))
            if code is None:
                return False
            self._undo_typing(code)
            event.accept()
            self.scanned.emit(code)
            return True
        text = event.text()  # judged by the text, not modifiers: AltGr+Q is a scanner's "@" on a German layout
        if not text:  # Shift (scanners press it for capitals), arrows, F-keys: not part of any code
            return False
        t = self._now(event)
        for char in text:
            if self.detector.feed(char, t):
                field = _typed_into(watched)
                self._before = None if field is None else (field, field.text(), field.cursorPosition())
        return False

    def _undo_typing(self, code: str) -> None:
        """Take the scanner's characters out of the line edit they were typed into."""
        before, self._before = self._before, None
        if before is not None and shiboken6.isValid(before[0]):
            field, text, cursor = before
            if field.text() != text:
                field.setText(text)
                field.setCursorPosition(cursor)
            return
        focused = _line_edit(QApplication.focusWidget())  # no snapshot: drop the trailing code if it is there
        if focused is not None and focused.text().endswith(code):
            focused.setText(focused.text()[: -len(code)])
