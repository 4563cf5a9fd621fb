"""Arrivals of one event day: how many came when, at which desk, and per ticket type.

Read from the projections only. An arrival is an attendee's EARLIEST standing check-in of the day (by the
total order `sort_key`): two desks that had not seen each other may both have checked someone in, which is
one arrival credited to the earlier desk; an undone check-in is no arrival.

SQL picks the arrivals and groups them per (desk, UTC minute); Python turns each minute into an event-local
slot (zoneinfo: SQLite knows no time zones), so the Python work is bounded by minutes × desks, not by
attendees. Slots are floored in local wall-clock time and identified internally by their UTC instant, so
the repeated hour when the clocks go back is two hours of slots, not one. The expected attendees per ticket
type are counted from the (ticket_type, status) index, without reading attendee rows.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from kiosk.config import EventConfig

MINUTES_PER_DAY = 24 * 60
_JULIAN_DAY_OF_1970 = 2440587.5
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

# One statement, so both parts read the same snapshot and the arrivals are picked once (SQLite
# materialises a CTE that is used twice).
# `firsts`: the arrivals of day ?1, per attendee the standing check-in with the smallest sort_key. With a
# single min() aggregate SQLite takes the bare columns (desk, at) from that very row (documented behaviour).
# strftime('%s') / julianday() read the ISO forms the desks write ('…T08:05:12.345+00:00', 'Z', naive =
# UTC) and exist in every SQLite (unixepoch() needs 3.38); what they cannot read comes back as raw text.
_ARRIVALS = """
WITH firsts AS (
    SELECT attendee_id, desk, at, min(sort_key) FROM checkins
    WHERE day = ?1 AND undone_by IS NULL GROUP BY attendee_id)
SELECT 'slot', desk, CAST(strftime('%s', at) AS INTEGER) / 60 AS minute,
       CASE WHEN strftime('%s', at) IS NULL THEN at END AS unread,
       count(*), min(julianday(at)), max(julianday(at))
