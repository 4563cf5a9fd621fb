"""Layout + attendee → drawing operations in millimetres. Both renderers draw the same composition, so the
PDF, the printer raster and the preview can never disagree about what fits or what is on the badge.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.attendees import Attendee
from kiosk.badges import qr
from kiosk.badges.fit import PT_PER_MM, Fitted, fit
from kiosk.badges.fonts import ASCENT, FACES, LINE_HEIGHT, Run, missing_characters, runs, text_width
from kiosk.badges.layout import TEXT_KINDS, Element, Layout
from kiosk.badges.markers import MarkerSpec, markers_for
from kiosk.config import EventConfig

WHITE, BLACK, RED = "#ffffff", "#000000", "#d50000"
UNKNOWN_ROLE_COLOUR = "#455a64"
_ONE_DAY = re.compile(r"\b(one|1|single)[- ]?day\b|\bday pass\b|\btages", re.IGNORECASE)
LABELS = {"event_name": "Event name", "first_name": "First name", "full_name": "Name",
          "organisation": "Organisation", "city": "Home town", "role_band": "Role", "day_ribbon": "Day ribbon",
          "interests": "Interest markers", "legend": "Legend", "logo": "Logo"}


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    colour: str
    accent: bool = False  # role bands and ribbons: the red layer of a black/red label


@dataclass(frozen=True, slots=True)
class Text:
    x: float         # left edge of the line, mm
    baseline: float  # mm from the top
    size: float      # pt
    runs: tuple[Run, ...]
    width: float     # mm
    colour: str
    accent: bool
    box: tuple[float, float, float, float]  # the element's box, for fit checks and the editor
    bold: bool = False  # wanted bold: the CJK face has none, so renderers embolden it with a stroke


@dataclass(frozen=True, slots=True)
class Marker:
    cx: float
    cy: float
    r: float
    shape: str
    colour: str
    letter: Text


@dataclass(frozen=True, slots=True)
class Qr:
    x: float
    y: float
    size: float  # mm, quiet zone included
    symbol: qr.QrSymbol


@dataclass(frozen=True, slots=True)
class Picture:
    x: float
    y: float
    w: float
    h: float
    data: bytes


Op = Rect | Text | Marker | Qr | Picture


@dataclass(frozen=True, slots=True)
class Composition:
    width: float
    height: float
    ops: tuple[Op, ...]
    warnings: tuple[str, ...]
    ink: str


def big_name(attendee: Attendee) -> str:
    """The name strangers read: the first name, or the whole name when it is written in CJK script."""
    from kiosk.badges.fonts import is_cjk_name

    if is_cjk_name(attendee.name):
        return attendee.name
    return attendee.first_name.strip() or attendee.name


def paint(colour: str, ink: str, accent: bool = False) -> str:
    """A colour as this ink can print it: black/white on a mono printer; accents red on black/red tape."""
    if ink == "colour":
        return colour
    if colour.lower() == WHITE:
        return WHITE
    return RED if ink == "black-red" and accent else BLACK


def compose(attendee: Attendee, config: EventConfig, layout: Layout, *, ink: str | None = None,
            today: dt.date | None = None) -> Composition:
    ink = ink or layout.ink
    ops: list[Op] = []
    codes: list[Op] = []  # drawn last: nothing may cover the QR code, or it stops scanning
    warnings: list[str] = []
    drawn: list[Element] = []
    for element in layout.elements:
        if element.visible:
            made = list(_element(element, attendee, config, layout, ink, today, warnings))
            (codes if element.kind == "qr" else ops).extend(made)
            if made:
                drawn.append(element)
    if not attendee.code:
        warnings.append("No ticket code: this badge has no QR code, so scanning it finds nobody")
    if not (attendee.first_name or attendee.name).strip():
        warnings.append("No name: the badge would be blank where the name goes")
    warnings.extend(_overlaps_with_qr(drawn))
    return Composition(layout.width, layout.height, tuple(ops + codes), tuple(dict.fromkeys(warnings)), ink)


def _overlaps_with_qr(drawn: list[Element]) -> Iterator[str]:
    qr = next((e for e in drawn if e.kind == "qr"), None)
    if qr is None:
        return
    for e in drawn:
        overlap_w = min(e.x + e.w, qr.x + qr.w) - max(e.x, qr.x)
        overlap_h = min(e.y + e.h, qr.y + qr.h) - max(e.y, qr.y)
        if e is not qr and overlap_w > 0.5 and overlap_h > 0.5:
            yield (f"{LABELS.get(e.kind, e.kind.replace('_', ' ').capitalize())} overlaps the QR code: the QR is "
                   "drawn on top (it still scans) and hides part of it; move one of them")


def _element(e: Element, attendee: Attendee, config: EventConfig, layout: Layout, ink: str,
             today: dt.date | None, warnings: list[str]) -> Iterator[Op]:
    kind = e.kind
    if kind == "role_band":
        yield from _role_band(e, attendee, config, ink, warnings)
    elif kind == "day_ribbon":
        label = day_label(attendee, config, today)
        if label:
            yield Rect(e.x, e.y, e.w, e.h, paint(e.colour, ink, True), accent=True)
            yield from _text(e, label.upper(), WHITE, ink, warnings, accent=True, pad=0.12)
    elif kind == "interests":
        if layout.markers == "print":
            yield from _markers(e, markers_for(attendee.interests, config), ink)
    elif kind == "legend":
        yield from _legend(e, markers_for([i.name for i in config.interests], config), ink, warnings)
    elif kind == "qr" and attendee.code:
        side = min(e.w, e.h)
        yield Qr(e.x + (e.w - side) / 2, e.y + (e.h - side) / 2, side, qr.symbol(attendee.code))
    elif kind == "logo" and layout.logo:
        yield Picture(e.x, e.y, e.w, e.h, layout.logo)
    elif kind in TEXT_KINDS:
        text = _field(kind, attendee, config)
        if text:
            yield from _text(e, text, e.colour, ink, warnings)


def _field(kind: str, attendee: Attendee, config: EventConfig) -> str:
    if kind == "event_name":
        return config.name
    if kind == "first_name":
        return big_name(attendee)
    if kind == "full_name":
        return "" if attendee.name.casefold() == big_name(attendee).casefold() else attendee.name
    if kind == "organisation":
        return attendee.organisation
    return attendee.city or attendee.country  # home town


def _role_band(e: Element, attendee: Attendee, config: EventConfig, ink: str,
               warnings: list[str]) -> Iterator[Op]:
    if not attendee.role.strip():  # attendees get the event's name where staff and speakers get their band
        yield from _text(e, config.name, "#424242", ink, warnings, pad=0.22)
        return
    role = config.role(attendee.role)
    # A role the event does not list (say "VIP" from the ticket shop) still gets its band, in slate grey.
    name, colour = (role.name, role.colour) if role else (attendee.role.strip(), UNKNOWN_ROLE_COLOUR)
    yield Rect(e.x, e.y, e.w, e.h, paint(colour, ink, True), accent=True)
    yield from _text(e, name.upper(), e.colour, ink, warnings, accent=True, pad=0.12)


def _text(e: Element, text: str, colour: str, ink: str, warnings: list[str], *, accent: bool = False,
          pad: float = 0.0) -> Iterator[Text]:
    """`text` fitted into the element's box (less `pad` of its height above and below), aligned."""
    label = LABELS.get(e.kind, e.kind)
    missing = missing_characters(text)
    if missing:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing)
        warnings.append(f"{label}: no bundled font has {shown}; it would print as a box")
    inset = e.h * pad
    box_h = e.h - 2 * inset
    fitted = fit(text, e.font, e.w, box_h, e.size, e.min_size, e.lines)
    if fitted.overflows:
        warnings.append(f"{label} is too long for its box even at {fitted.size:g} pt: it runs past the box; "
                        "shorten it (Fix details) or make the box larger")
    elif fitted.shrunk_below_min:
        warnings.append(f"{label} is long: shrunk to {fitted.size:g} pt (the layout plans at least {e.min_size:g})")
    yield from _lines(e, fitted, paint(colour, ink, accent), accent, e.y + inset, box_h)


