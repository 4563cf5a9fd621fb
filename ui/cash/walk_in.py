"""A walk-in at the desk: who they are, whether they are registered already, how they pay — then one call
to `registration.register`, which registers, takes the payment and checks them in in one transaction.

One page in two columns (who | payment) rather than two steps: at 1366 × 768 both fit, the volunteer sees
the price while the person is still spelling their name, and the duplicate warning stays beside the
payment it would save.
"""

from __future__ import annotations

import html
from itertools import pairwise

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk import money
from kiosk.attendees import Attendee
from kiosk.config import EventConfig
from kiosk.desk import Shift
from kiosk.registration import Registered, RegistrationRefused, WalkIn, register, similar
from kiosk.store import Store
from ui.cash.payment import (
    AMBER,
    GREY,
    RED,
    PaymentPanel,
    confirm_words,
    form_label,
    handle_enter,
    plain_button,
    scaled,
)

DUPLICATE_DELAY_MS = 300  # after the last keystroke: a lookup per key would stutter on a slow laptop
DUPLICATES_SHOWN = 3
INTEREST_COLUMNS = 2


def dot_icon(colour: str, letter: str = "", size: int = 22, square: bool = False) -> QIcon:
    """The badge's marker: a coloured dot with its white letter (a square for a role's band)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    rect = QRectF(0, 0, size, size)
    painter.drawRect(rect) if square else painter.drawEllipse(rect)
    if letter:
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(round(size * 0.6))
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, letter)
    painter.end()
    return QIcon(pixmap)


def ticket_words(name: str, price_minor: int, currency: str) -> str:
    return f"{name} — {money.format_amount(price_minor, currency)}" if price_minor else f"{name} — free"


def duplicate_words(attendee: Attendee) -> str:
    status = {"valid": "", "unpaid": "not paid yet"}.get(attendee.status, attendee.status)
    parts = [attendee.organisation, attendee.email, attendee.code, status]
    return " · ".join([f"<b>{html.escape(attendee.name)}</b>", *(html.escape(p) for p in parts if p)])


class WalkInDialog(QDialog):
    """Register a walk-in. After accept(), exactly one of `registered` (a Registered: attendee, payment,
    check-in) or `existing` (an Attendee the volunteer recognised: select them instead) is set.
    Esc or Cancel writes nothing."""

    def __init__(self, parent: QWidget | None, store: Store, shift: Shift, day: int) -> None:
        super().__init__(parent)
        self.store, self.shift, self.day = store, shift, day
        self.config: EventConfig = store.config()
        self.registered: Registered | None = None
        self.existing: Attendee | None = None
        self.setWindowTitle("Walk-in — register, pay and check in")
        self.name_field = QLineEdit(placeholderText="as on the badge, e.g. Anna Müller")
        self.email_field = QLineEdit(placeholderText="for the receipt (optional)")
        self.organisation_field = QLineEdit(placeholderText="optional")
        self.city_field = QLineEdit(placeholderText="optional")
        self.ticket_choice = QComboBox()
        self.role_choice = QComboBox()
        self.interest_boxes: dict[str, QCheckBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.duplicates = QFrame()
        self.duplicate_buttons: list[tuple[Attendee, QPushButton]] = []
        self._duplicate_rows = QVBoxLayout(self.duplicates)
        self._shown_ids: set[str] = set()
        self.panel = PaymentPanel(store, day, 0, parent=self)
        self.free_note = QLabel("Free ticket — nothing to pay.", wordWrap=True)
        self.status = QLabel(wordWrap=True)
        self.status.setAccessibleName("Why not registered")
        self.register_button = plain_button("Register", height=52)
        self.cancel_button = plain_button("Cancel (Esc)", height=52)
        self._timer = QTimer(self, singleShot=True, interval=DUPLICATE_DELAY_MS)
        self._build()
        self._connect()
        self._ticket_changed()
        self._set_tab_order()
        self.resize(1100, 660)
        self.name_field.setFocus()

    # --- layout ---------------------------------------------------------------------------------------

    def _build(self) -> None:
        columns = QHBoxLayout()
        columns.addLayout(self._who_column(), 11)
        columns.addSpacing(16)
        columns.addLayout(self._payment_column(), 10)
        scaled(self.register_button, 1.2)
        self.status.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.cancel_button.setMinimumWidth(160)
        self.register_button.setMinimumWidth(380)
        buttons = QHBoxLayout()  # the status line keeps its place, so the buttons never jump
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.register_button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        scaled(label, 1.3)
        return label

    def _who_column(self) -> QVBoxLayout:
        for name, ticket in ((t.name, t) for t in self.config.ticket_types):
            self.ticket_choice.addItem(ticket_words(name, ticket.price_minor, self.config.currency), name)
        self.role_choice.addItem("— none —", "")
        for role in self.config.roles:
            self.role_choice.addItem(dot_icon(role.colour, square=True), role.name, role.name)
        form = QFormLayout()
        form.setVerticalSpacing(6)
        self._form = form
        for label, key, field in (("Name", "Name", self.name_field), ("Email", "Email", self.email_field),
                                  ("Organisation", "Organisation", self.organisation_field),
                                  ("Home town", "Home town", self.city_field),
                                  ("Ticket", "Ticket type", self.ticket_choice), ("Role", "Role", self.role_choice),
                                  ("Interests", "Interests", self._interests())):
            field.setMinimumHeight(34)
            field.setAccessibleName(label)
            form.addRow(form_label(label) if key != "Interests" else QLabel(label), field)
            self._error_row(form, key)
        scaled(self.name_field, 1.3, bold=False)
        column = QVBoxLayout()
        column.addWidget(self._heading("1 · Who"))
        column.addLayout(form)
        column.addStretch(1)
        return column

    def _interests(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, interest in enumerate(self.config.interests):
            check = QCheckBox(interest.name)
            check.setIcon(dot_icon(interest.colour, interest.letter))
            check.setIconSize(QSize(22, 22))
            check.setAccessibleName(f"Interest {interest.name} ({interest.letter})")
            self.interest_boxes[interest.name] = check
            grid.addWidget(check, index // INTEREST_COLUMNS, index % INTEREST_COLUMNS)
        if not self.config.interests:
            grid.addWidget(QLabel("This event has no interests set up."))
        return box

    def _error_row(self, form: QFormLayout, key: str) -> None:
        """A line under the field for the core's refusal about it, hidden until there is one."""
        label = QLabel(wordWrap=True)
        label.setStyleSheet(f"color: {RED}; font-weight: bold;")
        form.addRow("", label)
        form.setRowVisible(label, False)
        self.errors[key] = label

    def _payment_column(self) -> QVBoxLayout:
        self.duplicates.setStyleSheet(f"QFrame#duplicates {{ background: #fff8e1; border: 2px solid {AMBER};"
                                      " border-radius: 6px; }")
        self.duplicates.setObjectName("duplicates")
        self.duplicates.hide()
        scaled(self.free_note, 1.3)
        self.free_note.setStyleSheet(f"color: {GREY};")
        day_words = (f"They are checked in for day {self.day} as soon as they are registered."
                     if 1 <= self.day <= len(self.config.days) else "Today is not an event day: no check-in.")
        note = QLabel(day_words, wordWrap=True)
        note.setStyleSheet(f"color: {GREY};")
        column = QVBoxLayout()
        column.addWidget(self.duplicates)
        column.addWidget(self._heading("2 · Payment"))
        column.addWidget(self.panel)
        column.addWidget(self.free_note)
        column.addStretch(1)
        column.addWidget(note)
        return column

    def _set_tab_order(self) -> None:
        """Top to bottom, the who column then the payment column (the panel was parented first)."""
        chain: list[QWidget] = [self.name_field, self.email_field, self.organisation_field, self.city_field,
                                self.ticket_choice, self.role_choice, *self.interest_boxes.values(),
                                *(button for _, button in self.duplicate_buttons), *self.panel.focus_chain(),
                                self.cancel_button, self.register_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        for key, field in (("Name", self.name_field), ("Email", self.email_field),
                           ("Organisation", self.organisation_field), ("Home town", self.city_field)):
            field.textChanged.connect(lambda _="", k=key: self._clear_error(k))
        self.name_field.textChanged.connect(lambda _: self._timer.start())
        self.email_field.textChanged.connect(lambda _: self._timer.start())
        self.email_field.textChanged.connect(self.panel.set_default_email)
        self._timer.timeout.connect(self.check_duplicates)
        self.ticket_choice.currentIndexChanged.connect(lambda _: self._ticket_changed())
        self.role_choice.currentIndexChanged.connect(lambda _: self._clear_error("Role"))
        self.panel.changed.connect(self._update_confirm)
        self.register_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.reject)

    # --- state ----------------------------------------------------------------------------------------

    @property
    def price_minor(self) -> int:
        ticket = self.config.ticket_type(str(self.ticket_choice.currentData() or ""))
        return ticket.price_minor if ticket else 0

    def walk_in(self) -> WalkIn:
        return WalkIn(name=self.name_field.text(), email=self.email_field.text(),
                      organisation=self.organisation_field.text(), city=self.city_field.text(),
                      ticket_type=str(self.ticket_choice.currentData() or ""),
                      interests=tuple(n for n, box in self.interest_boxes.items() if box.isChecked()),
                      role=str(self.role_choice.currentData() or ""))

    def _ticket_changed(self) -> None:
        """A free ticket (speaker, staff) has no payment section at all, just "Register"."""
        price = self.price_minor
        self.panel.setVisible(price > 0)
        self.free_note.setVisible(price == 0)
        if price:
            self.panel.set_amount(price)
        self._clear_error("Ticket type")
        self._update_confirm()

    def _update_confirm(self) -> None:
        price = self.price_minor
        self.register_button.setText(confirm_words(self.panel.method if price else None, price,
                                                   self.config.currency, before="Register"))
        self.register_button.setEnabled(price == 0 or self.panel.can_confirm())
        self.panel.show_problem("")
        self._clear_error("Payment")

    def _clear_error(self, key: str) -> None:
        if key in self.errors:
            self.errors[key].clear()
            self._form.setRowVisible(self.errors[key], False)
        if key in self._targets():
            self._targets()[key].setStyleSheet("")
        self.status.clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        chain: list[QWidget] = [self.name_field, self.email_field, self.organisation_field, self.city_field,
                                self.ticket_choice, self.role_choice]
        if self.price_minor:
            fields = self.panel.fields()
            chain += fields if fields else [self.panel.method_buttons["cash"]]
        if not handle_enter(self, event, chain, self.confirm):
            super().keyPressEvent(event)

    def done(self, result: int) -> None:
        self._timer.stop()  # no lookup after the dialog has gone
        super().done(result)

    # --- duplicates -----------------------------------------------------------------------------------

    def check_duplicates(self) -> list[Attendee]:
        """Who may be this person already (same email, a name a typo away), shown with "It's them"."""
        self._timer.stop()
        found = similar(self.store, self.name_field.text(), self.email_field.text())
        layout = self._duplicate_rows
        self._clear_layout(layout)
        self.duplicate_buttons = []
        self._shown_ids = {a.id for a in found}
        self.duplicates.setVisible(bool(found))
        if not found:
            return found
        title = QLabel("⚠ Already registered?")
        title.setStyleSheet(f"color: {AMBER}; border: none;")
        scaled(title, 1.3)
        layout.addWidget(title)
        for attendee in found[:DUPLICATES_SHOWN]:
            layout.addLayout(self._duplicate_row(attendee))
        more = f"{len(found) - DUPLICATES_SHOWN} more not shown: type more of the name. " \
            if len(found) > DUPLICATES_SHOWN else ""
        hint = QLabel(f"{more}Not them? Carry on: Register makes a new person.", wordWrap=True)
        hint.setStyleSheet(f"border: none; color: {GREY};")
        layout.addWidget(hint)
        self._set_tab_order()
        return found

    def _clear_layout(self, layout: QLayout) -> None:
        while (item := layout.takeAt(0)) is not None:
            widget, inner = item.widget(), item.layout()
            if widget is not None:
                widget.hide()  # gone from the screen now, deleted at the next event loop turn
                widget.deleteLater()
            elif inner is not None:
                self._clear_layout(inner)

    def _duplicate_row(self, attendee: Attendee) -> QHBoxLayout:
        row = QHBoxLayout()
        words = QLabel(duplicate_words(attendee), wordWrap=True)
        words.setStyleSheet("border: none;")
        button = plain_button("It's them — open", height=36)
        button.setAccessibleName(f"It's them — open {attendee.name}")
        button.clicked.connect(lambda _=False, a=attendee: self.pick(a))
        row.addWidget(words, 1)
        row.addWidget(button)
        self.duplicate_buttons.append((attendee, button))
        return row

    def pick(self, attendee: Attendee) -> None:
        """The volunteer recognised them: no new registration; the desk selects this attendee instead."""
        self.existing = attendee
        self.accept()

    # --- confirm --------------------------------------------------------------------------------------

    def confirm(self) -> None:
        """Check for duplicates once more (typing may have outrun the delay), then one core call."""
        shown = set(self._shown_ids)
        found = self.check_duplicates()
        if any(a.id not in shown for a in found):
            self._refuse("Not registered yet — they may be registered already (see the list above). Not them? "
                         "Press Register again.", focus=False)
            return
        tender = None
        if self.price_minor:
            tender = self.panel.tender()
            if tender is None:
                self._refuse(f"Payment: {self.panel.missing()}")
                return
        try:
            self.registered = register(self.store, self.walk_in(), tender, day=self.day, desk=self.shift.desk,
                                       volunteer=self.shift.volunteer, actor=self.shift.actor)
        except RegistrationRefused as exc:
            self._refuse(str(exc))
            return
        self.accept()

    def _refuse(self, message: str, focus: bool = True) -> None:
        """Next to the field it is about (the core's messages start with the field's name); nothing typed
        is cleared."""
        key, _, words = message.partition(": ")
        targets = self._targets()
        if key == "Payment":
            self.panel.show_problem(words)
            fields = self.panel.fields()
            if focus and fields:
                fields[0].setFocus()
        elif key in self.errors:
            self.errors[key].setText(f"✖ {words[:1].upper()}{words[1:]}")
            self._form.setRowVisible(self.errors[key], True)
            if key in targets:
                targets[key].setStyleSheet(f"border: 2px solid {RED}; border-radius: 3px;")
                if focus:
                    targets[key].setFocus()
        about = "the payment" if key == "Payment" else f"the {key.lower()}" if key in self.errors else ""
        self.status.setText(f"✖ Not registered yet — fix {about} (in red)" if about else f"✖ {message}")

    def _targets(self) -> dict[str, QWidget]:
        """The field each of the core's refusals is about, by the name its message starts with."""
        return {"Name": self.name_field, "Email": self.email_field, "Organisation": self.organisation_field,
                "Home town": self.city_field, "Ticket type": self.ticket_choice, "Role": self.role_choice}
