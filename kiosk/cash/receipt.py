"""The receipt an attendee is handed for a payment: a PDF page 80 mm wide (as tall as its content) for
"Save as PDF" and CUPS, and 1-bit rasters for thermal roll printers.

Content first (`receipt_blocks`: paragraphs, label/value rows, rules, a VOID banner), then laid out for a
width (`lay_out`) into the badges' drawing operations, so the badge renderers draw it: the same fonts,
per-character fallback and right-to-left shaping as a badge, and the PDF and the raster agree. A roll
printer asks for `roll_raster(dpi, width_dots)`: the receipt is laid out again for the roll's printable
width at the printer's own dpi rather than scaled, because scaling a 58 mm roll's receipt from 80 mm would
shrink 9 pt text to 6 pt. Amounts are integer minor units, formatted by kiosk/money.py.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from kiosk.badges.compose import BLACK, WHITE, Composition, Op, Rect, Text
from kiosk.badges.fit import PT_PER_MM
from kiosk.badges.fonts import ASCENT, LINE_HEIGHT, missing_characters, runs, text_width
from kiosk.cash.payments import Payment
from kiosk.config import EventConfig
from kiosk.money import format_amount, vat_included

if TYPE_CHECKING:  # Pillow loads when a receipt is first drawn for a printer
    from kiosk.badges.raster import Raster

PAGE_MM = 80.0         # the PDF: an 80 mm roll, which is also what a CUPS receipt queue expects
PAGE_MARGIN_MM = 4.0   # an 80 mm roll prints 72 mm: the PDF keeps its text inside that
ROLL_MARGIN_MM = 1.0   # a roll raster is already the printable width; a hair for printers that drift
TOP_MM, BOTTOM_MM = 3.0, 5.0
BODY_PT, BIG_PT, TITLE_PT, SMALL_PT = 8.5, 11.0, 13.0, 7.5
LEADING = LINE_HEIGHT + 0.12  # ems from one baseline to the next
GAP_MM = 1.2                  # around rules and between blocks that need air
INDENT_MM = 3.0               # a value under its label
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Words an attendee reads, not the desk's jargon ("Card (terminal)").
PAID_BY = {"cash": "Cash", "card": "Card", "comp": "Complimentary", "invoice": "Invoice (pay later)"}
PAID_BACK = {"cash": "In cash", "card": "To the card"}

Align = Literal["left", "centre"]


@dataclass(frozen=True, slots=True)
class Para:
    """Text wrapped to the width."""

    text: str
    size: float = BODY_PT
    bold: bool = False
    align: Align = "left"


@dataclass(frozen=True, slots=True)
class Row:
    """A label on the left and its value on the right, on one line when both fit."""

    label: str
    value: str
    size: float = BODY_PT
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    pass


@dataclass(frozen=True, slots=True)
class Banner:
    """White on black across the whole width: what nobody may miss (VOID)."""

    text: str


Block = Para | Row | Rule | Banner


# --- content -------------------------------------------------------------------------------------------------


def when(at: str, timezone: str) -> str:
    """"27 Nov 2026, 10:14 CET" in the event's zone: the attendee's clock, not the laptop's or UTC. Month names
    come from a table because strftime's %b follows the process locale, which Qt sets."""
    moment = dt.datetime.fromisoformat(at).astimezone(zoneinfo.ZoneInfo(timezone))
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} {moment.tzname()}"


def receipt_blocks(payment: Payment, attendee_name: str, config: EventConfig, desk: str = "", *,
                   copy: bool = False, refund_of: str = "") -> tuple[Block, ...]:
    """What the receipt says, top to bottom."""
    title = "Refund receipt" if payment.kind == "refund" else "Receipt"
    blocks: list[Block] = [Para(config.name, TITLE_PT, True, "centre"),
                           Para(f"{title} {payment.receipt_no}", BIG_PT, True, "centre")]
    if copy:  # a second print must not pass for a second payment (an expense claimed twice)
        blocks.append(Para("COPY — printed again", BODY_PT, True, "centre"))
    blocks += _void(payment)
    blocks += [Rule(), Row("Date", when(payment.at, config.timezone)), Row("Desk", desk or payment.desk),
               Row("Attendee", attendee_name or "—"), Row("Ticket", payment.ticket_type or "—"), Rule()]
    money_blocks = _refund(payment, refund_of) if payment.kind == "refund" else _sale(payment)
    if config.vat_percent and payment.amount_minor and payment.method != "invoice":
        vat = vat_included(payment.amount_minor, config.vat_percent)  # right under the amount it is part of
        at = next((i + 1 for i, b in enumerate(money_blocks) if isinstance(b, Row)), len(money_blocks))
        money_blocks.insert(at, Row(f"incl. VAT {config.vat_percent} %", _money(vat, payment)))
    blocks += money_blocks
    footer = [line.strip() for line in config.receipt_footer.splitlines() if line.strip()]
    if footer:
        blocks += [Rule(), *(Para(line, SMALL_PT, False, "centre") for line in footer)]
    if payment.voided:  # at both ends: a torn-off top must not leave a clean-looking receipt
        blocks.append(Banner("VOID"))
    return tuple(blocks)


