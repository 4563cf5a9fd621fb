"""Taking payment at the desk: cash with change, a card on the external terminal, complimentary, or an
invoice (pay later). Voids and refunds need the treasurer's PIN and a reason. Never any card data: the
terminal's own reference is all the desk keeps."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from kiosk import attendees
from kiosk.attendees import Attendee
from kiosk.cash.drawer import DrawerRefused, expected, open_drawer_id
from kiosk.cash.numbers import next_number
from kiosk.pins import Authorisation
from kiosk.store import Store, Writer

Method = Literal["cash", "card", "comp", "invoice"]
METHODS: tuple[Method, ...] = ("cash", "card", "comp", "invoice")
METHOD_NAMES = {"cash": "Cash", "card": "Card (terminal)", "comp": "Complimentary", "invoice": "Pay later (invoice)"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A card number typed into the reference field must never be stored (PCI DSS): a run of 13–19 digits
# (spaces or dashes between groups) starting like the card networks' numbers (2–6) that passes the Luhn
# check. A long numeric terminal id fails one of those nine times in ten and is kept.
_DIGIT_RUN = re.compile(r"\d(?:[ -]?\d)*")


class PaymentRefused(ValueError):
    """The payment cannot be taken as given; the message says why. Nothing was written."""


@dataclass(frozen=True, slots=True)
class Tender:
    """How the attendee pays, as the volunteer entered it."""

    method: Method
    tendered_minor: int = 0       # cash: what the attendee handed over
    terminal_ref: str = ""        # card: the terminal's transaction reference
    reason: str = ""              # comp: why it is free
    authorised_by: str = ""       # comp: who allowed it
    billing_email: str = ""       # invoice: where the invoice goes


@dataclass(frozen=True, slots=True)
class Payment:
    id: str
    attendee_id: str
    kind: str
    method: str
    amount_minor: int
    currency: str
    ticket_type: str
    drawer_id: str
    receipt_no: str
    desk: str
    day: int
    actor: str
    at: str
    details: dict[str, Any] = field(default_factory=dict)
    voided: bool = False
    void_reason: str = ""

    @property
    def change_minor(self) -> int:
        return int(self.details.get("change_minor", 0))


_COLUMNS = ("id", "attendee_id", "kind", "method", "amount_minor", "currency", "ticket_type", "drawer_id",
            "receipt_no", "desk", "day", "actor", "at", "details", "voided_by", "void_reason")


def _payment(row: tuple[Any, ...]) -> Payment:
    values = dict(zip(_COLUMNS, row, strict=True))
    return Payment(**{k: v for k, v in values.items() if k not in ("details", "voided_by", "void_reason")},
                   details=json.loads(values["details"]), voided=values["voided_by"] is not None,
                   void_reason=values["void_reason"] or "")


def get(store: Store, payment_id: str) -> Payment | None:
    row = store.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM payments WHERE id = ?", (payment_id,)).fetchone()
    return _payment(row) if row else None


def payments_for(store: Store, attendee_id: str) -> list[Payment]:
    rows = store.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM payments WHERE attendee_id = ? ORDER BY sort_key",
                              (attendee_id,)).fetchall()
    return [_payment(r) for r in rows]


def recent(store: Store, limit: int = 200, day: int | None = None, device: str | None = None) -> list[Payment]:
    sql, params = f"SELECT {', '.join(_COLUMNS)} FROM payments WHERE 1", list[object]()
    if day is not None:
        sql, params = sql + " AND day = ?", [*params, day]
    if device is not None:
        sql, params = sql + " AND device = ?", [*params, device]
    rows = store.conn.execute(sql + " ORDER BY sort_key DESC LIMIT ?", [*params, limit]).fetchall()
    return [_payment(r) for r in rows]


def has_open_invoice(store: Store, attendee_id: str) -> bool:
    """Pay later agreed at the desk: the attendee is unpaid but may come in."""
    return store.conn.execute("SELECT 1 FROM payments WHERE attendee_id = ? AND method = 'invoice' AND kind = 'sale' "
                              "AND voided_by IS NULL LIMIT 1", (attendee_id,)).fetchone() is not None


def amount_due(store: Store, attendee: Attendee) -> int:
    """What an unpaid ticket costs: the price the shop said, else the event's price for its ticket type."""
    if attendee.price_minor is not None:
        return int(attendee.price_minor)
    ticket = store.config().ticket_type(attendee.ticket_type)
    return ticket.price_minor if ticket else 0