def _lines(e: Element, fitted: Fitted, colour: str, accent: bool, top: float, box_h: float) -> Iterator[Text]:
    y = top + (box_h - fitted.height) / 2
    em = fitted.size / PT_PER_MM  # mm
    lines = zip(fitted.lines, fitted.widths, fitted.extents, fitted.overhangs, strict=True)
    for line, width, (above, below), (left_ink, right_ink) in lines:
        baseline = y + above * em
        y = baseline + below * em
        # Ink may reach past the advance (a slashed Ł, emboldened CJK): align the ink, not the advance.
        before, after = (left_ink + fitted.outline / 2) * em, (right_ink + fitted.outline / 2) * em
        if e.align == "left":
            x = e.x + before
        elif e.align == "right":
            x = e.x + e.w - width - after
        else:
            x = e.x + (e.w - width - after + before) / 2
        yield Text(x, baseline, fitted.size, runs(line, e.font), width, colour, accent, (e.x, e.y, e.w, e.h),
                   FACES[e.font].bold)


def _marker(spec: MarkerSpec, cx: float, cy: float, r: float, font: str, ink: str) -> Marker:
    shape = "circle" if ink == "colour" else spec.shape  # colour tells them apart; without it, the shape does
    size = r * 2 * PT_PER_MM * (0.5 if shape == "triangle" else 0.62)
    width = text_width(spec.letter, font, size) / PT_PER_MM
    baseline = cy + size * (ASCENT - LINE_HEIGHT / 2) / PT_PER_MM + (r * 0.22 if shape == "triangle" else 0)
    letter = Text(cx - width / 2, baseline, size, runs(spec.letter, font), width, WHITE, True,
                  (cx - r, cy - r, 2 * r, 2 * r))
    return Marker(cx, cy, r, shape, paint(spec.colour, ink, True), letter)


