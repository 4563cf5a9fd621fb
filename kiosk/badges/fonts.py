"""The bundled fonts and how text meets them: per-character fallback, right-to-left shaping, widths.

reportlab embeds TrueType outlines only, so every face here is TrueType (DejaVu for Latin, Greek, Cyrillic,
Hebrew and Arabic; WenQuanYi Zen Hei for Chinese, Japanese and Korean). A character the chosen face lacks
is drawn with the next face in its chain that has it; a character no face has is reported, never boxed
silently. Widths come from reportlab's metrics for both renderers, so the PDF and the raster agree.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import arabic_reshaper
from bidi.algorithm import get_display  # the Python algorithm mirrors brackets; the Rust `bidi.get_display` does not

from assets import asset


@dataclass(frozen=True, slots=True)
class Face:
    key: str
    label: str
    file: str
    bold: bool
    subfont: int = 0


FACES: dict[str, Face] = {f.key: f for f in (
    Face("sans", "DejaVu Sans", "DejaVuSans.ttf", bold=False),
    Face("sans-bold", "DejaVu Sans Bold", "DejaVuSans-Bold.ttf", bold=True),
    Face("sans-condensed-bold", "DejaVu Sans Condensed Bold", "DejaVuSansCondensed-Bold.ttf", bold=True),
    Face("serif", "DejaVu Serif", "DejaVuSerif.ttf", bold=False),
    Face("serif-bold", "DejaVu Serif Bold", "DejaVuSerif-Bold.ttf", bold=True),
    Face("cjk", "WenQuanYi Zen Hei", "wqy-zenhei.ttc", bold=False),
)}
CHOOSABLE = tuple(k for k in FACES if k != "cjk")  # the CJK face is a fallback, not a style
ASCENT, DESCENT = 0.93, 0.24  # DejaVu's, in ems: where a line's baseline sits in its box
LINE_HEIGHT = ASCENT + DESCENT

Run = tuple[str, str]  # (face key, text)
# Ligatures off: the bundled fonts lack the single-glyph forms (ﷲ); letters drawn one by one beat a box.
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"support_ligatures": False})


def font_path(key: str) -> str:
    return str(asset("fonts", FACES[key].file))


def _chain(key: str) -> tuple[str, ...]:
    """Where a character goes when `key` lacks it: the sans of the same weight, then CJK."""
    sans = "sans-bold" if FACES[key].bold else "sans"
    return tuple(dict.fromkeys((key, sans, "cjk")))


# reportlab's TrueType fonts keep per-document subsetting state and Pillow's FreeType faces are not
# thread-safe either, while a preview, a print and the layout editor may render on three workers at once.
# Drawing a badge takes milliseconds: renderers simply take turns.
DRAWING = threading.RLock()


@cache
def _reportlab_face(key: str) -> Any:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = reportlab_name(key)
    with DRAWING:
        if name not in pdfmetrics.getRegisteredFontNames():
            face = FACES[key]
            pdfmetrics.registerFont(TTFont(name, font_path(key), subfontIndex=face.subfont))
        return pdfmetrics.getFont(name)


@lru_cache(maxsize=256)
def pil_font(key: str, px: float) -> Any:
    """Pillow's face at `px` pixels. BASIC layout: text arrives shaped and in visual order (visual());
    Raqm would reorder it a second time."""
    from PIL import ImageFont

    return ImageFont.truetype(font_path(key), size=max(px, 1.0), index=FACES[key].subfont,
                              layout_engine=ImageFont.Layout.BASIC)


_PROBE_PX = 200.0


@lru_cache(maxsize=8192)
def ink_extent(text: str, key: str) -> tuple[float, float, float, float]:
    """Ems the line really inks (left of its start, right of its advance, above and below the baseline), at
    least the font's ascent and descent: stacked accents (Ẩ, Ỗ) reach above the ascent, a slashed Ł or a
    j's hook past its advance, and fitting must know."""
    left, right, above, below = 0.0, 0.0, ASCENT, DESCENT
    pen = 0.0
    with DRAWING:
        for face, part in runs(text, key):
            font = pil_font(face, _PROBE_PX)
            x0, top, x1, bottom = font.getbbox(part, anchor="ls")
            advance = font.getlength(part)
            if x1 > x0:  # + one probe pixel: FreeType rounds the box to whole pixels
                left = max(left, (1 - x0 - pen) / _PROBE_PX)
                above, below = max(above, (1 - top) / _PROBE_PX), max(below, (bottom + 1) / _PROBE_PX)
                right = max(right, (pen + x1 + 1 - _total_advance(text, key)) / _PROBE_PX)
            pen += advance
    return left, right, above, below


def _total_advance(text: str, key: str) -> float:
    return float(sum(pil_font(face, _PROBE_PX).getlength(part) for face, part in runs(text, key)))


def reportlab_name(key: str) -> str:
    return "Badge-" + key


@cache
def _glyphs(key: str) -> frozenset[int]:
    return frozenset(_reportlab_face(key).face.charToGlyph)


def covers(key: str, char: str) -> bool:
    return ord(char) in _glyphs(key)


def visual(text: str) -> str:
    """What goes on paper: composed characters (a name typed on a Mac arrives decomposed, and a renderer
    without shaping would stack its accents), Arabic letters joined, right-to-left runs in drawing order."""
    if text.isascii():
        return text
    return str(get_display(_RESHAPER.reshape(unicodedata.normalize("NFC", text))))


@lru_cache(maxsize=4096)
def runs(text: str, key: str) -> tuple[Run, ...]:
    """`text` in visual order, split where the face changes (first face of the chain that has the glyph)."""
    chain = _chain(key)
    out: list[Run] = []
    for char in visual(text):
        chosen = key if char.isspace() else next((k for k in chain if covers(k, char)), key)
        if out and out[-1][0] == chosen:
            out[-1] = (chosen, out[-1][1] + char)
        else:
            out.append((chosen, char))
    return tuple(out)


def missing_characters(text: str) -> list[str]:
    """Characters no bundled face can draw (they would print as boxes): the preview warns about them."""
    shaped = visual(text)  # the reshaped letters are what is drawn, not the typed ones
    return sorted({c for c in shaped if not c.isspace() and not any(covers(k, c) for k in FACES)})


def run_width(part: str, key: str, size: float) -> float:
    """Width in points of one run."""
    return float(_reportlab_face(key).stringWidth(part, size))


@lru_cache(maxsize=8192)
def text_width(text: str, key: str, size: float = 1.0) -> float:
    """Width in points of `text` at `size` pt, fallback faces included."""
    return sum(run_width(part, face, size) for face, part in runs(text, key))


def is_cjk_name(text: str) -> bool:
    """A name written in Chinese, Japanese or Korean script: short, and read as a whole on a badge."""
    letters = [c for c in text if not c.isspace()]
    return bool(letters) and all(_is_cjk(c) for c in letters)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
            or 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0xF900 <= code <= 0xFAFF
            or code in (0x3005, 0x30FC))
