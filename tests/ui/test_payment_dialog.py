"""Taking payment from a pre-registered attendee who has not paid, driven without exec(); a screenshot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from kiosk import attendees
from kiosk.attendees import Attendee
from kiosk.cash import drawer
from kiosk.cash.payments import Tender, take_payment
from kiosk.desk import Shift
from kiosk.store import Store
from tests.factories import add_attendees
from ui.cash.payment import quick_amounts
from ui.cash.payment_dialog import PaymentDialog

SCREENSHOTS = Path(__file__).parent / "screenshots"
SHIFT = Shift(desk="Desk 1", volunteer="Sam")


def unpaid(store: Store) -> Attendee:
    (attendee_id,) = add_attendees(store, "Anna Müller", status="unpaid", ticket_type="Regular", price_minor=25000,
                                   organisation="TU Berlin", email="anna@example.org")
    attendee = attendees.get(store.conn, attendee_id)
    assert attendee is not None
    return attendee


def payment_dialog(qtbot: QtBot, store: Store, attendee: Attendee) -> PaymentDialog:
    dialog = PaymentDialog(None, store, attendee, SHIFT, day=1)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    return dialog


def open_drawer(store: Store) -> None:
    drawer.open_drawer(store, day=1, desk=SHIFT.desk, counts={1000: 10}, counted_by="Sam", witness="Kim",
                       actor=SHIFT.actor)


def test_cash_from_an_unpaid_attendee_makes_the_ticket_valid(qtbot: QtBot, store: Store) -> None:
    open_drawer(store)
    dialog = payment_dialog(qtbot, store, unpaid(store))
    assert "Anna Müller" in dialog.who.text() and "Regular ticket" in dialog.what.text()
    assert dialog.panel.amount_label.text() == "To pay: €250.00" and dialog.panel.method == "cash"
    dialog.panel.cash_field.setFocus()
    qtbot.keyClicks(dialog.panel.cash_field, "300,00")
    assert "€50.00" in dialog.panel.change_label.text()
    SCREENSHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "payment-unpaid.png"))
    qtbot.keyClick(dialog.panel.cash_field, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.payment is not None and dialog.payment.change_minor == 5000 and dialog.payment.amount_minor == 25000
    person = attendees.get(store.conn, dialog.attendee.id)
    assert person is not None and person.status == "valid"
    current = drawer.current(store, 1)
    assert current is not None and current.expected_minor == 10000 + 25000


def test_a_refusal_is_shown_and_what_was_typed_stays(qtbot: QtBot, store: Store) -> None:
    attendee = unpaid(store)
    dialog = payment_dialog(qtbot, store, attendee)
    dialog.panel.method_buttons["card"].click()
    dialog.panel.terminal_field.setText("TX-1")
    take_payment(store, attendee.id, Tender("comp", reason="x", authorised_by="y"), day=1, desk="Desk 9", actor="t")
    dialog.take_button.click()  # paid meanwhile at another desk
    assert dialog.payment is None and dialog.isVisible()
    assert "nothing to pay" in dialog.panel.message.text() and dialog.panel.terminal_field.text() == "TX-1"


def test_without_an_open_drawer_cash_is_blocked_and_card_works(qtbot: QtBot, store: Store) -> None:
    dialog = payment_dialog(qtbot, store, unpaid(store))
    dialog.panel.method_buttons["cash"].click()
    assert dialog.panel.drawer_warning.isVisible() and not dialog.take_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert dialog.take_button.isEnabled() and dialog.focusWidget() is dialog.panel.terminal_field
    dialog.take_button.click()
    assert dialog.payment is None and "terminal's reference" in dialog.panel.message.text()
    qtbot.keyClicks(dialog.panel.terminal_field, "TX-004512")
    assert not dialog.panel.message.isVisible()  # typing clears the complaint
    qtbot.keyClick(dialog.panel.terminal_field, Qt.Key.Key_Return)
    assert dialog.payment is not None and dialog.payment.method == "card"


def test_pay_later_offers_their_email_and_escape_writes_nothing(qtbot: QtBot, store: Store) -> None:
    attendee = unpaid(store)
    before = store.event_count()
    dialog = payment_dialog(qtbot, store, attendee)
    qtbot.keyClick(dialog, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert dialog.panel.method == "invoice" and dialog.panel.billing_field.text() == "anna@example.org"
    qtbot.keyClick(dialog.panel.billing_field, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and store.event_count() == before


def test_quick_sums_are_round_notes_above_the_price() -> None:
    notes = (50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1)
    assert quick_amounts(25000, notes, "EUR") == [30000, 40000, 50000]
    assert quick_amounts(9000, notes, "EUR") == [10000, 20000, 50000]
    assert quick_amounts(12000, notes, "EUR") == [15000, 20000, 50000]
    assert quick_amounts(1250, notes, "EUR") == [1500, 2000, 5000]
    assert quick_amounts(50000, notes, "EUR") == [60000]  # 2 × €200 + €100, or 3 × €200
