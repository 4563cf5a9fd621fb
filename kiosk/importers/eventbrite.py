"""Eventbrite "Attendee Summary"/attendee report, in its 2011, 2023 and 2024 layouts.

One row per attendee; "Attendee #" is the stable id, "Barcode #" (when exported) what the ticket's
QR holds, else the attendee number. Old files carry the currency in headers ("Amount (USD)").
"""

from __future__ import annotations

from collections.abc import Mapping

from .base import ImportedRow
from .common import SYNONYMS, Kit, apply_mapping, find_plan
from .reading import Table, clean_cell

SOURCE = "eventbrite"

STATUS_WORDS = {
    "attending": "valid",
    "checked in": "valid",
    "checked out": "valid",
    "not attending": "cancelled",
    "refunded": "cancelled",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "deleted": "cancelled",
    "transferred": "cancelled",  # the ticket now lives on as another attendee number
}


def parse(table: Table, mapping: Mapping[str, str] | None) -> list[ImportedRow]:
    attendee_i = table.find("attendee #", "attendee no", "attendee number")
    if attendee_i is None:
        raise table.missing(SOURCE, "Attendee #")
    plan = find_plan(
        table,
        name=table.find("attendee name", "name"),
        first_name=table.find("first name"),
        last_name=table.find("last name"),
        email=table.find("email", "email address"),
        organisation=table.find("company", "organization", "organisation"),
        # Shipping addresses are where tickets were posted to, not where the attendee is from.
        city=table.find("home city", "work city", "city"),
        country=table.find("home country", "work country", "country"),
        ticket_type=table.find("ticket type"),
        price=table.find("total paid", "amount", "ticket price", "price", loose=True),
        currency=table.find("currency"),
        status=table.find("attendee status"),
        order_code=table.find("order #", "order no", "order number"),
        code=table.find("barcode #", "barcode"),
        external_id=attendee_i,
        role=table.find("role"),
        interests=table.find(*SYNONYMS["interests"]),
    )
    plan = apply_mapping(table, plan, mapping)
    kit = Kit(table, SOURCE, plan)
    id_i, code_i = kit.col["external_id"], kit.col["code"]

    rows = []
    for line, cells in table.records:
        external_id = kit.required(line, cells, id_i)
        rows.append(
            kit.build(
                line,
                cells,
                external_id=external_id,
                code=clean_cell(cells[code_i]) or external_id,
                status=kit.status(line, cells, STATUS_WORDS),
            )
        )
    return rows