def _void(payment: Payment) -> list[Block]:
    if not payment.voided:
        return []
    why = f": {payment.void_reason}" if payment.void_reason else ""
    return [Banner("VOID"), Para(f"This payment was voided{why}. This is not a valid receipt.", BODY_PT, True,
                                 "centre")]


def _money(minor: int, payment: Payment) -> str:
    return format_amount(minor, payment.currency)


def _sale(payment: Payment) -> list[Block]:
    details, amount = payment.details, _money(payment.amount_minor, payment)
    if payment.method == "cash":
        return [Row("Amount paid", amount, BIG_PT, True), Row("Paid by", PAID_BY["cash"]),
                Row("Cash tendered", _money(int(details.get("tendered_minor", 0)), payment)),
                Row("CHANGE", _money(payment.change_minor, payment), BIG_PT, True)]
    if payment.method == "card":
        return [Row("Amount paid", amount, BIG_PT, True), Row("Paid by", PAID_BY["card"]),
                Row("Terminal ref.", str(details.get("terminal_ref", "")))]
    if payment.method == "comp":
        who = str(details.get("authorised_by", "")).replace(" ", "\u00a0")  # a name is not split over lines
        return [Para(f"Complimentary — authorised by {who}", BODY_PT, True),
                Row("Reason", str(details.get("reason", ""))),
                Row("Amount paid", amount, BIG_PT, True),
                Row("Value waived", _money(int(details.get("waived_minor", 0)), payment))]
    if payment.method == "invoice":
        return [Row("Amount owed", amount, BIG_PT, True), Row("Paid by", PAID_BY["invoice"]),
                Para(f"To be invoiced to {details.get('billing_email', '')}"),
                Para("Not paid yet: this is not a proof of payment.", BODY_PT, True)]
    return [Row("Amount", amount, BIG_PT, True), Row("Paid by", payment.method)]


def _refund(payment: Payment, refund_of: str) -> list[Block]:
    details = payment.details
    blocks: list[Block] = [Row("Amount refunded", _money(payment.amount_minor, payment), BIG_PT, True),
                           Row("Paid back", PAID_BACK.get(payment.method, payment.method))]
    if refund_of:
        blocks.append(Row("Refund of", refund_of))
    return [*blocks, Row("Reason", str(details.get("reason", ""))),
            Row("Authorised by", str(details.get("authorised_by", "")))]


# --- layout ----------------------------------------------------------------------------------------------------


def _face(bold: bool) -> str:
    return "sans-bold" if bold else "sans"


def _mm(text: str, face: str, size: float) -> float:
    return text_width(text, face, size) / PT_PER_MM


