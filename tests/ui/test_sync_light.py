"""The desk's sync light: off until enrolled, online with what waits, offline (backing off) when the hub is
gone, and what other desks did shows up without the volunteer doing anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.checkin import check_in
from kiosk.demo import install_demo
from kiosk.desk import Shift
from kiosk.store import Store
from kiosk.sync.client import Hub, LocalHub
from printers.pdf import PdfFolderPrinter
from ui.desk.sounds import Silent
from ui.desk.window import DeskWindow
from ui.tasks import run_synchronously


class GoneHub(LocalHub):
    def push(self, events: list) -> object:  # type: ignore[override, type-arg]
        raise ConnectionError("the hub does not answer")


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store, Store]]:
    hub = Store.open(tmp_path / "hub.sqlite", "hub")
    desk_a = Store.open(tmp_path / "a" / "events" / "demo.sqlite", "desk-a")
    install_demo(desk_a, today=dt.date.today())
    desk_b = Store.open(tmp_path / "b" / "events" / "demo.sqlite", "desk-b")
    yield hub, desk_a, desk_b
    for store in (hub, desk_a, desk_b):
        store.close()


def _desk(qtbot: QtBot, store: Store, hub_for: object, tmp_path: Path) -> DeskWindow:
    window = DeskWindow(store, Shift(desk=store.device, volunteer="Sam"), sounds=Silent(),
                        printer=PdfFolderPrinter(tmp_path / "badges"), runner=run_synchronously,
                        sync_hub=hub_for)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    return window


def test_off_until_enrolled(qtbot: QtBot, stores: tuple[Store, Store, Store], tmp_path: Path) -> None:
    _, desk_a, _ = stores
    window = _desk(qtbot, desk_a, lambda store: None, tmp_path)
    qtbot.waitUntil(lambda: window.sync.state == "off" and "enrol" in window.sync.words, timeout=3000)


def test_online_then_offline_and_other_desks_arrive(qtbot: QtBot, stores: tuple[Store, Store, Store],
                                                    tmp_path: Path) -> None:
    hub_store, desk_a, desk_b = stores
    hub: Hub = LocalHub(hub_store)
    window = _desk(qtbot, desk_a, lambda store: hub, tmp_path)
    qtbot.waitUntil(lambda: window.sync.state == "online", timeout=5000)
    assert "0 waiting" in window.sync.words and hub_store.event_count() == desk_a.event_count()

    from kiosk.sync.client import sync_once

    sync_once(desk_b, hub)  # desk B gets the event, checks someone in, and syncs
    someone = desk_b.conn.execute("SELECT id FROM attendees WHERE status = 'valid' LIMIT 1").fetchone()[0]
    assert check_in(desk_b, someone, day=1, desk="Desk B").ok
    sync_once(desk_b, hub)
    window.sync.sync_now()
    qtbot.waitUntil(lambda: "1</b> checked in today" in window.counters.text(), timeout=5000)

    window.sync.hub_for = lambda store: GoneHub(hub_store)
    assert check_in(desk_a, someone, day=2, desk="Desk A").ok
    window.sync.timer.stop()
    window.sync.sync_now()
    assert window.sync.state == "offline" and "1 waiting" in window.sync.words
    assert "does not answer" in window.sync.words and window.sync.timer.interval() == 5000
    window.sync.sync_now()
    assert window.sync.timer.interval() == 10000  # backing off while offline
