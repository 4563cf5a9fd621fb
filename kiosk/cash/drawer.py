"""Each desk's cash drawer for each event day: opened with a counted float, cash in and out as events,
drops to the safe, a blind count by two people, and a close that makes a numbered, immutable day report.

The cash a drawer should hold is a sum over rows (payments, moves), so it is the same whatever order the
events arrived in: float + cash sales − cash refunds + paid in − paid out − drops.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from kiosk import money
from kiosk.cash.numbers import next_number
from kiosk.pins import Authorisation
from kiosk.store import Store, Writer

NAME_LIMIT = 60


class DrawerRefused(ValueError):
    """The drawer operation is not allowed now; the message says why and what to do. Nothing was written."""


@dataclass(frozen=True, slots=True)
class Move:
    id: str
    type: str            # drawer.paid_in, .paid_out, .no_sale, .dropped, .counted, .closed, .reopened
    amount_minor: int
    counts: dict[int, int]
    reason: str
    number: str          # drop slip or report number
    people: tuple[str, ...]
    actor: str
    at: str


@dataclass(frozen=True)
class DrawerSummary:
    """Everything a day report says about one drawer, from the projections (or from a close's snapshot)."""

    id: str
    device: str
    desk: str
    day: int
    state: str
    currency: str
    float_minor: int
    float_counts: dict[int, int]
    opened_by: str
    opened_witness: str
    opened_at: str
    cash_sales_minor: int
    cash_refunds_minor: int
    paid_in_minor: int
    paid_out_minor: int
    drops_minor: int
    no_sales: int
    sales_by_method: dict[str, tuple[int, int]]      # method → (payments, amount)
    refunds_by_method: dict[str, tuple[int, int]]
    sales_by_ticket_type: dict[str, tuple[int, int]]
    voids: tuple[int, int]                            # (payments voided, their amount)
    comps_waived_minor: int
    moves: tuple[Move, ...]
    last_count: Move | None
    report_no: str = ""
    closed_at: str = ""
    limit_minor: int = 0
    close: dict[str, Any] = field(default_factory=dict)  # the drawer.closed body, once closed

    @property
    def expected_minor(self) -> int:
        return (self.float_minor + self.cash_sales_minor - self.cash_refunds_minor + self.paid_in_minor
                - self.paid_out_minor - self.drops_minor)

    @property
    def over_limit(self) -> bool:
        return bool(self.limit_minor) and self.expected_minor > self.limit_minor

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("close")
        as_json: dict[str, Any] = json.loads(json.dumps(data))  # int keys become text, tuples lists (event body)
        return as_json

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DrawerSummary:
        def counts(value: Mapping[str, int]) -> dict[int, int]:
            return money.counts_from_json(value)

        def move(value: Mapping[str, Any]) -> Move:
            return Move(**{**value, "counts": counts(value["counts"]), "people": tuple(value["people"])})

        pairs = {k: {name: (int(v[0]), int(v[1])) for name, v in data[k].items()}
                 for k in ("sales_by_method", "refunds_by_method", "sales_by_ticket_type")}
        return cls(**{**data, **pairs, "float_counts": counts(data["float_counts"]),
                      "voids": (int(data["voids"][0]), int(data["voids"][1])),
                      "moves": tuple(move(m) for m in data["moves"]),
                      "last_count": move(data["last_count"]) if data.get("last_count") else None})


@dataclass(frozen=True, slots=True)
class CountResult:
    counted_minor: int
    expected_minor: int

    @property
    def difference_minor(self) -> int:
        """Over (> 0) or short (< 0)."""
        return self.counted_minor - self.expected_minor


def drawer_id(device: str, day: int) -> str:
    return f"{device}:{day}"


# --- reading -----------------------------------------------------------------------------------------


_DRAWER_COLUMNS = ("id", "device", "desk", "day", "state", "currency", "float_minor", "float_counts", "opened_by",
                   "opened_witness", "opened_at", "count_id", "report_no", "closed_at", "close_event")


def summary(store: Store, the_drawer: str) -> DrawerSummary | None:
    conn = store.conn
    row = conn.execute(f"SELECT {', '.join(_DRAWER_COLUMNS)} FROM drawers WHERE id = ?", (the_drawer,)).fetchone()
    if row is None:
        return None
    d = dict(zip(_DRAWER_COLUMNS, row, strict=True))
    moves = _moves(conn, the_drawer)
    sums = {t: sum(m.amount_minor for m in moves if m.type == t)
            for t in ("drawer.paid_in", "drawer.paid_out", "drawer.dropped")}
    methods, refunds, tickets, voids, waived, cash_in, cash_out = _payment_totals(conn, d["device"], d["day"])
    close = {}
    if d["state"] == "closed" and d["close_event"]:
        (body,) = conn.execute("SELECT body FROM events WHERE id = ?", (d["close_event"],)).fetchone()
        close = json.loads(body)
    last_count = next((m for m in moves if m.id == d["count_id"]), None)
    return DrawerSummary(
        d["id"], d["device"], d["desk"], d["day"], d["state"], d["currency"], d["float_minor"],
        money.counts_from_json(json.loads(d["float_counts"])), d["opened_by"], d["opened_witness"], d["opened_at"],
        cash_in, cash_out, sums["drawer.paid_in"], sums["drawer.paid_out"], sums["drawer.dropped"],
        sum(1 for m in moves if m.type == "drawer.no_sale"), methods, refunds, tickets, voids, waived,
        tuple(moves), last_count, d["report_no"], d["closed_at"], store.config().drawer_limit_minor, close)


def _moves(conn: sqlite3.Connection, the_drawer: str) -> list[Move]:
    rows = conn.execute("SELECT id, type, amount_minor, counts, reason, number, people, actor, at FROM drawer_moves "
                        "WHERE drawer_id = ? ORDER BY sort_key", (the_drawer,)).fetchall()
    return [Move(r[0], r[1], r[2], money.counts_from_json(json.loads(r[3])), r[4], r[5], tuple(json.loads(r[6])),
                 r[7], r[8]) for r in rows]


def _payment_totals(conn: sqlite3.Connection, device: str, day: int) -> tuple[Any, ...]:
    """Per method and ticket type, of this desk's payments that day; voided payments count only as voids."""
    methods: dict[str, tuple[int, int]] = {}
    refunds: dict[str, tuple[int, int]] = {}
    tickets: dict[str, tuple[int, int]] = {}
    voids, voided, waived, cash_in, cash_out = 0, 0, 0, 0, 0
    for kind, method, amount, ticket, details, void in conn.execute(
            "SELECT kind, method, amount_minor, ticket_type, details, voided_by FROM payments "
            "WHERE device = ? AND day = ?", (device, day)):
        if void is not None:
            voids, voided = voids + 1, voided + amount
            continue
        target = methods if kind == "sale" else refunds
        count, total = target.get(method, (0, 0))
        target[method] = (count + 1, total + amount)
        if kind == "sale":
            count, total = tickets.get(ticket, (0, 0))
            tickets[ticket] = (count + 1, total + amount)
            waived += int(json.loads(details).get("waived_minor", 0)) if method == "comp" else 0
        if method == "cash":
            cash_in, cash_out = (cash_in + amount, cash_out) if kind == "sale" else (cash_in, cash_out + amount)
    return methods, refunds, tickets, (voids, voided), waived, cash_in, cash_out


def drawers(store: Store, day: int | None = None, desk: str | None = None) -> list[DrawerSummary]:
    """Every drawer this store knows (every desk's, after sync), by day then desk."""
    sql, params = "SELECT id FROM drawers WHERE 1", list[object]()
    if day is not None:
        sql, params = sql + " AND day = ?", [*params, day]
    if desk is not None:
        sql, params = sql + " AND desk = ? COLLATE NOCASE", [*params, desk]
    ids = [r[0] for r in store.conn.execute(sql + " ORDER BY day, desk, device", params)]
    return [s for s in (summary(store, i) for i in ids) if s is not None]


def current(store: Store, day: int) -> DrawerSummary | None:
    """This desk's drawer for that day (None before it is opened)."""
    return summary(store, drawer_id(store.device, day))


def open_drawer_id(store: Store, day: int) -> str:
    """The id of this desk's drawer for the day, which must be open (cash goes in and out only then)."""
    row = store.conn.execute("SELECT state FROM drawers WHERE id = ?", (drawer_id(store.device, day),)).fetchone()
    if row is None:
        raise DrawerRefused("Open the cash drawer first (Drawer… / F4): count the float with a second person")
    if row[0] != "open":
        raise DrawerRefused(f"Today's cash drawer (day {day}) is closed: reopening it needs the treasurer PIN")
    return drawer_id(store.device, day)


def expected(store: Store, the_drawer: str) -> int:
    found = summary(store, the_drawer)
    return found.expected_minor if found else 0


# --- writing -----------------------------------------------------------------------------------------


def _person(text: str, what: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise DrawerRefused(f"{what}: give a name")
    if len(name) > NAME_LIMIT:
        raise DrawerRefused(f"{what}: a name of at most {NAME_LIMIT} characters")
    return name


def _two_people(first: str, second: str, what: str) -> tuple[str, str]:
    a, b = _person(first, f"{what}, counted by"), _person(second, f"{what}, second person")
    if a.casefold() == b.casefold():
        raise DrawerRefused(f"{what}: two different people count cash ({a} cannot witness their own count)")
    return a, b


def _reason(text: str, what: str) -> str:
    reason = " ".join(text.split())
    if not reason:
        raise DrawerRefused(f"{what} needs a reason")
    return reason


def _counts(store: Store, counts: Mapping[int, int]) -> dict[int, int]:
    try:
        return money.clean_counts(counts, store.config().denominations)
    except money.AmountError as exc:
        raise DrawerRefused(str(exc)) from exc


def open_drawer(store: Store, *, day: int, desk: str, counts: Mapping[int, int], counted_by: str, witness: str,
                actor: str) -> DrawerSummary:
    """Start the day's drawer with its float, counted by denomination and witnessed."""
    cleaned = _counts(store, counts)
    counter, second = _two_people(counted_by, witness, "The opening float")
    config = store.config()
    if not 1 <= day <= len(config.days):
        raise DrawerRefused(f"day {day} is not a day of {config.name}")
    the_drawer = drawer_id(store.device, day)
    with store.write(actor=actor) as writer:
        if store.conn.execute("SELECT 1 FROM drawers WHERE id = ?", (the_drawer,)).fetchone():
            raise DrawerRefused(f"Day {day}'s drawer of this desk was opened already")
        writer.append("drawer.opened", {"drawer_id": the_drawer, "desk": desk, "day": day, "currency": config.currency,
                                        "counts": money.counts_to_json(cleaned),
                                        "amount_minor": money.counts_total(cleaned),
                                        "counted_by": counter, "witness": second})
    found = summary(store, the_drawer)
    assert found is not None
    return found


def _cash_move(store: Store, day: int, type_: str, body: dict[str, Any], actor: str,
               takes_out: int = 0) -> str:
    """Append one drawer event to this desk's open drawer; refuses taking out more than it holds."""
    with store.write(actor=actor) as writer:
        return _in_open_drawer(store, writer, day, type_, body, takes_out)


def pay_in(store: Store, *, day: int, amount_minor: int, reason: str, actor: str) -> str:
    """Cash put into the drawer that is not a sale (change brought from the safe…)."""
    _positive(amount_minor)
    return _cash_move(store, day, "drawer.paid_in", {"amount_minor": amount_minor,
                                                     "reason": _reason(reason, "Paying in")}, actor)


def pay_out(store: Store, *, day: int, amount_minor: int, reason: str, actor: str) -> str:
    """Cash taken out for an expense (tape for the printer…), with its reason."""
    _positive(amount_minor)
    return _cash_move(store, day, "drawer.paid_out", {"amount_minor": amount_minor,
                                                      "reason": _reason(reason, "Paying out")}, actor, amount_minor)


def no_sale(store: Store, *, day: int, reason: str, actor: str) -> str:
    """The drawer opened without a sale (to give change for the coffee stand): recorded, moves nothing."""
    return _cash_move(store, day, "drawer.no_sale", {"reason": _reason(reason, "Opening the drawer")}, actor)


def drop(store: Store, *, day: int, desk: str, counts: Mapping[int, int], by: str, witness: str,
         destination: str, actor: str) -> Move:
    """Notes moved from the drawer to the safe or the bank, counted by two people: a numbered slip."""
    cleaned = _counts(store, counts)
    amount = money.counts_total(cleaned)
    _positive(amount)
    counter, second = _two_people(by, witness, "A cash drop")
    with store.write(actor=actor) as writer:
        slip = next_number(store.conn, store.device, desk, "D")
        body = {"counts": money.counts_to_json(cleaned), "amount_minor": amount, "by": counter, "witness": second,
                "destination": " ".join(destination.split()) or "safe", "slip_no": slip}
        _in_open_drawer(store, writer, day, "drawer.dropped", body, amount)
    return next(m for m in _moves(store.conn, drawer_id(store.device, day)) if m.number == slip)


def _in_open_drawer(store: Store, writer: Writer, day: int, type_: str, body: dict[str, Any], takes_out: int) -> str:
    the_drawer = open_drawer_id(store, day)
    if takes_out and takes_out > expected(store, the_drawer):
        # Never say how much it should hold: the close is a blind count, and this message is read at the desk.
        amount = money.format_amount(takes_out, store.config().currency)
        raise DrawerRefused(f"The drawer does not hold that much ({amount}): count what you take out again, "
                            "or ask the treasurer")
    return writer.append(type_, {"drawer_id": the_drawer, "desk": _desk_of(store, the_drawer), **body}).id


def _desk_of(store: Store, the_drawer: str) -> str:
    """Every cash event names its desk as well as its drawer (the audit trail and the reports read it)."""
    row = store.conn.execute("SELECT desk FROM drawers WHERE id = ?", (the_drawer,)).fetchone()
    return str(row[0]) if row else ""


def _positive(amount_minor: int) -> None:
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int) or amount_minor <= 0:
        raise DrawerRefused("the amount must be more than zero")


def count(store: Store, *, day: int, counts: Mapping[int, int], counted_by: str, witness: str,
          actor: str) -> CountResult:
    """The blind count at close: recorded before the expected total is shown to anyone."""
    cleaned = _counts(store, counts)
    counter, second = _two_people(counted_by, witness, "The closing count")
    counted = money.counts_total(cleaned)
    with store.write(actor=actor) as writer:
        the_drawer = open_drawer_id(store, day)
        should = expected(store, the_drawer)  # kept in the event, shown to nobody until the count is in
        writer.append("drawer.counted", {"drawer_id": the_drawer, "desk": _desk_of(store, the_drawer),
                                         "counts": money.counts_to_json(cleaned),
                                         "counted_minor": counted, "expected_minor": should,
                                         "counted_by": counter, "witness": second})
    return CountResult(counted, should)


def close(store: Store, *, day: int, explanation: str, kept_counts: Mapping[int, int], actor: str) -> DrawerSummary:
    """Close the day: the last count against what the drawer should hold, the float kept for tomorrow and
    the cash to bank, as one drawer.closed event whose body is the numbered day report."""
    kept = _counts(store, kept_counts)
    with store.write(actor=actor) as writer:
        the_drawer = open_drawer_id(store, day)
        now = summary(store, the_drawer)
        assert now is not None
        last = now.last_count
        if last is None:
            raise DrawerRefused("Count the drawer first (a blind count by two people)")
        if _cash_moved_since(store.conn, last.id, now.expected_minor):
            raise DrawerRefused("Cash moved since the count: count the drawer again")
        difference = last.amount_minor - now.expected_minor
        words = " ".join(explanation.split())
        if difference and not words:
            over_short = "over" if difference > 0 else "short"
            raise DrawerRefused(f"The drawer is {money.format_amount(abs(difference), now.currency)} {over_short}: "
                                "explain the difference before closing")
        for denomination, pieces in kept.items():
            if pieces > last.counts.get(denomination, 0):
                raise DrawerRefused(f"Cannot keep {pieces} × {money.format_amount(denomination, now.currency)} "
                                    f"for tomorrow: only {last.counts.get(denomination, 0)} were counted")
        kept_minor = money.counts_total(kept)
        report_no = next_number(store.conn, store.device, now.desk, "Z")
        writer.append("drawer.closed", {
            "drawer_id": the_drawer, "desk": now.desk, "report_no": report_no, "count_id": last.id,
            "expected_minor": now.expected_minor, "counted_minor": last.amount_minor, "difference_minor": difference,
            "explanation": words, "kept_counts": money.counts_to_json(kept), "kept_minor": kept_minor,
            "to_bank_minor": last.amount_minor - kept_minor, "summary": now.to_json()})
    closed = summary(store, the_drawer)
    assert closed is not None
    return closed


def _cash_moved_since(conn: sqlite3.Connection, count_id: str, expected_now: int) -> bool:
    """The count recorded what the drawer should hold then; if that changed, the count is stale."""
    (body,) = conn.execute("SELECT body FROM events WHERE id = ?", (count_id,)).fetchone()
    return int(json.loads(body)["expected_minor"]) != expected_now


def reopen(store: Store, *, day: int, reason: str, authorisation: Authorisation, actor: str) -> DrawerSummary:
    """A closed drawer opened again (a forgotten sale): the treasurer's PIN and a reason, in the audit trail.
    Closing it again makes a new numbered report; the first stays as it was."""
    if authorisation.role != "treasurer":
        raise DrawerRefused("reopening a drawer takes the treasurer PIN")
    words = _reason(reason, "Reopening the drawer")
    the_drawer = drawer_id(store.device, day)
    with store.write(actor=actor) as writer:
        row = store.conn.execute("SELECT state FROM drawers WHERE id = ?", (the_drawer,)).fetchone()
        if row is None or row[0] != "closed":
            raise DrawerRefused(f"Day {day}'s drawer of this desk is not closed")
        writer.append("drawer.reopened", {"drawer_id": the_drawer, "desk": _desk_of(store, the_drawer), "reason": words,
                                          "authorised_by": authorisation.actor, "pin_try": authorisation.event_id})
    found = summary(store, the_drawer)
    assert found is not None
    return found
