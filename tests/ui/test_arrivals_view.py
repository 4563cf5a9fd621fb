"""The arrivals view on real check-ins from three desks, arriving through the sync path with chosen times."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot
from uuid6 import uuid7

from kiosk.demo import install_demo
from kiosk.events import Event
from kiosk.hlc import format_hlc
from kiosk.search import browse
from kiosk.store import Store
from ui.desk.arrivals import ArrivalsWindow

SCREENSHOTS = Path(__file__).parent / "screenshots"


def test_arrivals_plot_and_totals(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.sqlite", device="desk-1")
    day_one = dt.date(2026, 11, 27)
    install_demo(store, today=day_one)
    people = [h.attendee for h in browse(store.conn, "", limit=400, day=1) if h.attendee.status == "valid"]
    start = dt.datetime(2026, 11, 27, 7, 30, tzinfo=dt.UTC)  # 08:30 in Berlin
    events = []
    for i, person in enumerate(people[:120]):
        at = start + dt.timedelta(minutes=i * 0.9 + (i % 7))
        desk = ("Desk 1", "Desk 2", "Desk 3")[i % 3]
        ms = int(at.timestamp() * 1000)
        events.append(Event(str(uuid7()), f"dev-{desk[-1]}", i + 1, format_hlc(ms, 0), "checkin.recorded",
                            {"attendee_id": person.id, "day": 1, "desk": desk, "volunteer": "V"}, "V",
                            at.isoformat(timespec="milliseconds")))
    store.ingest(events)
    window = ArrivalsWindow(store, day=1)
    qtbot.addWidget(window)
    window.resize(900, 560)
    window.show()
    assert "120 of" in window.summary.text()
    data = window.chart.data
    assert data is not None and data.desks == ["Desk 1", "Desk 2", "Desk 3"]
    assert sum(b.count for b in data.buckets) == 120
    assert data.buckets[0].start.strftime("%H:%M") == "08:30"
    types = {window.per_type.item(r, 0).text(): int(window.per_type.item(r, 1).text())
             for r in range(window.per_type.rowCount())}
    assert sum(types.values()) == 120 and "Regular" in types
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "desk-arrivals.png"))
    store.close()
