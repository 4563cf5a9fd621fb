"""Printing a badge: render, hand to a Printer, and only when the printer confirmed, record `badge.printed`.

The core knows printers only through the `Printer` protocol; backends live in `printers/` and are
opened by the faces (ui/, kiosk/cli.py). A second print of a badge is a reprint and needs a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk import attendees
from kiosk.attendees import Attendee
from kiosk.devices import BadgeDocument, Printer, PrinterError

__all__ = ["BadgeDocument", "Printer", "PrinterError"]  # the names the faces import from here
from kiosk.config import EventConfig
from kiosk.store import Store

if TYPE_CHECKING:  # reportlab and Pillow load when a receipt is first drawn, not when the desk starts
    from kiosk.cash.payments import Payment
    from kiosk.cash.receipt import ReceiptDocument
    from kiosk.pay_slip import PaySlipDocument


class ReprintNeedsReason(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class BadgePrint:
    id: str
    attendee_id: str
    printer: str
    reprint: bool
    reason: str
    actor: str
    at: str


@dataclass(frozen=True, slots=True)
class PrintPlan:
    """What a worker thread needs to render and print without touching the store."""

    attendee: Attendee
    config: EventConfig
    reason: str
    stickers: tuple[str, ...] = ()  # layouts in sticker mode: the dots a volunteer adds by hand, in order


def badge_prints(store: Store, attendee_id: str) -> list[BadgePrint]:
    rows = store.conn.execute(
        "SELECT id, attendee_id, printer, reprint, reason, actor, at FROM badge_prints WHERE attendee_id = ? "
        "ORDER BY sort_key", (attendee_id,)).fetchall()
    return [BadgePrint(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6]) for r in rows]


def auto_print_due(store: Store, attendee_id: str) -> bool:
    """A check-in prints the badge by itself only the first time; later prints are reprints, by hand."""
    return not badge_prints(store, attendee_id)


def plan(store: Store, attendee_id: str, reason: str = "", *, preview: bool = False) -> PrintPlan:
    """Read what the badge needs (fast, on the caller's thread); refuse a reprint without a reason
    (a preview prints nothing, so it needs none)."""
    attendee = attendees.get(store.conn, attendee_id)
    if attendee is None:
        raise LookupError(f"no attendee {attendee_id}")
    if not preview and badge_prints(store, attendee_id) and not reason.strip():
        raise ReprintNeedsReason(f"{attendee.name}'s badge was printed before: say why it is printed again")
    config = store.config()
    stickers: tuple[str, ...] = ()
    if config.badge is not None and config.badge.markers == "stickers":
        from kiosk.badges.markers import sticker_instructions

        stickers = tuple(sticker_instructions(attendee.interests, config))
    return PrintPlan(attendee, config, reason.strip(), stickers)


@dataclass(frozen=True, slots=True)
class Sent:
    """The printer's confirmation, and what the printed badge got wrong (a box for a letter no font has,
    text too long for its box): said to the volunteer right away, since nobody previewed it."""

    confirmation: str
    warnings: tuple[str, ...]


def render_and_send(job: PrintPlan, printer: Printer) -> Sent:
    """The slow part, for a worker thread: the badge in the printer's form, then its confirmation
    (or PrinterError). reportlab and Pillow load here, not at the desk's start (cold start)."""
    document = BadgeDocument(job.attendee, job.config)
    return Sent(printer.print_document(document), document.warnings)


@dataclass(frozen=True, slots=True)
class BadgeProof:
    """The badge as it will print, and what a person should know before printing it."""

    pdf: bytes
    warnings: tuple[str, ...]   # characters no font has, text shrunk below its planned size
    stickers: tuple[str, ...]   # sticker mode: the dots to add by hand


def proof(job: PrintPlan) -> BadgeProof:
    """For a worker thread: the preview's PDF and its warnings, from one composition."""
    document = BadgeDocument(job.attendee, job.config)
    return BadgeProof(document.pdf(), document.warnings, job.stickers)


def record_printed(store: Store, job: PrintPlan, printer: Printer, confirmation: str, actor: str) -> BadgePrint:
    """After the printer confirmed (never before): the durable `badge.printed` event."""
    with store.write(actor=actor) as writer:
        event = writer.append("badge.printed", {"attendee_id": job.attendee.id, "printer": printer.name,
                                                "confirmation": confirmation, "reason": job.reason})
    return next(p for p in badge_prints(store, job.attendee.id) if p.id == event.id)


def print_badge(store: Store, attendee_id: str, printer: Printer, *, actor: str, reason: str = "") -> BadgePrint:
    """All three steps on one thread (CLI, scripts, tests)."""
    job = plan(store, attendee_id, reason)
    return record_printed(store, job, printer, render_and_send(job, printer).confirmation, actor)


# --- receipts ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReceiptPlan:
    """What a worker needs to draw one payment's receipt without touching the store."""

    payment: Payment
    attendee_name: str
    config: EventConfig
    refund_of: str = ""  # a refund: the receipt number of the sale it pays back
    copy: bool = False   # printed before: the paper says COPY

    def document(self) -> ReceiptDocument:
        from kiosk.cash.receipt import ReceiptDocument

        return ReceiptDocument(self.payment, self.attendee_name, self.config, self.payment.desk, self.copy,
                               self.refund_of)


def receipt_plan(store: Store, payment_id: str, *, copy: bool = False) -> ReceiptPlan:
    """Read what the receipt needs (fast, on the caller's thread). A voided payment still has one: it says VOID."""
    from kiosk.cash import payments  # the desk's cold start does not load the cash code

    payment = payments.get(store, payment_id)
    if payment is None:
        raise LookupError(f"no payment {payment_id}")
    person = attendees.get(store.conn, payment.attendee_id)
    original = payments.get(store, str(payment.details.get("refund_of", ""))) if payment.kind == "refund" else None
    return ReceiptPlan(payment, person.name if person else "", store.config(),
                       original.receipt_no if original else "", copy)


def render_and_send_receipt(job: ReceiptPlan, printer: Printer) -> Sent:
    """For a worker thread: the receipt in the printer's form, then its confirmation (or PrinterError)."""
    document = job.document()
    return Sent(printer.print_document(document), document.warnings)


# --- pay-at-the-desk slips (the self-service kiosk) -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaySlipPlan:
    """What a worker needs to draw an attendee's pay-at-the-desk slip without touching the store."""

    attendee: Attendee
    config: EventConfig

    def document(self) -> PaySlipDocument:
        from kiosk.pay_slip import PaySlipDocument

        return PaySlipDocument(self.attendee, self.config)


def pay_slip_plan(store: Store, attendee_id: str) -> PaySlipPlan:
    """Read what the slip needs (fast, on the caller's thread); LookupError for an unknown attendee."""
    attendee = attendees.get(store.conn, attendee_id)
    if attendee is None:
        raise LookupError(f"no attendee {attendee_id}")
    return PaySlipPlan(attendee, store.config())


def render_and_send_pay_slip(job: PaySlipPlan, printer: Printer) -> Sent:
    """For a worker thread: the slip in the printer's form, then its confirmation (or PrinterError)."""
    document = job.document()
    return Sent(printer.print_document(document), document.warnings)
