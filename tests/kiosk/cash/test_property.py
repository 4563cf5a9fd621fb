"""The drawer's arithmetic under any sequence of cash events (hypothesis), and rule 4 for cash: the same
events replayed twice, or in another order, give the same totals to the cent."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cash import drawer, payments
from kiosk.cash.payments import PaymentRefused, Tender
from kiosk.cash.totals import totals
from kiosk.pins import Authorisation
from kiosk.rebuild import rebuild, snapshot
from kiosk.registration import WalkIn, register
from kiosk.store import Store
from tests.conftest import small_config

TREASURER = Authorisation("treasurer", "test-pin-try", "Tess (treasurer)")
PRICE = 25000  # small_config's Regular ticket
NOTES = (5000, 2000, 1000, 500)

operation = st.one_of(
    st.tuples(st.just("cash sale"), st.integers(0, 3)),             # tendered = price + n × 10.00
    st.tuples(st.just("card sale"), st.integers(0, 0)),
    st.tuples(st.just("refund"), st.integers(1, PRICE)),            # cash back, part of a sale
    st.tuples(st.just("void"), st.integers(0, 50)),                 # which earlier payment
    st.tuples(st.just("paid in"), st.integers(1, 20000)),
    st.tuples(st.just("paid out"), st.integers(1, 20000)),
    st.tuples(st.just("drop"), st.integers(1, 30)),                 # pieces of a note
    st.tuples(st.just("count"), st.integers(0, 40)),
)


class Model:
    """What the drawer should hold, kept by the test from first principles."""

    def __init__(self, float_minor: int) -> None:
        self.float, self.sales, self.refunds, self.paid_in, self.paid_out, self.drops = float_minor, 0, 0, 0, 0, 0

    @property
    def expected(self) -> int:
        return self.float + self.sales - self.refunds + self.paid_in - self.paid_out - self.drops


def _apply(store: Store, model: Model, taken: list[payments.Payment], op: tuple[str, int], n: int) -> None:
    kind, value = op
    if kind in ("cash sale", "card sale"):
        tender = Tender("cash", PRICE + value * 1000) if kind == "cash sale" else Tender("card", terminal_ref=f"T{n}")
        done = register(store, WalkIn(f"Walk In {n}", ticket_type="Regular"), tender, day=1, desk="Desk 1",
                        volunteer="Sam", actor="Sam @ Desk 1")
        assert done.payment is not None
        taken.append(done.payment)
        model.sales += PRICE if kind == "cash sale" else 0
    elif kind == "refund":
        standing = [p for p in taken if p.kind == "sale" and not payments.get(store, p.id).voided]  # type: ignore[union-attr]
        if not standing:
            return
        sale = standing[value % len(standing)]
        try:
            back = payments.refund(store, sale.id, amount_minor=value, method="cash", reason="left early",
                                   cancel_ticket=False, authorisation=TREASURER, day=1, desk="Desk 1", actor="Tess")
        except PaymentRefused:
            return  # more than is left of that sale, or more than the drawer holds: refused, nothing written
        taken.append(back)
        model.refunds += value
    elif kind == "void":
        if not taken:
            return
        target = payments.get(store, taken[value % len(taken)].id)
        assert target is not None
        try:
            payments.void(store, target.id, reason="typed wrong", authorisation=TREASURER, actor="Tess")
        except PaymentRefused:
            return  # voided before, or a sale with a standing refund
        if target.method == "cash":
            model.sales -= target.amount_minor if target.kind == "sale" else 0
            model.refunds -= target.amount_minor if target.kind == "refund" else 0
    elif kind == "paid in":
        drawer.pay_in(store, day=1, amount_minor=value, reason="change from the safe", actor="Sam")
        model.paid_in += value
    elif kind == "paid out":
        if value > model.expected:
            return
        drawer.pay_out(store, day=1, amount_minor=value, reason="printer tape", actor="Sam")
        model.paid_out += value
    elif kind == "drop":
        note = NOTES[value % len(NOTES)]
        if note * value > model.expected:
            return
        drawer.drop(store, day=1, desk="Desk 1", counts={note: value}, by="Sam", witness="Kim", destination="safe",
                    actor="Sam")
        model.drops += note * value
    else:
        counted = drawer.count(store, day=1, counts={1000: value}, counted_by="Sam", witness="Kim", actor="Sam")
        assert counted.expected_minor == model.expected


def _figures(store: Store) -> tuple[object, ...]:
    found = drawer.current(store, 1)
    assert found is not None
    t = totals(store)
    return (found.expected_minor, found.cash_sales_minor, found.cash_refunds_minor, found.paid_in_minor,
            found.paid_out_minor, found.drops_minor, found.sales_by_method, found.voids, t.net_minor,
            t.sales_by_ticket_type, t.refunds_by_method)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(operation, min_size=1, max_size=25), seed=st.integers(0, 2**32 - 1))
def test_expected_cash_is_float_plus_sales_minus_refunds_plus_in_minus_out_minus_drops(
        tmp_path_factory: object, ops: list[tuple[str, int]], seed: int) -> None:
    folder = Path(tmp_path_factory.mktemp("cash"))  # type: ignore[attr-defined]
    store = Store.open(folder / "desk.sqlite", device="desk-a")
    try:
        store.set_config(small_config(), actor="test")
        drawer.open_drawer(store, day=1, desk="Desk 1", counts={5000: 2, 1000: 5, 200: 10}, counted_by="Sam",
                           witness="Kim", actor="Sam")
        model, taken = Model(17000), []
        for n, op in enumerate(ops):
            _apply(store, model, taken, op, n)
            found = drawer.current(store, 1)
            assert found is not None and found.expected_minor == model.expected, op
        expected_figures = _figures(store)
        events = list(store.events())
    finally:
        store.close()

    # The same events, each twice and in a shuffled order, on another desk: the same totals, to the cent.
    shuffled = events * 2
    random.Random(seed).shuffle(shuffled)
    other = Store.open(folder / "other.sqlite", device="desk-b")
    try:
        for start in range(0, len(shuffled), 7):
            other.ingest(shuffled[start:start + 7])
        assert other.event_count() == len(events)
        assert other.config().currency == "EUR"
        # desk-b reads desk-a's drawer by its id
        summary = drawer.summary(other, drawer.drawer_id("desk-a", 1))
        assert summary is not None and summary.expected_minor == model.expected
        t = totals(other)
        assert (summary.expected_minor, summary.cash_sales_minor, summary.cash_refunds_minor, summary.paid_in_minor,
                summary.paid_out_minor, summary.drops_minor, summary.sales_by_method, summary.voids, t.net_minor,
                t.sales_by_ticket_type, t.refunds_by_method) == expected_figures
        before = snapshot(other.conn)
        assert rebuild(other, verify=True).identical
        assert snapshot(other.conn) == before
    finally:
        other.close()
