"""Walk-ins: register someone at the desk, take payment, check them in, in one durable transaction.

Before that, `similar` offers attendees who may be the same person (the same email, or a name that
differs by a typo), so nobody gets a second ticket because the first was under "Jon" not "John".
"""

from __future__ import annotations

import difflib
import re
import secrets
from dataclasses import dataclass

from uuid6 import uuid7

from kiosk import attendees
from kiosk.attendees import Attendee, Checkin
from kiosk.cash.drawer import DrawerRefused
from kiosk.cash.payments import Payment, PaymentRefused, Tender, get, record_sale
from kiosk.importers.values import split_name
from kiosk.projections import ATTENDEE_FIELDS
from kiosk.search import search
from kiosk.store import Store
from kiosk.textfold import fold

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand
MAX_FIELD = 200
SIMILAR_NAME = 0.85


class RegistrationRefused(ValueError):
    """The walk-in cannot be registered as entered; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class WalkIn:
    name: str
    email: str = ""
    organisation: str = ""
    city: str = ""
    ticket_type: str = ""
    interests: tuple[str, ...] = ()
    role: str = ""


@dataclass(frozen=True, slots=True)
class Registered:
    attendee: Attendee
    payment: Payment | None
    checkin: Checkin | None


def new_code() -> str:
    """A ticket code for the badge's QR: "W-" and 8 letters/digits (40 bits), unambiguous by eye."""
    return "W-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


def similar(store: Store, name: str, email: str, limit: int = 5) -> list[Attendee]:
    """Attendees who may be this walk-in: the same email first, then names within a typo or two."""
    found: dict[str, Attendee] = {}
    address = email.strip()
    if address:
        for row in store.conn.execute(f"{attendees.SELECT_ATTENDEE} WHERE a.email = ? COLLATE NOCASE LIMIT ?",
                                      (address, limit)):
            attendee = Attendee.from_row(row)
            found[attendee.id] = attendee
    wanted = fold(" ".join(name.split()))
    if len(wanted) >= 3:
        candidates = {h.attendee.id: h.attendee for h in search(store.conn, wanted, limit=30)}
        for word in wanted.split():  # "Jon Smith" finds "John Smith" through "smith"
            if len(word) >= 3:
                candidates.update({h.attendee.id: h.attendee for h in search(store.conn, word, limit=30)})
        scored = sorted(((difflib.SequenceMatcher(None, wanted, fold(a.name)).ratio(), a) for a in candidates.values()),
                        key=lambda pair: -pair[0])
        for score, attendee in scored:
            if score >= SIMILAR_NAME and attendee.id not in found:
                found[attendee.id] = attendee
    return list(found.values())[:limit]


def _clean(walk_in: WalkIn, store: Store) -> dict[str, object]:
    config = store.config()
    name = " ".join(walk_in.name.split())
    if not name:
        raise RegistrationRefused("Name: who is registering?")
    for what, value in (("Name", name), ("Organisation", walk_in.organisation), ("Home town", walk_in.city)):
        if len(value) > MAX_FIELD:
            raise RegistrationRefused(f"{what}: at most {MAX_FIELD} characters")
    email = walk_in.email.strip()
    if email and not _EMAIL.match(email):
        raise RegistrationRefused(f"Email: {email!r} is not an email address")
    ticket = config.ticket_type(walk_in.ticket_type)
    if ticket is None:
        known = ", ".join(t.name for t in config.ticket_types) or "none configured"
        raise RegistrationRefused(f"Ticket type: choose one of {known}")
    role_name = " ".join(walk_in.role.split())
    role = config.role(role_name) if role_name else None
    if role_name and role is None:
        raise RegistrationRefused(f"Role: {role_name!r} is not a role of this event")
    interests = []
    for name_of_interest in walk_in.interests:
        interest = config.interest(name_of_interest)
        if interest is None:
            raise RegistrationRefused(f"Interests: {name_of_interest!r} is not an interest of this event")
        interests.append(interest.name)
    first, last = split_name(name)
    fields = dict(ATTENDEE_FIELDS)
    fields.update(name=name, first_name=first, last_name=last, email=email,
                  organisation=" ".join(walk_in.organisation.split()), city=" ".join(walk_in.city.split()),
                  ticket_type=ticket.name, role=role.name if role else "",
                  interests=list(dict.fromkeys(interests)), price_minor=ticket.price_minor, currency=config.currency,
                  status="unpaid" if ticket.price_minor else "valid")
    return fields


def register(store: Store, walk_in: WalkIn, tender: Tender | None, *, day: int, desk: str, volunteer: str,
             actor: str, check_in: bool = True, pay_at_desk: bool = False) -> Registered:
    """Register, pay and (on an event day) check in, in ONE transaction: a failure leaves nothing behind.

    A ticket with a price needs a tender, unless `pay_at_desk` (the kiosk): then it stays unpaid, and
    scanning its code at a desk opens the payment. A free one (speaker, staff) needs none.
    """
    fields = _clean(walk_in, store)
    price = int(fields["price_minor"])  # type: ignore[call-overload]
    if price and tender is None and not pay_at_desk:
        raise RegistrationRefused("Payment: choose how they pay (cash, card, complimentary or pay later)")
    attendee_id = str(uuid7())
    fields["code"] = new_code()
    payment_id = checkin_id = None
    with store.write(actor=actor) as writer:
        writer.append("attendee.registered", {"attendee_id": attendee_id, "source": "desk",
                                              "external_id": attendee_id, "fields": fields}, new_attendee=True)
        if price and tender is not None:
            try:
                payment_id = record_sale(store, writer, attendee_id, str(fields["ticket_type"]), price, tender,
                                         day=day, desk=desk)
            except (DrawerRefused, PaymentRefused) as exc:
                raise RegistrationRefused(f"Payment: {exc}") from exc
        if check_in and 1 <= day <= len(store.config().days):
            checkin_id = writer.append("checkin.recorded", {"attendee_id": attendee_id, "day": day, "desk": desk,
                                                            "volunteer": volunteer}).id
    attendee = attendees.get(store.conn, attendee_id)
    assert attendee is not None
    checkin = next((c for c in attendees.checkins(store.conn, attendee_id) if c.id == checkin_id), None)
    return Registered(attendee, get(store, payment_id) if payment_id else None, checkin)
