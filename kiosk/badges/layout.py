"""Badge layouts as data: a page size and elements placed in millimetres (top-left origin), stored in the
event configuration so an edit made on one desk reaches every desk by sync.

Presets name the label stocks conferences use; `default_layout(preset)` designs a layout for each one from
its proportions, so a fresh event prints a good badge on whatever the desk has.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from dataclasses import dataclass, field, replace
from typing import Any

KINDS = ("role_band", "event_name", "first_name", "full_name", "organisation", "city", "interests", "legend",
         "qr", "logo", "day_ribbon")
TEXT_KINDS = ("event_name", "first_name", "full_name", "organisation", "city")
INKS = ("colour", "black", "black-red")  # colour PDF; black-only label printers; Brother black/red tape
MARKER_MODES = ("print", "stickers")
ALIGNS = ("centre", "left", "right")
FONTS = ("sans", "sans-bold", "sans-condensed-bold", "serif", "serif-bold")
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
SLACK_MM = 0.5  # an element may overhang the edge this much (dragging in the editor is not exact)
MAX_LOGO_BYTES = 1_000_000  # the logo travels inside every configuration event, to every desk


class LayoutError(ValueError):
    """The badge layout is not valid; the message says which element and why."""


@dataclass(frozen=True, slots=True)
class Element:
    kind: str
    x: float
    y: float
    w: float
    h: float
    font: str = "sans"
    size: float = 12.0      # largest size in points; text shrinks from here to fit
    min_size: float = 6.0   # below this it wraps (when `lines` allows) and the preview warns
    colour: str = "#000000"
    align: str = "centre"
    lines: int = 1
    visible: bool = True


@dataclass(frozen=True, slots=True)
class Preset:
    key: str
    label: str
    width: float
    height: float
    continuous: bool = False


@dataclass(frozen=True, slots=True)
class Sheet:
    key: str
    label: str
    paper_width: float
    paper_height: float
    badge_width: float
    badge_height: float
    columns: int
    rows: int

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def cell(self, index: int) -> tuple[float, float]:
        """Top-left corner (mm) of the index-th badge on a page; the grid is centred on the paper."""
        left = (self.paper_width - self.columns * self.badge_width) / 2
        top = (self.paper_height - self.rows * self.badge_height) / 2
        row, column = divmod(index % self.per_page, self.columns)
        return left + column * self.badge_width, top + row * self.badge_height


INCH = 25.4
PRESETS: dict[str, Preset] = {p.key: p for p in (
    Preset("fanfold-4x3", "4 × 3 in fanfold", 101.6, 76.2),
    Preset("ql-62x100", "Brother QL 62 × 100 mm die-cut", 100, 62),
    Preset("ql-62-continuous", "Brother QL 62 mm continuous", 90, 62, continuous=True),
    Preset("54x90", "54 × 90 mm", 90, 54),
    Preset("a6", "A6 (105 × 148 mm)", 105, 148),
    Preset("cr80", "CR80 card (85.6 × 54 mm)", 85.6, 53.98),
    Preset("105x74", "105 × 74 mm (A4 sheet of 8)", 105, 74),
)}
SHEETS: dict[str, Sheet] = {s.key: s for s in (
    Sheet("a4-8", "A4, 8 badges of 105 × 74 mm", 210, 297, 105, 74, 2, 4),
    Sheet("a4-10", "A4, 10 badges of 90 × 54 mm", 210, 297, 90, 54, 2, 5),
    Sheet("letter-6", "US Letter, 6 badges of 4 × 3 in", 8.5 * INCH, 11 * INCH, 4 * INCH, 3 * INCH, 2, 3),
)}


@dataclass(frozen=True, slots=True)
class Layout:
    preset: str
    width: float
    height: float
    elements: tuple[Element, ...]
    ink: str = "colour"
    markers: str = "print"
    logo: bytes | None = field(default=None, repr=False)  # PNG or JPEG, shown by a `logo` element

    def element(self, kind: str) -> Element | None:
        return next((e for e in self.elements if e.kind == kind), None)

    def replace_element(self, index: int, element: Element) -> Layout:
        elements = list(self.elements)
        elements[index] = element
        return replace(self, elements=tuple(elements))


def default_layout(preset: str = "fanfold-4x3") -> Layout:
    """A layout that looks right on `preset` out of the box: landscape and portrait are designed apart."""
    if preset not in PRESETS:
        raise LayoutError(f"badge.preset: unknown preset {preset!r} (choose from {', '.join(PRESETS)})")
    p = PRESETS[preset]
    elements = _portrait(p.width, p.height) if p.height > p.width else _landscape(p.width, p.height)
    return Layout(preset, p.width, p.height, tuple(_rounded(e) for e in elements))


def _rounded(e: Element) -> Element:
    """As stored (to_dict rounds), so a default layout survives the trip through the configuration unchanged."""
    return replace(e, x=round(e.x, 2), y=round(e.y, 2), w=round(e.w, 2), h=round(e.h, 2), size=round(e.size, 1),
                   min_size=round(e.min_size, 1))


def _scale(w: float, h: float) -> float:
    """Type scale relative to the 4 × 3 in badge, where the first name is 66 pt."""
    return min(w / (4 * INCH), h / (3 * INCH), 1.1)


def _landscape(w: float, h: float) -> tuple[Element, ...]:
    s, m = _scale(w, h), max(2.5, 0.04 * h)
    band, qr = 0.14 * h, 0.34 * h
    text_w = w - 2 * m - qr - m
    return (
        Element("role_band", 0, 0, w, band, "sans-bold", 18 * s, 8, "#ffffff"),
        Element("first_name", m, 0.15 * h, w - 2 * m, 0.35 * h, "sans-bold", 66 * s, 26 * s, lines=2),
        Element("full_name", m, 0.51 * h, w - 2 * m, 0.09 * h, "sans", 16 * s, 7),
        Element("organisation", m, 0.61 * h, text_w, 0.09 * h, "sans-bold", 14 * s, 7, lines=2),
        Element("city", m, 0.71 * h, text_w, 0.07 * h, "sans", 12 * s, 6, "#424242"),
        Element("interests", m, h - m - 0.13 * h, text_w, 0.13 * h, "sans-bold", 12 * s, 6, "#ffffff", "left"),
        Element("qr", w - m - qr, h - m - qr, qr, qr),
    )


def _portrait(w: float, h: float) -> tuple[Element, ...]:
    s, m = _scale(w, h), max(3.0, 0.04 * w)
    band, qr, full_w = 0.10 * h, 0.36 * w, w - 2 * m
    return (
        Element("role_band", 0, 0, w, band, "sans-bold", 20 * s, 8, "#ffffff"),
        Element("event_name", m, band + 0.01 * h, full_w, 0.04 * h, "sans", 10 * s, 6, "#616161"),
        Element("first_name", m, 0.16 * h, full_w, 0.22 * h, "sans-bold", 72 * s, 28 * s, lines=2),
        Element("full_name", m, 0.39 * h, full_w, 0.06 * h, "sans", 18 * s, 7),
        Element("organisation", m, 0.46 * h, full_w, 0.09 * h, "sans-bold", 16 * s, 7, lines=2),
        Element("city", m, 0.56 * h, full_w, 0.05 * h, "sans", 14 * s, 6, "#424242"),
        Element("interests", m, 0.63 * h, full_w - qr - m, 0.09 * h, "sans-bold", 14 * s, 6, "#ffffff", "left"),
        Element("legend", m, 0.74 * h, full_w - qr - m, h - 0.74 * h - m, "sans", 11 * s, 5, "#424242", "left"),
        Element("qr", w - m - qr, 0.63 * h, qr, qr),
    )


# --- as data: the `[badge]` table of the event configuration ----------------------------------------------


def to_dict(layout: Layout) -> dict[str, Any]:
    data: dict[str, Any] = {"preset": layout.preset, "width": round(layout.width, 2),
                            "height": round(layout.height, 2), "ink": layout.ink, "markers": layout.markers}
    if layout.logo:
        data["logo"] = base64.b64encode(layout.logo).decode("ascii")
    data["elements"] = [
        {"kind": e.kind, "x": round(e.x, 2), "y": round(e.y, 2), "w": round(e.w, 2), "h": round(e.h, 2),
         "font": e.font, "size": round(e.size, 1), "min_size": round(e.min_size, 1), "colour": e.colour,
         "align": e.align, "lines": e.lines, "visible": e.visible}
        for e in layout.elements
    ]
    return data


def from_dict(data: dict[str, Any]) -> Layout:
    preset = str(data.get("preset", "fanfold-4x3"))
    if preset not in PRESETS:
        raise LayoutError(f"badge.preset: unknown preset {preset!r} (choose from {', '.join(PRESETS)})")
    if "elements" not in data:
        return default_layout(preset)  # `[badge] preset = "a6"` alone is a complete layout
    width, height = _number(data, "width", "badge"), _number(data, "height", "badge")
    if not (20 <= width <= 300 and 20 <= height <= 300):
        raise LayoutError(f"badge: {width} × {height} mm is not a badge size (20–300 mm a side)")
    ink = _choice(data.get("ink", "colour"), INKS, "badge.ink")
    markers = _choice(data.get("markers", "print"), MARKER_MODES, "badge.markers")
    logo = _logo(data.get("logo"))
    elements = tuple(_element(e, i, width, height) for i, e in enumerate(data["elements"]))
    return Layout(preset, width, height, elements, ink, markers, logo)


def _element(data: Any, index: int, width: float, height: float) -> Element:
    where = f"badge.elements[{index}]"
    if not isinstance(data, dict):
        raise LayoutError(f"{where}: expected a table with kind, x, y, w, h")
    kind = _choice(data.get("kind"), KINDS, f"{where}.kind")
    where = f"{where} ({kind})"
    x, y, w, h = (_number(data, k, where) for k in ("x", "y", "w", "h"))
    if w <= 0 or h <= 0:
        raise LayoutError(f"{where}: width and height must be more than 0 mm")
    if x < -SLACK_MM or y < -SLACK_MM or x + w > width + SLACK_MM or y + h > height + SLACK_MM:
        raise LayoutError(f"{where}: lies outside the {width:g} × {height:g} mm badge")
    size = _number(data, "size", where, 12.0)
    min_size = _number(data, "min_size", where, min(6.0, size))
    if not 0 < min_size <= size <= 200:
        raise LayoutError(f"{where}: sizes must satisfy 0 < min_size ≤ size ≤ 200 pt")
    colour = str(data.get("colour", "#000000"))
    if not _HEX.match(colour):
        raise LayoutError(f"{where}.colour: {colour!r} is not a colour like #1565c0")
    lines = data.get("lines", 1)
    if lines not in (1, 2):
        raise LayoutError(f"{where}.lines: 1 or 2, not {lines!r}")
    return Element(kind, x, y, w, h, _choice(data.get("font", "sans"), FONTS, f"{where}.font"), size, min_size,
                   colour.lower(), _choice(data.get("align", "centre"), ALIGNS, f"{where}.align"), int(lines),
                   bool(data.get("visible", True)))


def _number(data: dict[str, Any], key: str, where: str, default: float | None = None) -> float:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise LayoutError(f"{where}.{key}: expected a number, got {value!r}")
    return float(value)


def _choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise LayoutError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return str(value)


def _logo(value: Any) -> bytes | None:
    if value in (None, ""):
        return None
    try:
        raw = base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise LayoutError("badge.logo: not base64 image data") from exc
    return check_logo(raw, "badge.logo")


def check_logo(raw: bytes, name: str = "the logo") -> bytes:
    """`raw` when a badge can carry it: a PNG or JPEG under MAX_LOGO_BYTES; LayoutError says why not."""
    if not (raw.startswith(b"\x89PNG") or raw.startswith(b"\xff\xd8")):
        raise LayoutError(f"{name} is not a PNG or JPEG image")
    if len(raw) > MAX_LOGO_BYTES:
        raise LayoutError(f"{name} is {len(raw) // 1000} KB; a logo must be under {MAX_LOGO_BYTES // 1000} KB "
                          "(it travels to every desk)")
    return raw


def fitted_to(layout: Layout, preset: str) -> Layout:
    """`layout` moved to another preset: a fresh default, keeping ink, sticker mode and the logo (its box
    scaled to the same place on the new page)."""
    fresh = default_layout(preset)
    elements = fresh.elements
    logo_box = layout.element("logo")
    if layout.logo and logo_box is not None:
        sx, sy = fresh.width / layout.width, fresh.height / layout.height
        k = min(sx, sy)  # the logo keeps its proportions
        elements += (_rounded(replace(logo_box, x=logo_box.x * sx, y=logo_box.y * sy, w=logo_box.w * k,
                                      h=logo_box.h * k)),)
    return replace(fresh, elements=elements, ink=layout.ink, markers=layout.markers, logo=layout.logo)


def validated(layout: Layout) -> Layout:
    """`layout` as the configuration will store and read it back; LayoutError when it is not valid."""
    return from_dict(to_dict(layout))
