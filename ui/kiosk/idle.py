"""The idle reset: nobody touched the kiosk for a minute → "Are you still there?" with a 10 s countdown and a
big "Yes, I'm here" → without a touch, back to the welcome screen with every entered value cleared.

`IdleWatch` is an application-wide event filter (any touch, click, key or wheel anywhere, dialogs included,
restarts the wait) and owns the prompt, an overlay over the whole kiosk window: a touch anywhere on it
counts as "I'm here". The shell switches it off on the welcome screen, where there is nothing to lose.
Tests pass short times (`timeout_s=0.2`).
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

IDLE_S = 60.0
COUNTDOWN_S = 10.0
TICK_MS = 200  # the countdown's seconds change on time
_INPUT = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin,
                    QEvent.Type.KeyPress, QEvent.Type.Wheel, QEvent.Type.TabletPress})


class IdleOverlay(QWidget):
    """The prompt: a dimmed layer over the whole window, a panel in the middle."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.panel = QFrame(objectName="panel")
        self.title = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.title.setProperty("role", "title")
        self.countdown = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
        self.countdown.setProperty("role", "heading")
        self.here = QPushButton()
        self.here.setProperty("role", "primary")
        inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(48, 48, 48, 48)
        inner.setSpacing(32)
        inner.addWidget(self.title)
        inner.addWidget(self.countdown)
        inner.addWidget(self.here)
        self.panel.setMaximumWidth(860)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 48, 48, 48)
        outer.addStretch(1)
        outer.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.seconds = math.ceil(COUNTDOWN_S)
        self.retranslate()
        self.hide()

    def show_seconds(self, seconds: int) -> None:
        self.seconds = seconds
        self.countdown.setText(self.tr("Everything you entered will be cleared in {} s.").format(seconds))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Are you still there?"))
        self.here.setText(self.tr("Yes, I'm here"))
        self.here.setAccessibleName(self.tr("Yes, I'm here"))
        self.show_seconds(self.seconds)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()


class IdleWatch(QObject):
    """Install on the application (`install()`); `timed_out` when the countdown ran out (the shell resets)."""

    timed_out = Signal()

    def __init__(self, window: QWidget, timeout_s: float = IDLE_S, countdown_s: float = COUNTDOWN_S) -> None:
        super().__init__(window)
        self.window, self.timeout_s, self.countdown_s = window, timeout_s, countdown_s
        self.active = False
        self.overlay = IdleOverlay(window)
        self.overlay.here.clicked.connect(self.still_here)
        self.idle = QTimer(self, singleShot=True)
        self.idle.timeout.connect(self.prompt)
        self.ticker = QTimer(self, interval=TICK_MS)
        self.ticker.timeout.connect(self._tick)
        self.deadline = 0.0
        window.installEventFilter(self)  # keep the overlay covering the window when it is resized

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.set_active(False)

    @property
    def prompting(self) -> bool:
        return self.overlay.isVisible()

    def set_active(self, active: bool) -> None:
        """On (any screen but the welcome screen) the wait starts over; off, nothing is pending."""
        self.active = active
        self.still_here()
        if not active:
            self.idle.stop()

    def touched(self) -> None:
        """Someone is there: the prompt goes away and the wait starts over."""
        if self.active:
            self.still_here()

    def still_here(self) -> None:
        self.ticker.stop()
        self.overlay.hide()
        if self.active:
            self.idle.start(round(self.timeout_s * 1000))

    def prompt(self) -> None:
        if not self.active:
            return
        self.deadline = time.monotonic() + self.countdown_s
        self.overlay.show_seconds(math.ceil(self.countdown_s))
        self.overlay.cover()
        self.ticker.start()

    def _tick(self) -> None:
        left = self.deadline - time.monotonic()
        if left > 0:
            self.overlay.show_seconds(math.ceil(left))
            return
        self.ticker.stop()
        self.overlay.hide()
        self.idle.stop()
        self.timed_out.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT:
            self.touched()
        elif kind == QEvent.Type.Resize and watched is self.window and self.prompting:
            self.overlay.setGeometry(self.window.rect())
        return False
