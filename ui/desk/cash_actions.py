"""The desk's money: walk-ins, payment of unpaid tickets, the cash drawer, the treasurer screen and PINs.

The desk window owns one of these; every dialog goes through `run_dialog`, which tests replace with a
function that fills the dialog in and presses its buttons (Mu's narrow view: no exec() in tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from kiosk import money
from kiosk.attendees import Attendee
from kiosk.desk import desk_printers

if TYPE_CHECKING:
    from kiosk.cash.payments import Payment
    from ui.desk.window import DeskWindow

DialogRunner = Callable[[QDialog], bool]


def run_modal(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


class CashActions:
    def __init__(self, window: DeskWindow) -> None:
        self.window = window
        self.run_dialog: DialogRunner = run_modal
        self.treasurer_window: QWidget | None = None
        self.drawer_window: QWidget | None = None

    @property
    def _store(self):  # type: ignore[no-untyped-def]
        return self.window.store

    # --- walk-ins and payments --------------------------------------------------------------------------

    def walk_in(self) -> None:
        """F3: register someone without a ticket, take payment, check in and print, in one flow."""
        from ui.cash.walk_in import WalkInDialog

        window = self.window
        dialog = WalkInDialog(window, window.store, window.shift, window.day)
        if not self.run_dialog(dialog):
            return
        if dialog.existing is not None:  # "It's them": the desk shows the attendee who was registered before
            window.show_attendee(dialog.existing)
            window.banner.show_outcome("info", f"Already registered — {dialog.existing.name}: check them in here")
            return
        done = dialog.registered
        if done is None:
            return
        words = f"Registered — {done.attendee.name}"
        words += " — checked in" if done.checkin is not None else ""
        words += self._change_words(done.payment)
        window.show_attendee(done.attendee)
        self._after_payment(done.attendee, done.payment, words, print_badge=True)

    def take_payment(self, attendee: Attendee, then_check_in: bool) -> bool:
        """An unpaid ticket pays at the desk; then (from a check-in) they are checked in and the badge prints."""
        from ui.cash.payment_dialog import PaymentDialog

        window = self.window
        dialog = PaymentDialog(window, window.store, attendee, window.shift, window.day)
        if not self.run_dialog(dialog) or dialog.payment is None:
            return False
        paid = dialog.payment
        how = "" if paid.method in ("comp", "invoice") else f" by {paid.method}"
        words = f"Paid {money.format_amount(paid.amount_minor, paid.currency)}{how}{self._change_words(paid)}"
        if paid.method == "comp":
            words = "Complimentary"
        elif paid.method == "invoice":
            words = f"Pay later: invoice to {paid.details.get('billing_email', '')}"
        if not then_check_in:
            words += f" — {attendee.name}"
        if then_check_in:
            window.check_in_after_payment(attendee.id, words)
        else:
            window.banner.show_outcome("info", words)
            window.refresh()
        self._print_receipt(dialog.payment)
        return True

    def _change_words(self, payment: Payment | None) -> str:
        if payment is None or payment.method != "cash":
            return ""
        return f" — CHANGE {money.format_amount(payment.change_minor, payment.currency)}"

    def _after_payment(self, attendee: Attendee, payment: Payment | None, words: str, print_badge: bool) -> None:
        window = self.window
        if print_badge:
            words += " — badge printing"
        window.banner.show_outcome("checked_in", words)
        window.sounds.play("checked_in")
        window.refresh()
        if print_badge:
            window.queue_badge(attendee.id)
        if payment is not None:
            self._print_receipt(payment)

    def _print_receipt(self, payment: Payment) -> None:
        """To this desk's receipt printer, else as a PDF in <data dir>/receipts/<event>/ (queued like a badge:
        a dead printer keeps the receipt and the strip shows it)."""
        store = self.window.store
        printer = desk_printers(store.path.parent.parent).receipt
        printer = printer or f"pdf://{store.path.parent.parent / 'receipts' / store.path.stem}"
        try:
            self.window.print_queue.enqueue_receipt(payment.id, printer, self.window.shift.actor)
        except (LookupError, ValueError) as exc:
            self.window.banner.show_outcome("unknown", f"No receipt printed: {exc}")

    # --- the drawer, the treasurer, PINs ------------------------------------------------------------------

    def open_drawer(self) -> QWidget:
        """F4: this desk's cash drawer for the day (float, paid in/out, drops, blind count and close)."""
        from ui.cash.drawer_window import DrawerWindow

        window = self.window
        self.drawer_window = DrawerWindow(window, window.store, window.shift, window.day)
        self.drawer_window.show()
        return self.drawer_window

    def open_treasurer(self) -> QWidget | None:
        """The treasurer screen, behind the treasurer PIN (wrong tries slow down, then lock out)."""
        from ui.cash.pin_pad import PinDialog
        from ui.cash.treasurer import TreasurerWindow

        window = self.window
        pin = PinDialog(window, window.store, "treasurer", window.shift.actor, "treasurer screen")
        self.run_dialog(pin)
        authorisation = pin.authorisation
        if authorisation is None:
            return None
        self.treasurer_window = TreasurerWindow(window, window.store, window.shift, authorisation)
        self.treasurer_window.show()
        return self.treasurer_window

    def open_pin_settings(self) -> QWidget:
        from ui.settings.pins import PinSettings

        dialog = PinSettings(self.window, self.window.store, self.window.shift.actor)
        dialog.show()
        return dialog