def _markers(e: Element, specs: list[MarkerSpec], ink: str) -> Iterator[Op]:
    """Dots in the event's interest order, as large as the box allows, shrunk (never dropped) when many."""
    if not specs:
        return
    count = len(specs)
    diameter = min(e.h, e.w / (count + 0.25 * (count - 1)))
    gap = diameter * 0.25
    total = count * diameter + (count - 1) * gap
    left = e.x if e.align == "left" else e.x + e.w - total if e.align == "right" else e.x + (e.w - total) / 2
    for i, spec in enumerate(specs):
        cx = left + diameter / 2 + i * (diameter + gap)
        yield _marker(spec, cx, e.y + e.h / 2, diameter / 2, e.font, ink)


def _legend(e: Element, specs: list[MarkerSpec], ink: str, warnings: list[str]) -> Iterator[Op]:
    """Every interest of the event, marker and name, flowed in rows: the key to the colours."""
    if not specs:
        return
    size = e.size
    while True:
        placed = _flow(e, specs, size)
        if placed is not None or size <= e.min_size:
            break
        size = max(e.min_size, size - 0.5)
    if placed is None:
        warnings.append("Legend: too many interests for its box; some are drawn outside it")
        placed = _flow(e, specs, size, force=True) or []
    d = size * 1.15 / PT_PER_MM
    for spec, x, y in placed:
        yield _marker(spec, x + d / 2, y + d / 2, d / 2, "sans-bold", ink)
        width = text_width(spec.name, e.font, size) / PT_PER_MM
        yield Text(x + d * 1.25, y + d / 2 + size * (ASCENT - LINE_HEIGHT / 2) / PT_PER_MM, size,
                   runs(spec.name, e.font), width, paint(e.colour, ink), False, (e.x, e.y, e.w, e.h))


def _flow(e: Element, specs: list[MarkerSpec], size: float,
          force: bool = False) -> list[tuple[MarkerSpec, float, float]] | None:
    d = size * 1.15 / PT_PER_MM
    row_h, x, y = d * 1.3, e.x, e.y
    out = []
    for spec in specs:
        item_w = d * 1.25 + text_width(spec.name, e.font, size) / PT_PER_MM
        if x > e.x and x + item_w > e.x + e.w:
            x, y = e.x, y + row_h
        if not force and (x + item_w > e.x + e.w or y + d > e.y + e.h):
            return None
        out.append((spec, x, y))
        x += item_w + d * 0.8
    return out


def day_label(attendee: Attendee, config: EventConfig, today: dt.date | None = None) -> str:
    """The days a badge is good for: a one-day ticket names today's day; the others every day."""
    if _ONE_DAY.search(attendee.ticket_type):
        day = today or config.today()
        number = config.day_of(day)
        return f"Day {number} · {day:%a %d %b}" if number else f"{day:%a %d %b}"
    if len(config.days) > 1:
        return " · ".join(f"{d:%a}" for d in config.days)
    return ""
