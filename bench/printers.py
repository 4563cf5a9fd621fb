"""Printers: one badge → the bytes each backend puts on the wire, p50/p99 per backend.

Each render is a different demo attendee with a fresh ticket code (as in bench/badges.py), and the text
caches are emptied before each. The figure is the backend's `encode(document)`: composing the badge,
drawing it in the backend's form (PDF, or a 1-bit raster at its dpi) and building its protocol's bytes;
no network (the wire itself is the printer's business). Beside each, the PDF renderer alone (the floor
every backend starts from), as a ratio.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bench import data
from bench.badges import cold, demo_people
from bench.report import Row, info_row, overhead_row, summarize
from bench.workspace import Workspace, run_alone
from kiosk.badges.layout import default_layout
from kiosk.devices import BadgeDocument
from printers import open_printer

RENDERS = 200
WARM_UP = 10
BACKENDS = {  # a 62 × 100 mm badge for every label printer; hosts are never contacted by encode()
    "pdf / cups": "cups://Badges",
    "brother-ql 300 dpi": "brother-ql://192.0.2.10?model=QL-820NWB&label=62",
    "brother-ql black/red": "brother-ql://192.0.2.10?model=QL-820NWB&label=62red&red=1",
    "zpl 203 dpi": "zpl://192.0.2.11:9100?dpi=203",
    "escpos 80 mm": "escpos://192.0.2.12:9100?paper=80",
}


def run(workspace: Workspace) -> tuple[list[Row], dict[str, Any]]:
    import dataclasses

    with tempfile.TemporaryDirectory(dir=workspace.root) as tmp:
        people, config = demo_people(Path(tmp), RENDERS + WARM_UP)
    config = dataclasses.replace(config, badge=default_layout("ql-62x100"))
    floor = _times(lambda person: BadgeDocument(person, config).pdf(), people)
    rows: list[Row] = [info_row("printers", "PDF alone p50 (floor)", "ms", floor.p50, None)]
    details: dict[str, Any] = {"pdf": floor.as_dict()}
    for label, url in BACKENDS.items():
        try:
            printer = open_printer(url)
        except Exception as exc:  # a backend missing on this machine: said, not hidden
            data.log(f"printers: {label}: not available ({exc})")
            continue
        sizes: list[int] = []

        def encode(person: Any, printer: Any = printer, sizes: list[int] = sizes) -> None:
            sizes.append(len(printer.encode(BadgeDocument(person, config))))

        data.log(f"printers: {label}…")
        summary = _times(encode, people)
        rows.append(overhead_row("printers", f"{label} p50", "ms", summary.p50, floor.p50, None,
                                 note=f"{sum(sizes) // len(sizes):,} bytes a badge; p99 {summary.p99:.1f} ms"))
        details[label] = {**summary.as_dict(), "bytes": sum(sizes) // len(sizes)}
    return rows, details


def _times(func: Any, people: list[Any]) -> Any:
    timed = cold(func)
    samples = []
    for person in people:
        start = time.perf_counter()
        timed(person)
        samples.append(time.perf_counter() - start)
    return summarize(samples[WARM_UP:])


if __name__ == "__main__":
    run_alone(run)
