"""One desk's drawer through a day: float, sales, paid in/out, drops, blind count, close, reopen."""

from __future__ import annotations

import pytest

from kiosk.cash import drawer
from kiosk.cash.drawer import DrawerRefused
from kiosk.cash.payments import Tender
from kiosk.pins import Authorisation
from kiosk.rebuild import rebuild
from kiosk.registration import RegistrationRefused, WalkIn, register
from kiosk.search import search
from kiosk.store import Store

TREASURER = Authorisation("treasurer", "pin-try", "Tess")


def _open(store: Store, day: int = 1) -> drawer.DrawerSummary:
    return drawer.open_drawer(store, day=day, desk="Desk 1", counts={2000: 5, 500: 10, 100: 20}, counted_by="Sam",
                              witness="Kim", actor="Sam @ Desk 1")


def _sell(store: Store, name: str, tendered: int = 30000) -> None:
    register(store, WalkIn(name, ticket_type="Regular"), Tender("cash", tendered), day=1, desk="Desk 1",
             volunteer="Sam", actor="Sam @ Desk 1")


def test_a_float_is_counted_by_denomination_by_two_different_people(store: Store) -> None:
    opened = _open(store)
    assert opened.float_minor == 2000 * 5 + 500 * 10 + 100 * 20 == 17000
    assert opened.float_counts == {2000: 5, 500: 10, 100: 20}
    assert (opened.opened_by, opened.opened_witness, opened.state) == ("Sam", "Kim", "open")
    with pytest.raises(DrawerRefused, match="opened already"):
        _open(store)
    with pytest.raises(DrawerRefused, match="two different people"):
        drawer.open_drawer(store, day=2, desk="Desk 1", counts={}, counted_by="Sam", witness=" sam ", actor="x")
    with pytest.raises(DrawerRefused, match="not one of the event's denominations"):
        drawer.open_drawer(store, day=2, desk="Desk 1", counts={300: 1}, counted_by="Sam", witness="Kim", actor="x")
    with pytest.raises(DrawerRefused, match="whole number"):
        drawer.open_drawer(store, day=2, desk="Desk 1", counts={100: -1}, counted_by="Sam", witness="Kim", actor="x")


def test_cash_moves_need_an_open_drawer_and_a_reason(store: Store) -> None:
    with pytest.raises(DrawerRefused, match="Open the cash drawer first"):
        drawer.pay_in(store, day=1, amount_minor=100, reason="change", actor="Sam")
    _open(store)
    with pytest.raises(DrawerRefused, match="needs a reason"):
        drawer.pay_out(store, day=1, amount_minor=100, reason="  ", actor="Sam")
    with pytest.raises(DrawerRefused, match="more than zero"):
        drawer.pay_in(store, day=1, amount_minor=0, reason="x", actor="Sam")
    with pytest.raises(DrawerRefused, match=r"does not hold that much \(€200\.00\): count what you take out again"):
        drawer.pay_out(store, day=1, amount_minor=20000, reason="too much", actor="Sam")
    drawer.pay_in(store, day=1, amount_minor=5000, reason="change from the safe", actor="Sam")
    drawer.pay_out(store, day=1, amount_minor=1250, reason="printer tape", actor="Sam")
    drawer.no_sale(store, day=1, reason="change for the coffee stand", actor="Sam")
    now = drawer.current(store, 1)
    assert now is not None
    assert (now.paid_in_minor, now.paid_out_minor, now.no_sales) == (5000, 1250, 1)
    assert now.expected_minor == 17000 + 5000 - 1250
    assert [m.reason for m in now.moves] == ["change from the safe", "printer tape", "change for the coffee stand"]


def test_a_drop_gets_a_numbered_slip_and_the_limit_is_shown(store: Store) -> None:
    store.set_config(__import__("dataclasses").replace(store.config(), drawer_limit_minor=50000), actor="t")
    _open(store)
    for n in range(2):
        _sell(store, f"Walk In {n}")
    now = drawer.current(store, 1)
    assert now is not None and now.expected_minor == 67000 and now.over_limit
    slip = drawer.drop(store, day=1, desk="Desk 1", counts={5000: 4}, by="Sam", witness="Kim", destination="safe",
                       actor="Sam")
    assert slip.number == "DESK1-D0001" and slip.amount_minor == 20000 and slip.people == ("Sam", "Kim")
    second = drawer.drop(store, day=1, desk="Desk 1", counts={2000: 1}, by="Sam", witness="Kim", destination="bank",
                         actor="Sam")
    assert second.number == "DESK1-D0002"
    now = drawer.current(store, 1)
    assert now is not None and now.expected_minor == 45000 and not now.over_limit


