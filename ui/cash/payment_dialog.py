"""Paying an unpaid ticket at the desk: who, what it costs, the payment panel, and "Take payment"."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.attendees import Attendee
from kiosk.cash.payments import Payment, PaymentRefused, amount_due, take_payment
from kiosk.desk import Shift
from kiosk.store import Store
from ui.cash.payment import PaymentPanel, confirm_words, handle_enter, plain_button, scaled
from ui.desk.theme import STATUS_CHIP


class PaymentDialog(QDialog):
    """A pre-registered attendee who has not paid: who, what ticket, the panel, "Take payment".

    After accept(), `payment` holds the Payment; a refusal is shown inline and nothing typed is lost."""

    def __init__(self, parent: QWidget | None, store: Store, attendee: Attendee, shift: Shift, day: int) -> None:
        super().__init__(parent)
        self.store, self.attendee, self.shift, self.day = store, attendee, shift, day
        self.payment: Payment | None = None
        self.setWindowTitle(f"Take payment — {attendee.name}")
        due = amount_due(store, attendee)
        self.who = QLabel(attendee.name, wordWrap=True)
        scaled(self.who, 1.8)
        chip, background, foreground = STATUS_CHIP["unpaid"]
        details = " · ".join(html.escape(p) for p in (attendee.organisation, f"{attendee.ticket_type} ticket",
                                                      f"code {attendee.code}") if p)
        self.what = QLabel(f"{details} &nbsp;<span style='background:{background}; color:{foreground};"
                           f" font-weight:bold'>&nbsp;{chip}&nbsp;</span>", wordWrap=True)
        self.what.setTextFormat(Qt.TextFormat.RichText)
        self.panel = PaymentPanel(store, day, due, attendee.email, self)
        self.take_button = plain_button("Take payment", height=52)
        self.take_button.setMinimumWidth(320)
        scaled(self.take_button, 1.2)
        self.cancel_button = plain_button("Cancel (Esc)", height=52)
        self.cancel_button.setMinimumWidth(140)
        self.take_button.clicked.connect(self.take)
        self.cancel_button.clicked.connect(self.reject)
        self.panel.changed.connect(self._update)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.take_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(self.what)
        layout.addSpacing(8)
        layout.addWidget(self.panel)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.resize(660, 540)
        self._update()

    def _update(self) -> None:
        self.take_button.setText(confirm_words(self.panel.method, self.panel.amount_minor, self.panel.currency))
        self.take_button.setEnabled(self.panel.can_confirm())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not handle_enter(self, event, self.panel.fields(), self.take):
            super().keyPressEvent(event)

    def take(self) -> None:
        """One durable commit (rule 2) before the dialog says anything happened."""
        tender = self.panel.tender()
        if tender is None:
            self.panel.show_problem(self.panel.missing())
            return
        try:
            self.payment = take_payment(self.store, self.attendee.id, tender, day=self.day, desk=self.shift.desk,
                                        actor=self.shift.actor)
        except PaymentRefused as exc:
            self.panel.show_problem(str(exc))
            return
        self.accept()
