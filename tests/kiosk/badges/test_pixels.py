"""Checked on the pixels, not on the layout's numbers: each text element inks only inside its box, in the
raster and in the PDF; and badges render correctly when several workers render at once."""

from __future__ import annotations

import io
import threading
from dataclasses import replace

import pytest
from PIL import Image, ImageChops

from kiosk.badges.layout import PRESETS, TEXT_KINDS, Layout, default_layout
from kiosk.badges.pdf import render_pdf
from kiosk.badges.raster import render_raster
from tests.kiosk.badges.hard_names import HARD, decoded_qr_texts, demo_config, pdf_pages

DPI = 150
SLACK_PX = 2  # anti-aliasing may grey the pixel next to an edge


def only(layout: Layout, kind: str) -> Layout:
    return replace(layout, elements=tuple(replace(e, visible=e.kind == kind) for e in layout.elements))


def ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    return ImageChops.difference(image.convert("RGB"), Image.new("RGB", image.size, "white")).getbbox()


def inside(box: tuple[int, int, int, int], element_mm: tuple[float, float, float, float]) -> bool:
    x, y, w, h = (v / 25.4 * DPI for v in element_mm)
    left, top, right, bottom = box
    return (left >= x - SLACK_PX and top >= y - SLACK_PX and right <= x + w + SLACK_PX
            and bottom <= y + h + SLACK_PX)


@pytest.mark.parametrize("preset", PRESETS)
def test_each_text_element_inks_only_inside_its_box(preset: str) -> None:
    config = demo_config()
    layout = default_layout(preset)
    for who, person in HARD.items():
        for element in layout.elements:
            if element.kind not in (*TEXT_KINDS, "role_band"):
                continue
            solo = only(layout, element.kind)
            box_mm = (element.x, element.y, element.w, element.h)
            raster = render_raster(person, config, solo, dpi=DPI, ink="colour").layers["colour"]
            drawn = ink_box(raster)
            if drawn is not None:
                assert inside(drawn, box_mm), (who, element.kind, drawn, "raster")
            if element.kind in ("first_name", "organisation"):  # the PDF too, for the largest and longest
                (page,) = pdf_pages(render_pdf(person, config, solo), dpi=DPI)
                drawn = ink_box(page)
                assert drawn is not None and inside(drawn, box_mm), (who, element.kind, drawn, "pdf")


def test_badges_render_right_when_workers_render_at_once() -> None:
    config = demo_config()
    logo = io.BytesIO()
    Image.new("RGB", (64, 32), "#1565c0").save(logo, "PNG")
    base = default_layout("ql-62x100")
    layout = replace(base, logo=logo.getvalue(),
                     elements=(*base.elements, replace(base.elements[0], kind="logo", x=2, y=1, w=14, h=7)))
    people = list(HARD.values())
    failures: list[str] = []

    def work(offset: int) -> None:
        for i in range(12):
            person = people[(offset + i) % len(people)]
            try:
                if i % 2:
                    image = render_raster(person, config, layout, dpi=203, ink="black").layers["black"]
                else:
                    (image,) = pdf_pages(render_pdf(person, config, layout), dpi=150)
                if decoded_qr_texts(image) != [person.code]:
                    failures.append(f"{person.name}: QR does not scan")
            except Exception as exc:  # collected: an exception in a thread would otherwise vanish
                failures.append(f"{person.name}: {exc!r}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
