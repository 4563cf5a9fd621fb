"""The treasurer's screen over two desks' drawers (two Store objects on one SQLite file, as after sync)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from kiosk import pins
from kiosk.cash import drawer, payments
from kiosk.desk import Shift
from kiosk.pins import Authorisation
from kiosk.registration import WalkIn, register
from kiosk.store import Store
from tests.conftest import small_config
from ui.cash import treasurer_tables as tables
from ui.cash.treasurer import TreasurerWindow
from ui.cash.treasurer_dialogs import RefundAnswer
from ui.tasks import run_synchronously

SCREENSHOTS = Path(__file__).parent / "screenshots"
SHIFT = Shift(desk="Desk 1", volunteer="Tess")


def sell(store: Store, name: str, desk: str, method: str = "cash") -> None:
    tender = payments.Tender("cash", 30000) if method == "cash" else payments.Tender("card", terminal_ref="T-1")
    register(store, WalkIn(name, ticket_type="Regular"), tender, day=1, desk=desk, volunteer="v", actor=f"v @ {desk}")


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[tuple[Store, Store]]:
    path = tmp_path / "events" / "testcon.sqlite"
    a = Store.open(path, device="desk-a")
    a.set_config(small_config(), actor="test")
    b = Store.open(path, device="desk-b")  # a second desk writing the same file
    pins.set_pin(a, "treasurer", "2580", actor="boss")
    drawer.open_drawer(a, day=1, desk="Desk 1", counts={1000: 10}, counted_by="Ann", witness="Bea", actor="t")
    sell(a, "Ann Lee", "Desk 1")
    sell(a, "Cem Ok", "Desk 1", "card")
    drawer.open_drawer(b, day=1, desk="Desk 2", counts={1000: 10}, counted_by="Dan", witness="Eve", actor="t")
    sell(b, "Bo Chen", "Desk 2")
    drawer.count(b, day=1, counts={1000: 34, 100: 5}, counted_by="Dan", witness="Eve", actor="t")  # €5.00 short
    drawer.close(b, day=1, explanation="coin rolled away", kept_counts={1000: 10}, actor="t")
    yield a, b
    b.close()
    a.close()


@pytest.fixture
def window(qtbot: QtBot, stores: tuple[Store, Store], tmp_path: Path) -> Iterator[TreasurerWindow]:
    store = stores[0]
    verdict = pins.verify(store, "treasurer", "2580", actor="Tess", purpose="treasurer screen")
    assert verdict.authorisation is not None
    made = TreasurerWindow(None, store, SHIFT, verdict.authorisation, runner=run_synchronously)
    made.choose_save_path = lambda title, name: tmp_path / "out" / name
    qtbot.addWidget(made)
    made.show()
    yield made


def test_every_desk_with_discrepancies_highlighted(qtbot: QtBot, window: TreasurerWindow) -> None:
    table = window.drawers
    assert table.rowCount() == 2
    rows = {table.item(r, 0).text(): r for r in range(2)}
    short = rows["Desk 2"]
    assert table.item(short, 13).text() == "SHORT €5.00"
    assert table.item(short, 13).background().color() == QColor(tables.SHORT_ROW)
    assert "OPEN" in table.item(rows["Desk 1"], 2).text()
    assert table.item(rows["Desk 1"], 11).text() == "€350.00"  # the treasurer sees what an open drawer expects
    assert table.item(rows["Desk 1"], 5).text() == "€250.00"  # card
    assert "1 with a difference" in window.heading.text()
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "treasurer.png"))
    window.tabs.setCurrentIndex(1)
    assert "SHORT €5.00" in window.totals_words.text()
    assert window.by_desk.rowCount() == 3  # two desks and the total
    window.grab().save(str(SCREENSHOTS / "treasurer-totals.png"))


def test_void_needs_a_reason_and_a_fresh_pin(qtbot: QtBot, window: TreasurerWindow) -> None:
    window.tabs.setCurrentIndex(2)
    cash = next(i for i, p in enumerate(window.payment_list) if p.desk == "Desk 1" and p.method == "cash")
    window.payments.selectRow(cash)
    window.ask_reason = lambda question: None  # cancelled: nothing voided
    window.void_selected()
    assert not window.payment_list[cash].voided
    asked: list[str] = []

    def ask_pin(purpose: str) -> Authorisation | None:
        asked.append(purpose)
        return pins.verify(window.store, "treasurer", "2580", actor="Tess", purpose=purpose).authorisation

    window.ask_authorisation = ask_pin
    window.clock = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=6)  # the screen's PIN has aged
    window.ask_reason = lambda question: "typed twice"
    window.void_selected()
    assert asked and asked[0].startswith("void DESK1-R")
    voided = next(p for p in window.payment_list if p.void_reason == "typed twice")
    assert voided.voided and "VOIDED" in window.payments.item(window.payment_list.index(voided), 8).text()
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "treasurer-payments.png"))
    window.tabs.setCurrentIndex(3)
    window.grab().save(str(SCREENSHOTS / "treasurer-audit.png"))
    kinds = [window.audit.item(r, 1).text() for r in range(window.audit.rowCount())]
    assert "Void" in kinds and kinds.count("PIN try") == 2


def test_refund_and_exports(qtbot: QtBot, window: TreasurerWindow, tmp_path: Path) -> None:
    card = next(i for i, p in enumerate(window.payment_list) if p.method == "card")
    window.payments.selectRow(card)
    window.ask_refund = lambda payment: RefundAnswer(5000, "card", "student discount", False)
    window.refund_selected()
    assert "Refund DESK1-R" in window.notice.text()
    window.save_csv("drawers_csv", "drawers.csv")
    text = (tmp_path / "out" / "drawers.csv").read_text(encoding="utf-8")
    assert "Desk 2" in text and "Desk 1" in text
    window.save_csv("payments_csv", "payments.csv")
    assert "student discount" in (tmp_path / "out" / "payments.csv").read_text(encoding="utf-8")
    rows = {window.drawers.item(r, 0).text(): r for r in range(2)}
    window.drawers.selectRow(rows["Desk 2"])
    window.save_day_report()
    assert next((tmp_path / "out").glob("DESK2-Z*.pdf")).read_bytes().startswith(b"%PDF")
    window.drawers.selectRow(rows["Desk 1"])
    window.save_day_report()
    assert next((tmp_path / "out").glob("interim-*.pdf")).read_bytes().startswith(b"%PDF")
    window.save_event_summary()
    assert (tmp_path / "out" / "TestCon-summary.pdf").read_bytes().startswith(b"%PDF")
