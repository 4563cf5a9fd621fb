"""The badge's QR code: the attendee's code, with as much error correction as a small symbol allows.

A short code gets level H (30 % of the symbol may be scratched or covered by a lanyard clip); longer ones
step down to Q, M, then L so the symbol stays at a low version with big modules that a cheap scanner reads
from a metre away. The quiet zone (4 modules) is part of the box the layout gives the QR.

The symbol comes from zxing-cpp's encoder (C++): 0.3 ms a symbol where the pure-Python `qrcode` package takes
7.4 ms choosing the mask pattern, half the badge's time budget (docs/architecture.md, "QR codes").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import zxingcpp

QUIET_ZONE = 4
LEVELS = ("H", "Q", "M", "L")
SMALL_VERSION = 3  # 29 × 29 modules: with the quiet zone 37, ≥ 4 dots each in a 21 mm box at 203 dpi


@dataclass(frozen=True, slots=True)
class QrSymbol:
    level: str
    version: int
    modules: tuple[tuple[bool, ...], ...]  # without the quiet zone; True = dark

    @property
    def size_with_quiet_zone(self) -> int:
        return len(self.modules) + 2 * QUIET_ZONE


_DARK = bytes(1 if value < 128 else 0 for value in range(256))  # a pixel of zxing's image → module is dark
# What a version-3 symbol holds at each level (ISO 18004 table 7), by the densest mode the code allows:
# tells which level to try first, so a typical code is encoded once.
_V3_CAPACITY = {"numeric": {"H": 58, "Q": 77, "M": 101, "L": 127},
                "alphanumeric": {"H": 35, "Q": 47, "M": 61, "L": 77},
                "byte": {"H": 24, "Q": 32, "M": 42, "L": 53}}
_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def _mode(code: str) -> str:
    if code.isdigit() and code.isascii():
        return "numeric"
    return "alphanumeric" if set(code) <= _ALPHANUMERIC else "byte"


def _encode(code: str, level: str) -> tuple[tuple[bool, ...], ...]:
    barcode = zxingcpp.create_barcode(code, zxingcpp.BarcodeFormat.QRCode, ec_level=level)
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]  # has a buffer
    side = image.shape[0] if image.shape else 0
    pixels = image.tobytes().translate(_DARK)
    return tuple(tuple(map(bool, pixels[r * side:(r + 1) * side])) for r in range(side))


@lru_cache(maxsize=64)  # a desk previews then prints the same badge; the batch export never repeats a code
def symbol(code: str) -> QrSymbol:
    """The strongest error correction that keeps the symbol at version ≤ 3; else L (the smallest symbol)."""
    if not code:
        raise ValueError("an attendee without a code has no QR")
    mode = _mode(code)
    size = len(code.encode("utf-8")) if mode == "byte" else len(code)
    first = next((i for i, level in enumerate(LEVELS) if size <= _V3_CAPACITY[mode][level]), len(LEVELS) - 1)
    for level in LEVELS[first:]:
        modules = _encode(code, level)
        version = (len(modules) - 17) // 4
        if version <= SMALL_VERSION or level == LEVELS[-1]:
            return QrSymbol(level, version, modules)
    raise AssertionError("unreachable: level L always returns")


def dark_runs(modules: tuple[tuple[bool, ...], ...]) -> list[tuple[int, int, int]]:
    """Horizontal runs of dark modules as (row, first column, length): a few hundred rectangles, not thousands."""
    out: list[tuple[int, int, int]] = []
    for r, row in enumerate(modules):
        start = None
        for c, dark in enumerate((*row, False)):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                out.append((r, start, c - start))
                start = None
    return out
