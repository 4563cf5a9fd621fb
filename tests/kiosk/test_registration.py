"""Walk-ins: duplicates offered first, then register + pay + check in as one transaction."""

from __future__ import annotations

import pytest

from kiosk import attendees
from kiosk.cash import drawer
from kiosk.cash.payments import Tender
from kiosk.registration import RegistrationRefused, WalkIn, register, similar
from kiosk.search import search
from kiosk.store import Store
from tests.factories import add_attendees


def _walk_in(store: Store, walk_in: WalkIn, tender: Tender | None) -> object:
    return register(store, walk_in, tender, day=1, desk="Desk 1", volunteer="Sam", actor="Sam @ Desk 1")


def test_similar_offers_the_same_email_and_names_a_typo_apart(store: Store) -> None:
    add_attendees(store, "John Smith", email="john@smith.example")
    add_attendees(store, "Joanna Smithers")
    assert [a.name for a in similar(store, "Somebody Else", "JOHN@smith.example")] == ["John Smith"]
    assert [a.name for a in similar(store, "Jon Smith", "")] == ["John Smith"]
    assert similar(store, "Ann Lee", "ann@lee.example") == []


def test_a_cash_walk_in_is_registered_paid_and_checked_in_together(store: Store) -> None:
    drawer.open_drawer(store, day=1, desk="Desk 1", counts={2000: 5}, counted_by="Sam", witness="Kim", actor="Sam")
    done = _walk_in(store, WalkIn("Álvaro Núñez Ortega", "alvaro@example.org", "Uni Sevilla", "Sevilla", "regular",
                                  ("science", "Web"), "Speaker"), Tender("cash", 30000))
    a = done.attendee  # type: ignore[attr-defined]
    assert (a.first_name, a.last_name, a.status, a.ticket_type, a.role) == ("Álvaro", "Núñez Ortega", "valid",
                                                                            "Regular", "Speaker")
    assert a.interests == ("Science", "Web") and a.code.startswith("W-") and len(a.code) == 10
    assert done.payment.change_minor == 5000 and done.checkin.day == 1  # type: ignore[attr-defined]
    assert [h.attendee.id for h in search(store.conn, "nunez")] == [a.id]
    assert attendees.active_checkin(store.conn, a.id, 1) is not None


@pytest.mark.parametrize(("walk_in", "tender", "message"), [
    (WalkIn("", ticket_type="Regular"), Tender("card", terminal_ref="T1"), "Name"),
    (WalkIn("Ann", "ann@", ticket_type="Regular"), Tender("card", terminal_ref="T1"), "Email"),
    (WalkIn("Ann", ticket_type="VIP"), Tender("card", terminal_ref="T1"), "Ticket type: choose one of Regular"),
    (WalkIn("Ann", ticket_type="Regular", interests=("Knitting",)), Tender("card", terminal_ref="T1"), "Knitting"),
    (WalkIn("Ann", ticket_type="Regular", role="Astronaut"), Tender("card", terminal_ref="T1"), "Role"),
    (WalkIn("Ann", ticket_type="Regular"), None, "choose how they pay"),
    (WalkIn("Ann", ticket_type="Regular"), Tender("cash", 30000), "Open the cash drawer first"),
    (WalkIn("Ann", ticket_type="Regular"), Tender("card", terminal_ref=""), "terminal's reference"),
])
def test_a_refused_walk_in_says_why_and_writes_nothing(store: Store, walk_in: WalkIn, tender: Tender | None,
                                                       message: str) -> None:
    before = store.event_count()
    with pytest.raises(RegistrationRefused, match=message):
        _walk_in(store, walk_in, tender)
    assert store.event_count() == before


def test_a_free_ticket_needs_no_payment(store: Store) -> None:
    import dataclasses

    from kiosk.config import TicketType

    store.set_config(dataclasses.replace(store.config(), ticket_types=(TicketType("Speaker", 0),)), actor="t")
    done = _walk_in(store, WalkIn("Sofia Speaker", ticket_type="Speaker"), None)
    assert done.payment is None and done.attendee.status == "valid"  # type: ignore[attr-defined]
