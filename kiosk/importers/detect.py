"""Which shop wrote a file, from its header row alone (the rows vary too much to be a guide)."""

from __future__ import annotations

from collections.abc import Collection


def detect(keys: Collection[str]) -> str:
    """The format name for a header given as header keys (see reading.header_key)."""
    keys = set(keys)
    if "order code" in keys and "position id" in keys:
        return "pretix"
    if "api_id" in keys and "approval_status" in keys:
        return "luma"
    if "ticket reference" in keys or "ticket full name" in keys:
        return "tito"
    # Every Eventbrite layout seen has one of the numbers and one of the attendee columns.
    if ("attendee #" in keys or "order #" in keys) and ("attendee status" in keys or "ticket type" in keys):
        return "eventbrite"
    return "csv"
