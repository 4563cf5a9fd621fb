"""The walk-in dialog driven like a volunteer would (show, type, click — never exec); screenshots to look at."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from kiosk import attendees
from kiosk.cash import drawer
from kiosk.cash.payments import has_open_invoice, payments_for
from kiosk.config import TicketType
from kiosk.demo import install_demo
from kiosk.desk import Shift
from kiosk.store import Store
from tests.conftest import small_config
from tests.factories import add_attendees
from ui.cash.walk_in import WalkInDialog

SCREENSHOTS = Path(__file__).parent / "screenshots"
SHIFT = Shift(desk="Desk 1", volunteer="Sam")
FLOAT = {1000: 10, 200: 5}  # €110.00


def open_drawer(store: Store) -> None:
    drawer.open_drawer(store, day=1, desk=SHIFT.desk, counts=FLOAT, counted_by="Sam", witness="Kim", actor=SHIFT.actor)


def walk_in(qtbot: QtBot, store: Store) -> WalkInDialog:
    dialog = WalkInDialog(None, store, SHIFT, day=1)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)  # shortcuts (Alt+1…4) need an active window
    return dialog


def shot(dialog: QDialog, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / f"{name}.png"))


def test_cash_walk_in_from_the_keyboard_shows_change_and_checks_in(qtbot: QtBot, store: Store) -> None:
    open_drawer(store)
    dialog = walk_in(qtbot, store)
    assert dialog.focusWidget() is dialog.name_field
    for field, text in ((dialog.name_field, "Ann Lee"), (dialog.email_field, "ann@example.org"),
                        (dialog.organisation_field, "ACME"), (dialog.city_field, "Graz")):
        assert dialog.focusWidget() is field
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)  # Enter moves on
    assert dialog.focusWidget() is dialog.ticket_choice
    dialog.interest_boxes["Science"].setChecked(True)
    assert dialog.ticket_choice.currentText() == "Regular — €250.00"
    assert dialog.panel.method == "cash"  # the drawer is open: cash is ready
    qtbot.keyClick(dialog.ticket_choice, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.role_choice, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.panel.cash_field
    for typed in ("300", "300,00", "300.00"):
        dialog.panel.cash_field.clear()
        qtbot.keyClicks(dialog.panel.cash_field, typed)
        assert "CHANGE DUE" in dialog.panel.change_label.text() and "€50.00" in dialog.panel.change_label.text()
    shot(dialog, "walk-in-cash-change")
    qtbot.keyClick(dialog.panel.cash_field, Qt.Key.Key_Return)  # Enter at the end confirms

    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.existing is None
    registered = dialog.registered
    assert registered is not None and registered.payment is not None and registered.checkin is not None
    person = attendees.get(store.conn, registered.attendee.id)
    assert person is not None and person.status == "valid" and person.interests == ("Science",)
    assert (person.name, person.email, person.organisation, person.city) == ("Ann Lee", "ann@example.org", "ACME",
                                                                             "Graz")
    assert registered.payment.method == "cash" and registered.payment.change_minor == 5000
    current = drawer.current(store, 1)
    assert current is not None and current.expected_minor == 11000 + 25000


def test_the_quick_sums_fill_the_amount(qtbot: QtBot, store: Store) -> None:
    open_drawer(store)
    dialog = walk_in(qtbot, store)
    words = [b.text() for b in dialog.panel.quick_buttons]
    assert words == ["Exact €250.00", "€300.00", "€400.00", "€500.00"]
    dialog.panel.quick_buttons[1].click()
    assert "€50.00" in dialog.panel.change_label.text()
    dialog.panel.quick_buttons[0].click()
    assert "no change" in dialog.panel.change_label.text()


def test_details_screenshot_on_the_demo_event(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.sqlite", device="desk-2")
    install_demo(store, today=dt.date.today())
    open_drawer(store)
    dialog = walk_in(qtbot, store)
    dialog.name_field.setText("Zoë Ångström")
    dialog.email_field.setText("zoe@example.org")
    dialog.organisation_field.setText("Stockholms universitet")
    dialog.city_field.setText("Uppsala")
    for name in ("Science", "Data", "Design"):
        dialog.interest_boxes[name].setChecked(True)
    dialog.check_duplicates()
    assert not dialog.duplicates.isVisible()
    assert dialog.ticket_choice.count() == 6 and dialog.ticket_choice.itemText(3) == "Speaker — free"
    shot(dialog, "walk-in-details")
    store.close()


@pytest.mark.parametrize(("name", "email"), [("Jon Smith", ""), ("Somebody Else", "JOHN@example.org")])
def test_a_likely_duplicate_is_offered_and_opens_instead(qtbot: QtBot, store: Store, name: str, email: str) -> None:
    (john,) = add_attendees(store, "John Smith", email="john@example.org", organisation="ACME")
    before = store.event_count()
    dialog = walk_in(qtbot, store)
    qtbot.keyClicks(dialog.name_field, name)
    qtbot.keyClicks(dialog.email_field, email)
    qtbot.waitUntil(lambda: bool(dialog.duplicate_buttons), timeout=2000)  # after the typing pause
    assert dialog.duplicates.isVisible()
    ((attendee, button),) = dialog.duplicate_buttons
    assert attendee.id == john
    if name == "Jon Smith":
        shot(dialog, "walk-in-duplicate")
    button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.existing is not None and dialog.existing.id == john and dialog.registered is None
    assert store.event_count() == before


def test_a_duplicate_typed_faster_than_the_pause_stops_the_first_confirm(qtbot: QtBot, store: Store) -> None:
    add_attendees(store, "John Smith", email="john@example.org")
    open_drawer(store)
    dialog = walk_in(qtbot, store)
    dialog.name_field.setText("Jon Smith")
    dialog.panel.cash_field.setText("250")
    dialog.confirm()  # before the delay ran: the match is shown, nothing registered
    assert dialog.registered is None and dialog.duplicate_buttons
    assert "registered already" in dialog.status.text()
    dialog.confirm()  # seen, and they are someone else
    assert dialog.registered is not None and dialog.registered.attendee.name == "Jon Smith"


def test_no_name_is_refused_next_to_the_name(qtbot: QtBot, store: Store) -> None:
    open_drawer(store)
    dialog = walk_in(qtbot, store)
    dialog.email_field.setText("not-an-email")
    dialog.panel.cash_field.setText("250")
    before = store.event_count()
    dialog.register_button.click()
    assert dialog.registered is None and dialog.isVisible() and store.event_count() == before
    assert dialog.errors["Name"].isVisible() and "Who is registering?" in dialog.errors["Name"].text()
    assert dialog.focusWidget() is dialog.name_field
    shot(dialog, "walk-in-refused")
    dialog.name_field.setText("Ann Lee")
    assert not dialog.errors["Name"].isVisible()
    dialog.register_button.click()
    assert dialog.errors["Email"].isVisible() and "is not an email address" in dialog.errors["Email"].text()
    assert dialog.panel.cash_field.text() == "250" and dialog.name_field.text() == "Ann Lee"  # nothing lost


def test_cash_short_of_the_price_is_refused(qtbot: QtBot, store: Store) -> None:
    open_drawer(store)
    dialog = walk_in(qtbot, store)
    dialog.name_field.setText("Ann Lee")
    dialog.panel.cash_field.setText("200")
    assert "NOT ENOUGH" in dialog.panel.change_label.text() and "€50.00 more" in dialog.panel.change_label.text()
    before = store.event_count()
    dialog.register_button.click()
    assert dialog.registered is None and store.event_count() == before
    assert dialog.panel.message.isVisible() and "€50.00 less than the price" in dialog.panel.message.text()


def test_cash_needs_the_open_drawer_but_card_still_works(qtbot: QtBot, store: Store) -> None:
    dialog = walk_in(qtbot, store)
    dialog.name_field.setText("Ann Lee")
    assert dialog.panel.method is None  # no drawer: nothing chosen for them
    dialog.panel.method_buttons["cash"].click()
    assert dialog.panel.drawer_warning.isVisible() and "Open the cash drawer first (F4)" in \
        dialog.panel.drawer_warning.text()
    assert not dialog.register_button.isEnabled() and not dialog.panel.cash_field.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # Alt+2: card terminal
    assert dialog.panel.method == "card" and dialog.register_button.isEnabled()
    assert dialog.focusWidget() is dialog.panel.terminal_field
    qtbot.keyClicks(dialog.panel.terminal_field, "4111 1111 1111 1111")
    before = store.event_count()
    dialog.register_button.click()
    assert dialog.registered is None and store.event_count() == before
    assert "card number" in dialog.panel.message.text()
    dialog.panel.terminal_field.setText("TX-004512")
    dialog.register_button.click()
    registered = dialog.registered
    assert registered is not None and registered.payment is not None
    assert registered.payment.method == "card" and registered.payment.details["terminal_ref"] == "TX-004512"
    assert registered.attendee.status == "valid" and registered.checkin is not None


def test_complimentary_needs_a_reason_and_who_allowed_it(qtbot: QtBot, store: Store) -> None:
    dialog = walk_in(qtbot, store)
    dialog.name_field.setText("Press Person")
    dialog.panel.method_buttons["comp"].click()
    dialog.panel.reason_field.setText("press")
    dialog.register_button.click()
    assert dialog.registered is None and "who authorised it" in dialog.panel.message.text()
    assert dialog.focusWidget() is dialog.panel.reason_field  # back where something is missing
    qtbot.keyClick(dialog.panel.reason_field, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.panel.authorised_field, "Maria (organiser)")
    qtbot.keyClick(dialog.panel.authorised_field, Qt.Key.Key_Return)
    registered = dialog.registered
    assert registered is not None and registered.payment is not None
    assert registered.payment.amount_minor == 0 and registered.payment.details["waived_minor"] == 25000
    assert registered.attendee.status == "valid"


def test_pay_later_takes_the_billing_email(qtbot: QtBot, store: Store) -> None:
    dialog = walk_in(qtbot, store)
    dialog.name_field.setText("Ann Lee")
    dialog.email_field.setText("ann@example.org")
    dialog.panel.method_buttons["invoice"].click()
    assert dialog.panel.billing_field.text() == "ann@example.org"  # their own, unless typed otherwise
    dialog.panel.billing_field.setText("accounts@acme.example")
    dialog.panel.billing_field.setModified(True)
    dialog.email_field.setText("ann.lee@example.org")
    assert dialog.panel.billing_field.text() == "accounts@acme.example"
    dialog.register_button.click()
    registered = dialog.registered
    assert registered is not None and registered.checkin is not None
    assert has_open_invoice(store, registered.attendee.id)
    (payment,) = payments_for(store, registered.attendee.id)
    assert payment.method == "invoice" and payment.details["billing_email"] == "accounts@acme.example"


def test_a_free_ticket_has_no_payment_section(qtbot: QtBot, store: Store) -> None:
    config = small_config()
    store.set_config(dataclasses.replace(config, ticket_types=(*config.ticket_types, TicketType("Speaker", 0))),
                     actor="test")
    dialog = walk_in(qtbot, store)
    dialog.name_field.setText("Grace Hopper")
    dialog.ticket_choice.setCurrentIndex(1)
    assert dialog.ticket_choice.currentText() == "Speaker — free"
    assert not dialog.panel.isVisible() and dialog.free_note.isVisible()
    assert dialog.register_button.text() == "Register" and dialog.register_button.isEnabled()
    dialog.role_choice.setCurrentIndex(dialog.role_choice.findData("Speaker"))
    dialog.register_button.click()
    registered = dialog.registered
    assert registered is not None and registered.payment is None and registered.checkin is not None
    assert registered.attendee.status == "valid" and registered.attendee.role == "Speaker"


def test_escape_cancels_and_writes_nothing(qtbot: QtBot, store: Store) -> None:
    before = store.event_count()
    dialog = walk_in(qtbot, store)
    qtbot.keyClicks(dialog.name_field, "Ann Lee")
    qtbot.keyClick(dialog.name_field, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert dialog.registered is None and dialog.existing is None and store.event_count() == before
