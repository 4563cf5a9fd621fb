"""Compositions drawn as vector PDF with reportlab: one badge (render_pdf) or many on a page (sheets.py)."""

from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from kiosk.attendees import Attendee
from kiosk.badges.compose import Composition, Marker, Picture, Qr, Rect, Text, compose
from kiosk.badges.fit import PT_PER_MM
from kiosk.badges.fonts import DRAWING, reportlab_name, run_width
from kiosk.badges.layout import Layout
from kiosk.badges.markers import polygon
from kiosk.badges.qr import QUIET_ZONE, dark_runs
from kiosk.config import EventConfig


@lru_cache(maxsize=64)
def _colour(hex_colour: str) -> Color:
    return HexColor(hex_colour)


class Placement:
    """Where a composition goes on a page: its top-left corner (mm) and a uniform scale."""

    def __init__(self, page_height_mm: float, left: float = 0.0, top: float = 0.0, scale: float = 1.0) -> None:
        self.page_h = page_height_mm * PT_PER_MM
        self.left, self.top, self.scale = left * PT_PER_MM, top * PT_PER_MM, scale * PT_PER_MM

    def x(self, mm: float) -> float:
        return self.left + mm * self.scale

    def y(self, mm: float) -> float:
        return self.page_h - self.top - mm * self.scale

    def length(self, mm: float) -> float:
        return mm * self.scale


def render_pdf(attendee: Attendee, config: EventConfig, layout: Layout | None = None, *, ink: str | None = None,
               today: dt.date | None = None) -> bytes:
    """One badge as a one-page PDF the size of the badge."""
    layout = layout or config.badge_layout()
    return composition_pdf(compose(attendee, config, layout, ink=ink, today=today), f"Badge — {attendee.name}")


def composition_pdf(composition: Composition, title: str) -> bytes:
    with DRAWING:  # reportlab's fonts keep subsetting state per document: one drawing at a time
        return _composition_pdf(composition, title)


def _composition_pdf(composition: Composition, title: str) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(composition.width * PT_PER_MM, composition.height * PT_PER_MM), invariant=1)
    canvas.setTitle(title)
    draw(canvas, composition, Placement(composition.height))
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def draw(canvas: Canvas, composition: Composition, at: Placement) -> None:
    for op in composition.ops:
        if isinstance(op, Text):
            _text(canvas, op, at)
        elif isinstance(op, Rect):
            canvas.setFillColor(_colour(op.colour))
            canvas.rect(at.x(op.x), at.y(op.y + op.h), at.length(op.w), at.length(op.h), stroke=0, fill=1)
        elif isinstance(op, Marker):
            _marker(canvas, op, at)
        elif isinstance(op, Qr):
            _qr(canvas, op, at)
        elif isinstance(op, Picture):
            _picture(canvas, op, at)


def _text(canvas: Canvas, op: Text, at: Placement) -> None:
    canvas.setFillColor(_colour(op.colour))
    size = op.size * at.scale / PT_PER_MM
    x, y = at.x(op.x), at.y(op.baseline)
    for face, part in op.runs:
        if face == "cjk" and op.bold:  # the CJK face has no bold: fill and stroke the outline instead
            text = canvas.beginText(x, y)
            text.setFont(reportlab_name(face), size)
            text.setTextRenderMode(2)
            text.textOut(part)
            canvas.setStrokeColor(_colour(op.colour))
            canvas.setLineWidth(size * 0.03)
            canvas.drawText(text)
        else:
            canvas.setFont(reportlab_name(face), size)
            canvas.drawString(x, y, part)
        x += run_width(part, face, size)


def _marker(canvas: Canvas, op: Marker, at: Placement) -> None:
    canvas.setFillColor(_colour(op.colour))
    points = polygon(op.shape, op.cx, op.cy, op.r)
    if points:
        path = canvas.beginPath()
        path.moveTo(at.x(points[0][0]), at.y(points[0][1]))
        for px, py in points[1:]:
            path.lineTo(at.x(px), at.y(py))
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    else:
        canvas.circle(at.x(op.cx), at.y(op.cy), at.length(op.r), stroke=0, fill=1)
    _text(canvas, op.letter, at)


def _qr(canvas: Canvas, op: Qr, at: Placement) -> None:
    modules = op.symbol.modules
    module = op.size / (len(modules) + 2 * QUIET_ZONE)
    canvas.setFillColor(_colour("#ffffff"))  # the quiet zone, even over a coloured background
    canvas.rect(at.x(op.x), at.y(op.y + op.size), at.length(op.size), at.length(op.size), stroke=0, fill=1)
    canvas.setFillColor(_colour("#000000"))
    path = canvas.beginPath()
    left, top = op.x + QUIET_ZONE * module, op.y + QUIET_ZONE * module
    for row, column, length in dark_runs(modules):
        path.rect(at.x(left + column * module), at.y(top + (row + 1) * module),
                  at.length(length * module), at.length(module))
    canvas.drawPath(path, stroke=0, fill=1)


def _picture(canvas: Canvas, op: Picture, at: Placement) -> None:
    canvas.drawImage(ImageReader(io.BytesIO(op.data)), at.x(op.x), at.y(op.y + op.h), at.length(op.w), at.length(op.h),
                     preserveAspectRatio=True, anchor="c", mask="auto")
