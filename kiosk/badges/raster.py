"""Compositions drawn as printer rasters with Pillow: 1-bit layers at the printer's dpi (203, 300, …).

Text is drawn anti-aliased in greyscale and then thresholded at 50 %, which keeps strokes crisp and their
weight right; QR modules are pixel-aligned whole dots (at least 3 wide) so a scanner sees clean edges.
A black/red label gets two layers: bands and interest markers in red, everything else in black.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageOps

from kiosk.attendees import Attendee
from kiosk.badges.compose import Composition, Marker, Picture, Qr, Rect, Text, compose
from kiosk.badges.fit import PT_PER_MM
from kiosk.badges.fonts import DRAWING, pil_font, run_width
from kiosk.badges.layout import Layout
from kiosk.badges.markers import polygon
from kiosk.badges.qr import QUIET_ZONE, dark_runs
from kiosk.config import EventConfig

MIN_QR_DOTS = 3
_THRESHOLD = [0] * 128 + [255] * 128  # greyscale → 1-bit: darker than half is ink
DPIS = (203, 300, 600)


@dataclass(frozen=True, slots=True)
class Raster:
    """What a label printer prints: mode "1" layers (0 = ink) named "black" and "red", or one RGB "colour"."""

    dpi: int
    ink: str
    layers: dict[str, Image.Image]
    warnings: tuple[str, ...]

    @property
    def size(self) -> tuple[int, int]:
        return next(iter(self.layers.values())).size

    def preview(self) -> Image.Image:
        """The label as it will look (RGB): red ink over white, black over both."""
        if "colour" in self.layers:
            return self.layers["colour"]
        out = Image.new("RGB", self.size, "white")
        if "red" in self.layers:
            out.paste((213, 0, 0), mask=self.layers["red"].point(lambda v: 255 - v))
        out.paste((0, 0, 0), mask=self.layers["black"].point(lambda v: 255 - v))
        return out

    def png(self) -> bytes:
        out = io.BytesIO()
        self.preview().save(out, "PNG", dpi=(self.dpi, self.dpi))
        return out.getvalue()


def render_raster(attendee: Attendee, config: EventConfig, layout: Layout | None = None, *, dpi: int = 300,
                  ink: str | None = None, rotate: int = 0, today: dt.date | None = None) -> Raster:
    """One badge at `dpi`. `ink` defaults to the layout's; `rotate` (degrees, counter-clockwise) turns it to
    the way the printer feeds the label."""
    layout = layout or config.badge_layout()
    composition = compose(attendee, config, layout, ink=ink, today=today)
    return rasterise(composition, dpi, rotate)


def rasterise(composition: Composition, dpi: int, rotate: int = 0) -> Raster:
    with DRAWING:  # Pillow's FreeType faces are shared: one drawing at a time (fonts.DRAWING)
        return _rasterise(composition, dpi, rotate)


def _rasterise(composition: Composition, dpi: int, rotate: int) -> Raster:
    scale = dpi / 25.4  # px per mm
    size = (round(composition.width * scale), round(composition.height * scale))
    warnings = list(composition.warnings)
    if composition.ink == "colour":
        canvas = _Canvas(Image.new("RGB", size, "white"), None, scale, colour=True)
    else:
        red = Image.new("L", size, 255) if composition.ink == "black-red" else None
        canvas = _Canvas(Image.new("L", size, 255), red, scale, colour=False)
    for op in composition.ops:
        canvas.draw(op, warnings)
    layers = canvas.layers()
    if rotate:
        layers = {k: v.rotate(rotate, expand=True) for k, v in layers.items()}
    return Raster(dpi, composition.ink, layers, tuple(dict.fromkeys(warnings)))


class _Canvas:
    def __init__(self, main: Image.Image, red: Image.Image | None, scale: float, colour: bool) -> None:
        self.main, self.red, self.scale, self.colour = main, red, scale, colour
        self._draw = {id(main): ImageDraw.Draw(main)}
        if red is not None:
            self._draw[id(red)] = ImageDraw.Draw(red)

    def _target(self, accent: bool) -> ImageDraw.ImageDraw:
        image = self.red if accent and self.red is not None else self.main
        return self._draw[id(image)]

    def _fill(self, colour: str) -> str | int:
        if self.colour:
            return colour
        return 255 if colour.lower() == "#ffffff" else 0

    def px(self, mm: float) -> int:
        return round(mm * self.scale)

    def draw(self, op: object, warnings: list[str]) -> None:
        if isinstance(op, Text):
            self._text(op)
        elif isinstance(op, Rect):
            self._target(op.accent).rectangle(
                (self.px(op.x), self.px(op.y), self.px(op.x + op.w) - 1, self.px(op.y + op.h) - 1),
                fill=self._fill(op.colour))
        elif isinstance(op, Marker):
            self._marker(op)
        elif isinstance(op, Qr):
            self._qr(op, warnings)
        elif isinstance(op, Picture):
            self._picture(op)

    def _text(self, op: Text) -> None:
        draw = self._target(op.accent)
        px_size = op.size / PT_PER_MM * self.scale
        x, y = op.x * self.scale, op.baseline * self.scale
        fill = self._fill(op.colour)
        for face, part in op.runs:
            width = run_width(part, face, op.size) / PT_PER_MM * self.scale  # what the layout measured
            font = pil_font(face, px_size)
            drawn = font.getlength(part)
            if drawn > width + 0.5:  # hinting widened the glyphs at this size: a hair smaller keeps the box
                font = pil_font(face, round(px_size * width / drawn, 2))
            stroke = round(px_size * 0.015) if face == "cjk" and op.bold else 0  # the CJK face has no bold
            draw.text((x, y), part, font=font, fill=fill, anchor="ls", stroke_width=stroke, stroke_fill=fill)
            x += width

    def _marker(self, op: Marker) -> None:
        draw = self._target(True)
        points = polygon(op.shape, op.cx, op.cy, op.r)
        fill = self._fill(op.colour)
        if points:
            draw.polygon([(x * self.scale, y * self.scale) for x, y in points], fill=fill)
        else:
            draw.ellipse((self.px(op.cx - op.r), self.px(op.cy - op.r), self.px(op.cx + op.r) - 1,
                          self.px(op.cy + op.r) - 1), fill=fill)
        self._text(op.letter)

    def _qr(self, op: Qr, warnings: list[str]) -> None:
        modules = op.symbol.modules
        total = len(modules) + 2 * QUIET_ZONE
        box = self.px(op.size)
        dot = box // total
        if dot < MIN_QR_DOTS:
            needed = MIN_QR_DOTS * total / self.scale
            warnings.append(f"QR code: needs a {needed:.0f} mm box at this printer's resolution "
                            f"({op.size:.0f} mm given); drawn larger so it still scans")
            dot = MIN_QR_DOTS
        side = dot * total
        left = self.px(op.x) + (box - side) // 2
        top = self.px(op.y) + (box - side) // 2
        draw = self._target(False)
        draw.rectangle((left, top, left + side - 1, top + side - 1), fill=self._fill("#ffffff"))
        if self.red is not None:  # the quiet zone is white on the red layer too
            self._target(True).rectangle((left, top, left + side - 1, top + side - 1), fill=255)
        ink = self._fill("#000000")
        origin_x, origin_y = left + QUIET_ZONE * dot, top + QUIET_ZONE * dot
        for row, column, length in dark_runs(modules):
            x0, y0 = origin_x + column * dot, origin_y + row * dot
            draw.rectangle((x0, y0, x0 + length * dot - 1, y0 + dot - 1), fill=ink)

    def _picture(self, op: Picture) -> None:
        box = (self.px(op.w), self.px(op.h))
        image = ImageOps.contain(_decoded(op.data).convert("RGBA"), box, Image.Resampling.LANCZOS)  # up or down
        at = (self.px(op.x) + (box[0] - image.width) // 2, self.px(op.y) + (box[1] - image.height) // 2)
        if self.colour:
            self.main.paste(image, at, image)
        else:
            self.main.paste(image.convert("L"), at, image)

    def layers(self) -> dict[str, Image.Image]:
        if self.colour:
            return {"colour": self.main}
        black = self.main.point(_THRESHOLD, "1")
        if self.red is None:
            return {"black": black}
        red = self.red.point(_THRESHOLD, "1")
        # Where black and red would both print, black wins: the red layer is cleared there.
        red = Image.composite(Image.new("1", red.size, 1), red, black.point(lambda v: 255 - v))
        return {"black": black, "red": red}


@lru_cache(maxsize=4)
def _decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()  # fully decoded now: a lazily loading image must not be shared
    return image
