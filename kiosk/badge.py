"""The desk's badge as a PDF (reportlab): role band, large first name, name, organisation, home town,
interest dots (colour AND letter) and a QR code of the attendee's code.

One fixed 4×3 in layout (layouts as data are the badge issue's work). Text goes through bundled fonts
character by character: DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, Arabic), then WenQuanYi Zen Hei
(Chinese, Japanese, Korean), both TrueType as reportlab needs. Arabic is reshaped and right-to-left text
put in visual order (arabic-reshaper + python-bidi) before drawing, as reportlab does neither.
"""

from __future__ import annotations

import io

import arabic_reshaper
from bidi import get_display
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from assets import asset
from kiosk.attendees import Attendee
from kiosk.config import EventConfig

WIDTH, HEIGHT = 4 * inch, 3 * inch
MARGIN = 0.18 * inch
REGULAR, BOLD, CJK = "DejaVuSans", "DejaVuSans-Bold", "WenQuanYiZenHei"
Run = tuple[str, str]  # (font, text)
# Ligatures off: the bundled fonts lack the single-glyph forms (ﷲ), and a box on a badge is worse than
# the letters drawn one by one.
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"support_ligatures": False})


def _register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(asset("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(BOLD, str(asset("fonts", "DejaVuSans-Bold.ttf"))))
        pdfmetrics.registerFont(TTFont(CJK, str(asset("fonts", "wqy-zenhei.ttc")), subfontIndex=0))


def _covers(font: str, char: str) -> bool:
    face = pdfmetrics.getFont(font).face
    return ord(char) in face.charToGlyph


def missing_characters(text: str) -> list[str]:
    """Characters no bundled font can draw: the preview warns instead of printing a box."""
    _register_fonts()
    shaped = visual(text)  # what is drawn: the reshaped letters, not the typed ones
    return sorted({c for c in shaped if not c.isspace() and not _covers(REGULAR, c) and not _covers(CJK, c)})


def visual(text: str) -> str:
    """Arabic letters joined, right-to-left runs in the order they appear on paper."""
    if text.isascii():
        return text
    return str(get_display(_RESHAPER.reshape(text)))


def runs(text: str, font: str) -> list[Run]:
    """`text` split where the font changes: `font` where it has the glyph, else the CJK font."""
    out: list[Run] = []
    for char in visual(text):
        chosen = font if char.isspace() or _covers(font, char) or not _covers(CJK, char) else CJK
        if out and out[-1][0] == chosen:
            out[-1] = (chosen, out[-1][1] + char)
        else:
            out.append((chosen, char))
    return out


def text_width(text: str, font: str, size: float) -> float:
    return float(sum(pdfmetrics.stringWidth(part, run_font, size) for run_font, part in runs(text, font)))


def draw_centred(canvas: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    left = x - text_width(text, font, size) / 2
    for run_font, part in runs(text, font):
        canvas.setFont(run_font, size)
        canvas.drawString(left, y, part)
        left += pdfmetrics.stringWidth(part, run_font, size)


def fitted_size(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    """The largest size from `largest` down to `smallest` at which `text` fits `width`."""
    size = largest
    while size > smallest and text_width(text, font, size) > width:
        size -= 1
    return size


def first_name_lines(text: str, width: float) -> tuple[list[str], float]:
    """The large name on one line, shrunk to fit; a long one on two balanced lines; never cut off."""
    size = fitted_size(text, BOLD, 60, 28, width)
    if text_width(text, BOLD, size) <= width or " " not in text:
        return [text], fitted_size(text, BOLD, size, 6, width)
    words = text.split()
    best = min(range(1, len(words)), key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    lines = [" ".join(words[:best]), " ".join(words[best:])]
    size = min(fitted_size(line, BOLD, 40, 6, width) for line in lines)
    return lines, size


def render_badge_pdf(attendee: Attendee, config: EventConfig) -> bytes:
    _register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(WIDTH, HEIGHT))
    canvas.setTitle(f"Badge — {attendee.name}")
    top = HEIGHT - MARGIN
    role = config.role(attendee.role) if attendee.role else None
    if role is not None:
        canvas.setFillColor(HexColor(role.colour))
        canvas.rect(0, HEIGHT - 0.42 * inch, WIDTH, 0.42 * inch, stroke=0, fill=1)
        canvas.setFillColor(white)
        draw_centred(canvas, WIDTH / 2, HEIGHT - 0.30 * inch, role.name.upper(), BOLD, 16)
        top = HEIGHT - 0.42 * inch - 0.08 * inch
    else:
        canvas.setFillColor(HexColor("#616161"))
        draw_centred(canvas, WIDTH / 2, top - 8, config.name, REGULAR, 9)
        top -= 14
    usable = WIDTH - 2 * MARGIN
    lines, size = first_name_lines(attendee.first_name or attendee.name, usable)
    canvas.setFillColor(black)
    baseline = top
    for line in lines:
        baseline -= size * 0.95
        draw_centred(canvas, WIDTH / 2, baseline, line, BOLD, size)
        baseline -= size * 0.1
    y = baseline - size * 0.2 - 14  # below the descenders (g, η, y) of the large name
    for text, font, largest in ((attendee.name, REGULAR, 15), (attendee.organisation, BOLD, 13),
                                (attendee.city, REGULAR, 12)):
        if text and text != (attendee.first_name or attendee.name):
            line_size = fitted_size(text, font, largest, 7, usable)
            draw_centred(canvas, WIDTH / 2, y, text, font, line_size)
            y -= line_size + 6
    _interest_dots(canvas, attendee, config)
    _qr(canvas, attendee.code)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _interest_dots(canvas: Canvas, attendee: Attendee, config: EventConfig) -> None:
    radius, x, y = 0.14 * inch, MARGIN + 0.14 * inch, MARGIN + 0.16 * inch
    for name in attendee.interests:
        interest = config.interest(name)
        colour, letter = (interest.colour, interest.letter) if interest else ("#757575", "?")
        canvas.setFillColor(HexColor(colour))
        canvas.circle(x, y, radius, stroke=0, fill=1)
        canvas.setFillColor(white)
        draw_centred(canvas, x, y - 4, letter, BOLD, 11)
        x += 2 * radius + 5


def _qr(canvas: Canvas, code: str) -> None:
    size = 0.85 * inch
    widget = QrCodeWidget(code, barLevel="M" if len(code) < 60 else "L")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, WIDTH - MARGIN - size + 6, MARGIN - 6)
