"""Fitting text into a box: shrink to fit, then wrap to two lines, and never cut anything off.

Sizes are in points and boxes in millimetres; widths come from the bundled fonts' metrics (fonts.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.badges.fonts import FACES, ink_extent, runs, text_width

PT_PER_MM = 72 / 25.4
FLOOR_PT = 3.0  # smaller than this is unreadable; text is still drawn whole, and the preview says so


@dataclass(frozen=True, slots=True)
class Fitted:
    lines: tuple[str, ...]
    size: float           # points
    widths: tuple[float, ...]  # mm, one per line
    extents: tuple[tuple[float, float], ...]  # ems above and below each line's baseline (fonts.ink_extent)
    overhangs: tuple[tuple[float, float], ...]  # ems each line inks left of its start and right of its advance
    outline: float        # ems of stroke around the glyphs (emboldened CJK), half on each side
    shrunk_below_min: bool
    overflows: bool       # even at FLOOR_PT it is wider or taller than its box (drawn whole all the same)

    @property
    def height(self) -> float:
        """Height in mm of the lines stacked."""
        return sum(above + below for above, below in self.extents) * self.size / PT_PER_MM


OUTLINE_EM = 0.03  # the stroke that emboldens CJK (no bold CJK face is bundled): 0.015 em each side


def outline_for(text: str, font: str) -> float:
    return OUTLINE_EM if FACES[font].bold and any(face == "cjk" for face, _ in runs(text, font)) else 0.0


def _ems_tall(lines: tuple[str, ...], font: str) -> float:
    return sum(sum(ink_extent(line, font)[2:]) + outline_for(line, font) for line in lines)


def _ems_wide(line: str, font: str) -> float:
    left, right, _, _ = ink_extent(line, font)
    return text_width(line, font) + left + right + outline_for(line, font)


def _largest(lines: tuple[str, ...], font: str, box_w: float, box_h: float, largest: float) -> float:
    """The largest size (≤ largest) at which every line fits the width and all lines the height."""
    widest = max(_ems_wide(line, font) for line in lines)  # at 1 pt
    by_width = box_w * PT_PER_MM / widest if widest else largest
    by_height = box_h * PT_PER_MM / _ems_tall(lines, font)
    return min(largest, by_width, by_height)


def split_points(text: str) -> list[tuple[str, str]]:
    """Every way of putting `text` on two lines: after a space, or after a hyphen (kept on the first line)."""
    out: list[tuple[str, str]] = []
    for i, char in enumerate(text):
        if char == " " and text[:i].strip() and text[i + 1:].strip():
            out.append((text[:i].rstrip(), text[i + 1:].lstrip()))
        elif char in "-‐" and 0 < i < len(text) - 1 and text[i + 1] != " ":
            out.append((text[:i + 1], text[i + 1:]))
    return out


def fit(text: str, font: str, box_w: float, box_h: float, largest: float, smallest: float,
        max_lines: int = 1) -> Fitted:
    """One line as large as fits; two balanced lines when one would be smaller than `smallest`."""
    text = " ".join(text.split())
    one: tuple[str, ...] = (text,)
    size = _largest(one, font, box_w, box_h, largest)
    best, best_size = one, size
    if size < smallest and max_lines >= 2:
        for first, second in split_points(text):
            two = (first, second)
            two_size = _largest(two, font, box_w, box_h, largest)
            if two_size > best_size:
                best, best_size = two, two_size
    fitting = best_size
    best_size = max(FLOOR_PT, int(best_size * 4) / 4)  # quarter points: stable, and never rounds up past the box
    widths = tuple(text_width(line, font, best_size) / PT_PER_MM for line in best)
    outline = max(outline_for(line, font) for line in best)
    inks = [ink_extent(line, font) for line in best]
    extents = tuple((above + outline / 2, below + outline / 2) for _, _, above, below in inks)
    overhangs = tuple((left, right) for left, right, _, _ in inks)
    return Fitted(best, best_size, widths, extents, overhangs, outline, best_size < smallest, best_size > fitting)
