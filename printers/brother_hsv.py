"""A faster `brother_ql.conversion.filtered_hsv`, installed by printers/brother_ql.py.

brother-ql-next 0.12 tells red ink from black by hue with a per-pixel Python loop over `Image.getdata()`:
about 0.4 s a badge on black/red tape, and `getdata` goes away in Pillow 14. This does the same with
Pillow's own image arithmetic: the masks are 0 or 255, so multiplying them is "all three set".
The result is identical (tests/printers/test_brother_ql.py compares the two).
"""

from __future__ import annotations

from collections.abc import Callable

from PIL import Image, ImageChops

Filter = Callable[[int], int]


def filtered_hsv(im: Image.Image, filter_h: Filter, filter_s: Filter, filter_v: Filter,
                 default_col: tuple[int, int, int] = (255, 255, 255)) -> Image.Image:
    hue, saturation, value = im.convert("HSV").split()
    mask = ImageChops.multiply(ImageChops.multiply(hue.point(filter_h), saturation.point(filter_s)),
                               value.point(filter_v))
    filtered = Image.new("RGB", im.size, color=default_col)
    filtered.paste(im, None, mask)
    return filtered


def install() -> None:
    import brother_ql.conversion

    brother_ql.conversion.filtered_hsv = filtered_hsv  # type: ignore[assignment]
