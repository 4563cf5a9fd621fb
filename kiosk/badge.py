"""The desk's badge as a PDF (reportlab): role band, large first name, name, organisation, home town,
interest dots (colour AND letter) and a QR code of the attendee's code.

One fixed 4×3 in layout with the bundled DejaVu Sans (Latin, Greek, Cyrillic, Hebrew, Arabic letters).
Layouts as data, CJK fonts and right-to-left shaping are the badge issue's work; this is what the desk
prints meanwhile, through the same print operation.
"""

from __future__ import annotations

import io

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
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"


def _register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(asset("fonts", "DejaVuSans.ttf"))))
        pdfmetrics.registerFont(TTFont(BOLD, str(asset("fonts", "DejaVuSans-Bold.ttf"))))


def fitted_size(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    """The largest size from `largest` down to `smallest` at which `text` fits `width`."""
    size = largest
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 1
    return size


def first_name_lines(text: str, width: float) -> tuple[list[str], float]:
    """The large name on one line, shrunk to fit; a long one on two balanced lines; never cut off."""
    size = fitted_size(text, BOLD, 60, 28, width)
    if pdfmetrics.stringWidth(text, BOLD, size) <= width or " " not in text:
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
        canvas.setFont(BOLD, 16)
        canvas.drawCentredString(WIDTH / 2, HEIGHT - 0.30 * inch, role.name.upper())
        top = HEIGHT - 0.42 * inch - 0.08 * inch
    else:
        canvas.setFillColor(HexColor("#616161"))
        canvas.setFont(REGULAR, 9)
        canvas.drawCentredString(WIDTH / 2, top - 8, config.name)
        top -= 14
    usable = WIDTH - 2 * MARGIN
    lines, size = first_name_lines(attendee.first_name or attendee.name, usable)
    canvas.setFillColor(black)
    canvas.setFont(BOLD, size)
    baseline = top
    for line in lines:
        baseline -= size * 0.95
        canvas.drawCentredString(WIDTH / 2, baseline, line)
        baseline -= size * 0.1
    y = baseline - size * 0.2 - 14  # below the descenders (g, η, y) of the large name
    for text, font, largest in ((attendee.name, REGULAR, 15), (attendee.organisation, BOLD, 13),
                                (attendee.city, REGULAR, 12)):
        if text and text != (attendee.first_name or attendee.name):
            line_size = fitted_size(text, font, largest, 7, usable)
            canvas.setFont(font, line_size)
            canvas.drawCentredString(WIDTH / 2, y, text)
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
        canvas.setFont(BOLD, 11)
        canvas.drawCentredString(x, y - 4, letter)
        x += 2 * radius + 5


def _qr(canvas: Canvas, code: str) -> None:
    size = 0.85 * inch
    widget = QrCodeWidget(code, barLevel="M" if len(code) < 60 else "L")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, WIDTH - MARGIN - size + 6, MARGIN - 6)
