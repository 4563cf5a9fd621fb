"""The treasurer's totals across every drawer and payment this store knows (all desks, after sync)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from kiosk.cash.drawer import DrawerSummary, drawers
from kiosk.store import Store

Pair = tuple[int, int]  # (how many, amount in minor units)


@dataclass(frozen=True)
class Totals:
    """Sales are net of voids (a voided payment counts only under `voids`); refunds are listed apart."""

    currency: str
    sales_by_desk: dict[str, Pair] = field(default_factory=dict)
    sales_by_day: dict[int, Pair] = field(default_factory=dict)
    sales_by_method: dict[str, Pair] = field(default_factory=dict)
    sales_by_ticket_type: dict[str, Pair] = field(default_factory=dict)
    refunds_by_method: dict[str, Pair] = field(default_factory=dict)
    voids: Pair = (0, 0)
    comps_waived_minor: int = 0
    drawers: tuple[DrawerSummary, ...] = ()

    @property
    def net_minor(self) -> int:
        """Money taken (cash and card; comps are 0, invoices are owed, not taken) less money refunded."""
        taken = sum(a for m, (_, a) in self.sales_by_method.items() if m in ("cash", "card"))
        return taken - sum(a for _, a in self.refunds_by_method.values())

    @property
    def invoiced_minor(self) -> int:
        return self.sales_by_method.get("invoice", (0, 0))[1]

    @property
    def over_short_minor(self) -> int:
        """Sum of every closed drawer's difference (counted − expected)."""
        return sum(int(d.close.get("difference_minor", 0)) for d in self.drawers if d.state == "closed")

    @property
    def discrepancies(self) -> tuple[DrawerSummary, ...]:
        return tuple(d for d in self.drawers if d.state == "closed" and int(d.close.get("difference_minor", 0)))

    @property
    def open_drawers(self) -> tuple[DrawerSummary, ...]:
        return tuple(d for d in self.drawers if d.state == "open")


def _add(target: dict[object, Pair], key: object, amount: int) -> None:
    count, total = target.get(key, (0, 0))
    target[key] = (count + 1, total + amount)


def totals(store: Store, day: int | None = None, desk: str | None = None) -> Totals:
    sql = "SELECT kind, method, amount_minor, ticket_type, desk, day, details, voided_by FROM payments WHERE 1"
    params = list[object]()
    if day is not None:
        sql, params = sql + " AND day = ?", [*params, day]
    if desk is not None:
        sql, params = sql + " AND desk = ? COLLATE NOCASE", [*params, desk]
    by_desk: dict[object, Pair] = {}
    by_day: dict[object, Pair] = {}
    by_method: dict[object, Pair] = {}
    by_ticket: dict[object, Pair] = {}
    refunds: dict[object, Pair] = {}
    voids, voided, waived = 0, 0, 0
    for kind, method, amount, ticket, the_desk, the_day, details, void in store.conn.execute(sql, params):
        if void is not None:
            voids, voided = voids + 1, voided + amount
        elif kind == "refund":
            _add(refunds, method, amount)
        else:
            _add(by_desk, the_desk, amount)
            _add(by_day, the_day, amount)
            _add(by_method, method, amount)
            _add(by_ticket, ticket, amount)
            if method == "comp":
                waived += int(json.loads(details).get("waived_minor", 0))
    return Totals(store.config().currency, by_desk, by_day, by_method, by_ticket, refunds,  # type: ignore[arg-type]
                  (voids, voided), waived, tuple(drawers(store, day, desk)))
