"""Projections of payments, drawers and PINs (rule 4: state is a function of the set of events).

Payments belong to an attendee: they are folded with the attendee's other events (projections.py), and a
sale is what turns an unpaid ticket valid. A drawer is folded from its own drawer events in total order
(few per day, so every drawer event re-folds its drawer); the cash it should hold is a sum over rows that
do not depend on order at all (kiosk/cash/drawer.py).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from kiosk.events import Event

PAYMENT_EVENTS = frozenset({"payment.recorded", "payment.voided"})
DRAWER_STATE_EVENTS = frozenset({"drawer.opened", "drawer.counted", "drawer.closed", "drawer.reopened"})
DRAWER_EVENTS = DRAWER_STATE_EVENTS | {"drawer.paid_in", "drawer.paid_out", "drawer.no_sale", "drawer.dropped"}
PIN_EVENTS = frozenset({"pin.set", "pin.tried"})
CASH_TABLES = ("payments", "drawers", "drawer_moves", "pins", "pin_tries")
# Statuses a payment settles: an unpaid ticket becomes valid when paid (and unpaid again if that sale is voided).
_SETTLING_METHODS = ("cash", "card", "comp")

_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


# --- payments, inside an attendee's fold ---------------------------------------------------------------


def payment_row(event: Event) -> list[Any]:
    body = event.body
    return [event.id, body["attendee_id"], body["kind"], body["method"], int(body["amount_minor"]),
            body["currency"], body.get("ticket_type", ""), body.get("drawer_id", ""), body.get("receipt_no", ""),
            body.get("desk", ""), event.device, int(body.get("day", 0)), event.actor, event.at, event.sort_key,
            _dumps(body.get("details", {})), None, None]


def fold_payment(state: dict[str, Any], event: Event, payments: dict[str, list[Any]]) -> None:
    """A payment event's effect on the attendee (status) and on their payment rows, in total order."""
    body = event.body
    if event.type == "payment.recorded":
        payments[event.id] = payment_row(event)
        if body["kind"] == "sale" and body["method"] in _SETTLING_METHODS and state["status"] == "unpaid":
            state["status"] = "valid"
            state["_settled_by"] = event.id
        elif body["kind"] == "refund" and body.get("cancel_ticket"):
            state["_before_cancel"] = state["status"]
            state["status"] = "cancelled"
            state["_cancelled_by"] = event.id
        return
    target = payments.get(body["payment_id"])
    if target is None or target[16] is not None:  # unknown here, or voided before: the first void counts
        return
    target[16:18] = [event.id, body.get("reason", "")]
    if state.get("_settled_by") == target[0] and state["status"] == "valid":
        state["status"] = "unpaid"
        state["_settled_by"] = None
    elif state.get("_cancelled_by") == target[0] and state["status"] == "cancelled":
        state["status"] = state.get("_before_cancel", "valid")
        state["_cancelled_by"] = None


def insert_payments(conn: sqlite3.Connection, rows: list[list[Any]]) -> None:
    conn.executemany(f"INSERT INTO payments VALUES ({', '.join('?' * 18)})", rows)


# --- drawers ---------------------------------------------------------------------------------------------


def apply_drawer_event(conn: sqlite3.Connection, event: Event) -> None:
    drawer_id = event.body["drawer_id"]
    if event.type != "drawer.opened":
        conn.execute("INSERT INTO drawer_moves VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                     _move_row(event))
    if event.type in DRAWER_STATE_EVENTS:
        refold_drawer(conn, drawer_id)


def _move_row(event: Event) -> tuple[Any, ...]:
    body = event.body
    people = [p for p in (body.get("counted_by", body.get("by", "")), body.get("witness", "")) if p]
    reason = body.get("reason") or body.get("explanation") or body.get("destination") or ""
    number = body.get("slip_no") or body.get("report_no") or ""
    amount = body.get("counted_minor", body.get("amount_minor", 0))
    return (event.id, body["drawer_id"], event.type, int(amount), _dumps(body.get("counts", {})), reason,
            number, _dumps(people), event.actor, event.at, event.sort_key)


def refold_drawer(conn: sqlite3.Connection, drawer_id: str) -> None:
    """The drawer's row from its state events in total order (open, counts, closes, reopens)."""
    rows = conn.execute(
        "SELECT id, device, seq, hlc, type, body, actor, at FROM events WHERE json_extract(body, '$.drawer_id') = ? "
        "AND type IN ('drawer.opened', 'drawer.counted', 'drawer.closed', 'drawer.reopened') "
        "ORDER BY hlc, device, seq", (drawer_id,)).fetchall()
    conn.execute("DELETE FROM drawers WHERE id = ?", (drawer_id,))
    row: dict[str, Any] | None = None
    for event in map(Event.from_row, rows):
        body = event.body
        if event.type == "drawer.opened":
            if row is None:  # a drawer opens once; reopening after a close is drawer.reopened
                row = {"id": drawer_id, "device": event.device, "desk": body.get("desk", ""), "day": int(body["day"]),
                       "state": "open", "currency": body["currency"], "float_minor": int(body["amount_minor"]),
                       "float_counts": _dumps(body["counts"]), "opened_by": body.get("counted_by", ""),
                       "opened_witness": body.get("witness", ""), "opened_at": event.at, "count_id": None,
                       "report_no": "", "closed_at": "", "close_event": None, "reopened": 0}
        elif row is None:
            continue
        elif event.type == "drawer.counted":
            row["count_id"] = event.id
        elif event.type == "drawer.closed":
            row.update(state="closed", report_no=body["report_no"], closed_at=event.at, close_event=event.id)
        else:
            # the earlier report stays in the log (and in drawer_moves); the open drawer has none until it closes
            row.update(state="open", reopened=row["reopened"] + 1, count_id=None, report_no="", closed_at="",
                       close_event=None)
    if row is not None:
        conn.execute(f"INSERT INTO drawers ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                     tuple(row.values()))


# --- PINs ------------------------------------------------------------------------------------------------


def apply_pin_event(conn: sqlite3.Connection, event: Event) -> None:
    body = event.body
    if event.type == "pin.set":
        conn.execute("INSERT INTO pins (role, hash, sort_key) VALUES (?, ?, ?) ON CONFLICT (role) DO UPDATE SET "
                     "hash = excluded.hash, sort_key = excluded.sort_key WHERE excluded.sort_key > pins.sort_key",
                     (body["role"], body["hash"], event.sort_key))
    else:
        conn.execute("INSERT INTO pin_tries VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                     (event.id, body["role"], event.device, int(bool(body["ok"])), body.get("purpose", ""),
                      event.actor, event.at, event.sort_key))
