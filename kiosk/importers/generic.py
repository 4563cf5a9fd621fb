"""Any other CSV: Meetup, pretalx, Google Forms, a spreadsheet someone made.

Columns are found by common header names (common.SYNONYMS), `--map FIELD=COLUMN` overrides them.
Ids: an id-like column ("User ID") or the code column if the file has one, else lower-cased email +
"|" + folded first and last name (or full name), else the name. A file without codes gets codes
derived from those ids, so a re-import gives every attendee the same code again.
"""

from __future__ import annotations

from collections.abc import Mapping

from .base import ImportedRow
from .common import Kit, apply_mapping, find_plan
from .reading import Table, clean_cell
from .values import derived_code, person_key

SOURCE = "csv"

# A badge name is what the person asked to be called; it beats the legal name when filled in.
_BADGE_NAME = (
    "name as it should appear on your badge",
    "name as it should appear on the badge",
    "name on badge",
    "name on your badge",
    "badge name",
    "name for badge",
    "name for your badge",
)

STATUS_WORDS = {
    **dict.fromkeys(
        ("paid", "valid", "attending", "yes", "y", "confirmed", "registered", "approved", "going",
         "checked in", "accepted", "complete", "completed"),
        "valid",
    ),
    **dict.fromkeys(("unpaid", "pending payment", "awaiting payment", "not paid"), "unpaid"),
    **dict.fromkeys(("pending", "pending approval", "waitlist", "waitlisted", "waiting list", "invited",
                     "maybe"), "pending"),
    **dict.fromkeys(
        ("cancelled", "canceled", "refunded", "void", "voided", "no", "n", "not attending", "not going",
         "declined", "rejected", "deleted", "expired"),
        "cancelled",
    ),
    "blocked": "blocked",
}


def parse(table: Table, mapping: Mapping[str, str] | None) -> list[ImportedRow]:
    plan = apply_mapping(table, find_plan(table), mapping)
    badge = None if mapping and "name" in mapping else table.find(*_BADGE_NAME)
    kit = Kit(table, SOURCE, plan, name_cols=[badge, plan["name"]])
    code_i, id_i, email_i = kit.col["code"], kit.col["external_id"], kit.col["email"]

    rows = []
    for line, cells in table.records:
        names = kit.names(cells)
        code = clean_cell(cells[code_i])
        external_id = clean_cell(cells[id_i]) or code
        if not external_id:
            # The legal name, not a badge name: people edit the latter when they sign up again.
            name, first, last = names
            legal = f"{first} {last}".strip() if first or last else name
            external_id = person_key(clean_cell(cells[email_i]), legal)
        rows.append(
            kit.build(
                line,
                cells,
                external_id=external_id,
                code=code or derived_code(external_id),
                status=kit.status(line, cells, STATUS_WORDS),
                names=names,
            )
        )
    return rows
