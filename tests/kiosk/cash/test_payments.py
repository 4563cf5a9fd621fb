"""Payments at the desk: each way to pay, an unpaid ticket settled, voids and refunds with the treasurer."""

from __future__ import annotations

import pytest

from kiosk import attendees
from kiosk.cash import drawer, payments
from kiosk.cash.payments import PaymentRefused, Tender
from kiosk.checkin import check_in
from kiosk.pins import Authorisation
from kiosk.rebuild import rebuild
from kiosk.store import Store
from tests.factories import add_attendees

TREASURER = Authorisation("treasurer", "pin-try", "Tess")


@pytest.fixture
def unpaid(store: Store) -> str:
    drawer.open_drawer(store, day=1, desk="Desk 1", counts={2000: 5}, counted_by="Sam", witness="Kim", actor="Sam")
    (attendee_id,) = add_attendees(store, "Una Paid", status="unpaid", ticket_type="Regular", price_minor=25000)
    return attendee_id


def _pay(store: Store, attendee_id: str, tender: Tender) -> payments.Payment:
    return payments.take_payment(store, attendee_id, tender, day=1, desk="Desk 1", actor="Sam @ Desk 1")


def test_cash_settles_an_unpaid_ticket_with_change_and_check_in_then_works(store: Store, unpaid: str) -> None:
    assert check_in(store, unpaid, day=1, desk="Desk 1").outcome == "unpaid"
    with pytest.raises(PaymentRefused, match="less than the price"):
        _pay(store, unpaid, Tender("cash", 20000))
    paid = _pay(store, unpaid, Tender("cash", 30000))
    assert (paid.amount_minor, paid.change_minor, paid.receipt_no, paid.method) == (25000, 5000, "DESK1-R0001", "cash")
    assert paid.drawer_id == drawer.drawer_id("desk-a", 1)
    assert attendees.get(store.conn, unpaid).status == "valid"  # type: ignore[union-attr]
    assert check_in(store, unpaid, day=1, desk="Desk 1").ok
    with pytest.raises(PaymentRefused, match="nothing to pay"):
        _pay(store, unpaid, Tender("cash", 30000))


def test_card_keeps_the_terminal_reference_and_never_a_card_number(store: Store, unpaid: str) -> None:
    with pytest.raises(PaymentRefused, match="terminal's reference"):
        _pay(store, unpaid, Tender("card"))
    with pytest.raises(PaymentRefused, match="card number"):
        _pay(store, unpaid, Tender("card", terminal_ref="4111 1111 1111 1111"))
    paid = _pay(store, unpaid, Tender("card", terminal_ref="TRX 004512"))
    assert paid.details == {"terminal_ref": "TRX 004512"} and paid.drawer_id == ""
    assert drawer.current(store, 1).expected_minor == 10000  # type: ignore[union-attr]  # card is not drawer cash


def test_comp_needs_reason_and_authoriser_and_is_worth_nothing_taken(store: Store, unpaid: str) -> None:
    with pytest.raises(PaymentRefused, match="reason and who authorised"):
        _pay(store, unpaid, Tender("comp", reason="press"))
    paid = _pay(store, unpaid, Tender("comp", reason="press pass", authorised_by="Olga (organiser)"))
    assert paid.amount_minor == 0 and paid.details["waived_minor"] == 25000
    assert attendees.get(store.conn, unpaid).status == "valid"  # type: ignore[union-attr]


def test_pay_later_keeps_the_ticket_unpaid_but_lets_them_in(store: Store, unpaid: str) -> None:
    with pytest.raises(PaymentRefused, match="billing email"):
        _pay(store, unpaid, Tender("invoice", billing_email="not an address"))
    _pay(store, unpaid, Tender("invoice", billing_email="billing@acme.example"))
    assert attendees.get(store.conn, unpaid).status == "unpaid"  # type: ignore[union-attr]
    assert payments.has_open_invoice(store, unpaid)
    result = check_in(store, unpaid, day=1, desk="Desk 1")
    assert result.ok and "invoice" in result.message
    with pytest.raises(PaymentRefused, match="already pays later"):
        _pay(store, unpaid, Tender("invoice", billing_email="billing@acme.example"))
    _pay(store, unpaid, Tender("card", terminal_ref="T-1"))  # pays at the desk on day 2 after all
    assert attendees.get(store.conn, unpaid).status == "valid"  # type: ignore[union-attr]