def wrap(text: str, face: str, size: float, width: float) -> list[str]:
    """Lines no wider than `width` mm: broken between words, and inside a word only when it alone is too wide
    (a long billing email on a 58 mm roll)."""
    lines: list[str] = []
    line = ""
    for word in (w for w in text.split(" ") if w):  # split at spaces only: a no-break space holds a name together
        candidate = f"{line} {word}" if line else word
        if _mm(candidate, face, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:  # the word alone: as many characters per line as fit
            if line and _mm(line + char, face, size) > width:
                lines.append(line)
                line = ""
            line += char
    return [*lines, line] if line or not lines else lines


@dataclass
class _Pen:
    left: float
    width: float
    y: float
    ops: list[Op] = field(default_factory=list)

    def text(self, text: str, size: float, bold: bool, x: float, colour: str = BLACK) -> None:
        face = _face(bold)
        width = _mm(text, face, size)
        baseline = self.y + ASCENT * size / PT_PER_MM
        box = (x, self.y, width, LINE_HEIGHT * size / PT_PER_MM)
        self.ops.append(Text(x, baseline, size, runs(text, face), width, colour, False, box, bold))

    def advance(self, size: float) -> None:
        self.y += LEADING * size / PT_PER_MM

    def para(self, block: Para) -> None:
        size = self._heading_size(block)
        for line in wrap(block.text, _face(block.bold), size, self.width):
            spare = self.width - _mm(line, _face(block.bold), size)
            self.text(line, size, block.bold, self.left + (spare / 2 if block.align == "centre" else 0))
            self.advance(size)

    def _heading_size(self, block: Para) -> float:
        """A heading ("Receipt DESK1-R0007") steps down towards body size to stay on one line on a 58 mm roll:
        a receipt number broken in two is misread."""
        size = block.size
        if block.align == "centre":
            while size - 0.5 >= BODY_PT and _mm(block.text, _face(block.bold), size) > self.width:
                size -= 0.5
        return size

    def row(self, block: Row) -> None:
        size = self._row_size(block)
        if size:
            face = _face(block.bold)
            self.text(block.label, size, block.bold, self.left)
            self.text(block.value, size, block.bold, self.left + self.width - _mm(block.value, face, size))
            self.advance(size)
            return
        # Too long for one line (a reason, a long name on a 58 mm roll): the label, then the value under it,
        # indented like a definition, so a reference or an amount is never split between a label's words.
        self.para(Para(block.label, block.size, block.bold))
        for line in wrap(block.value, _face(block.bold), block.size, self.width - INDENT_MM):
            self.text(line, block.size, block.bold, self.left + INDENT_MM)
            self.advance(block.size)

    def _row_size(self, block: Row) -> float:
        """The size at which label and value share a line: an emphasised amount steps down towards body size
        on a narrow roll before it would break; 0 when even that is too wide."""
        size = block.size
        while size >= BODY_PT:
            widths = _mm(block.label, _face(block.bold), size) + _mm(block.value, _face(block.bold), size)
            if widths + 2.0 <= self.width:
                return size
            size -= 0.5
        return 0.0

    def rule(self) -> None:
        self.y += GAP_MM
        self.ops.append(Rect(self.left, self.y, self.width, 0.3, BLACK))
        self.y += 0.3 + GAP_MM

    def banner(self, block: Banner) -> None:
        size, pad = 24.0, 1.5
        height = LINE_HEIGHT * size / PT_PER_MM + 2 * pad
        self.y += GAP_MM
        self.ops.append(Rect(self.left, self.y, self.width, height, BLACK))
        top, self.y = self.y, self.y + pad
        self.text(block.text, size, True, self.left + (self.width - _mm(block.text, "sans-bold", size)) / 2, WHITE)
        self.y = top + height + GAP_MM


def lay_out(blocks: tuple[Block, ...], width: float, margin: float, ink: str = "black") -> Composition:
    """The blocks as drawing operations on a page `width` mm wide, as tall as they need."""
    pen = _Pen(margin, width - 2 * margin, TOP_MM)
    for block in blocks:
        if isinstance(block, Para):
            pen.para(block)
        elif isinstance(block, Row):
            pen.row(block)
        elif isinstance(block, Rule):
            pen.rule()
        else:
            pen.banner(block)
    return Composition(width, pen.y + BOTTOM_MM, tuple(pen.ops), _warnings(blocks), ink)


def _warnings(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    texts = [t for b in blocks if not isinstance(b, Rule)
             for t in ((b.label, b.value) if isinstance(b, Row) else (b.text,))]
    missing = sorted({c for t in texts for c in missing_characters(t)})
    return (f"no font has {' '.join(missing)}: printed as boxes",) if missing else ()


# --- the Document ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class ReceiptDocument:
    """One payment's receipt, drawn in whatever form the printer wants (kiosk.devices.Document). `desk` is
    the desk named on it ("" = the desk that took the payment); `refund_of` the receipt number a refund pays
    back; `copy` marks a second print."""

    payment: Payment
    attendee_name: str
    config: EventConfig
    desk: str = ""
    copy: bool = False
    refund_of: str = ""
    title: str = ""

    def __post_init__(self) -> None:
        self.title = self.title or f"receipt {self.payment.receipt_no} {self.attendee_name}".strip()

    @property
    def blocks(self) -> tuple[Block, ...]:
        return receipt_blocks(self.payment, self.attendee_name, self.config, self.desk, copy=self.copy,
                              refund_of=self.refund_of)

    @property
    def warnings(self) -> tuple[str, ...]:
        return _warnings(self.blocks)

    def composition(self, width: float = PAGE_MM, margin: float = PAGE_MARGIN_MM, ink: str = "black") -> Composition:
        return lay_out(self.blocks, width, margin, ink)

    def pdf(self) -> bytes:
        from kiosk.badges.pdf import composition_pdf

        return composition_pdf(self.composition(), f"Receipt {self.payment.receipt_no}")

    def raster(self, dpi: int, ink: str = "black", rotate: int = 0) -> Raster:
        """The PDF's page (80 mm) at `dpi`, for printers that print a page as it is."""
        from kiosk.badges.raster import rasterise

        return rasterise(self.composition(ink=ink), dpi, rotate)

    def roll_raster(self, dpi: int, width_dots: int) -> Raster:
        """Laid out again for a roll that prints `width_dots` dots across at `dpi` (384 on a 58 mm roll at 203
        dpi, 576 on an 80 mm one): exactly that wide, text at its planned size."""
        from kiosk.badges.raster import rasterise

        return rasterise(self.composition(width_dots * 25.4 / dpi, ROLL_MARGIN_MM), dpi)


def receipt_pdf(payment: Payment, attendee_name: str, config: EventConfig, desk: str = "", *, copy: bool = False,
                refund_of: str = "") -> bytes:
    """For "Save as PDF" (on a worker: reportlab is slow to load)."""
    return ReceiptDocument(payment, attendee_name, config, desk, copy, refund_of).pdf()