def test_close_is_blind_needs_an_explanation_when_short_and_makes_a_numbered_report(store: Store) -> None:
    _open(store)
    _sell(store, "Ann Lee")  # +250.00
    with pytest.raises(DrawerRefused, match="Count the drawer first"):
        drawer.close(store, day=1, explanation="", kept_counts={}, actor="Sam")
    counted = drawer.count(store, day=1, counts={5000: 5, 2000: 5, 500: 10, 100: 15}, counted_by="Sam", witness="Kim",
                           actor="Sam")
    assert (counted.counted_minor, counted.expected_minor, counted.difference_minor) == (41500, 42000, -500)
    with pytest.raises(DrawerRefused, match=r"€5\.00 short: explain"):
        drawer.close(store, day=1, explanation=" ", kept_counts={}, actor="Sam")
    with pytest.raises(DrawerRefused, match="only 5 were counted"):
        drawer.close(store, day=1, explanation="coin rolled away", kept_counts={2000: 6}, actor="Sam")
    closed = drawer.close(store, day=1, explanation="a 5 euro note given as change twice",
                          kept_counts={2000: 5, 500: 10, 100: 15}, actor="Sam")
    assert closed.state == "closed" and closed.report_no == "DESK1-Z0001"
    assert closed.close["difference_minor"] == -500 and closed.close["kept_minor"] == 16500
    assert closed.close["to_bank_minor"] == 41500 - 16500
    assert closed.close["summary"]["cash_sales_minor"] == 25000
    with pytest.raises(RegistrationRefused, match="closed: reopening it needs the treasurer PIN"):
        _sell(store, "Late Comer")
    assert not [a for a in search(store.conn, "late comer")]  # nothing of the refused walk-in was written
    assert rebuild(store, verify=True).identical


def test_a_count_goes_stale_when_cash_moves_and_reopening_makes_a_new_report(store: Store) -> None:
    _open(store)
    drawer.count(store, day=1, counts={2000: 5, 500: 10, 100: 20}, counted_by="Sam", witness="Kim", actor="Sam")
    drawer.pay_in(store, day=1, amount_minor=100, reason="found a coin", actor="Sam")
    with pytest.raises(DrawerRefused, match="count the drawer again"):
        drawer.close(store, day=1, explanation="", kept_counts={}, actor="Sam")
    drawer.count(store, day=1, counts={2000: 5, 500: 10, 100: 21}, counted_by="Sam", witness="Kim", actor="Sam")
    first = drawer.close(store, day=1, explanation="", kept_counts={}, actor="Sam")
    with pytest.raises(DrawerRefused, match="treasurer PIN"):
        drawer.reopen(store, day=1, reason="late sale", authorisation=Authorisation("admin", "x", "Al"), actor="Al")
    with pytest.raises(DrawerRefused, match="needs a reason"):
        drawer.reopen(store, day=1, reason="", authorisation=TREASURER, actor="Tess")
    reopened = drawer.reopen(store, day=1, reason="a walk-in paid after the close", authorisation=TREASURER,
                             actor="Tess")
    assert reopened.state == "open" and reopened.last_count is None
    _sell(store, "Late Comer", tendered=25000)
    drawer.count(store, day=1, counts={5000: 5, 2000: 5, 500: 10, 100: 21}, counted_by="Sam", witness="Kim",
                 actor="Sam")
    second = drawer.close(store, day=1, explanation="", kept_counts={}, actor="Sam")
    assert (first.report_no, second.report_no) == ("DESK1-Z0001", "DESK1-Z0002")
    reasons = [m.reason for m in second.moves if m.type == "drawer.reopened"]
    assert reasons == ["a walk-in paid after the close"]
    assert rebuild(store, verify=True).identical


def test_each_desk_owns_its_drawer_and_sees_the_others_after_sync(store: Store, tmp_path: object) -> None:
    other = Store.open(store.path, device="desk-b")  # a second desk writing the same file stands in for sync
    try:
        _open(store)
        drawer.open_drawer(other, day=1, desk="Desk 2", counts={1000: 3}, counted_by="Ola", witness="Per", actor="Ola")
        assert {d.desk for d in drawer.drawers(store)} == {"Desk 1", "Desk 2"}
        assert [d.desk for d in drawer.drawers(store, desk="desk 2")] == ["Desk 2"]
        assert drawer.current(other, 1).float_minor == 3000  # type: ignore[union-attr]
    finally:
        other.close()
