"""The kiosk's core: finding yourself shows almost nothing, proving it is required, three wrong answers
send you to the desk (and are in the audit trail), self-registration pays at the desk unless free."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kiosk import attendees, self_service
from kiosk.cash.audit import audit_trail
from kiosk.config import SelfService, TicketType
from kiosk.editing import EditRefused
from kiosk.rebuild import rebuild
from kiosk.registration import RegistrationRefused
from kiosk.self_service import Confirmation, SelfRegistration
from kiosk.store import Store
from tests.factories import add_attendees


@pytest.fixture
def people(store: Store) -> dict[str, str]:
    ids = add_attendees(store, "Anna Schmidt", email="anna@schmidt.example", order_code="ORD-77", city="Graz",
                        organisation="ACME")
    ids += add_attendees(store, "Annabel Lee", email="annabel@lee.example", order_code="ORD-88", city="Wien")
    return {"anna": ids[0], "annabel": ids[1]}


def test_search_is_by_name_only_from_three_letters_and_shows_almost_nothing(store: Store,
                                                                           people: dict[str, str]) -> None:
    assert self_service.find(store, "an") == []
    hits = self_service.find(store, "ann")
    assert {h.label for h in hits} == {"Anna S.", "Annabel L."}
    assert next(h for h in hits if h.label == "Anna S.").organisation == "ACME"
    for probe in ("anna@schmidt.example", "graz", "ORD-77", "schmidt.example"):
        assert self_service.find(store, probe) == [], probe  # an email, a town or a code finds nobody
    add_attendees(store, *(f"Anne Number{n}" for n in range(10)))
    assert len(self_service.find(store, "ann")) == self_service.MAX_RESULTS


def test_confirming_by_order_code_or_email_and_three_wrong_send_to_the_desk(store: Store,
                                                                             people: dict[str, str]) -> None:
    confirmation = Confirmation(store, "Kiosk 1")
    assert confirmation.confirm(people["anna"], " ord-77 ").answer == "ok"
    assert confirmation.confirm(people["anna"], "ANNA@schmidt.example").answer == "ok"
    first = confirmation.confirm(people["annabel"], "ORD-77")  # someone else's code
    assert first.answer == "wrong" and first.tries_left == 2
    assert confirmation.confirm(people["annabel"], "  ").tries_left == 2  # nothing typed is not a guess
    assert confirmation.confirm(people["annabel"], "guess").answer == "wrong"
    # "Start again" (a new session) does not give three more tries: they are counted in the log
    confirmation = Confirmation(store, "Kiosk 2")
    assert confirmation.confirm(people["annabel"], "annabel@guess.example").answer == "ask_desk"
    assert confirmation.confirm(people["annabel"], "ORD-88").answer == "ask_desk"  # even the right one now
    failed = [e for e in store.events() if e.type == "kiosk.confirm_failed"]
    assert [e.body["try"] for e in failed] == [1, 2, 3]
    assert {e.actor for e in failed} == {"self-service @ Kiosk 1", "self-service @ Kiosk 2"}
    assert [entry.kind for entry in audit_trail(store)][:3] == ["Kiosk check"] * 3
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=self_service.TRIES_WINDOW_MIN + 1)
    assert self_service.wrong_answers(store, people["annabel"], now=later) == 0  # half an hour later: free
    assert rebuild(store, verify=True).identical


def test_a_scan_finds_the_ticket_and_self_check_in_speaks_politely(store: Store, people: dict[str, str]) -> None:
    anna = attendees.get(store.conn, people["anna"])
    assert anna is not None
    assert self_service.scanned(store, "no-such-code").kind == "unknown"
    found = self_service.scanned(store, anna.code)
    assert found.kind == "found" and found.hit is not None and found.hit.label == "Anna S."
    done = self_service.check_in_self(store, anna.id, day=1, kiosk="Kiosk 1")
    assert done.outcome == "checked_in"
    again = self_service.check_in_self(store, anna.id, day=1, kiosk="Kiosk 1")
    assert again.outcome == "already" and "ask at the desk" in again.message
    (unpaid,) = add_attendees(store, "Udo Unpaid", status="unpaid")
    assert self_service.check_in_self(store, unpaid, day=1, kiosk="Kiosk 1").outcome == "pay_at_desk"
    (cancelled,) = add_attendees(store, "Cora Cancelled", status="cancelled")
    assert self_service.check_in_self(store, cancelled, day=1, kiosk="Kiosk 1").outcome == "ask_desk"


def _register(store: Store, **changes: object) -> object:
    entry = dataclasses.replace(SelfRegistration("Zoë Walker", "zoe@walker.example", "Walker & Co", "Graz",
                                                 "Regular", ("Science",), consent=True), **changes)
    return self_service.register_self(store, entry, day=1, kiosk="Kiosk 1")


def test_self_registration_of_a_paid_ticket_pays_at_the_desk(store: Store) -> None:
    done = _register(store)
    a = done.attendee  # type: ignore[attr-defined]
    assert a.status == "unpaid" and done.checkin is None and done.payment is None  # type: ignore[attr-defined]
    assert a.code.startswith("W-") and a.role == ""
    for changes, why in (({"consent": False}, "Consent"), ({"email": " "}, "Email"),
                         ({"ticket_type": "Staff"}, "Ticket type")):
        with pytest.raises(RegistrationRefused, match=why):
            _register(store, **changes)


def test_free_tickets_finish_with_a_badge_and_staff_tickets_are_never_sold(store: Store) -> None:
    config = dataclasses.replace(store.config(), ticket_types=(TicketType("Regular", 25000), TicketType("Staff", 0),
                                                               TicketType("Meetup", 0)))
    store.set_config(config, actor="t")
    assert self_service.allowed_ticket_types(store) == [("Regular", 25000)]  # free Staff is not for strangers
    store.set_config(dataclasses.replace(config, self_service=SelfService(ticket_types=("Regular", "Meetup"))),
                     actor="t")
    assert self_service.allowed_ticket_types(store) == [("Regular", 25000), ("Meetup", 0)]
    done = _register(store, ticket_type="Meetup")
    assert done.attendee.status == "valid" and done.checkin is not None  # type: ignore[attr-defined]


def test_fix_my_name_only_where_the_event_allows_it(store: Store, people: dict[str, str]) -> None:
    fixed = self_service.fix_name(store, people["anna"], "Anna-Lena  Schmidt", kiosk="Kiosk 1")
    assert (fixed.name, fixed.first_name, fixed.last_name) == ("Anna-Lena Schmidt", "Anna-Lena", "Schmidt")
    store.set_config(dataclasses.replace(store.config(), self_service=SelfService(allow_name_fix=False)), actor="t")
    with pytest.raises(EditRefused, match="at the desk"):
        self_service.fix_name(store, people["anna"], "Someone Else", kiosk="Kiosk 1")
