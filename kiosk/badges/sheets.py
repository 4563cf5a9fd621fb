"""Many badges on printable sheets (A4 of 8 or 10, US Letter of 6), for the night before the event.

Each badge is the event's layout scaled uniformly into the sheet's cell and centred, so a layout designed
for a 4 × 3 in label still looks like itself on an A4 sheet. Thin grey crop marks sit in the margins
at every cut line, outside the badges.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from kiosk.attendees import Attendee
from kiosk.badges.compose import compose
from kiosk.badges.fit import PT_PER_MM
from kiosk.badges.fonts import DRAWING
from kiosk.badges.layout import SHEETS, Layout, Sheet
from kiosk.badges.pdf import Placement, draw
from kiosk.config import EventConfig

Progress = Callable[[int, int], None]
CROP_MARK_MM = 4.0


def sheet(key: str) -> Sheet:
    if key not in SHEETS:
        raise ValueError(f"unknown sheet {key!r} (choose from {', '.join(SHEETS)})")
    return SHEETS[key]


def render_sheets(attendees: Sequence[Attendee], config: EventConfig, sheet_key: str,
                  layout: Layout | None = None, *, ink: str | None = None, today: dt.date | None = None,
                  progress: Progress | None = None) -> tuple[bytes, list[str]]:
    """All badges as one PDF of sheets, and the warnings (name: what) a person should look at first."""
    spec = sheet(sheet_key)
    with DRAWING:  # one drawing at a time (fonts.DRAWING)
        return _render_sheets(attendees, config, spec, layout or config.badge_layout(), ink, today, progress)


def _render_sheets(attendees: Sequence[Attendee], config: EventConfig, spec: Sheet, layout: Layout,
                   ink: str | None, today: dt.date | None, progress: Progress | None) -> tuple[bytes, list[str]]:
    scale = min(spec.badge_width / layout.width, spec.badge_height / layout.height)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(spec.paper_width * PT_PER_MM, spec.paper_height * PT_PER_MM), invariant=1)
    canvas.setTitle(f"{config.name} — {len(attendees)} badges, {spec.label}")
    warnings: list[str] = []
    total = len(attendees)
    for index, attendee in enumerate(attendees):
        if index and index % spec.per_page == 0:
            canvas.showPage()
        if index % spec.per_page == 0:
            _crop_marks(canvas, spec)
        composition = compose(attendee, config, layout, ink=ink, today=today)
        warnings.extend(f"{attendee.name} ({attendee.code}): {w}" for w in composition.warnings)
        left, top = spec.cell(index)
        left += (spec.badge_width - layout.width * scale) / 2
        top += (spec.badge_height - layout.height * scale) / 2
        draw(canvas, composition, Placement(spec.paper_height, left, top, scale))
        if progress is not None:
            progress(index + 1, total)
    canvas.showPage()
    canvas.save()
    return out.getvalue(), warnings


def _cut_lines(spec: Sheet) -> tuple[list[float], list[float]]:
    left, top = spec.cell(0)
    xs = [left + c * spec.badge_width for c in range(spec.columns + 1)]
    ys = [top + r * spec.badge_height for r in range(spec.rows + 1)]
    return xs, ys


def _crop_marks(canvas: Canvas, spec: Sheet) -> None:
    """Short lines in the paper margin at each cut, never over a badge (the grid may touch the edge)."""
    xs, ys = _cut_lines(spec)
    canvas.setStrokeColor(HexColor("#9e9e9e"))
    canvas.setLineWidth(0.3)
    page_h = spec.paper_height
    for x in xs:
        for y0, y1 in _margin_segments(ys[0], ys[-1], page_h):
            canvas.line(x * PT_PER_MM, (page_h - y0) * PT_PER_MM, x * PT_PER_MM, (page_h - y1) * PT_PER_MM)
    for y in ys:
        for x0, x1 in _margin_segments(xs[0], xs[-1], spec.paper_width):
            canvas.line(x0 * PT_PER_MM, (page_h - y) * PT_PER_MM, x1 * PT_PER_MM, (page_h - y) * PT_PER_MM)


def _margin_segments(start: float, end: float, length: float) -> Iterable[tuple[float, float]]:
    if start > 1.0:
        yield max(0.0, start - CROP_MARK_MM - 1), start - 1
    if length - end > 1.0:
        yield end + 1, min(length, end + 1 + CROP_MARK_MM)