FROM firsts GROUP BY desk, minute, unread
UNION ALL
SELECT 'type', a.ticket_type, NULL, NULL, count(*), NULL, NULL
FROM firsts f JOIN attendees a ON a.id = f.attendee_id GROUP BY a.ticket_type
"""
# Covered by the index attendees (ticket_type, status): no attendee row is read.
_EXPECTED_PER_TYPE = "SELECT ticket_type, sum(status != 'cancelled') FROM attendees GROUP BY ticket_type"


@dataclass(frozen=True)
class Bucket:
    start: dt.datetime  # event-local, tz-aware
    desk: str
    count: int


@dataclass(frozen=True)
class Arrivals:
    day: int
    date: dt.date
    bucket_minutes: int
    buckets: list[Bucket]  # one per (slot, desk) with arrivals, by start then desk
    desks: list[str]  # sorted
    per_ticket_type: list[tuple[str, int, int]]  # (ticket type, arrived that day, expected), expected desc
    total: int  # attendees who arrived that day
    expected: int  # attendees not cancelled
    first: dt.datetime | None  # first arrival, event-local
    last: dt.datetime | None  # last arrival, event-local

    def series(self, desk: str | None = None) -> list[tuple[dt.datetime, int]]:
        """Arrivals per slot at `desk` (every desk when None), every slot from the first bucket to the last.

        The range is the same for every desk, so the series of several desks line up in one chart; slots
        without arrivals are there with 0. Empty when nobody arrived.
        """
        counts: dict[int, int] = {}
        for bucket in self.buckets:
            if desk is None or bucket.desk == desk:
                key = _key(bucket.start)
                counts[key] = counts.get(key, 0) + bucket.count
        return [(start, counts.get(_key(start), 0)) for start in self._slots()]

    def peak(self) -> tuple[dt.datetime, int] | None:
        """The busiest slot over all desks (the earliest of equals), or None when nobody arrived."""
        best: tuple[dt.datetime, int] | None = None
        for start, count in self.series():
            if best is None or count > best[1]:
                best = (start, count)
        return best

    def _slots(self) -> list[dt.datetime]:
        if not self.buckets:
            return []
        zone = self.buckets[0].start.tzinfo
        assert isinstance(zone, dt.tzinfo)
        starts = {_key(b.start) for b in self.buckets}
        first, last = min(starts), max(starts)
        # Step in real time and floor each step in local time: that is the plain 10-minute grid, and still
        # a grid where an offset change is not a whole number of slots (the buckets themselves are added).
        step = self.bucket_minutes * 60
        starts.update(_floor(instant, zone, self.bucket_minutes) for instant in range(first, last + 1, step))
        return [dt.datetime.fromtimestamp(key, zone) for key in sorted(starts)]


def arrivals(conn: sqlite3.Connection, config: EventConfig, day: int, bucket_minutes: int = 10) -> Arrivals:
    """The arrivals figures of event day `day` (1-based), in slots of `bucket_minutes` (local time).

    An arrival whose `at` cannot be read as a time still counts in `total` and per ticket type, but has
    no slot. Per ticket type: every type the configuration or any attendee has, with 0 where nobody came;
    an attendee cancelled after arriving still arrived, but is no longer expected.
    """
    if not 1 <= day <= len(config.days):
        raise ValueError(f"day {day} is not a day of this event (it has {len(config.days)})")
    if not 1 <= bucket_minutes <= MINUTES_PER_DAY:
        raise ValueError(f"bucket_minutes must be between 1 and {MINUTES_PER_DAY}, not {bucket_minutes}")
    zone = zoneinfo.ZoneInfo(config.timezone)
    with _snapshot(conn):
        rows = conn.execute(_ARRIVALS, (day,)).fetchall()
        expected = _expected(conn)
    slot_rows = [row[1:] for row in rows if row[0] == "slot"]
    arrived = {row[1]: int(row[4]) for row in rows if row[0] == "type"}
    buckets = _buckets(slot_rows, zone, bucket_minutes)
    first, last = _first_and_last(slot_rows, zone)
    return Arrivals(
        day=day,
        date=config.days[day - 1],
        bucket_minutes=bucket_minutes,
        buckets=buckets,
        desks=sorted({b.desk for b in buckets}),
        per_ticket_type=_per_ticket_type(config, arrived, expected),
        total=sum(int(row[3]) for row in slot_rows),
        expected=sum(expected.values()),
        first=first,
        last=last,
    )


@contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """Read every query from one snapshot (another desk's sync may commit between two of them)."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")


def _expected(conn: sqlite3.Connection) -> dict[str, int]:
    """Attendees not cancelled, per ticket type (including types whose every ticket was cancelled)."""
    return {str(name): int(count) for name, count in conn.execute(_EXPECTED_PER_TYPE)}


def _buckets(rows: list[tuple[Any, ...]], zone: dt.tzinfo, minutes: int) -> list[Bucket]:
    """Rows (desk, UTC minute or None, unreadable `at` or None, count, …) → buckets by start, desk."""
    counts: dict[tuple[int, str], int] = {}
    slot_of_minute: dict[int, int] = {}
    for desk, minute, unread, count, *_ in rows:
        if minute is None:
            instant = _parse_utc(unread) if unread is not None else None
            if instant is None:
                continue  # no readable time: counted in the totals, in no slot
            slot = _floor(int(instant.timestamp()), zone, minutes)
        else:
            if minute not in slot_of_minute:
                slot_of_minute[minute] = _floor(int(minute) * 60, zone, minutes)
            slot = slot_of_minute[minute]
        counts[slot, desk] = counts.get((slot, desk), 0) + int(count)
    return [
        Bucket(dt.datetime.fromtimestamp(slot, zone), desk, count) for (slot, desk), count in sorted(counts.items())
    ]


def _first_and_last(rows: list[tuple[Any, ...]], zone: dt.tzinfo) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The earliest and latest arrival, to the millisecond, from the rows' min/max julian days."""
    instants = [_from_julian(jd) for row in rows for jd in row[4:6] if jd is not None]
    instants += [parsed for row in rows if row[2] is not None and (parsed := _parse_utc(row[2])) is not None]
    if not instants:
        return None, None
    return min(instants).astimezone(zone), max(instants).astimezone(zone)


def _from_julian(jd: float) -> dt.datetime:
    # A double holds a julian day of this century to ~40 µs: exact to the millisecond the desks write.
    return _EPOCH + dt.timedelta(milliseconds=round((jd - _JULIAN_DAY_OF_1970) * 86_400_000))


def _floor(epoch_s: int, zone: dt.tzinfo, minutes: int) -> int:
    """The UTC instant (epoch seconds) where the local slot holding `epoch_s` starts.

    Floored in wall-clock minutes since local midnight; `replace` keeps `fold`, so a time in the repeated
    hour stays in its own (second) hour.
    """
    local = dt.datetime.fromtimestamp(epoch_s, zone)
    wall = (local.hour * 60 + local.minute) // minutes * minutes
    start = local.replace(hour=wall // 60, minute=wall % 60, second=0, microsecond=0)
    return int(start.timestamp())


def _key(start: dt.datetime) -> int:
    # Aware datetimes of one zone compare by wall time and ignore `fold`: key slots by their instant.
    return int(start.timestamp())


def _parse_utc(text: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def _per_ticket_type(
    config: EventConfig, arrived: dict[str, int], expected: dict[str, int]
) -> list[tuple[str, int, int]]:
    names = set(arrived) | set(expected)
    known = {name.casefold() for name in names}
    names |= {t.name for t in config.ticket_types if t.name.casefold() not in known}
    rows = [(name, int(arrived.get(name, 0)), expected.get(name, 0)) for name in names]
    return sorted(rows, key=lambda row: (-row[2], row[0].casefold(), row[0]))
