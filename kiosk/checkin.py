"""Checking an attendee in (and undoing it): the operation every desk and the kiosk call."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Literal

from kiosk import attendees
from kiosk.attendees import Attendee, Checkin
from kiosk.store import Store

Outcome = Literal["checked_in", "already", "unknown", "cancelled", "blocked", "unpaid", "pending", "not_a_day"]

# Statuses that stop a check-in, and what the volunteer should do about it.
REFUSALS: dict[str, tuple[Outcome, str]] = {
    "cancelled": ("cancelled", "Cancelled ticket — send to the help desk"),
    "blocked": ("blocked", "Blocked ticket — send to the help desk"),
    "unpaid": ("unpaid", "Unpaid — take payment"),
    "pending": ("pending", "Registration not confirmed yet — send to the help desk"),
}


@dataclass(frozen=True, slots=True)
class CheckinResult:
    outcome: Outcome
    message: str
    attendee: Attendee | None = None
    checkin: Checkin | None = None  # the new check-in, or the earlier one when `already`

    @property
    def ok(self) -> bool:
        return self.outcome == "checked_in"


class NotCheckedIn(LookupError):
    pass


def local_time(at_iso: str, timezone: str) -> str:
    """HH:MM in the event's time zone, for messages a volunteer reads."""
    return dt.datetime.fromisoformat(at_iso).astimezone(zoneinfo.ZoneInfo(timezone)).strftime("%H:%M")


def check_in(store: Store, code_or_id: str, *, day: int, desk: str, volunteer: str = "") -> CheckinResult:
    """Check one attendee in for one event day. Durable before it returns (rule 2).

    Refusals (unknown code, cancelled, unpaid, already in today...) write nothing.
    """
    days = len(store.config().days)
    if not 1 <= day <= days:
        return CheckinResult("not_a_day", f"Day {day} is not a day of this event (it has {days})")
    with store.write(actor=volunteer or desk) as writer:
        attendee = attendees.by_id_or_code(store.conn, code_or_id)
        if attendee is None:
            return CheckinResult("unknown", "Unknown code — search by name")
        if attendee.status in REFUSALS and not _pays_later(store, attendee):
            outcome, message = REFUSALS[attendee.status]
            return CheckinResult(outcome, message, attendee)
        earlier = attendees.active_checkin(store.conn, attendee.id, day)
        if earlier is not None:
            who = f" by {earlier.volunteer}" if earlier.volunteer else ""
            when = local_time(earlier.at, store.config().timezone)
            return CheckinResult(
                "already", f"Already checked in on day {day} at {when} at {earlier.desk}{who}",
                attendee, earlier,
            )
        event = writer.append(
            "checkin.recorded", {"attendee_id": attendee.id, "day": day, "desk": desk, "volunteer": volunteer}
        )
    checkin = Checkin(event.id, attendee.id, day, desk, volunteer, event.device, event.at, undone=False)
    owed = " — unpaid: invoice to follow" if attendee.status == "unpaid" else ""
    return CheckinResult("checked_in", f"Checked in — {attendee.name}{owed}", attendee, checkin)


def _pays_later(store: Store, attendee: Attendee) -> bool:
    """Unpaid, but the desk agreed an invoice: they come in, and the money is owed."""
    from kiosk.cash.payments import has_open_invoice

    return attendee.status == "unpaid" and has_open_invoice(store, attendee.id)


def undo_check_in(store: Store, attendee_id: str, *, day: int, reason: str, actor: str) -> Checkin:
    """Undo the standing check-in of that day; a correcting event, the original stays in the log."""
    if not reason.strip():
        raise ValueError("say why the check-in is undone")
    with store.write(actor=actor) as writer:
        standing = attendees.active_checkin(store.conn, attendee_id, day)
        if standing is None:
            raise NotCheckedIn(f"attendee {attendee_id} is not checked in on day {day}")
        writer.append("checkin.undone", {"attendee_id": attendee_id, "checkin_id": standing.id, "reason": reason})
    return standing
