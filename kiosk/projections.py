"""Projections: ordinary tables derived from the event log, updated in the same transaction.

Rule 4 says state is a pure function of the *set* of events. Every attendee's row and check-ins are
a fold of that attendee's events in total order (hlc, device, seq). When an event arrives that is
the newest for its attendee (always true for local writes) it is applied directly; when one arrives
out of order (sync), the attendee is re-folded from the log. `rebuild` replays everything.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from kiosk.cash import projection as cash
from kiosk.events import Event
from kiosk.textfold import fold

CREATION_EVENTS = frozenset({"attendee.imported", "attendee.registered"})
ATTENDEE_EVENTS = CREATION_EVENTS | {"attendee.edited", "checkin.recorded", "checkin.undone", "badge.printed"} \
    | cash.PAYMENT_EVENTS
# Facts kept for the audit trail alone (a wrong answer at the kiosk): no projection reads them.
AUDIT_ONLY_EVENTS = frozenset({"kiosk.confirm_failed"})
# Events that add rows beside the attendee and change none of its fields.
SIDE_EVENTS = frozenset({"checkin.recorded", "checkin.undone", "badge.printed"})

# Fields an attendee event may set, with their empty value.
ATTENDEE_FIELDS: dict[str, Any] = {
    "code": "",
    "order_code": "",
    "name": "",
    "first_name": "",
    "last_name": "",
    "email": "",
    "organisation": "",
    "city": "",
    "country": "",
    "ticket_type": "",
    "role": "",
    "interests": [],
    "status": "valid",
    "price_minor": None,
    "currency": "",
    "answers": {},
    "notes": "",
}
PROJECTION_TABLES = ("config", "attendees", "attendees_fts", "checkins", "badge_prints", *cash.CASH_TABLES)

_ATTENDEE_COLUMNS = (
    "id", "code", "source", "external_id", "order_code", "name", "first_name", "last_name", "email",
    "organisation", "city", "country", "ticket_type", "role", "interests", "status", "price_minor",
    "currency", "answers", "notes", "imported", "name_fold",
)
_INSERT_ATTENDEE = (
    f"INSERT INTO attendees ({', '.join(_ATTENDEE_COLUMNS)}) VALUES ({', '.join('?' * len(_ATTENDEE_COLUMNS))})"
)


_SELECT_ATTENDEE = f"SELECT {', '.join(_ATTENDEE_COLUMNS)} FROM attendees WHERE id = ?"
_SELECT_ATTENDEES = (f"SELECT {', '.join(_ATTENDEE_COLUMNS)} FROM attendees "
                     "WHERE id IN (SELECT value FROM json_each(?))")
_FIELD_COLUMNS = tuple(c for c in _ATTENDEE_COLUMNS if c not in ("id", "name_fold"))
_JSON_COLUMNS = frozenset({"interests", "answers", "imported"})
_SEARCHED = frozenset({"name", "first_name", "last_name", "email", "organisation", "city", "order_code", "code"})
UNDO_CHECKIN = "UPDATE checkins SET undone_by = ?, undo_reason = ? WHERE id = ? AND undone_by IS NULL"  # first wins
_INSERT_CHECKIN = ("INSERT INTO checkins (id, attendee_id, day, desk, volunteer, device, sort_key, at, undone_by, "
                   "undo_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": ")).encode


class UnknownEventType(ValueError):
    pass


def apply(conn: sqlite3.Connection, event: Event, *, newest: bool, new_attendee: bool = False) -> None:
    """Bring the projections up to date with one event that is already in the log.

    newest=True: no event in the log sorts after this one (true of every local append, whose clock read
    the log's maximum in the same transaction); otherwise the log is asked. new_attendee=True is the
    importer's promise that no event of this attendee exists yet (two look-ups less per row).
    """
    if event.type == "config.set":
        _apply_config(conn, event)
    elif event.type in cash.DRAWER_EVENTS:
        cash.apply_drawer_event(conn, event)
    elif event.type in cash.PIN_EVENTS:
        cash.apply_pin_event(conn, event)
    elif event.type in AUDIT_ONLY_EVENTS:
        return  # in the log for the audit trail; no table is derived from it
    elif new_attendee and event.type in CREATION_EVENTS:
        _create(conn, event)
    elif event.type in ATTENDEE_EVENTS:
        _apply_attendee_event(conn, event, newest or not _has_later_event(conn, event))
    else:
        raise UnknownEventType(f"no projection knows the event type {event.type!r}")


def _apply_config(conn: sqlite3.Connection, event: Event) -> None:
    # Last writer by total order wins; an older config arriving late changes nothing.
    conn.execute(
        "INSERT INTO config (key, toml, sort_key) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET toml = excluded.toml, sort_key = excluded.sort_key "
        "WHERE excluded.sort_key > config.sort_key",
        (event.body.get("key", "event"), event.body["toml"], event.sort_key),
    )


# --- attendees ---------------------------------------------------------------------------------------


def _apply_attendee_event(conn: sqlite3.Connection, event: Event, newest: bool) -> None:
    attendee_id = event.body["attendee_id"]
    exists = conn.execute("SELECT 1 FROM attendees WHERE id = ?", (attendee_id,)).fetchone() is not None
    if not newest or (not exists and event.type not in CREATION_EVENTS) or event.type in cash.PAYMENT_EVENTS:
        # arrived out of order, or before the attendee exists; a payment may settle (or a void unsettle)
        # the ticket, which depends on the attendee's other payments: re-fold them all (a handful of events)
        refold(conn, attendee_id)
    elif not exists:
        if _has_other_events(conn, attendee_id, event.id):
            refold(conn, attendee_id)
        else:
            _create(conn, event)
    elif event.type in SIDE_EVENTS:
        # Changes no attendee field: the side rows only (rewriting the attendee row and its search
        # entry would triple the pages every check-in commits).
        _fold_side_event(conn, event)
    else:
        state = read_state(conn, attendee_id)
        before = dict(state)
        fold_one(state, event, checkins=None)
        update_attendee(conn, state, before)


def _has_later_event(conn: sqlite3.Connection, event: Event) -> bool:
    """Does the log hold an event of the same attendee that sorts after this one? (index seek)"""
    found = conn.execute(
        "SELECT 1 FROM events WHERE json_extract(body, '$.attendee_id') = ? AND (hlc, device, seq) > (?, ?, ?) "
        "LIMIT 1",
        (event.body["attendee_id"], event.hlc, event.device, event.seq),
    ).fetchone()
    return found is not None


def _create(conn: sqlite3.Connection, event: Event) -> None:
    state = _new_state(event)
    fold_one(state, event, checkins={})
    _write_new_attendee(conn, state)


def _fold_side_event(conn: sqlite3.Connection, event: Event) -> None:
    body = event.body
    if event.type == "badge.printed":
        earlier = conn.execute("SELECT 1 FROM badge_prints WHERE attendee_id = ? LIMIT 1",
                               (body["attendee_id"],)).fetchone()
        conn.execute("INSERT INTO badge_prints VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     badge_print_row(event, reprint=earlier is not None))
    elif event.type == "checkin.recorded":
        conn.execute(_INSERT_CHECKIN, checkin_row(event))
    else:  # the first undo counts
        conn.execute(
            UNDO_CHECKIN,
            (event.id, body.get("reason", ""), body["checkin_id"]),
        )


def _has_other_events(conn: sqlite3.Connection, attendee_id: str, event_id: str) -> bool:
    found = conn.execute(
        "SELECT 1 FROM events WHERE json_extract(body, '$.attendee_id') = ? AND id != ? LIMIT 1",
        (attendee_id, event_id),
    ).fetchone()
    return found is not None


def checkin_row(event: Event) -> list[Any]:
    body = event.body
    return [event.id, body["attendee_id"], int(body["day"]), body.get("desk", ""), body.get("volunteer", ""),
            event.device, event.sort_key, event.at, None, None]


def badge_print_row(event: Event, reprint: bool) -> tuple[Any, ...]:
    body = event.body
    return (event.id, body["attendee_id"], body.get("printer", ""), int(reprint), body.get("reason", ""),
            event.actor, event.at, event.sort_key)


def refold(conn: sqlite3.Connection, attendee_id: str) -> None:
    """Recompute one attendee and their check-ins from all of their events, in total order."""
    rows = conn.execute(
        "SELECT id, device, seq, hlc, type, body, actor, at FROM events "
        "WHERE json_extract(body, '$.attendee_id') = ? ORDER BY hlc, device, seq",
        (attendee_id,),
    ).fetchall()
    _delete_attendee(conn, attendee_id)
    fold_events(conn, [Event.from_row(r) for r in rows])


def fold_events(conn: sqlite3.Connection, events: Iterable[Event]) -> None:
    """Fold the events of ONE attendee (sorted) and write the result; nothing exists until created."""
    state: dict[str, Any] | None = None
    pending: list[Event] = []  # edits and check-ins seen before the creation event
    checkins: dict[str, list[Any]] = {}
    payments: dict[str, list[Any]] = {}
    prints: list[tuple[Any, ...]] = []
    for event in events:
        if state is None and event.type not in CREATION_EVENTS:
            pending.append(event)
            continue
        if state is None:
            state = _new_state(event)
            for early in pending:
                fold_one(state, early, checkins, payments)
                _collect_print(prints, early)
        fold_one(state, event, checkins, payments)
        _collect_print(prints, event)
    if state is None:
        return
    _write_new_attendee(conn, state)
    insert_side_rows(conn, checkins.values(), prints)
    cash.insert_payments(conn, list(payments.values()))


def insert_side_rows(conn: sqlite3.Connection, checkins: Iterable[list[Any]],
                     prints: Iterable[tuple[Any, ...]]) -> None:
    conn.executemany(_INSERT_CHECKIN, checkins)
    conn.executemany("INSERT INTO badge_prints VALUES (?, ?, ?, ?, ?, ?, ?, ?)", prints)


def _collect_print(prints: list[tuple[Any, ...]], event: Event) -> None:
    if event.type == "badge.printed":
        prints.append(badge_print_row(event, reprint=bool(prints)))


def _new_state(event: Event) -> dict[str, Any]:
    # A shallow copy is enough: folding replaces values, it never mutates a list or dict in place.
    state: dict[str, Any] = dict(ATTENDEE_FIELDS)
    state.update(
        id=event.body["attendee_id"],
        source=event.body.get("source", "desk"),
        external_id=event.body.get("external_id", event.body["attendee_id"]),
        imported={},
    )
    return state


def fold_one(state: dict[str, Any], event: Event, checkins: dict[str, list[Any]] | None,
              payments: dict[str, list[Any]] | None = None) -> None:
    """Apply one event to an attendee's state; check-ins (and payments) are collected when given."""
    body = event.body
    if event.type in cash.PAYMENT_EVENTS:
        cash.fold_payment(state, event, payments if payments is not None else {})
        return
    if event.type in CREATION_EVENTS:
        _set_fields(state, body["fields"])
        if event.type == "attendee.imported":
            state["imported"] = {**state["imported"], **body["fields"]}
    elif event.type == "attendee.edited":
        _set_fields(state, body["changes"])
        if body.get("origin") == "import":
            state["imported"] = {**_value(state["imported"]), **body["changes"]}
    elif event.type == "checkin.recorded" and checkins is not None:
        checkins[event.id] = checkin_row(event)
    elif event.type == "checkin.undone" and checkins is not None:
        target = body["checkin_id"]
        if target in checkins and checkins[target][8] is None:  # the first undo counts
            checkins[target][8:10] = [event.id, body.get("reason", "")]


def _set_fields(state: dict[str, Any], fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        if key in ATTENDEE_FIELDS:
            state[key] = value


def _row_values(state: dict[str, Any], name_fold: str) -> list[Any]:
    return [name_fold if column == "name_fold" else _column(state, column) for column in _ATTENDEE_COLUMNS]


def _column(state: dict[str, Any], column: str) -> Any:
    """A field as its column holds it: the JSON ones encoded."""
    value = state[column]
    if column in _JSON_COLUMNS and type(value) is not _Stored:
        return _dumps(value) if value else ("[]" if isinstance(value, list) else "{}")
    return value


class _Stored(str):
    """A JSON column's text as read_states read it, not parsed yet: written back as it is."""


def _value(value: Any) -> Any:
    """A JSON field's value, parsing the text read_states left as it was stored."""
    return json.loads(value) if type(value) is _Stored else value


def _search_text(state: dict[str, Any], name_fold: str) -> tuple[str, str]:
    """The folded text the full-text index holds: the name column, and everything else."""
    name_text = name_fold
    for part in (state["first_name"], state["last_name"]):
        if part and part not in state["name"]:  # a badge name may differ from the ticket's name parts
            name_text += " " + fold(part)
    other = " ".join(
        str(state[k]) for k in ("email", "organisation", "city", "order_code", "code") if state[k]
    )
    return name_text, fold(other)


def _write_new_attendee(conn: sqlite3.Connection, state: dict[str, Any]) -> None:
    name_fold = fold(state["name"])
    cursor = conn.execute(_INSERT_ATTENDEE, _row_values(state, name_fold))
    conn.execute("INSERT INTO attendees_fts (rowid, name, other) VALUES (?, ?, ?)",
                 (cursor.lastrowid, *_search_text(state, name_fold)))


def update_attendee(conn: sqlite3.Connection, state: dict[str, Any], before: dict[str, Any]) -> None:
    search = update_attendee_row(conn, state, before)
    if search is not None:
        write_search_entries(conn, [(state["id"], *search)])


def update_attendee_row(conn: sqlite3.Connection, state: dict[str, Any],
                        before: dict[str, Any]) -> tuple[str, str] | None:
    """Write only what the events changed: every column set is an index entry rewritten (attendees has seven
    indexes). Returns the attendee's new search text when it changed (an FTS5 update is the costliest write a
    desk makes), else None. `before` is a shallow copy of the state as read: folding replaces a value, never
    changes it in place, so a field still holding the very same object is unchanged."""
    changed = [c for c in _FIELD_COLUMNS if state[c] is not before[c] and _column(state, c) != _column(before, c)]
    if not changed:
        return None
    values = {c: _column(state, c) for c in changed}
    if "name" in values:
        values["name_fold"] = fold(state["name"])
    conn.execute(f"UPDATE attendees SET {', '.join(f'{c} = ?' for c in values)} WHERE id = ?",
                 [*values.values(), state["id"]])
    if _SEARCHED.isdisjoint(changed):
        return None
    search = _search_text(state, fold(state["name"]))
    return search if search != _search_text(before, fold(before["name"])) else None


def write_search_entries(conn: sqlite3.Connection, entries: list[tuple[str, str, str]]) -> None:
    """Rewrite attendees' search entries, given as (attendee id, name text, other text), in rowid order: FTS5
    writes its pending terms out as a new segment whenever a rowid comes below the one before, so a batch
    in random order costs a segment (and the merging after it) per entry, four times the work."""
    rowids = dict(conn.execute("SELECT id, rowid FROM attendees WHERE id IN (SELECT value FROM json_each(?))",
                               (json.dumps([entry[0] for entry in entries]),)))
    rows = sorted((rowids[attendee_id], name, other) for attendee_id, name, other in entries)
    conn.executemany("UPDATE attendees_fts SET name = ?, other = ? WHERE rowid = ?",
                     [(name, other, rowid) for rowid, name, other in rows])


def read_state(conn: sqlite3.Connection, attendee_id: str) -> dict[str, Any]:
    return _state_of(conn.execute(_SELECT_ATTENDEE, (attendee_id,)).fetchone())


def read_states(conn: sqlite3.Connection, attendee_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Several attendees' states in one statement (a synced batch edits hundreds); absent ones are left out.
    Their JSON fields stay the text the columns hold until an event needs the value (`_value`; `_column`
    writes such text back as it is): a synced batch mostly fixes a town, and parsing each attendee's ticket
    shop record, interests and answers only to write them back unchanged was a fifth of taking the batch."""
    rows = conn.execute(_SELECT_ATTENDEES, (json.dumps(list(attendee_ids)),)).fetchall()
    states = {}
    for row in rows:
        state = dict(zip(_ATTENDEE_COLUMNS, row, strict=True))
        for column in _JSON_COLUMNS:
            state[column] = _Stored(state[column])
        states[row[0]] = state
    return states


def _state_of(row: tuple[Any, ...]) -> dict[str, Any]:
    state = dict(zip(_ATTENDEE_COLUMNS, row, strict=True))
    for column in _JSON_COLUMNS:
        state[column] = json.loads(state[column])
    return state


def _delete_attendee(conn: sqlite3.Connection, attendee_id: str) -> None:
    conn.execute("DELETE FROM attendees_fts WHERE rowid = (SELECT rowid FROM attendees WHERE id = ?)", (attendee_id,))
    conn.execute("DELETE FROM attendees WHERE id = ?", (attendee_id,))
    conn.execute("DELETE FROM checkins WHERE attendee_id = ?", (attendee_id,))
    conn.execute("DELETE FROM badge_prints WHERE attendee_id = ?", (attendee_id,))
    conn.execute("DELETE FROM payments WHERE attendee_id = ?", (attendee_id,))