def looks_like_card_number(text: str) -> bool:
    for match in _DIGIT_RUN.finditer(text):
        digits = [int(c) for c in match.group() if c.isdigit()]
        if 13 <= len(digits) <= 19 and 2 <= digits[0] <= 6 and _luhn_ok(digits):
            return True
    return False


def _luhn_ok(digits: list[int]) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def details_for(tender: Tender, amount_minor: int, price_minor: int) -> dict[str, Any]:
    """What the payment event keeps of the tender, checked; PaymentRefused says what is missing."""
    if tender.method not in METHODS:
        raise PaymentRefused(f"unknown way to pay {tender.method!r}")
    if tender.method == "cash":
        if tender.tendered_minor < amount_minor:
            raise PaymentRefused("The cash handed over is less than the price")
        return {"tendered_minor": tender.tendered_minor, "change_minor": tender.tendered_minor - amount_minor}
    if tender.method == "card":
        reference = " ".join(tender.terminal_ref.split())
        if not reference:
            raise PaymentRefused("Type the card terminal's reference (from its slip)")
        if looks_like_card_number(reference):
            raise PaymentRefused("That looks like a card number: type only the terminal's reference, never card data")
        return {"terminal_ref": reference[:40]}
    if tender.method == "comp":
        reason, who = " ".join(tender.reason.split()), " ".join(tender.authorised_by.split())
        if not reason or not who:
            raise PaymentRefused("A complimentary ticket needs a reason and who authorised it")
        return {"reason": reason, "authorised_by": who, "waived_minor": price_minor}
    email = tender.billing_email.strip()
    if not _EMAIL.match(email):
        raise PaymentRefused("Pay later needs the billing email the invoice goes to")
    return {"billing_email": email}


def record_sale(store: Store, writer: Writer, attendee_id: str, ticket_type: str, price_minor: int, tender: Tender,
                *, day: int, desk: str) -> str:
    """Append the payment.recorded event of a sale inside an open write (registration uses this too)."""
    amount = 0 if tender.method == "comp" else price_minor
    details = details_for(tender, amount, price_minor)
    drawer = open_drawer_id(store, day) if tender.method == "cash" else ""
    receipt = next_number(store.conn, store.device, desk, "R")
    body = {"attendee_id": attendee_id, "kind": "sale", "method": tender.method, "amount_minor": amount,
            "currency": store.config().currency, "ticket_type": ticket_type, "drawer_id": drawer,
            "receipt_no": receipt, "desk": desk, "day": day, "details": details}
    return writer.append("payment.recorded", body).id


def take_payment(store: Store, attendee_id: str, tender: Tender, *, day: int, desk: str, actor: str) -> Payment:
    """An unpaid attendee pays what their ticket costs; the ticket is valid from this commit on (or, for
    pay later, they may come in and the invoice is owed)."""
    with store.write(actor=actor) as writer:
        attendee = attendees.get(store.conn, attendee_id)
        if attendee is None:
            raise PaymentRefused(f"no attendee {attendee_id}")
        if attendee.status != "unpaid":
            raise PaymentRefused(f"{attendee.name}'s ticket is {attendee.status}: nothing to pay")
        if tender.method == "invoice" and has_open_invoice(store, attendee_id):
            raise PaymentRefused(f"{attendee.name} already pays later by invoice")
        try:
            payment_id = record_sale(store, writer, attendee_id, attendee.ticket_type, amount_due(store, attendee),
                                     tender, day=day, desk=desk)
        except DrawerRefused as exc:
            raise PaymentRefused(str(exc)) from exc
    found = get(store, payment_id)
    assert found is not None
    return found


def _cash_back_from(store: Store, payment: Payment, day: int) -> str:
    """Money of a cash void or refund leaves this desk's open drawer, today."""
    try:
        return open_drawer_id(store, day)
    except DrawerRefused as exc:
        raise PaymentRefused(str(exc)) from exc


