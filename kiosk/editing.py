"""Fixing an attendee's details at the desk (a typo before the badge prints): a correcting event."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from kiosk import attendees
from kiosk.attendees import Attendee
from kiosk.store import Store

# What a volunteer may change; identity (code, order, source) and status come from the ticket shop.
EDITABLE = ("name", "first_name", "last_name", "organisation", "city", "country", "interests", "role", "notes")
_MAX_LENGTH = 200


class EditRefused(ValueError):
    """The edit is not allowed or not valid; the message says why, nothing was written."""


def edit_attendee(store: Store, attendee_id: str, changes: Mapping[str, Any], *, actor: str,
                  reason: str = "") -> Attendee:
    """Record the changed fields as one `attendee.edited` event; unchanged values are left out.

    Returns the attendee as it is now. An edit that changes nothing writes nothing.
    """
    cleaned = {field: _clean(field, value, store) for field, value in changes.items()}
    with store.write(actor=actor) as writer:
        current = attendees.get(store.conn, attendee_id)
        if current is None:
            raise EditRefused(f"no attendee {attendee_id}")
        different = {k: v for k, v in cleaned.items() if _as_stored(getattr(current, k)) != v}
        if different:
            # what this desk had seen of each field: two desks that change one field from the same base
            # without seeing each other are a conflict the desk lead is shown (kiosk.sync.conflicts)
            writer.append("attendee.edited", {"attendee_id": attendee_id, "changes": different,
                                              "origin": "desk", "reason": reason.strip(),
                                              "seen": last_set(store, attendee_id, different)})
    updated = attendees.get(store.conn, attendee_id)
    assert updated is not None  # it existed inside the transaction and attendees are never deleted
    return updated


def _as_stored(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _clean(field: str, value: Any, store: Store) -> Any:
    if field not in EDITABLE:
        raise EditRefused(f"{field!r} cannot be changed at the desk (editable: {', '.join(EDITABLE)})")
    if field == "interests":
        return _clean_interests(value, store)
    if not isinstance(value, str):
        raise EditRefused(f"{field} must be text")
    text = " ".join(value.split())  # no stray double spaces or line breaks on a badge
    if field == "notes":
        text = value.strip()
    if len(text) > _MAX_LENGTH and field != "notes":
        raise EditRefused(f"{field} is longer than {_MAX_LENGTH} characters")
    if field == "name" and not text:
        raise EditRefused("the name cannot be empty")
    if field == "role" and text and text not in {r.name for r in store.config().roles}:
        raise EditRefused(f"unknown role {text!r}; roles are {', '.join(r.name for r in store.config().roles)}")
    return text


def _clean_interests(value: Any, store: Store) -> list[str]:
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise EditRefused("interests must be a list of interest names")
    known = {i.name.casefold(): i.name for i in store.config().interests}
    unknown = [v for v in value if v.casefold() not in known]
    if unknown:
        raise EditRefused(f"unknown interest {unknown[0]!r}; the event has {', '.join(known.values())}")
    return list(dict.fromkeys(known[v.casefold()] for v in value))


def last_set(store: Store, attendee_id: str, fields: Mapping[str, Any]) -> dict[str, str]:
    """Per field, the id of the latest event (in total order) that set it: its creation or an edit."""
    seen = dict.fromkeys(fields, "")
    rows = store.conn.execute(
        "SELECT id, type, body FROM events WHERE json_extract(body, '$.attendee_id') = ? "
        "AND type IN ('attendee.imported', 'attendee.registered', 'attendee.edited') ORDER BY hlc, device, seq",
        (attendee_id,))
    for event_id, type_, body in rows:
        values = json.loads(body).get("changes" if type_ == "attendee.edited" else "fields", {})
        for field in seen:
            if field in values:
                seen[field] = event_id
    return seen
