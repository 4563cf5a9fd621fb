"""Settings → PINs: set or change the treasurer and admin PINs (typed twice). Changing a PIN that is set takes
that role's current PIN or the admin PIN (PIN pad). At first start, `FirstPinsDialog` asks for both; it may
be put off, and says what stays closed until then."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk import pins
from kiosk.pins import Authorisation, PinRefused, Role
from kiosk.store import Store
from ui.cash.pin_pad import ROLE_NAMES, ask_authorisation

Asker = Callable[[Role, str], Authorisation | None]  # (role whose PIN, purpose) → authorisation or None
ROLE_USE = {"treasurer": "opens the treasurer screen and authorises voids, refunds and reopened drawers",
            "admin": "changes settings and may replace a forgotten treasurer PIN"}
ERROR = "color: #b71c1c; font-weight: bold;"


def needs_first_pins(store: Store) -> bool:
    """True while the treasurer or the admin PIN is not set (the launcher shows FirstPinsDialog)."""
    return not all(pins.has_pin(store, role) for role in pins.ROLES)


class PinFields(QWidget):
    """A new PIN typed twice, masked, digits only."""

    def __init__(self) -> None:
        super().__init__()
        self.new, self.repeat = QLineEdit(), QLineEdit()
        for field, name in ((self.new, "New PIN"), (self.repeat, "Repeat the new PIN")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(pins.MAX_LENGTH)
            field.setValidator(QRegularExpressionValidator(r"[0-9]*", field))
            field.setAccessibleName(name)
            field.setMinimumHeight(40)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(f"New PIN ({pins.MIN_LENGTH}–{pins.MAX_LENGTH} digits)", self.new)
        form.addRow("Repeat it", self.repeat)

    def pin(self) -> str:
        """The PIN, checked here before anything is asked or written; PinRefused says what is wrong."""
        if self.new.text() != self.repeat.text():
            raise PinRefused("the two PINs differ: type the same PIN twice")
        pins.check_strength(self.new.text())
        return self.new.text()

    def clear(self) -> None:
        self.new.clear()
        self.repeat.clear()


class PinSettings(QDialog):
    """`ask_authorisation(role, purpose)` is a replaceable callable (tests answer it)."""

    def __init__(self, parent: QWidget | None, store: Store, actor: str) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.setWindowTitle("PINs")
        self.ask_authorisation: Asker = lambda role, purpose: ask_authorisation(
            self, store, role, actor, purpose, also_role="admin" if role != "admin" else None)
        self.fields: dict[Role, PinFields] = {}
        self.status: dict[Role, QLabel] = {}
        self.messages: dict[Role, QLabel] = {}
        self.save_buttons: dict[Role, QPushButton] = {}
        layout = QVBoxLayout(self)
        for role in pins.ROLES:
            layout.addWidget(self._group(role))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.setMinimumWidth(560)
        self.refresh()

    def _group(self, role: Role) -> QGroupBox:
        group = QGroupBox(f"{ROLE_NAMES[role]} PIN")
        self.status[role] = QLabel(wordWrap=True)
        self.fields[role] = PinFields()
        self.messages[role] = QLabel(wordWrap=True)
        self.save_buttons[role] = QPushButton()
        self.save_buttons[role].setMinimumHeight(44)
        self.save_buttons[role].setAutoDefault(False)
        self.save_buttons[role].clicked.connect(lambda _=False, r=role: self.save(r))
        inner = QVBoxLayout(group)
        inner.addWidget(self.status[role])
        inner.addWidget(self.fields[role])
        inner.addWidget(self.save_buttons[role])
        inner.addWidget(self.messages[role])
        return group

    def refresh(self) -> None:
        for role in pins.ROLES:
            is_set = pins.has_pin(self.store, role)
            self.status[role].setText(f"<b>{'Set' if is_set else 'Not set yet'}</b> — the {role} PIN "
                                      f"{ROLE_USE[role]}.")
            self.save_buttons[role].setText(f"Change the {role} PIN…" if is_set else f"Set the {role} PIN")

    def say(self, role: Role, text: str, error: bool = False) -> None:
        self.messages[role].setText(text)
        self.messages[role].setStyleSheet(ERROR if error else "color: #1b5e20; font-weight: bold;")

    def save(self, role: Role) -> bool:
        try:
            pin = self.fields[role].pin()
        except PinRefused as exc:
            self.say(role, f"Not saved: {exc}", error=True)
            return False
        authorisation = None
        if pins.has_pin(self.store, role):
            authorisation = self.ask_authorisation(role, f"change the {role} PIN")
            if authorisation is None:
                self.say(role, "Not changed: the current PIN was not given", error=True)
                return False
        try:
            pins.set_pin(self.store, role, pin, actor=self.actor, authorisation=authorisation)
        except PinRefused as exc:
            self.say(role, f"Not saved: {exc}", error=True)
            return False
        self.fields[role].clear()
        self.say(role, f"The {role} PIN is saved. It reaches the other desks with the next sync.")
        self.refresh()
        return True


class FirstPinsDialog(QDialog):
    """At first start: both PINs, or "Later" (the treasurer screen then stays closed)."""

    def __init__(self, parent: QWidget | None, store: Store, actor: str) -> None:
        super().__init__(parent)
        self.store, self.actor = store, actor
        self.setWindowTitle("Set the PINs")
        self.fields: dict[Role, PinFields] = {}
        intro = QLabel("Two PINs protect the money: the <b>treasurer</b> PIN opens the treasurer screen and "
                       "authorises voids, refunds and reopened drawers; the <b>admin</b> PIN can replace a "
                       "forgotten one. Volunteers need neither.<br><br>You may set them later with "
                       "More ▾ → \"PINs…\" at the top of the desk, but until the treasurer PIN is set the treasurer "
                       "screen stays closed and no payment can be voided or refunded.", wordWrap=True)
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet(ERROR)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for role in pins.ROLES:
            group = QGroupBox(f"{ROLE_NAMES[role]} PIN")
            inner = QVBoxLayout(group)
            if pins.has_pin(store, role):
                inner.addWidget(QLabel("Set already."))
            else:
                self.fields[role] = PinFields()
                inner.addWidget(self.fields[role])
            layout.addWidget(group)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save the PINs", QDialogButtonBox.ButtonRole.AcceptRole)
        self.later_button = buttons.addButton("Later", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def save(self) -> None:
        """Both checked before either is written, so a typo in the second does not leave half done."""
        try:
            chosen = {role: fields.pin() for role, fields in self.fields.items()}
            if len(set(chosen.values())) < len(chosen):
                raise PinRefused("use two different PINs for the treasurer and the admin")
            for role, pin in chosen.items():
                pins.set_pin(self.store, role, pin, actor=self.actor)
        except PinRefused as exc:
            self.message.setText(f"Not saved: {exc}")
            return
        self.accept()
