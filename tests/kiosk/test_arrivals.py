"""Arrivals of one day: earliest standing check-in per attendee, in event-local 10-minute slots per desk."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo

import pytest
from uuid6 import uuid7

from kiosk.arrivals import Arrivals, Bucket, arrivals
from kiosk.checkin import check_in, undo_check_in
from kiosk.config import TicketType
from kiosk.events import Event
from kiosk.hlc import wall_ms
from kiosk.store import Store
from tests.factories import add_attendees

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def utc(hour: int, minute: int, second: int = 0, *, date: dt.date = dt.date(2026, 11, 27)) -> str:
    """An `at` as the desks write it: ISO UTC with milliseconds."""
    moment = dt.datetime(date.year, date.month, date.day, hour, minute, second, 123000, tzinfo=dt.UTC)
    return moment.isoformat(timespec="milliseconds")


def berlin(hour: int, minute: int, second: int = 0, micro: int = 0, *, day: int = 27) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, second, micro, tzinfo=BERLIN)


class OtherDesk:
    """Events written by another desk, as sync delivers them: we choose `at` and the clock."""

    def __init__(self, device: str) -> None:
        self.device = device
        self.seq = 0

    def event(self, type_: str, body: dict[str, object], at: str, hlc_ms: int | None = None) -> Event:
        self.seq += 1
        ms = int(dt.datetime.fromisoformat(at).timestamp() * 1000) if hlc_ms is None else hlc_ms
        return Event(str(uuid7()), self.device, self.seq, f"{ms:013d}-{0:09d}", type_, body, "volunteer", at)

    def check_in(self, attendee_id: str, at: str, *, desk: str, day: int = 1, hlc_ms: int | None = None) -> Event:
        body = {"attendee_id": attendee_id, "day": day, "desk": desk, "volunteer": "Sam"}
        return self.event("checkin.recorded", body, at, hlc_ms)

    def undo(self, checkin: Event, at: str) -> Event:
        body = {"attendee_id": checkin.body["attendee_id"], "checkin_id": checkin.id, "reason": "wrong person"}
        return self.event("checkin.undone", body, at)


def day_arrivals(store: Store, day: int = 1, bucket_minutes: int = 10) -> Arrivals:
    return arrivals(store.conn, store.config(), day, bucket_minutes)


def test_buckets_per_desk_in_event_local_time(store: Store) -> None:
    a, b, c, d, e = add_attendees(store, "Ada Lovelace", "Bo Diddley", "Cy Twombly", "Di Fossey", "Ed Wood")
    desk = OtherDesk("desk-b")
    store.ingest([
        desk.check_in(a, utc(8, 5), desk="Desk 1"),  # 08:05 UTC is 09:05 in Berlin in November
        desk.check_in(b, utc(8, 9, 59), desk="Desk 1"),
        desk.check_in(c, utc(8, 5, 30), desk="Desk 2"),
        desk.check_in(d, utc(8, 10), desk="Desk 1"),
        desk.check_in(e, utc(8, 31), desk="Desk 2"),
    ])
    result = day_arrivals(store)
    assert result.buckets == [
        Bucket(berlin(9, 0), "Desk 1", 2),
        Bucket(berlin(9, 0), "Desk 2", 1),
        Bucket(berlin(9, 10), "Desk 1", 1),
        Bucket(berlin(9, 30), "Desk 2", 1),
    ]
    assert all(b.start.utcoffset() == dt.timedelta(hours=1) for b in result.buckets)
    assert result.desks == ["Desk 1", "Desk 2"]
    assert (result.day, result.date, result.bucket_minutes) == (1, dt.date(2026, 11, 27), 10)
    assert (result.total, result.expected) == (5, 5)
    assert result.first == berlin(9, 5, 0, 123000)
    assert result.first is not None and result.first.tzinfo is BERLIN
    assert result.last == berlin(9, 31, 0, 123000)


def test_other_bucket_sizes(store: Store) -> None:
    a, b, c = add_attendees(store, "Ada Lovelace", "Bo Diddley", "Cy Twombly")
    desk = OtherDesk("desk-b")
    store.ingest([desk.check_in(a, utc(8, 5), desk="D"), desk.check_in(b, utc(8, 29), desk="D"),
                  desk.check_in(c, utc(8, 31), desk="D")])
    assert day_arrivals(store, bucket_minutes=30).buckets == [Bucket(berlin(9, 0), "D", 2),
                                                              Bucket(berlin(9, 30), "D", 1)]
    assert day_arrivals(store, bucket_minutes=1).series("D")[:2] == [(berlin(9, 5), 1), (berlin(9, 6), 0)]
    with pytest.raises(ValueError):
        day_arrivals(store, bucket_minutes=0)


def test_check_ins_at_this_desk_are_counted(store: Store) -> None:
    ada, bo = add_attendees(store, "Ada Lovelace", "Bo Diddley")
    first = check_in(store, ada, day=1, desk="Desk 7").checkin
    check_in(store, bo, day=1, desk="Desk 7")
    assert first is not None
    result = day_arrivals(store)
    local = dt.datetime.fromisoformat(first.at).astimezone(BERLIN)
    assert result.total == 2
    assert result.desks == ["Desk 7"]
    assert result.first == local
    assert sum(b.count for b in result.buckets) == 2
    assert result.buckets[0].start == local.replace(minute=local.minute // 10 * 10, second=0, microsecond=0)


def test_undone_check_ins_are_no_arrivals(store: Store) -> None:
    ada, bo, _cy = add_attendees(store, "Ada Lovelace", "Bo Diddley", "Cy Twombly")  # Cy never comes
    assert check_in(store, ada, day=1, desk="Desk 1").ok
    undo_check_in(store, ada, day=1, reason="wrong person", actor="Sam")
    desk = OtherDesk("desk-b")
    wrong = desk.check_in(bo, utc(8, 0), desk="Desk 1")
    store.ingest([wrong, desk.undo(wrong, utc(8, 1)), desk.check_in(bo, utc(8, 42), desk="Desk 2")])
    result = day_arrivals(store)
    # Ada: undone, never back. Bo: the undone 09:00 check-in does not count, the one at 09:42 does.
    assert result.total == 1
    assert result.buckets == [Bucket(berlin(9, 40), "Desk 2", 1)]
    assert result.first == result.last == berlin(9, 42, 0, 123000)
    assert (result.expected, result.per_ticket_type) == (3, [("", 1, 3), ("Regular", 0, 0)])


def test_a_double_check_in_is_one_arrival_at_the_earliest_desk(store: Store) -> None:
    ada, bo = add_attendees(store, "Ada Lovelace", "Bo Diddley")
    desk_b, desk_c = OtherDesk("desk-b"), OtherDesk("desk-c")
    later = desk_c.check_in(ada, utc(8, 16), desk="Desk C")
    earlier = desk_b.check_in(ada, utc(8, 15), desk="Desk B")
    store.ingest([later])
    store.ingest([earlier])  # arrives last, sorts first
    # Clocks disagree: Desk D's event comes first in the total order (hlc) though its wall clock says later.
    skewed_first = OtherDesk("desk-d").check_in(bo, utc(8, 33), desk="Desk D", hlc_ms=1)
    store.ingest([desk_b.check_in(bo, utc(8, 21), desk="Desk B"), skewed_first])
    result = day_arrivals(store)
    assert store.conn.execute("SELECT count(*) FROM checkins WHERE undone_by IS NULL").fetchone() == (4,)
    assert result.total == 2
    assert result.buckets == [Bucket(berlin(9, 10), "Desk B", 1), Bucket(berlin(9, 30), "Desk D", 1)]
    assert result.desks == ["Desk B", "Desk D"]
    assert result.first == berlin(9, 15, 0, 123000)
    assert result.last == berlin(9, 33, 0, 123000)


def test_day_two_is_separate_from_day_one(store: Store) -> None:
    ada, bo = add_attendees(store, "Ada Lovelace", "Bo Diddley")
    desk = OtherDesk("desk-b")
    store.ingest([
        desk.check_in(ada, utc(8, 5), desk="Desk 1", day=1),
        desk.check_in(bo, utc(9, 5), desk="Desk 1", day=1),
        desk.check_in(ada, utc(7, 55, date=dt.date(2026, 11, 28)), desk="Desk 2", day=2),
    ])
    one, two = day_arrivals(store, 1), day_arrivals(store, 2)
    assert (one.date, one.total) == (dt.date(2026, 11, 27), 2)
    assert one.buckets == [Bucket(berlin(9, 0), "Desk 1", 1), Bucket(berlin(10, 0), "Desk 1", 1)]
    assert (two.date, two.total) == (dt.date(2026, 11, 28), 1)
    assert two.buckets == [Bucket(berlin(8, 50, day=28), "Desk 2", 1)]
    assert two.per_ticket_type == [("", 1, 2), ("Regular", 0, 0)]
    with pytest.raises(ValueError, match="day 3"):
        day_arrivals(store, 3)


def test_per_ticket_type(store: Store) -> None:
    config = store.config()
    store.set_config(dataclasses.replace(config, ticket_types=(*config.ticket_types, TicketType("Workshop", 0))))
    regular = add_attendees(store, "R One", "R Two", "R Three", ticket_type="Regular")
    students = add_attendees(store, "S One", "S Two", "S Three", ticket_type="Student")
    add_attendees(store, "S Gone", ticket_type="Student", status="cancelled")
    add_attendees(store, "P Speaker", ticket_type="Speaker")
    desk = OtherDesk("desk-b")
    store.ingest([
        desk.check_in(regular[0], utc(8, 0), desk="D"),
        desk.check_in(students[0], utc(8, 1), desk="D"),
        desk.check_in(students[1], utc(8, 2), desk="D"),
        desk.check_in(students[1], utc(8, 3), desk="E"),  # a duplicate: still one student
    ])
    result = day_arrivals(store)
    assert result.per_ticket_type == [
        ("Regular", 1, 3),
        ("Student", 2, 3),  # the cancelled student is not expected
        ("Speaker", 0, 1),
        ("Workshop", 0, 0),  # configured, nobody holds one
    ]
    assert (result.total, result.expected) == (3, 7)


def test_series_fills_the_gaps_with_zeros(store: Store) -> None:
    a, b, c = add_attendees(store, "Ada Lovelace", "Bo Diddley", "Cy Twombly")
    desk = OtherDesk("desk-b")
    store.ingest([desk.check_in(a, utc(8, 2), desk="Desk 1"), desk.check_in(b, utc(8, 7), desk="Desk 1"),
                  desk.check_in(c, utc(8, 34), desk="Desk 2")])
    result = day_arrivals(store)
    slots = [berlin(9, 0), berlin(9, 10), berlin(9, 20), berlin(9, 30)]
    assert result.series("Desk 1") == list(zip(slots, [2, 0, 0, 0], strict=True))
    assert result.series("Desk 2") == list(zip(slots, [0, 0, 0, 1], strict=True))
    assert result.series() == list(zip(slots, [2, 0, 0, 1], strict=True))
    assert result.series("Nowhere") == list(zip(slots, [0, 0, 0, 0], strict=True))


def test_peak_is_the_busiest_slot_over_all_desks(store: Store) -> None:
    ids = add_attendees(store, *(f"Person {i}" for i in range(6)))
    desk = OtherDesk("desk-b")
    store.ingest([
        desk.check_in(ids[0], utc(8, 1), desk="Desk 1"),
        desk.check_in(ids[1], utc(8, 2), desk="Desk 1"),  # 09:00: 2
        desk.check_in(ids[2], utc(8, 21), desk="Desk 1"),
        desk.check_in(ids[3], utc(8, 22), desk="Desk 2"),
        desk.check_in(ids[4], utc(8, 29), desk="Desk 3"),  # 09:20: 3 over three desks, 1 at each
        desk.check_in(ids[5], utc(8, 40), desk="Desk 1"),
    ])
    assert day_arrivals(store).peak() == (berlin(9, 20), 3)


def test_peak_takes_the_earliest_of_equals(store: Store) -> None:
    a, b = add_attendees(store, "Ada Lovelace", "Bo Diddley")
    desk = OtherDesk("desk-b")
    store.ingest([desk.check_in(b, utc(8, 45), desk="Desk 1"), desk.check_in(a, utc(8, 15), desk="Desk 2")])
    assert day_arrivals(store).peak() == (berlin(9, 10), 1)


def test_an_empty_day(store: Store) -> None:
    add_attendees(store, "Ada Lovelace", "Bo Diddley", ticket_type="Regular")
    result = day_arrivals(store, 2)
    assert result.buckets == [] and result.desks == []
    assert (result.total, result.expected) == (0, 2)
    assert result.first is None and result.last is None
    assert result.series("Desk 1") == [] and result.series() == []
    assert result.peak() is None
    assert result.per_ticket_type == [("Regular", 0, 2)]


def test_an_empty_event(store: Store) -> None:
    result = day_arrivals(store)
    assert result.per_ticket_type == [("Regular", 0, 0)]
    assert (result.total, result.expected, result.buckets) == (0, 0, [])


def test_the_hour_repeated_when_the_clocks_go_back_is_two_hours_of_slots(store: Store) -> None:
    # Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:35 happens twice (00:35 and 01:35 UTC).
    sunday = dt.date(2026, 10, 25)
    config = dataclasses.replace(store.config(), days=(sunday,))
    a, b = add_attendees(store, "Ada Lovelace", "Bo Diddley")
    desk = OtherDesk("desk-b")
    store.ingest([desk.check_in(a, utc(0, 35, date=sunday), desk="D"),
                  desk.check_in(b, utc(1, 35, date=sunday), desk="D")])
    result = arrivals(store.conn, config, 1)
    summer, winter = (b.start for b in result.buckets)
    assert (summer.hour, summer.minute, summer.utcoffset()) == (2, 30, dt.timedelta(hours=2))
    assert (winter.hour, winter.minute, winter.utcoffset()) == (2, 30, dt.timedelta(hours=1))
    series = result.series("D")
    assert len(series) == 7  # 00:30 … 01:30 UTC
    assert [count for _, count in series] == [1, 0, 0, 0, 0, 0, 1]
    assert [s.astimezone(dt.UTC).strftime("%H:%M") for s, _ in series] == [
        "00:30", "00:40", "00:50", "01:00", "01:10", "01:20", "01:30"]
    assert result.peak() == (summer, 1)


def test_a_time_in_another_offset_or_unreadable(store: Store) -> None:
    a, b, c = add_attendees(store, "Ada Lovelace", "Bo Diddley", "Cy Twombly")
    desk = OtherDesk("desk-b")
    store.ingest([
        desk.check_in(a, "2026-11-27T09:05:00+01:00", desk="D"),
        desk.check_in(b, "2026-11-27T08:06:00Z", desk="D"),
        desk.event("checkin.recorded", {"attendee_id": c, "day": 1, "desk": "D"}, "not a time", hlc_ms=5),
    ])
    result = day_arrivals(store)
    assert result.buckets == [Bucket(berlin(9, 0), "D", 2)]
    assert result.total == 3  # the unreadable one arrived, it just has no slot
    assert (result.first, result.last) == (berlin(9, 5), berlin(9, 6))


def test_reading_inside_a_transaction(store: Store) -> None:
    (ada,) = add_attendees(store, "Ada Lovelace")
    store.ingest([OtherDesk("desk-b").check_in(ada, utc(8, 5), desk="D")])
    with store.exclusive(commit=False) as conn:
        assert arrivals(conn, store.config(), 1).total == 1
        assert conn.in_transaction


def test_expected_follows_attendee_changes_but_not_check_ins(store: Store) -> None:
    ada, bo = add_attendees(store, "Ada Lovelace", "Bo Diddley", ticket_type="Regular")
    assert day_arrivals(store).per_ticket_type == [("Regular", 0, 2)]
    assert check_in(store, ada, day=1, desk="D").ok
    assert day_arrivals(store).per_ticket_type == [("Regular", 1, 2)]
    with store.write() as writer:  # cancelled at this desk
        writer.append("attendee.edited", {"attendee_id": bo, "changes": {"status": "cancelled"}})
    assert day_arrivals(store).per_ticket_type == [("Regular", 1, 1)]
    add_attendees(store, "Cy Twombly", ticket_type="Student")
    assert day_arrivals(store).per_ticket_type == [("Regular", 1, 1), ("Student", 0, 1)]
    # another desk changed Ada's ticket (after our import, by its clock); sync brings it in
    change = {"attendee_id": ada, "changes": {"ticket_type": "Student"}}
    store.ingest([OtherDesk("desk-b").event("attendee.edited", change, utc(8, 0), hlc_ms=wall_ms() + 60_000)])
    assert check_in(store, bo, day=1, desk="D").outcome == "cancelled"
    result = day_arrivals(store)
    assert result.per_ticket_type == [("Student", 1, 2), ("Regular", 0, 0)]
    assert (result.total, result.expected) == (1, 2)