def void(store: Store, payment_id: str, *, reason: str, authorisation: Authorisation, actor: str) -> Payment:
    """A payment entered by mistake is undone (the original stays in the log). A cash void is done at the
    desk whose drawer took the cash, while that drawer is open."""
    _need_treasurer(authorisation)
    words = " ".join(reason.split())
    if not words:
        raise PaymentRefused("Say why the payment is voided")
    with store.write(actor=actor) as writer:
        payment = get(store, payment_id)
        if payment is None:
            raise PaymentRefused(f"no payment {payment_id}")
        if payment.voided:
            raise PaymentRefused(f"Payment {payment.receipt_no} was voided already")
        refunds = [p.receipt_no for p in payments_for(store, payment.attendee_id)
                   if p.kind == "refund" and not p.voided and p.details.get("refund_of") == payment_id]
        if refunds:
            raise PaymentRefused(f"{payment.receipt_no} has a refund ({', '.join(refunds)}): void the refund first")
        if payment.method == "cash":
            if payment.drawer_id != f"{store.device}:{payment.day}":
                raise PaymentRefused(f"{payment.receipt_no} went into {payment.desk}'s drawer: void it at that desk")
            drawer_now = _cash_back_from(store, payment, payment.day)
            gives_back = payment.amount_minor if payment.kind == "sale" else 0
            if gives_back > expected(store, drawer_now):  # the cash of that sale already left the drawer
                raise PaymentRefused("The drawer does not hold that much cash: void it after a count, or refund")
        writer.append("payment.voided", {"attendee_id": payment.attendee_id, "payment_id": payment_id,
                                         "desk": payment.desk,
                                         "drawer_id": payment.drawer_id, "reason": words,
                                         "authorised_by": authorisation.actor, "pin_try": authorisation.event_id})
    voided = get(store, payment_id)
    assert voided is not None
    return voided


def refund(store: Store, payment_id: str, *, amount_minor: int, method: Method, reason: str, cancel_ticket: bool,
           authorisation: Authorisation, day: int, desk: str, actor: str) -> Payment:
    """Money given back for a payment (all or part). Cash leaves this desk's open drawer; a refund of the
    whole amount can cancel the ticket."""
    _need_treasurer(authorisation)
    words = " ".join(reason.split())
    if not words:
        raise PaymentRefused("Say why the money is refunded")
    if method not in ("cash", "card"):
        raise PaymentRefused("A refund goes back in cash or to the card")
    with store.write(actor=actor) as writer:
        original = get(store, payment_id)
        if original is None or original.kind != "sale" or original.voided:
            raise PaymentRefused("Only a standing sale can be refunded")
        refunded = sum(p.amount_minor for p in payments_for(store, original.attendee_id)
                       if p.kind == "refund" and not p.voided and p.details.get("refund_of") == payment_id)
        if not 0 < amount_minor <= original.amount_minor - refunded:
            raise PaymentRefused(f"Refund at most what is left of {original.receipt_no}")
        drawer = _cash_back_from(store, original, day) if method == "cash" else ""
        if drawer and amount_minor > expected(store, drawer):
            raise PaymentRefused("The drawer does not hold that much cash")
        body = {"attendee_id": original.attendee_id, "kind": "refund", "method": method,
                "amount_minor": amount_minor, "currency": original.currency, "ticket_type": original.ticket_type,
                "drawer_id": drawer, "receipt_no": next_number(store.conn, store.device, desk, "R"), "desk": desk,
                "day": day, "cancel_ticket": bool(cancel_ticket),
                "details": {"refund_of": payment_id, "reason": words, "authorised_by": authorisation.actor,
                            "pin_try": authorisation.event_id, "cancel_ticket": bool(cancel_ticket)}}
        event = writer.append("payment.recorded", body)
    found = get(store, event.id)
    assert found is not None
    return found


def _need_treasurer(authorisation: Authorisation) -> None:
    if authorisation.role != "treasurer":
        raise PaymentRefused("Voids and refunds take the treasurer PIN")
