"""Interest markers: each field of interest has a colour AND a letter AND a shape, so a colour printer, a
black-only label printer and a colour-blind reader all get the meaning. Markers are always in the event's
interest order, so "green S, blue W" sits in the same place on every badge.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.config import SHAPES, EventConfig

UNKNOWN_COLOUR = "#757575"
# Names for the palette's colours and the common sticker-dot colours, for the "add stickers" instruction.
_COLOUR_NAMES = {
    "#2e7d32": "green", "#1565c0": "blue", "#6a1b9a": "purple", "#e65100": "orange", "#c62828": "red",
    "#00838f": "teal", "#ad1457": "pink", "#4e342e": "brown", "#283593": "indigo", "#558b2f": "olive",
    "#37474f": "grey", "#f9a825": "yellow", "#000000": "black", "#ffffff": "white", "#757575": "grey",
}


@dataclass(frozen=True, slots=True)
class MarkerSpec:
    name: str
    colour: str
    letter: str
    shape: str


def markers_for(names: Iterable[str], config: EventConfig) -> list[MarkerSpec]:
    """The attendee's interests as markers: known ones in the event's order, unknown ones after, in grey."""
    wanted = {n.casefold(): n for n in names if n.strip()}
    out = []
    for interest in config.interests:
        if wanted.pop(interest.name.casefold(), None) is not None:
            out.append(MarkerSpec(interest.name, interest.colour, interest.letter, interest.shape))
    for name in sorted(wanted.values(), key=str.casefold):
        out.append(MarkerSpec(name, UNKNOWN_COLOUR, name[:1].upper() or "?", SHAPES[0]))
    return out


def colour_name(colour: str) -> str:
    """A word for a colour ("green"): the nearest named one, so a volunteer knows which sticker to pick."""
    colour = colour.lower()
    if colour in _COLOUR_NAMES:
        return _COLOUR_NAMES[colour]
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    nearest = min(_COLOUR_NAMES, key=lambda c: sum((int(c[i:i + 2], 16) - v) ** 2
                                                   for i, v in zip((1, 3, 5), (r, g, b), strict=True)))
    return _COLOUR_NAMES[nearest]


def sticker_instructions(names: Iterable[str], config: EventConfig) -> list[str]:
    """For layouts in sticker mode: which coloured dots the volunteer sticks on, in order."""
    return [f"{colour_name(m.colour)} dot — {m.letter} {m.name}" for m in markers_for(names, config)]


def polygon(shape: str, cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    """Corner points (y down) of a marker shape inside a circle of radius r; empty for a circle."""
    import math

    if shape == "square":
        half = r * 0.86
        return [(cx - half, cy - half), (cx + half, cy - half), (cx + half, cy + half), (cx - half, cy + half)]
    if shape == "diamond":
        return [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    if shape == "triangle":  # pointing up; a little larger than the circle so the letter still fits
        k = r * 1.18
        return [(cx + k * math.cos(math.radians(a)), cy + r * 0.12 - k * math.sin(math.radians(a)))
                for a in (90, 210, 330)]
    if shape == "hexagon":
        return [(cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a))) for a in range(0, 360, 60)]
    return []
