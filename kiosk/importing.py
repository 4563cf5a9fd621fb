"""Writing a parsed ticket-shop export into the store: one transaction, new facts only.

New tickets become `attendee.imported`; tickets whose shop data changed since the last import become
`attendee.edited` (origin "import") carrying only the changed fields; unchanged ones write nothing.
Changes are compared with what the shop said last time, not with the desk's row, so a typo a
volunteer fixed at the desk is not undone by importing the same file again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import config as config_mod
from kiosk.attendees import attendee_id_for
from kiosk.importers import ImportedRow, ParsedImport
from kiosk.store import Store, Writer

Progress = Callable[[int, int], None]  # (rows done, rows in all)
_PROGRESS_EVERY = 500


@dataclass(frozen=True)
class ImportSummary:
    path: str
    format: str
    rows: int
    added: int
    updated: int
    unchanged: int
    cancelled: int  # tickets that became cancelled with this import

    def describe(self) -> str:
        return (f"{self.path} ({self.format}): {self.rows} rows — {self.added} new, {self.updated} changed, "
                f"{self.unchanged} unchanged, {self.cancelled} newly cancelled")


def row_fields(row: ImportedRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "order_code": row.order_code,
        "name": row.name,
        "first_name": row.first_name,
        "last_name": row.last_name,
        "email": row.email,
        "organisation": row.organisation,
        "city": row.city,
        "country": row.country,
        "ticket_type": row.ticket_type,
        "role": row.role,
        "interests": list(row.interests),
        "status": row.status,
        "price_minor": row.price_minor,
        "currency": row.currency,
        "answers": dict(row.answers),
    }


def import_parsed(
    store: Store, parsed: ParsedImport, actor: str = "import", progress: Progress | None = None
) -> ImportSummary:
    total = len(parsed.rows)
    added = updated = cancelled = 0
    with store.write(actor=actor) as writer:
        _update_config(store, writer, parsed, actor)
        known = _imported_snapshots(store, {r.source for r in parsed.rows})
        with_events = _attendees_with_events(store)
        file_name = Path(parsed.path).name
        for done, row in enumerate(parsed.rows, start=1):
            fields = row_fields(row)
            attendee_id = attendee_id_for(row.source, row.external_id)
            previous = known.get(attendee_id)
            if previous is None:
                writer.append("attendee.imported", {
                    "attendee_id": attendee_id, "source": row.source, "external_id": row.external_id,
                    "fields": fields, "file": file_name, "line": row.line,
                }, new_attendee=attendee_id not in with_events)
                added += 1
            else:
                changes = {k: v for k, v in fields.items() if previous.get(k) != v}
                if changes:
                    writer.append("attendee.edited", {
                        "attendee_id": attendee_id, "changes": changes, "origin": "import",
                        "file": file_name, "line": row.line,
                    })
                    updated += 1
                    cancelled += changes.get("status") == "cancelled"
            if progress and (done % _PROGRESS_EVERY == 0 or done == total):
                progress(done, total)
    return ImportSummary(parsed.path, parsed.format, total, added, updated, total - added - updated, cancelled)


def _imported_snapshots(store: Store, sources: set[str]) -> dict[str, dict[str, Any]]:
    if not sources:
        return {}
    marks = ", ".join("?" * len(sources))
    rows = store.conn.execute(f"SELECT id, imported FROM attendees WHERE source IN ({marks})", sorted(sources))
    return {attendee_id: json.loads(imported) for attendee_id, imported in rows}


def _attendees_with_events(store: Store) -> set[str]:
    """Attendees the log already mentions (a check-in synced in before its import, say); read from the
    partial expression index, so it costs little even on a large log."""
    rows = store.conn.execute(
        "SELECT DISTINCT json_extract(body, '$.attendee_id') FROM events "
        "WHERE json_extract(body, '$.attendee_id') IS NOT NULL"
    )
    return {attendee_id for (attendee_id,) in rows}


def _update_config(store: Store, writer: Writer, parsed: ParsedImport, actor: str) -> None:
    """Create a first configuration if needed; register interests and ticket types the file brings."""
    current = store.config() if store.has_config() else config_mod.default_config(Path(parsed.path).stem)
    interests = [name for row in parsed.rows for name in row.interests]
    prices: dict[str, int | None] = {}
    for row in parsed.rows:
        prices.setdefault(row.ticket_type, row.price_minor)
    wanted = current.with_interests(list(dict.fromkeys(interests))).with_ticket_types(prices)
    if not store.has_config() or wanted != current:
        store.set_config(wanted, actor, writer=writer)
