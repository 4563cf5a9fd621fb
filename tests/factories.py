"""Building test data through the same events the app writes (never by inserting into projections)."""

from __future__ import annotations

from typing import Any

from kiosk.attendees import attendee_id_for
from kiosk.projections import ATTENDEE_FIELDS
from kiosk.store import Store


def attendee_fields(name: str, **overrides: Any) -> dict[str, Any]:
    first, _, last = name.partition(" ")
    fields = {k: (v.copy() if isinstance(v, list | dict) else v) for k, v in ATTENDEE_FIELDS.items()}
    fields.update(name=name, first_name=first, last_name=last, code=f"code-{abs(hash(name)) % 10**8:08d}")
    fields.update(overrides)
    return fields


def add_attendees(store: Store, *names: str, **overrides: Any) -> list[str]:
    """Import attendees by name (one transaction); returns their ids in order."""
    ids = []
    with store.write(actor="test") as writer:
        for name in names:
            fields = attendee_fields(name, **overrides)
            attendee_id = attendee_id_for("test", fields["code"])
            writer.append("attendee.imported", {"attendee_id": attendee_id, "source": "test",
                                                "external_id": fields["code"], "fields": fields})
            ids.append(attendee_id)
    return ids