def test_a_void_needs_the_treasurer_and_a_reason_and_unsettles_the_ticket(store: Store, unpaid: str) -> None:
    paid = _pay(store, unpaid, Tender("cash", 25000))
    with pytest.raises(PaymentRefused, match="treasurer PIN"):
        payments.void(store, paid.id, reason="x", authorisation=Authorisation("admin", "p", "Al"), actor="Al")
    with pytest.raises(PaymentRefused, match="Say why"):
        payments.void(store, paid.id, reason=" ", authorisation=TREASURER, actor="Tess")
    voided = payments.void(store, paid.id, reason="rang up twice", authorisation=TREASURER, actor="Tess")
    assert voided.voided and voided.void_reason == "rang up twice"
    assert attendees.get(store.conn, unpaid).status == "unpaid"  # type: ignore[union-attr]
    assert drawer.current(store, 1).expected_minor == 10000  # type: ignore[union-attr]
    with pytest.raises(PaymentRefused, match="voided already"):
        payments.void(store, paid.id, reason="again", authorisation=TREASURER, actor="Tess")
    voids = [e for e in store.events() if e.type == "payment.voided"]
    assert voids[0].body["authorised_by"] == "Tess" and voids[0].body["pin_try"] == "pin-try"


def test_a_cash_void_happens_at_the_desk_that_holds_the_cash(store: Store, unpaid: str) -> None:
    paid = _pay(store, unpaid, Tender("cash", 25000))
    other = Store.open(store.path, device="desk-b")
    try:
        with pytest.raises(PaymentRefused, match="void it at that desk"):
            payments.void(other, paid.id, reason="wrong desk", authorisation=TREASURER, actor="Tess")
    finally:
        other.close()


def test_refunds_are_bounded_cancel_when_asked_and_block_a_void_of_their_sale(store: Store, unpaid: str) -> None:
    paid = _pay(store, unpaid, Tender("cash", 25000))
    with pytest.raises(PaymentRefused, match="at most what is left"):
        payments.refund(store, paid.id, amount_minor=30000, method="cash", reason="x", cancel_ticket=False,
                        authorisation=TREASURER, day=1, desk="Desk 1", actor="Tess")
    part = payments.refund(store, paid.id, amount_minor=16000, method="cash", reason="student after all",
                           cancel_ticket=False, authorisation=TREASURER, day=1, desk="Desk 1", actor="Tess")
    assert part.kind == "refund" and part.receipt_no == "DESK1-R0002"
    assert attendees.get(store.conn, unpaid).status == "valid"  # type: ignore[union-attr]
    with pytest.raises(PaymentRefused, match="void the refund first"):
        payments.void(store, paid.id, reason="x", authorisation=TREASURER, actor="Tess")
    rest = payments.refund(store, paid.id, amount_minor=9000, method="card", reason="cannot come", cancel_ticket=True,
                           authorisation=TREASURER, day=1, desk="Desk 1", actor="Tess")
    assert rest.drawer_id == ""
    assert attendees.get(store.conn, unpaid).status == "cancelled"  # type: ignore[union-attr]
    payments.void(store, rest.id, reason="refunded the wrong way", authorisation=TREASURER, actor="Tess")
    assert attendees.get(store.conn, unpaid).status == "valid"  # type: ignore[union-attr]
    assert drawer.current(store, 1).expected_minor == 10000 + 25000 - 16000  # type: ignore[union-attr]
    assert rebuild(store, verify=True).identical
