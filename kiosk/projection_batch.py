"""Projecting a batch of synced events at once (a pushed batch on the hub, a pulled page on a desk).

Event by event, a day at the desks costs a statement or three per event (look the attendee up, then one
insert), and sync moves tens of thousands of them. Here the batch is already in the log; its attendee events
are grouped per attendee and each group is projected in one go:
- the common case, a group of check-ins, undos, badge prints and edits that are all newer than anything the
  log held (a desk's morning, in order) for an attendee that exists: the attendee is read and written once,
  and the side rows of the whole batch go in with one statement per table;
- anything else (a creation, a payment, an event that arrived out of order): the attendee is re-folded from
  the log once, whatever number of their events the batch held.
Either way the result is the fold of the attendee's events in total order, as `projections.refold` computes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from kiosk import projections
from kiosk.events import Event

# The attendee events the common case knows how to add on top of an attendee's row.
_ON_TOP = frozenset({"checkin.recorded", "checkin.undone", "badge.printed", "attendee.edited"})


def apply_many(conn: sqlite3.Connection, added: Sequence[tuple[Event, bool]]) -> None:
    """Bring the projections up to date with events just inserted into the log, in the order inserted.
    Each comes with `newest`: nothing in the log sorted after it when it went in (see sync.log._Newest)."""
    groups: dict[str, list[Event]] = {}
    refold: set[str] = set()
    for event, newest in added:
        if event.type not in projections.ATTENDEE_EVENTS:
            projections.apply(conn, event, newest=newest)  # configuration, drawers, PINs: their own tables
            continue
        attendee_id = event.body["attendee_id"]
        if not isinstance(attendee_id, str):  # a hub takes pushed bodies as they come: say what is wrong
            raise TypeError(f"event {event.id}: attendee_id must be a string, not {type(attendee_id).__name__}")
        groups.setdefault(attendee_id, []).append(event)
        if not newest or event.type not in _ON_TOP:
            refold.add(attendee_id)
    on_top = _existing(conn, groups.keys() - refold)
    for attendee_id in groups.keys() - on_top:  # a new attendee or one with an out-of-order event
        projections.refold(conn, attendee_id)
    _add_on_top(conn, {attendee_id: groups[attendee_id] for attendee_id in on_top})


def _existing(conn: sqlite3.Connection, attendee_ids: Iterable[str]) -> set[str]:
    wanted = json.dumps(sorted(attendee_ids))
    return {row[0] for row in conn.execute(
        "SELECT id FROM attendees WHERE id IN (SELECT value FROM json_each(?))", (wanted,))}


def _add_on_top(conn: sqlite3.Connection, groups: dict[str, list[Event]]) -> None:
    printed = {row[0] for row in conn.execute(  # who had a badge before this batch: the rest print their first
        "SELECT DISTINCT attendee_id FROM badge_prints WHERE attendee_id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(groups)),))}
    checkins: dict[str, list[Any]] = {}
    undos: list[tuple[str, str, str]] = []
    prints: list[tuple[Any, ...]] = []
    searched: list[tuple[str, str, str]] = []
    states = projections.read_states(  # the attendees this batch edits, read in one statement
        conn, [a for a, events in groups.items() if any(e.type == "attendee.edited" for e in events)])
    for attendee_id, events in groups.items():
        state: dict[str, Any] | None = None
        before: dict[str, Any] = {}
        for event in events:
            if event.type == "attendee.edited":
                if state is None:
                    state = states[attendee_id]
                    before = dict(state)
                projections.fold_one(state, event, checkins=None)
            elif event.type == "checkin.recorded":
                checkins[event.id] = projections.checkin_row(event)
            elif event.type == "checkin.undone":
                _undo(event, checkins, undos)
            else:
                prints.append(projections.badge_print_row(event, reprint=attendee_id in printed))
                printed.add(attendee_id)
        if state is not None:
            search = projections.update_attendee_row(conn, state, before)
            if search is not None:
                searched.append((attendee_id, *search))
    projections.write_search_entries(conn, searched)
    projections.insert_side_rows(conn, checkins.values(), prints)
    conn.executemany(projections.UNDO_CHECKIN, undos)


def _undo(event: Event, checkins: dict[str, list[Any]], undos: list[tuple[str, str, str]]) -> None:
    """The first undo counts: of a check-in of this batch in memory, of an earlier one in the table."""
    target = event.body["checkin_id"]
    if target in checkins:
        projections.fold_one({}, event, checkins)  # an undo changes no attendee field, only the check-in
    else:
        undos.append((event.id, event.body.get("reason", ""), target))
