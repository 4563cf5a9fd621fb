"""The two renderers, read back: PDFs rendered with pdfium and 1-bit rasters, QR codes decoded with zxing-cpp.

Every preset × every hard name. PNG previews go to tests/kiosk/badges/previews/ for a person to look at.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image, ImageChops

from kiosk.badges.compose import Qr, compose
from kiosk.badges.layout import PRESETS, default_layout
from kiosk.badges.pdf import render_pdf
from kiosk.badges.qr import QUIET_ZONE, symbol
from kiosk.badges.raster import render_raster
from tests.kiosk.badges.hard_names import HARD, TODAY, decoded_qr_texts, demo_config, pdf_pages, preview


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("who", HARD)
def test_the_pdf_badge_scans_back_to_the_attendee_code(preset: str, who: str) -> None:
    person = HARD[who]
    pdf = render_pdf(person, demo_config(), default_layout(preset), today=TODAY)
    assert pdf.startswith(b"%PDF")
    (page,) = pdf_pages(pdf, dpi=150)
    assert decoded_qr_texts(page) == [person.code]
    layout = default_layout(preset)
    assert abs(page.width - layout.width / 25.4 * 150) <= 1  # the page is the badge, not a sheet
    if who in ("double-barrelled", "chinese", "arabic", "greek") or preset == "fanfold-4x3":
        page.save(preview(f"{preset}-{who}.png"))


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("preset", PRESETS)
def test_the_printer_raster_is_1_bit_at_the_printer_dpi_and_scans(dpi: int, preset: str) -> None:
    layout = default_layout(preset)
    for who in ("double-barrelled", "japanese", "arabic"):
        raster = render_raster(HARD[who], demo_config(), layout, dpi=dpi, ink="black")
        (black,) = raster.layers.values()
        assert black.mode == "1" and set(raster.layers) == {"black"}
        assert black.size == (round(layout.width / 25.4 * dpi), round(layout.height / 25.4 * dpi))
        assert decoded_qr_texts(black) == [HARD[who].code]
        assert not [w for w in raster.warnings if "QR" in w or "font" in w]  # (a very long name may shrink)
    raster.preview().save(preview(f"raster-{preset}-{dpi}dpi.png"))


def _qr_box_px(preset: str, dpi: int) -> tuple[int, int, int]:
    """(left, top, size) in dots of the QR symbol with its quiet zone, as the raster draws it."""
    composition = compose(HARD["korean"], demo_config(), default_layout(preset))
    (qr,) = [op for op in composition.ops if isinstance(op, Qr)]
    scale = dpi / 25.4
    total = len(qr.symbol.modules) + 2 * QUIET_ZONE
    dot = round(qr.size * scale) // total
    side = dot * total
    left = round(qr.x * scale) + (round(qr.size * scale) - side) // 2
    top = round(qr.y * scale) + (round(qr.size * scale) - side) // 2
    return left, top, dot


@pytest.mark.parametrize("preset", PRESETS)
def test_qr_modules_are_whole_dots_at_least_3_wide_with_the_quiet_zone_kept(preset: str) -> None:
    dpi = 203
    black = render_raster(HARD["korean"], demo_config(), default_layout(preset), dpi=dpi, ink="black").layers["black"]
    left, top, dot = _qr_box_px(preset, dpi)
    assert dot >= 3
    modules = symbol(HARD["korean"].code).modules
    pixels = black.load()
    for r, row in enumerate(modules):
        for c, dark in enumerate(row):  # every dot of every module has the module's colour: crisp edges
            x0, y0 = left + (QUIET_ZONE + c) * dot, top + (QUIET_ZONE + r) * dot
            values = {pixels[x0 + i, y0 + j] for i in range(dot) for j in range(dot)}
            assert values == ({0} if dark else {255}), (r, c)
    quiet = [pixels[left + i, top + j] for i in range(QUIET_ZONE * dot) for j in range(QUIET_ZONE * dot)]
    assert set(quiet) == {255}


def test_error_correction_is_chosen_by_length() -> None:
    assert symbol("ABC123").level == "H"
    assert symbol("ABCDEFGHJKLMNPQRSTUVWXYZ23456789").level == "H"  # 32 capitals pack tighter than bytes
    assert symbol("1" * 70).level == "Q"
    assert symbol("x7k2m9p4q8r3t6v1w5y0z2a4b6c8d0e1").level == "Q"  # a pretix secret: 32 characters
    long = symbol("https://tickets.example.org/democon/checkin/" + "x" * 120)
    assert long.level == "L"
    for text in ("ABC123", "https://tickets.example.org/" + "y" * 40):
        image = Image.new("L", (8 * 60, 8 * 60), 255)
        modules = symbol(text).modules
        for r, row in enumerate(modules):
            for c, dark in enumerate(row):
                if dark:
                    image.paste(0, ((c + 4) * 8, (r + 4) * 8, (c + 5) * 8, (r + 5) * 8))
        assert decoded_qr_texts(image) == [text]


def test_black_red_tape_puts_bands_and_markers_in_red_and_text_in_black() -> None:
    layout = default_layout("ql-62x100")
    raster = render_raster(HARD["greek"], demo_config(), layout, dpi=300, ink="black-red")
    assert set(raster.layers) == {"black", "red"}
    black, red = raster.layers["black"], raster.layers["red"]
    band = layout.element("role_band")
    interests = layout.element("interests")
    assert band is not None and interests is not None
    scale = 300 / 25.4

    def ink(image: Image.Image, x: float, y: float, w: float, h: float) -> int:
        crop = image.crop((round(x * scale), round(y * scale), round((x + w) * scale), round((y + h) * scale)))
        return crop.histogram()[0]

    assert ink(red, band.x, band.y, band.w, band.h) > 0.5 * (band.w * band.h * scale * scale)
    assert ink(black, band.x, band.y, band.w, band.h) == 0
    assert ink(red, interests.x, interests.y, interests.w, interests.h) > 0
    assert ink(black, interests.x, interests.y, interests.w, interests.h) == 0
    first = layout.element("first_name")
    assert first is not None and ink(black, first.x, first.y, first.w, first.h) > 0
    assert ink(red, first.x, first.y, first.w, first.h) == 0
    assert ImageChops.logical_or(black, red).histogram()[0] == 0  # never both inks on one dot
    assert decoded_qr_texts(black) == [HARD["greek"].code]
    raster.preview().save(preview("raster-ql-62x100-black-red.png"))


def test_fonts_are_embedded_and_cjk_comes_from_the_bundled_cjk_font() -> None:
    pdf = render_pdf(HARD["chinese"], demo_config(), default_layout())
    assert b"WenQuanYi" in pdf and b"DejaVuSans" in pdf


def test_a_logo_is_drawn_in_both_renderers() -> None:
    logo = Image.new("RGB", (200, 100), "#1565c0")
    data = io.BytesIO()
    logo.save(data, "PNG")
    base = default_layout()
    element = replace(base.elements[0], kind="logo", x=2, y=2, w=20, h=8)
    layout = replace(base, elements=(element,), logo=data.getvalue())
    pdf = render_pdf(HARD["korean"], demo_config(), layout)
    assert b"/Subtype /Image" in pdf
    (page,) = pdf_pages(pdf, dpi=100)
    assert page.getpixel((round(12 / 25.4 * 100), round(6 / 25.4 * 100))) == (21, 101, 192)
    colour = render_raster(HARD["korean"], demo_config(), layout, dpi=100, ink="colour").layers["colour"]
    assert colour.getpixel((round(12 / 25.4 * 100), round(6 / 25.4 * 100))) == (21, 101, 192)


def test_a_qr_box_too_small_for_the_printer_is_drawn_larger_and_warned_about() -> None:
    base = default_layout("cr80")
    tiny = tuple(replace(e, w=6, h=6) if e.kind == "qr" else e for e in base.elements)
    raster = render_raster(HARD["korean"], demo_config(), replace(base, elements=tiny), dpi=203, ink="black")
    assert any(w.startswith("QR code: needs a") for w in raster.warnings)
    assert decoded_qr_texts(raster.layers["black"]) == [HARD["korean"].code]


def test_colour_previews_of_every_preset_for_a_person_to_look_at() -> None:
    for preset in PRESETS:
        for who in ("double-barrelled", "japanese", "arabic", "hebrew"):
            raster = render_raster(HARD[who], demo_config(), default_layout(preset), dpi=150, ink="colour")
            assert raster.layers["colour"].mode == "RGB" and decoded_qr_texts(raster.preview()) == [HARD[who].code]
            raster.preview().save(preview(f"colour-{preset}-{who}.png"))
