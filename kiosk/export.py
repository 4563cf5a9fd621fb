"""Exports for organisers and scripts: attendees and check-ins as CSV, the event log as JSON lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TextIO

from kiosk.attendees import SELECT_ATTENDEE, Attendee
from kiosk.store import Store

ATTENDEE_HEADER = ("code", "name", "first_name", "last_name", "email", "organisation", "city", "country",
                   "ticket_type", "role", "interests", "status", "order_code", "source", "checked_in_days")
CHECKIN_HEADER = ("checkin_id", "code", "name", "day", "desk", "volunteer", "at", "undone", "undo_reason")


def spreadsheet_safe(value: object) -> object:
    """Quote a text cell that a spreadsheet would run as a formula (an attendee can type "=HYPERLINK(...)")."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, handle: TextIO) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: tuple[object, ...]) -> None:
        self._writer.writerow([spreadsheet_safe(cell) for cell in row])


def export(store: Store, what: str, path: Path) -> int:
    """Write one export to `path` (atomically); returns the number of records written."""
    writers = {"attendees": _attendees, "checkins": _checkins, "events": _events}
    if what not in writers:
        raise ValueError(f"cannot export {what!r}; choose one of {', '.join(writers)}")
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        count = writers[what](store, handle)
    tmp.replace(path)
    return count


def _attendees(store: Store, handle: TextIO) -> int:
    days: dict[str, list[int]] = {}
    for attendee_id, day in store.conn.execute(
        "SELECT attendee_id, day FROM checkins WHERE undone_by IS NULL ORDER BY day"
    ):
        days.setdefault(attendee_id, []).append(day)
    writer = _SafeWriter(handle)
    writer.writerow(ATTENDEE_HEADER)
    count = 0
    for row in store.conn.execute(f"{SELECT_ATTENDEE} ORDER BY a.name_fold"):
        a = Attendee.from_row(row)
        checked = " ".join(str(d) for d in sorted(set(days.get(a.id, []))))
        writer.writerow((a.code, a.name, a.first_name, a.last_name, a.email, a.organisation, a.city, a.country,
                         a.ticket_type, a.role, ", ".join(a.interests), a.status, a.order_code, a.source, checked))
        count += 1
    return count


def _checkins(store: Store, handle: TextIO) -> int:
    writer = _SafeWriter(handle)
    writer.writerow(CHECKIN_HEADER)
    count = 0
    for row in store.conn.execute(
        "SELECT c.id, a.code, a.name, c.day, c.desk, c.volunteer, c.at, c.undone_by IS NOT NULL, c.undo_reason "
        "FROM checkins c JOIN attendees a ON a.id = c.attendee_id ORDER BY c.sort_key"
    ):
        writer.writerow((*row[:7], "yes" if row[7] else "no", row[8] or ""))
        count += 1
    return count


def _events(store: Store, handle: TextIO) -> int:
    count = 0
    for event in store.events():
        handle.write(json.dumps(event.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
