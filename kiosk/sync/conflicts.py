"""What sync cannot decide alone, for the desk lead: attendees checked in twice on one day by desks that
had not seen each other (both kept, the earliest counts); one field of an attendee changed to different values
by desks that had not seen each other's change (the later one shows; both are in the log); and events
quarantined as clones (kiosk.sync.log.quarantined)."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from kiosk.events import Event
from kiosk.store import Store
from kiosk.sync.log import Renumbered, quarantined, renumbered


def _zone(store: Store) -> str:
    return store.config().timezone if store.has_config() else "UTC"


def _hhmm(at: str, timezone: str) -> str:
    """The venue's wall clock of a UTC time from the log."""
    try:
        return dt.datetime.fromisoformat(at).astimezone(zoneinfo.ZoneInfo(timezone)).strftime("%H:%M")
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return at[11:16]


@dataclass(frozen=True, slots=True)
class DoubleCheckin:
    attendee_id: str
    name: str
    day: int
    where: tuple[tuple[str, str], ...]  # (desk, at) of every standing check-in, earliest (the one that counts) first
    timezone: str = "UTC"               # the event's: `at` is UTC in the log, words say the venue's time

    @property
    def words(self) -> str:
        places = ", ".join(f"{desk} {_hhmm(at, self.timezone)}" for desk, at in self.where)
        return f"{self.name} checked in twice on day {self.day} ({places})"


def double_checkins(store: Store) -> list[DoubleCheckin]:
    rows = store.conn.execute(
        "SELECT c.attendee_id, a.name, c.day, c.desk, c.at FROM checkins c JOIN attendees a ON a.id = c.attendee_id "
        "WHERE c.undone_by IS NULL AND (c.attendee_id, c.day) IN (SELECT attendee_id, day FROM checkins "
        "WHERE undone_by IS NULL GROUP BY attendee_id, day HAVING count(*) > 1) "
        "ORDER BY c.attendee_id, c.day, c.sort_key").fetchall()
    found: dict[tuple[str, int], DoubleCheckin] = {}
    for attendee_id, name, day, desk, at in rows:
        key = (attendee_id, day)
        earlier = found.get(key)
        where = (*(earlier.where if earlier else ()), (desk, at))
        found[key] = DoubleCheckin(attendee_id, name, day, where, _zone(store))
    return list(found.values())


@dataclass(frozen=True, slots=True)
class ConcurrentEdit:
    attendee_id: str
    name: str
    field: str
    edits: tuple[tuple[str, str, str], ...]  # (value, actor, at) in total order
    now: str                                 # what the attendee shows now (the latest edit in total order)
    timezone: str = "UTC"

    @property
    def words(self) -> str:
        made = " and ".join(f"{value!r} by {actor or 'someone'} {_hhmm(at, self.timezone)}"
                            for value, actor, at in self.edits)
        return f"{self.name}: {self.field} was changed to {made} without either desk seeing the other; " \
               f"it is now {self.now!r}"


def concurrent_edits(store: Store) -> list[ConcurrentEdit]:
    """Desk edits of one field that started from the same earlier value (the `seen` each edit records) and
    set different values: made on desks that had not synced in between. Settled, and no longer listed, once a
    desk that had seen the change showing now (the last of them) changes that field again."""
    groups: dict[tuple[str, str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
    rows = store.conn.execute("SELECT id, body, actor, at FROM events WHERE type = 'attendee.edited' "
                              "AND json_extract(body, '$.seen') IS NOT NULL ORDER BY hlc, device, seq")
    for event_id, body_text, actor, at in rows:
        body = json.loads(body_text)
        for field, base in body["seen"].items():
            if field in body["changes"]:
                value = body["changes"][field]
                shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                groups[(body["attendee_id"], field, base)].append((event_id, shown, actor, at))
    found = []
    for (attendee_id, field, _), edits in groups.items():
        settled = (attendee_id, field, edits[-1][0]) in groups
        if len({value for _, value, _, _ in edits}) > 1 and not settled:
            name, now = _name_and(store, attendee_id, field)
            made = tuple((value, actor, at) for _, value, actor, at in edits)
            found.append(ConcurrentEdit(attendee_id, name, field, made, now, _zone(store)))
    return found


def _name_and(store: Store, attendee_id: str, field: str) -> tuple[str, str]:
    row = store.conn.execute("SELECT * FROM attendees WHERE id = ?", (attendee_id,)).fetchone()
    if row is None:
        return attendee_id, ""
    columns = [d[0] for d in store.conn.execute("SELECT * FROM attendees LIMIT 0").description]
    values = dict(zip(columns, row, strict=True))
    now = values.get(field)
    return str(values["name"]), "" if now is None else str(now)


@dataclass(frozen=True, slots=True)
class Conflicts:
    """Everything the desk lead is shown, from one store."""

    double_checkins: list[DoubleCheckin]
    concurrent_edits: list[ConcurrentEdit]
    quarantined: list[tuple[Event, str, str]]  # (event, reason, seen at): kept apart, never merged or deleted
    renumbered: list[Renumbered]               # this desk's own events moved after a restore (nothing lost)

    @property
    def count(self) -> int:
        """What needs a person: double check-ins, concurrent edits and events still held apart."""
        return len(self.double_checkins) + len(self.concurrent_edits) + len(self.quarantined)


def all_conflicts(store: Store) -> Conflicts:
    return Conflicts(double_checkins(store), concurrent_edits(store), quarantined(store), renumbered(store))
