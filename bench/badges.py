"""Badges: one 62 × 100 mm badge to PDF and to a 300-dpi raster (p50/p99), and 1,000 badges to A4 sheets.

Every render is of a different attendee (the demo's 289 people, names in 17 scripts, each with a fresh
32-character ticket code), so the QR symbol is really encoded each time; the text caches (font runs, widths,
ink extents) are emptied before each of our renders, so a name seen before is measured cold too.
Beside each figure, a bare renderer run in the same loop, interleaved: the same strings drawn with
reportlab's built-in Helvetica and its QR widget (PDF), or with Pillow and `qrcode` (raster), with none of
the fitting, font fallback, right-to-left shaping or 1-bit thresholding ours does.
"""

from __future__ import annotations

import dataclasses
import io
import random
import string
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import data
from bench.report import Row, info_row, limit_row, summarize
from bench.workspace import Workspace, run_alone
from kiosk.attendees import Attendee
from kiosk.badges import fonts
from kiosk.badges.layout import default_layout
from kiosk.badges.pdf import render_pdf
from kiosk.badges.raster import render_raster
from kiosk.badges.selection import select_for_batch
from kiosk.badges.sheets import render_sheets
from kiosk.config import EventConfig
from kiosk.demo import install_demo
from kiosk.store import Store

RENDERS = 400
WARM_UP = 20
BATCH = 1_000
PDF_GOAL_MS, RASTER_GOAL_MS = 15.0, 25.0


def demo_people(folder: Path, count: int) -> tuple[list[Attendee], EventConfig]:
    store = Store.open(folder / "demo.sqlite", device="bench")
    install_demo(store)
    base = select_for_batch(store).attendees
    config = store.config()
    store.close()
    rng = random.Random(data.SEED)
    alphabet = string.ascii_lowercase + string.digits
    people = [dataclasses.replace(base[i % len(base)], code="".join(rng.choice(alphabet) for _ in range(32)))
              for i in range(count)]
    return people, config


def bare_pdf(person: Attendee, config: EventConfig) -> bytes:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(100 * mm, 62 * mm))
    canvas.setFont("Helvetica-Bold", 40)
    canvas.drawCentredString(50 * mm, 40 * mm, person.first_name)
    canvas.setFont("Helvetica", 12)
    for i, text in enumerate((person.name, person.organisation, person.city)):
        canvas.drawString(3 * mm, (28 - 6 * i) * mm, text)
    widget = QrCodeWidget(person.code)
    drawing = Drawing(20 * mm, 20 * mm)
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, 77 * mm, 3 * mm)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def bare_raster(person: Attendee, config: EventConfig) -> Any:
    import qrcode
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("1", (1181, 732), 1)
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.load_default(140), ImageFont.load_default(36)
    draw.text((30, 120), person.first_name, font=big, fill=0)
    for i, text in enumerate((person.name, person.organisation, person.city)):
        draw.text((30, 330 + 50 * i), text, font=small, fill=0)
    symbol = qrcode.make(person.code, box_size=6, border=4).get_image().convert("1")
    image.paste(symbol, (1181 - symbol.width - 20, 732 - symbol.height - 20))
    return image


def cold(render: Callable[[Attendee], Any]) -> Callable[[Attendee], Any]:
    """`render` with the per-text caches emptied first (inside the timing: honest, and ~µs)."""
    def run(person: Attendee) -> Any:
        for cached in (fonts.runs, fonts.text_width, fonts.ink_extent):
            cached.cache_clear()
        return render(person)
    return run


def interleaved(ours: Callable[[Attendee], Any], bare: Callable[[Attendee], Any],
                people: list[Attendee]) -> tuple[list[float], list[float]]:
    """Ours and the bare one on the same attendees, alternating which goes first (same machine noise)."""
    mine: list[float] = []
    theirs: list[float] = []
    for i, person in enumerate(people):
        order = ((ours, mine), (bare, theirs)) if i % 2 == 0 else ((bare, theirs), (ours, mine))
        for fn, samples in order:
            start = time.perf_counter()
            fn(person)
            samples.append(time.perf_counter() - start)
    return mine[WARM_UP:], theirs[WARM_UP:]


def with_ratio(row: Row) -> Row:
    """A goal in milliseconds, and beside it how we compare with the bare renderer measured alongside."""
    assert row.baseline
    return dataclasses.replace(row, ratio=row.ours / row.baseline, ratio_kind="ours/baseline")


def run(workspace: Workspace) -> tuple[list[Row], dict[str, Any]]:
    with tempfile.TemporaryDirectory(dir=workspace.root) as tmp:
        people, config = demo_people(Path(tmp), max(RENDERS + WARM_UP, BATCH))
    layout = default_layout("ql-62x100")
    sample = people[: RENDERS + WARM_UP]
    data.log("badges: PDF renders…")
    pdf, pdf_bare = interleaved(cold(lambda p: render_pdf(p, config, layout)), lambda p: bare_pdf(p, config), sample)
    data.log("badges: 300-dpi rasters…")
    raster, raster_bare = interleaved(cold(lambda p: render_raster(p, config, layout, dpi=300, ink="black")),
                                      lambda p: bare_raster(p, config), sample)
    red, _ = interleaved(cold(lambda p: render_raster(p, config, layout, dpi=300, ink="black-red")),
                         lambda p: None, sample)
    data.log(f"badges: {BATCH:,} badges to A4 sheets…")
    start = time.perf_counter()
    sheets, _ = render_sheets(people[:BATCH], config, "a4-8")
    batch_seconds = time.perf_counter() - start
    s_pdf, s_pdf_bare = summarize(pdf), summarize(pdf_bare)
    s_raster, s_raster_bare, s_red = summarize(raster), summarize(raster_bare), summarize(red)
    per_second = BATCH / batch_seconds
    rows = [
        with_ratio(limit_row("badges", "62×100 mm PDF p50", "ms", s_pdf.p50, PDF_GOAL_MS, baseline=s_pdf_bare.p50,
                             note="baseline: the same strings in Helvetica + reportlab's QR widget, no fitting "
                                  "or fallback")),
        info_row("badges", "62×100 mm PDF p99", "ms", s_pdf.p99, s_pdf_bare.p99),
        with_ratio(limit_row("badges", "62×100 mm 300-dpi raster p50", "ms", s_raster.p50, RASTER_GOAL_MS,
                             baseline=s_raster_bare.p50,
                             note="1-bit, black only; baseline: Pillow's default font + qrcode.make, no fitting")),
        info_row("badges", "62×100 mm 300-dpi raster p99", "ms", s_raster.p99, s_raster_bare.p99),
        info_row("badges", "black/red raster p50", "ms", s_red.p50, None),
        info_row("badges", f"{BATCH:,} badges to A4 sheets", "badges/s", per_second, None,
                 note=f"{len(sheets) / 1e6:.1f} MB, {-(-BATCH // 8)} pages, {batch_seconds:.1f} s"),
    ]
    details = {"pdf": s_pdf.as_dict(), "pdf_bare": s_pdf_bare.as_dict(), "raster": s_raster.as_dict(),
               "raster_bare": s_raster_bare.as_dict(), "raster_black_red": s_red.as_dict(),
               "batch": {"badges": BATCH, "seconds": round(batch_seconds, 2), "per_second": round(per_second, 1),
                         "bytes": len(sheets)}}
    return rows, details


if __name__ == "__main__":
    run_alone(run)
