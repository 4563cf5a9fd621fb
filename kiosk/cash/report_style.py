"""How the treasurer's paper looks: the bundled fonts, paragraph and table styles, the colours of over and
short, and a page footer that says which report a loose page belongs to ("DESK1-Z0001 · page 2 of 2")."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from kiosk import money
from kiosk.badges import fonts

SANS, BOLD = fonts.reportlab_name("sans"), fonts.reportlab_name("sans-bold")
RED, ORANGE, GREEN = colors.HexColor("#c62828"), colors.HexColor("#e65100"), colors.HexColor("#2e7d32")
GREY, LIGHT = colors.HexColor("#555555"), colors.HexColor("#eeeeee")
_KEYS = {SANS: "sans", BOLD: "sans-bold"}


def register_fonts() -> None:
    """DejaVu (€, Greek, Cyrillic, Arabic, Hebrew) and WenQuanYi (CJK) as the badges use them; asking
    whether a face covers a character registers it with reportlab once. <b> in a paragraph means DejaVu Bold."""
    for key in ("sans", "sans-bold", "cjk"):
        fonts.covers(key, " ")
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=BOLD, italic=SANS, boldItalic=BOLD)


def style(name: str, size: float, bold: bool = False, colour: Any = colors.black, right: bool = False,
          space_before: float = 0, space_after: float = 0) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=BOLD if bold else SANS, fontSize=size, leading=size * 1.25,
                          textColor=colour, alignment=TA_RIGHT if right else 0, spaceBefore=space_before,
                          spaceAfter=space_after)


TITLE = style("title", 20, bold=True, space_after=2)
SUBTITLE = style("subtitle", 10.5, colour=GREY, space_after=1)
HEADING = style("heading", 11.5, bold=True, space_before=9, space_after=3)
BODY = style("body", 9)
BODY_BOLD = style("body-bold", 9, bold=True)
SMALL = style("small", 7.5, colour=GREY)
CELL = style("cell", 8.5)
CELL_BOLD = style("cell-bold", 8.5, bold=True)
CELL_RIGHT = style("cell-right", 8.5, right=True)


def markup(text: str, base: str = SANS) -> str:
    """`text` as paragraph markup in visual order, each run of characters in the face that has them (a
    Chinese or Arabic name among Latin text), escaped."""
    out = []
    for face, part in fonts.runs(text, _KEYS.get(base, "sans")):
        name = fonts.reportlab_name(face)
        out.append(escape(part) if name == base else f'<font name="{name}">{escape(part)}</font>')
    return "".join(out)


def para(text: str, paragraph_style: ParagraphStyle = BODY) -> Paragraph:
    """Plain text (names, reasons: anything a person typed) as a paragraph."""
    return Paragraph(markup(text, paragraph_style.fontName), paragraph_style)


def rich(markup_text: str, paragraph_style: ParagraphStyle = BODY) -> Paragraph:
    """Markup already built with markup() and <b> tags."""
    return Paragraph(markup_text, paragraph_style)


def amount(minor: int, currency: str) -> str:
    return money.format_amount(minor, currency)


def over_short(difference: int, currency: str) -> tuple[str, str, Any]:
    """(word, amount, colour): SHORT in red, OVER in orange, EXACT in green. The word is printed too, so a
    black-and-white copy and a colour-blind reader lose nothing."""
    if difference < 0:
        return "SHORT", amount(-difference, currency), RED
    if difference > 0:
        return "OVER", amount(difference, currency), ORANGE
    return "EXACT", amount(0, currency), GREEN


def table(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, right: Sequence[int] = (), total: bool = False,
          header: bool = True, extra: Sequence[tuple[Any, ...]] = (),
          heights: Sequence[float | None] | None = None) -> Table:
    """A ruled table with a bold header row (unless `header` is False); `right` columns right-aligned
    (amounts, counts); `total`: the last row is a bold sum under a line."""
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), SANS), ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
    ]
    if header:
        commands += [("FONTNAME", (0, 0), (-1, 0), BOLD), ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black)]
    commands += [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in right]
    if total:
        commands += [("FONTNAME", (0, -1), (-1, -1), BOLD), ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black)]
    result = Table([list(r) for r in rows], colWidths=list(widths), rowHeights=heights, hAlign="LEFT",
                   repeatRows=1 if header else 0)
    result.setStyle(TableStyle([*commands, *extra]))
    return result


def counts_rows(counts: dict[int, int], currency: str, pieces_word: str = "Pieces") -> list[list[str]]:
    """Denomination | pieces | value, largest first, and a total row."""
    rows = [["Denomination", pieces_word, "Value"]]
    for denomination, pieces in sorted(counts.items(), reverse=True):
        rows.append([amount(denomination, currency), str(pieces), amount(denomination * pieces, currency)])
    rows.append(["Total", str(sum(counts.values())), amount(money.counts_total(counts), currency)])
    return rows


def counts_table(counts: dict[int, int], currency: str, width: float = 90 * mm) -> Table:
    return table(counts_rows(counts, currency), (width * 0.4, width * 0.25, width * 0.35), right=(1, 2), total=True)


class Footer(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Zero-size: tells the canvas which document the following pages belong to, for their footer."""

    def __init__(self, left: str, label: str) -> None:
        super().__init__()
        self.left, self.label = left, label
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv.footer_left, self.canv.footer_label = self.left, self.label


class _Canvas(rl_canvas.Canvas):  # type: ignore[misc]
    """Holds pages back until the end, so each footer can say "page 2 of 3" of its own report (one file may
    carry several reports; a loose page must still say where it belongs)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.footer_left, self.footer_label = "", ""
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = Counter(state["footer_label"] for state in self._held)
        seen: Counter[str] = Counter()
        for state in self._held:
            self.__dict__.update(state)
            seen[self.footer_label] += 1
            self._draw_footer(seen[self.footer_label], pages[self.footer_label])
            super().showPage()
        super().save()

    def _draw_footer(self, page: int, of: int) -> None:
        width = self._pagesize[0]
        self.saveState()
        self.setFont(SANS, 7.5)
        self.setFillColor(GREY)
        margin = 12 * mm if width < 120 * mm else 18 * mm
        self.drawString(margin, 9 * mm, self.footer_left)
        self.drawRightString(width - margin, 9 * mm, f"{self.footer_label} · page {page} of {of}")
        self.restoreState()


def build(story: list[Any], pagesize: tuple[float, float], title: str, margin: float = 18 * mm) -> bytes:
    """Render the story; `invariant` leaves out creation time and random ids, so the same report always gives
    the same bytes (a reprinted report is provably the one that was signed)."""
    register_fonts()
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=pagesize, leftMargin=margin, rightMargin=margin, topMargin=14 * mm,
                                 bottomMargin=16 * mm, title=title, author="conference kiosk", invariant=1)
    with fonts.DRAWING:  # reportlab's TrueType subsetting state is shared: one document at a time
        document.build(story, canvasmaker=_Canvas)
    return out.getvalue()


register_fonts()  # before any paragraph is made: <b> is resolved to DejaVu Bold when the markup is parsed


def day_label(day: int, date: dt.date | None) -> str:
    return f"Day {day} — {date.strftime('%a %d %b %Y')}" if date else f"Day {day}"
