"""Our own reading of an ESC/POS byte stream: the commands a badge job may contain, and every `GS v 0` raster
turned back into a PIL image, so tests see what the printer would print (not what we meant to send).

    GS v 0:  1D 76 30 m xL xH yL yH, then (xL + 256·xH) · (yL + 256·yH) bytes, 8 dots a byte, 1 = black
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

GS_V_0 = b"\x1dv0"


@dataclass(frozen=True, slots=True)
class Command:
    name: str  # init, raster, feed, cut, status, align, newline, text (anything we do not know)
    data: bytes
    image: Image.Image | None = None


def commands(stream: bytes) -> list[Command]:
    """The stream cut into commands; bytes that are no command we know come out as "text"."""
    out: list[Command] = []
    text = bytearray()
    at = 0
    while at < len(stream):
        found = _command_at(stream, at)
        if found is None:
            text.append(stream[at])
            at += 1
            continue
        if text:
            out.append(Command("text", bytes(text)))
            text.clear()
        out.append(found)
        at += len(found.data)
    if text:
        out.append(Command("text", bytes(text)))
    return out


def _command_at(stream: bytes, at: int) -> Command | None:
    head = stream[at:at + 3]
    if head.startswith(GS_V_0):
        return _raster(stream, at)
    fixed = {b"\x1b@": ("init", 2), b"\x1bd": ("feed", 3), b"\x1ba": ("align", 3), b"\x10\x04": ("status", 3)}
    for prefix, (name, length) in fixed.items():
        if head.startswith(prefix):
            return Command(name, stream[at:at + length])
    if head.startswith(b"\x1dV"):  # GS V m, and GS V m n for m = 65, 66 (feed, then cut)
        length = 4 if len(head) == 3 and head[2] in (65, 66) else 3
        return Command("cut", stream[at:at + length])
    if head.startswith(b"\n"):
        return Command("newline", b"\n")
    return None


def _raster(stream: bytes, at: int) -> Command:
    header = stream[at:at + 8]
    if len(header) < 8:
        raise ValueError(f"GS v 0 at byte {at}: the header is cut short")
    width_bytes = header[4] + 256 * header[5]
    height = header[6] + 256 * header[7]
    size = width_bytes * height
    data = stream[at + 8:at + 8 + size]
    if len(data) < size:
        raise ValueError(f"GS v 0 at byte {at}: {size} bytes announced, {len(data)} arrived")
    # PIL's mode "1" reads a set bit as white; ESC/POS prints it black, so invert to our 0 = ink
    image = Image.frombytes("1", (width_bytes * 8, height), data).point(lambda v: 255 if v == 0 else 0)
    return Command("raster", stream[at:at + 8 + size], image)


def raster_images(stream: bytes) -> list[Image.Image]:
    return [c.image for c in commands(stream) if c.image is not None]


def decoded_image(stream: bytes) -> Image.Image:
    """All rasters of the stream stacked top to bottom, as the paper would come out (mode "1", 0 = ink)."""
    bands = raster_images(stream)
    if not bands:
        raise ValueError("no GS v 0 raster in the stream")
    out = Image.new("1", (max(b.width for b in bands), sum(b.height for b in bands)), 255)
    top = 0
    for band in bands:
        out.paste(band, (0, top))
        top += band.height
    return out
