"""The drawer window, driven like two volunteers at the end of a long day: open with a float, pay out, drop,
a blind count that is €5.00 short, a close refused without an explanation and accepted with one."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QListWidget
from pytestqt.qtbot import QtBot

from kiosk import money, pins
from kiosk.cash import drawer, payments
from kiosk.desk import Shift
from kiosk.registration import WalkIn, register
from kiosk.store import Store
from tests.conftest import small_config
from ui.cash.drawer_window import DrawerWindow
from ui.tasks import run_synchronously

SCREENSHOTS = Path(__file__).parent / "screenshots"
SHIFT = Shift(desk="Desk 1", volunteer="Sam")


def shot(window: DrawerWindow, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / f"{name}.png"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Where the app keeps it: <data dir>/events/<slug>.sqlite (reports go to <data dir>/reports)."""
    opened = Store.open(tmp_path / "events" / "testcon.sqlite", device="desk-a")
    opened.set_config(small_config(), actor="test")
    yield opened
    opened.close()


@pytest.fixture
def window(qtbot: QtBot, store: Store, tmp_path: Path) -> Iterator[DrawerWindow]:
    made = DrawerWindow(None, store, SHIFT, 1, runner=run_synchronously)
    made.choose_save_path = lambda title, name: tmp_path / "slips" / name
    made.opened: list[Path] = []  # type: ignore[misc]
    made.open_file = made.opened.append  # type: ignore[attr-defined]
    qtbot.addWidget(made)
    made.show()
    yield made


def every_text(window: DrawerWindow) -> str:
    labels = [label.text() for label in window.findChildren(QLabel) if label.isVisible()]
    items = [w.item(i).text() for w in window.findChildren(QListWidget) for i in range(w.count())]
    return "\n".join([*labels, *items, window.windowTitle()])


def sell(store: Store, name: str) -> None:
    register(store, WalkIn(name, ticket_type="Regular"), payments.Tender("cash", 30000), day=1, desk="Desk 1",
             volunteer="Sam", actor=SHIFT.actor)


def test_a_day_from_float_to_closed_report(qtbot: QtBot, window: DrawerWindow, store: Store,
                                           tmp_path: Path) -> None:
    assert window.current_page == "opening"
    window.float_form.grid.spins[1000].setValue(10)
    window.float_form.grid.spins[200].setValue(5)
    window.float_form.counted_by.setText("Ann")
    window.float_form.witness.setText("ann")  # one person twice: refused, said in words
    assert "Float: €110.00" in window.float_form.grid.total.text()
    shot(window, "drawer-open-float")
    window.page["opening"].findChildren(type(window.open_report_button))[-1].click()
    assert window.current_page == "opening" and "two different people" in window.notice.text()
    window.float_form.witness.setText("Bea")
    window.open_drawer()
    assert window.current_page == "open"

    sell(store, "Ann Lee")  # €250.00 cash: the drawer should now hold €360.00
    window.ask_amount = lambda title: (500, "printer tape")
    window.move_cash("drawer.paid_out")
    assert "Paid out €5.00 recorded" in window.notice.text()
    window.ask_amount = lambda title: (10**9, "everything")  # more than it holds: refused, without the figure
    window.move_cash("drawer.paid_out")
    assert "does not hold that much" in window.notice.text()
    window.refresh()
    shot(window, "drawer-open")

    window.show_page("drop")
    window.drop_form.grid.spins[5000].setValue(4)
    window.drop_form.counted_by.setText("Ann")
    window.drop_form.witness.setText("Bea")
    window.record_drop()
    assert window.current_page == "slip" and window.slip_number.text() == "DESK1-D0001"
    assert (tmp_path / "slips" / "DESK1-D0001.pdf").read_bytes().startswith(b"%PDF")
    shot(window, "drawer-drop-slip")

    expected = drawer.current(store, 1).expected_minor  # type: ignore[union-attr]
    assert expected == 15500
    window.refresh()
    window.start_close()
    window.count_form.grid.spins[1000].setValue(15)  # €150.00: €5.00 short
    window.count_form.counted_by.setText("Ann")
    window.count_form.witness.setText("Bea")
    for page in window.page:  # blind: no page says what the drawer should hold before the count is in
        window.pages.setCurrentWidget(window.page[page])
        assert money.format_amount(expected, "EUR") not in every_text(window), page
        assert "Expected" not in every_text(window)
    window.show_page("count")
    shot(window, "drawer-blind-count")

    window.record_count()
    assert window.current_page == "result"
    assert "€155.00" in window.expected_label.text() and "€150.00" in window.counted_label.text()
    assert window.difference.text() == "SHORT €5.00" and "#b71c1c" in window.difference.styleSheet()
    assert window.kept_grid.counts() == {1000: 10}  # the opening float's pieces, as far as counted
    assert "Cash to bank: €50.00" in window.to_bank.text()
    window.close_day()  # no explanation: refused, everything stays on screen
    assert window.current_page == "result" and "explain the difference" in window.notice.text()
    assert drawer.current(store, 1).state == "open"  # type: ignore[union-attr]
    shot(window, "drawer-short")

    window.explanation.setPlainText("a €5 note given as change twice")
    window.close_day()
    assert window.current_page == "closed"
    report_no = window.summary.report_no  # type: ignore[union-attr]
    assert report_no == "DESK1-Z0001" and report_no in window.report_number.text()
    report = tmp_path / "reports" / f"{report_no}.pdf"  # <data dir> = the store's folder's parent
    assert report.read_bytes().startswith(b"%PDF")
    assert "SHORT €5.00" in window.closed_info.text()
    window.open_report()
    assert window.opened == [report]  # type: ignore[attr-defined]
    shot(window, "drawer-closed")


def test_reopen_takes_the_treasurer_pin_and_a_reason(qtbot: QtBot, window: DrawerWindow, store: Store) -> None:
    drawer.open_drawer(store, day=1, desk="Desk 1", counts={1000: 5}, counted_by="Ann", witness="Bea", actor="t")
    drawer.count(store, day=1, counts={1000: 5}, counted_by="Ann", witness="Bea", actor="t")
    drawer.close(store, day=1, explanation="", kept_counts={}, actor="t")
    window.refresh()
    assert window.current_page == "closed"
    window.ask_authorisation = lambda purpose: None  # PIN cancelled: nothing happens
    window.reopen()
    assert window.current_page == "closed"
    pins.set_pin(store, "treasurer", "2580", actor="boss")
    verdict = pins.verify(store, "treasurer", "2580", actor="Tess", purpose="reopen")
    window.ask_authorisation = lambda purpose: verdict.authorisation
    window.ask_reason = lambda question: "forgotten sale"
    window.reopen()
    assert window.current_page == "open" and "reopened" in window.notice.text()


def test_over_the_limit_says_make_a_drop(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    store.set_config(dataclasses.replace(small_config(), drawer_limit_minor=100000), actor="t")
    drawer.open_drawer(store, day=1, desk="Desk 1", counts={5000: 20}, counted_by="Ann", witness="Bea", actor="t")
    for name in ("Ann Lee", "Bo Chen"):
        sell(store, name)
    window = DrawerWindow(None, store, SHIFT, 1, runner=run_synchronously)
    qtbot.addWidget(window)
    window.show()
    assert window.warning.isVisible()
    assert window.warning.text() == "⚠  Drawer over the €1 000.00 limit: make a cash drop"
    shot(window, "drawer-over-limit")
