"""The pay-at-the-desk slip a self-service kiosk prints for a paid ticket registered there: the event, the first
name, the ticket and its price, the attendee's code in huge letters and as a QR code, "Show this at the
registration desk". Scanning it at the desk opens the payment, and the badge prints once paid.

It is a receipt-printer document, laid out like a receipt (kiosk/cash/receipt.py: the same blocks, fonts and
`lay_out`) with a QR symbol between the text above and the text below. A roll printer asks for
`roll_raster(dpi, width_dots)` and gets the slip laid out again for its roll, as a receipt does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.attendees import Attendee
from kiosk.badges import qr
from kiosk.badges.compose import Composition, Op, Qr, Rect, Text
from kiosk.cash.receipt import (
    BIG_PT,
    BODY_PT,
    BOTTOM_MM,
    GAP_MM,
    PAGE_MARGIN_MM,
    PAGE_MM,
    ROLL_MARGIN_MM,
    TITLE_PT,
    TOP_MM,
    Block,
    Para,
    Row,
    Rule,
    lay_out,
)
from kiosk.config import EventConfig
from kiosk.money import format_amount

if TYPE_CHECKING:  # Pillow loads when a slip is first drawn for a printer
    from kiosk.badges.raster import Raster

CODE_PT = 30.0      # the code is read aloud or typed at the desk when the QR will not scan: huge
HEADING_PT = 16.0   # "Pay at the desk": what the person must do, above everything but the event's name
QR_MM = 40.0        # at 203 dpi: 320 dots for 29 modules (version 1 + quiet zone) → 11 dots a module
QR_GAP_MM = 3.0


def first_name(attendee: Attendee) -> str:
    """The only part of the name on the slip (it may be left on the counter)."""
    return attendee.first_name.strip() or (attendee.name.split() or [""])[0]


def price_minor(attendee: Attendee, config: EventConfig) -> int | None:
    """What the attendee owes: their own price when recorded, else the ticket type's."""
    if attendee.price_minor is not None:
        return attendee.price_minor
    return next((t.price_minor for t in config.ticket_types if t.name == attendee.ticket_type), None)


def slip_blocks(attendee: Attendee, config: EventConfig) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """What the slip says above the QR code and below it."""
    owed = price_minor(attendee, config)
    price = format_amount(owed, attendee.currency or config.currency) if owed is not None else "—"
    above: tuple[Block, ...] = (
        Para(config.name, TITLE_PT, True, "centre"),
        Para("Pay at the desk", HEADING_PT, True, "centre"),
        Rule(),
        Row("Name", first_name(attendee) or "—"),
        Row("Ticket", attendee.ticket_type or "—"),
        Row("To pay", price, BIG_PT, True),
        Rule(),
        Para(attendee.code, CODE_PT, True, "centre"),  # a centred heading shrinks to stay on one line
    )
    below: tuple[Block, ...] = (Para("Show this at the registration desk", BIG_PT, True, "centre"),
                                Para("Your badge prints there once you have paid.", BODY_PT, False, "centre"))
    return above, below


def _shifted(op: Op, dy: float) -> Op:
    """An operation of a block laid out on its own, moved down to where it goes on the slip."""
    if isinstance(op, Text):
        x, y, w, h = op.box
        return dataclasses.replace(op, baseline=op.baseline + dy, box=(x, y + dy, w, h))
    if isinstance(op, Rect):
        return dataclasses.replace(op, y=op.y + dy)
    raise TypeError(f"a slip's text blocks draw no {type(op).__name__}")


def lay_out_slip(attendee: Attendee, config: EventConfig, width: float, margin: float,
                 ink: str = "black") -> Composition:
    """Text above, the QR code centred (as wide as the roll allows, up to QR_MM), text below."""
    above, below = slip_blocks(attendee, config)
    top = lay_out(above, width, margin, ink)
    side = min(QR_MM, width - 2 * margin)
    qr_y = top.height - BOTTOM_MM + QR_GAP_MM
    symbol = Qr((width - side) / 2, qr_y, side, qr.symbol(attendee.code))
    bottom = lay_out(below, width, margin, ink)
    dy = qr_y + side + QR_GAP_MM - TOP_MM + GAP_MM
    ops = (*top.ops, symbol, *(_shifted(op, dy) for op in bottom.ops))
    warnings = tuple(dict.fromkeys((*top.warnings, *bottom.warnings)))
    return Composition(width, bottom.height + dy, ops, warnings, ink)


@dataclass(slots=True)
class PaySlipDocument:
    """One attendee's pay-at-the-desk slip, drawn in whatever form the printer wants (kiosk.devices.Document)."""

    attendee: Attendee
    config: EventConfig
    title: str = ""

    def __post_init__(self) -> None:
        if not self.attendee.code:
            raise ValueError("an attendee without a code gets no pay slip: the desk could not find them")
        self.title = self.title or f"pay slip {self.attendee.code}"

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.composition().warnings

    def composition(self, width: float = PAGE_MM, margin: float = PAGE_MARGIN_MM, ink: str = "black") -> Composition:
        return lay_out_slip(self.attendee, self.config, width, margin, ink)

    def pdf(self) -> bytes:
        from kiosk.badges.pdf import composition_pdf

        return composition_pdf(self.composition(), f"Pay at the desk — {self.attendee.code}")

    def raster(self, dpi: int, ink: str = "black", rotate: int = 0) -> Raster:
        """The PDF's page (80 mm) at `dpi`, for printers that print a page as it is."""
        from kiosk.badges.raster import rasterise

        return rasterise(self.composition(ink=ink), dpi, rotate)

    def roll_raster(self, dpi: int, width_dots: int) -> Raster:
        """Laid out again for a roll `width_dots` across at `dpi`: text at its planned size, QR in whole dots."""
        from kiosk.badges.raster import rasterise

        return rasterise(self.composition(width_dots * 25.4 / dpi, ROLL_MARGIN_MM), dpi)
