"""The PIN pad: big digits for a touch screen (the keyboard works too), the entry masked, every try through
`kiosk.pins.verify` (so it is in the audit trail), and while the core makes us wait, a live countdown with
the pad disabled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk import pins
from kiosk.pins import Authorisation, Role
from kiosk.store import Store

Clock = Callable[[], dt.datetime]
BUTTON_SIZE = 72          # a fingertip on a touch screen: at least 64 px
TICK_MS = 250             # the countdown redraws often enough to look live
ROLE_NAMES = {"treasurer": "Treasurer", "admin": "Admin"}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def countdown_text(seconds: float) -> str:
    whole = max(1, int(seconds + 0.999))  # never show 0:00 while still waiting
    minutes, rest = divmod(whole, 60)
    return f"{minutes}:{rest:02d}"


class PinDialog(QDialog):
    """Ask one role's PIN for one purpose. After `accept()`, `authorisation` is set.

    `also_role` offers a second role (e.g. the admin PIN may stand in for the treasurer's when changing it).
    `clock` is the time the core compares tries against; tests pass one that jumps ahead."""

    def __init__(self, parent: QWidget | None, store: Store, role: Role, actor: str, purpose: str,
                 also_role: Role | None = None, clock: Clock = utc_now) -> None:
        super().__init__(parent)
        self.store, self.role, self.actor, self.purpose, self.clock = store, role, actor, purpose, clock
        self.also_role = also_role
        self.authorisation: Authorisation | None = None
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.entry = QLineEdit(echoMode=QLineEdit.EchoMode.Password, maxLength=pins.MAX_LENGTH)
        self.entry.setValidator(QRegularExpressionValidator(r"[0-9]*", self.entry))
        self.entry.setAccessibleName("PIN")
        self.entry.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entry.setMinimumHeight(56)
        self.entry.returnPressed.connect(self.submit)
        self.message = QLabel(wordWrap=True)
        self.message.setMinimumHeight(48)
        self.countdown = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.digits: dict[str, QPushButton] = {}
        self.ok_button = QPushButton("OK")
        self.cancel_button = QPushButton("Cancel")
        self.switch_button = QPushButton()
        self.timer = QTimer(self, interval=TICK_MS)
        self.timer.timeout.connect(self.tick)
        self._build()
        self._show_role()

    # --- layout ---------------------------------------------------------------------------------------

    def _build(self) -> None:
        for widget, scale in ((self.title, 1.3), (self.entry, 2.0), (self.countdown, 2.6), (self.message, 1.15)):
            font = widget.font()
            font.setPointSizeF(max(font.pointSizeF(), 9.0) * scale)
            font.setBold(widget is not self.message)
            widget.setFont(font)
        pad = QGridLayout()
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "Clear"]
        for index, key in enumerate(keys):
            button = QPushButton(key)
            button.setMinimumSize(BUTTON_SIZE, BUTTON_SIZE)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard keeps typing into the entry
            font = button.font()
            font.setPointSizeF(max(font.pointSizeF(), 9.0) * (2.0 if key.isdigit() else 1.3))
            button.setFont(font)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            self.digits[key] = button
            pad.addWidget(button, index // 3, index % 3)
        for button in (self.ok_button, self.cancel_button, self.switch_button):
            button.setMinimumHeight(56)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.switch_button.clicked.connect(self.switch_role)
        self.switch_button.setVisible(self.also_role is not None)
        actions = QHBoxLayout()
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.entry)
        layout.addWidget(self.countdown)
        layout.addLayout(pad)
        layout.addWidget(self.message)
        layout.addWidget(self.switch_button)
        layout.addLayout(actions)
        self.setMinimumWidth(360)

    def _show_role(self) -> None:
        name = ROLE_NAMES.get(self.role, self.role)
        self.setWindowTitle(f"{name} PIN")
        self.title.setText(f"{name} PIN — {self.purpose}")
        if self.also_role is not None:
            self.switch_button.setText(f"Use the {ROLE_NAMES.get(self.also_role, self.also_role).lower()} PIN "
                                       "instead")
        self.entry.clear()
        if not pins.has_pin(self.store, self.role):
            self.say(f"No {self.role} PIN is set yet. Set it with More ▾ → “PINs…” at the top of the desk.", error=True)
            self._enable(False)
            self.countdown.clear()
            return
        self.say("Type the PIN on the pad or the keyboard, then OK.")
        self.tick()
        earlier = pins.state(self.store, self.role, now=self.clock())
        if earlier.failures and not earlier.wait_s:
            self.say(f"{earlier.message}: {pins.MAX_TRIES - earlier.failures} tries left before a lock-out.")

    # --- behaviour ------------------------------------------------------------------------------------

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b71c1c; font-weight: bold;" if error else "")

    def press(self, key: str) -> None:
        if key == "⌫":
            self.entry.backspace()
        elif key == "Clear":
            self.entry.clear()
        elif len(self.entry.text()) < pins.MAX_LENGTH:
            self.entry.insert(key)
        self.entry.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Digits typed while a button has the focus still reach the PIN.
        if event.text().isdigit() and event.text().isascii() and self.entry.isEnabled():
            self.press(event.text())
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        if not self.entry.isEnabled():
            return
        pin = self.entry.text()
        if not pin:
            self.say("Type the PIN first.", error=True)
            return
        verdict = pins.verify(self.store, self.role, pin, actor=self.actor, purpose=self.purpose, now=self.clock())
        self.entry.clear()
        if verdict.ok and verdict.authorisation is not None:
            self.authorisation = verdict.authorisation
            self.timer.stop()
            self.accept()
            return
        self.say(verdict.message, error=True)
        self.tick()

    def tick(self) -> None:
        """Disable the pad while the core would refuse a try anyway, and count down to when it will not."""
        now = pins.state(self.store, self.role, now=self.clock())
        if now.wait_s > 0:
            self._enable(False)
            what = "Locked" if now.locked else "Wait"
            self.countdown.setText(f"{what} {countdown_text(now.wait_s)}")
            self.countdown.setStyleSheet("color: #b71c1c;")
            if now.locked:
                self.say(f"Locked after {now.failures} wrong PINs in a row. The pad opens again when the "
                         "countdown ends; every try is in the audit trail.", error=True)
            if not self.timer.isActive():
                self.timer.start()
            return
        self.timer.stop()
        if self.countdown.text().startswith("Locked"):
            self.say("You may try again.")
        self.countdown.clear()
        self._enable(True)

    def _enable(self, enabled: bool) -> None:
        for button in (*self.digits.values(), self.ok_button):
            button.setEnabled(enabled)
        self.entry.setEnabled(enabled)
        if enabled:
            self.entry.setFocus()

    def switch_role(self) -> None:
        if self.also_role is None:
            return
        self.role, self.also_role = self.also_role, self.role
        self._show_role()

    def done(self, result: int) -> None:
        self.timer.stop()
        super().done(result)


def ask_authorisation(parent: QWidget | None, store: Store, role: Role, actor: str, purpose: str,
                      also_role: Role | None = None) -> Authorisation | None:
    """The role's PIN for one act, or None when cancelled (or no PIN is set: the dialog said so)."""
    dialog = PinDialog(parent, store, role, actor, purpose, also_role=also_role)
    dialog.exec()
    return dialog.authorisation
