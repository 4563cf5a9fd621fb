"""The self-service kiosk's side of the core: find yourself (by scan, or by name showing almost nothing),
prove it, check in, print; or register yourself. Never a stranger's email, town or order code.

What a kiosk shows of an attendee is a `KioskHit`: first name, the initial of the last name and the
organisation. Searching is by name only (an email or a town typed in finds nobody), at least three
letters, at most five results. Before anything happens to a ticket found by name, the person types its
order code or email address; three wrong answers send them to the desk and are in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from kiosk import attendees
from kiosk.attendees import Attendee
from kiosk.checkin import CheckinResult, check_in
from kiosk.editing import EditRefused, edit_attendee
from kiosk.registration import Registered, RegistrationRefused, WalkIn, register
from kiosk.search import search
from kiosk.store import Store

MIN_LETTERS = 3
MAX_RESULTS = 5
MAX_TRIES = 3
TRIES_WINDOW_MIN = 30  # three wrong answers for one ticket within this long, from any session, any kiosk
ACTOR = "self-service"


@dataclass(frozen=True, slots=True)
class KioskHit:
    """All a kiosk screen may show of someone before they proved it is them."""

    attendee_id: str
    first_name: str
    last_initial: str
    organisation: str

    @property
    def label(self) -> str:
        initial = f" {self.last_initial}." if self.last_initial else ""
        return f"{self.first_name}{initial}"


def hit_of(attendee: Attendee) -> KioskHit:
    first = attendee.first_name or attendee.name.split(" ")[0]
    last = attendee.last_name.strip() or attendee.name.removeprefix(first).strip()
    return KioskHit(attendee.id, first, last[:1].upper(), attendee.organisation)


def find(store: Store, query: str) -> list[KioskHit]:
    """People whose NAME matches (never email, town or code): at least three letters, at most five."""
    text = " ".join(query.split())
    if len(text.replace(" ", "")) < MIN_LETTERS:
        return []
    hits = search(store.conn, text, limit=MAX_RESULTS * 2)
    named = [h.attendee for h in hits if h.match in ("name-prefix", "name")]
    return [hit_of(a) for a in named[:MAX_RESULTS]]


ScanKind = Literal["found", "unknown"]


@dataclass(frozen=True, slots=True)
class Scanned:
    kind: ScanKind
    hit: KioskHit | None = None


def scanned(store: Store, text: str) -> Scanned:
    """A ticket's QR at the kiosk's scanner: holding the ticket is the proof, so no question is asked."""
    found = attendees.by_code(store.conn, text)
    return Scanned("found", hit_of(found)) if found else Scanned("unknown")


Answer = Literal["ok", "wrong", "ask_desk"]


@dataclass(frozen=True, slots=True)
class Confirmed:
    answer: Answer
    message: str
    tries_left: int = 0


def wrong_answers(store: Store, attendee_id: str, now: dt.datetime | None = None) -> int:
    """Wrong answers for this ticket in the last TRIES_WINDOW_MIN minutes, read from the log: "Start again"
    or the idle reset must not give a guesser three more tries."""
    since = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(minutes=TRIES_WINDOW_MIN)
    (count,) = store.conn.execute(
        "SELECT count(*) FROM events WHERE type = 'kiosk.confirm_failed' "
        "AND json_extract(body, '$.target_id') = ? AND at >= ?",
        (attendee_id, since.isoformat(timespec="milliseconds"))).fetchone()
    return int(count)


class Confirmation:
    """One person at the kiosk proving who they are: the order code or the email of the ticket they chose.
    A new one after every reset; the count of wrong answers lives in the log, not here."""

    def __init__(self, store: Store, kiosk: str) -> None:
        self.store, self.kiosk = store, kiosk

    def confirm(self, attendee_id: str, answer: str) -> Confirmed:
        wrong = wrong_answers(self.store, attendee_id)
        if wrong >= MAX_TRIES:
            return Confirmed("ask_desk", "Please ask at the desk: they will help you straight away.")
        attendee = attendees.get(self.store.conn, attendee_id)
        if attendee is None:
            return Confirmed("ask_desk", "Please ask at the desk.")
        typed = "".join(answer.split()).casefold()
        secrets = {s.casefold() for s in (attendee.order_code.replace(" ", ""), attendee.email.strip()) if s}
        if not secrets:
            return Confirmed("ask_desk", "This ticket has no order code or email to check: please ask at the desk.")
        if not typed:  # nothing typed is not a guess
            return Confirmed("wrong", "Type the order code or the email address.", MAX_TRIES - wrong)
        if typed in secrets:
            return Confirmed("ok", "Thank you")
        tries = wrong + 1
        with self.store.write(actor=f"{ACTOR} @ {self.kiosk}") as writer:  # audit trail: who tried which ticket
            writer.append("kiosk.confirm_failed", {"target_id": attendee_id, "kiosk": self.kiosk, "try": tries})
        if tries >= MAX_TRIES:
            return Confirmed("ask_desk", "That did not match three times. Please ask at the desk.")
        left = MAX_TRIES - tries
        return Confirmed("wrong", f"That does not match this ticket. {left} more tr{'ies' if left > 1 else 'y'}.",
                         left)


Outcome = Literal["checked_in", "already", "ask_desk", "pay_at_desk"]


@dataclass(frozen=True, slots=True)
class SelfCheckin:
    outcome: Outcome
    message: str
    result: CheckinResult


def check_in_self(store: Store, attendee_id: str, *, day: int, kiosk: str) -> SelfCheckin:
    """Check in at the kiosk; what the desk would say in its words becomes a polite sentence here."""
    result = check_in(store, attendee_id, day=day, desk=kiosk, volunteer=ACTOR)
    if result.ok:
        return SelfCheckin("checked_in", "You are checked in. Your badge is printing.", result)
    if result.outcome == "already":
        return SelfCheckin("already", "You are already checked in today. If you need a new badge, please ask "
                                      "at the desk.", result)
    if result.outcome == "unpaid":
        return SelfCheckin("pay_at_desk", "Your ticket is not paid yet. Please pay at the desk; your badge prints "
                                          "there.", result)
    return SelfCheckin("ask_desk", "Please ask at the desk: they will sort this out with you.", result)


def allowed_ticket_types(store: Store) -> list[tuple[str, int]]:
    """What a stranger may buy here: the event's self-service list, else every ticket with a price (a free
    "Staff" or "Speaker" ticket is never handed out by a kiosk)."""
    config = store.config()
    chosen = config.self_service.ticket_types
    if chosen:
        return [(t.name, t.price_minor) for t in config.ticket_types if t.name in chosen]
    priced = [(t.name, t.price_minor) for t in config.ticket_types if t.price_minor]
    return priced or [(t.name, t.price_minor) for t in config.ticket_types]


@dataclass(frozen=True, slots=True)
class SelfRegistration:
    name: str
    email: str
    organisation: str = ""
    city: str = ""
    ticket_type: str = ""
    interests: tuple[str, ...] = ()
    consent: bool = False


def register_self(store: Store, entry: SelfRegistration, *, day: int, kiosk: str) -> Registered:
    """A free ticket is registered and checked in (the badge prints); a paid one is registered unpaid and
    not checked in: the attendee pays at the desk, where scanning their code opens the payment."""
    if not entry.consent:
        raise RegistrationRefused("Consent: please read the privacy note and tick the box")
    if not entry.email.strip():
        raise RegistrationRefused("Email: we need it to find your registration again")
    allowed = dict(allowed_ticket_types(store))
    if entry.ticket_type not in allowed:
        raise RegistrationRefused(f"Ticket type: choose one of {', '.join(allowed)}")
    walk_in = WalkIn(entry.name, entry.email, entry.organisation, entry.city, entry.ticket_type, entry.interests)
    free = allowed[entry.ticket_type] == 0
    return register(store, walk_in, None, day=day, desk=kiosk, volunteer=ACTOR, actor=f"{ACTOR} @ {kiosk}",
                    check_in=free, pay_at_desk=not free)


def fix_name(store: Store, attendee_id: str, name: str, *, kiosk: str) -> Attendee:
    """"Fix my name" before the badge prints, where the event allows it: the name and the large first name."""
    if not store.config().self_service.allow_name_fix:
        raise EditRefused("Names are fixed at the desk at this event")
    from kiosk.importers.values import split_name

    first, last = split_name(" ".join(name.split()))
    return edit_attendee(store, attendee_id, {"name": name, "first_name": first, "last_name": last},
                         actor=f"{ACTOR} @ {kiosk}", reason="fixed by the attendee at the kiosk")
