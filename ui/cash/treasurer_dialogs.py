"""The refund question: how much (at most what is left of the payment), how the money goes back, why, and
whether the ticket is cancelled. A plain dialog; the treasurer window takes it as a replaceable callable."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from kiosk import money
from kiosk.cash.payments import Method, Payment


@dataclass(frozen=True, slots=True)
class RefundAnswer:
    amount_minor: int
    method: Method
    reason: str
    cancel_ticket: bool


class RefundDialog(QDialog):
    def __init__(self, parent: QWidget | None, payment: Payment) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Refund {payment.receipt_no}")
        self.payment = payment
        self.answer: RefundAnswer | None = None
        self.amount = QLineEdit(money.format_amount(payment.amount_minor, payment.currency, symbol=False))
        self.method = QComboBox()
        self.method.addItem("Cash (from this desk's open drawer)", "cash")
        self.method.addItem("Back to the card (on the terminal)", "card")
        self.method.setCurrentIndex(0 if payment.method == "cash" else 1)
        self.reason = QLineEdit(placeholderText="Why the money goes back (required)")
        self.cancel_ticket = QCheckBox("Cancel the ticket (whole amount refunded)")
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b71c1c; font-weight: bold;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(f"{payment.receipt_no}: {money.format_amount(payment.amount_minor, payment.currency)} "
                           f"by {payment.method}, {payment.ticket_type}"))
        form.addRow(f"Amount ({payment.currency})", self.amount)
        form.addRow("Refund by", self.method)
        form.addRow("Reason", self.reason)
        form.addRow(self.cancel_ticket)
        form.addRow(self.message)
        form.addRow(buttons)
        self.setMinimumWidth(480)

    def check(self) -> None:
        try:
            amount = money.parse_amount(self.amount.text(), self.payment.currency)
        except money.AmountError as exc:
            self.message.setText(str(exc))
            return
        if not self.reason.text().strip():
            self.message.setText("Say why the money is refunded")
            return
        method: Method = "cash" if self.method.currentData() == "cash" else "card"
        self.answer = RefundAnswer(amount, method, self.reason.text().strip(), self.cancel_ticket.isChecked())
        self.accept()


def ask_refund(parent: QWidget | None, payment: Payment) -> RefundAnswer | None:
    dialog = RefundDialog(parent, payment)
    dialog.exec()
    return dialog.answer
