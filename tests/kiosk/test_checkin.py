"""Checking in: one durable event per attendee per day; refusals write nothing."""

from __future__ import annotations

from kiosk import attendees
from kiosk.checkin import check_in
from kiosk.store import Store
from tests.factories import add_attendees


def test_check_in_once_per_day(store: Store) -> None:
    (ada,) = add_attendees(store, "Ada Lovelace")
    first = check_in(store, ada, day=1, desk="Desk 2", volunteer="Sam")
    assert first.ok and first.message == "Checked in — Ada Lovelace"
    again = check_in(store, ada, day=1, desk="Desk 3")
    assert again.outcome == "already"
    assert "Desk 2" in again.message and "Sam" in again.message
    assert again.checkin == first.checkin
    assert check_in(store, ada, day=2, desk="Desk 3").ok  # multi-day tickets check in each day
    assert attendees.count_checked_in(store.conn, 1) == 1
    assert attendees.count_checked_in(store.conn, 2) == 1


def test_the_scanner_code_works_as_well_as_the_id(store: Store) -> None:
    add_attendees(store, "Ada Lovelace", code="SECRET123abc")
    assert check_in(store, "secret123ABC", day=1, desk="D").ok
    assert check_in(store, "https://tickets.example.org/check-in/evt?pk=SECRET123abc", day=2, desk="D").ok


def test_refusals_change_nothing(store: Store) -> None:
    cancelled, unpaid, blocked, pending = add_attendees(store, "A Cancelled", "B Unpaid", "C Blocked", "D Pending")
    for attendee_id, status in [(cancelled, "cancelled"), (unpaid, "unpaid"), (blocked, "blocked"),
                                (pending, "pending")]:
        with store.write() as writer:
            writer.append("attendee.edited", {"attendee_id": attendee_id, "changes": {"status": status},
                                              "origin": "import"})
    before = store.event_count()
    outcomes = [check_in(store, a, day=1, desk="D").outcome for a in (cancelled, unpaid, blocked, pending)]
    assert outcomes == ["cancelled", "unpaid", "blocked", "pending"]
    assert check_in(store, "no-such-code", day=1, desk="D").outcome == "unknown"
    assert check_in(store, cancelled, day=9, desk="D").outcome == "not_a_day"
    assert store.event_count() == before


def test_imported_attendee_ids_are_rfc4122_uuid5() -> None:
    import uuid

    from kiosk.attendees import ATTENDEE_NAMESPACE, attendee_id_for

    for source, key in [("pretix", "TGQWS-1"), ("csv", "zoë@example.net|zoe"), ("tito", "王-1")]:
        assert attendee_id_for(source, key) == str(uuid.uuid5(ATTENDEE_NAMESPACE, f"{source}:{key}"))
