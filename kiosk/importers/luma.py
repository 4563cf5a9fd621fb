"""Luma (lu.ma) guest list export: snake_case headers, custom questions as columns.

"api_id" (gst-…) is the stable id; the check-in QR encodes qr_code_url, whose `pk` parameter is
what identifies the guest. Luma has no orders and no organisation field of its own.
"""

from __future__ import annotations

from collections.abc import Mapping

from .base import ImportedRow
from .common import SYNONYMS, Kit, apply_mapping, find_plan
from .reading import Table, clean_cell
from .values import query_param

SOURCE = "luma"

STATUS_WORDS = {
    "approved": "valid",
    "declined": "cancelled",
    "rejected": "cancelled",
    "invited": "pending",
    "pending_approval": "pending",
    "waitlist": "pending",
}


def parse(table: Table, mapping: Mapping[str, str] | None) -> list[ImportedRow]:
    api_i = table.find("api_id")
    status_i = table.find("approval_status")
    if api_i is None:
        raise table.missing(SOURCE, "api_id")
    if status_i is None:
        raise table.missing(SOURCE, "approval_status")
    plan = find_plan(
        table,
        name=table.find("name"),
        first_name=table.find("first_name"),
        last_name=table.find("last_name"),
        email=table.find("email"),
        ticket_type=table.find("ticket_name"),
        price=table.find("amount"),
        currency=table.find("currency"),
        status=status_i,
        order_code=None,
        code=None,
        external_id=api_i,
        role=table.find("role"),
        interests=table.find(*SYNONYMS["interests"]),
    )
    plan = apply_mapping(table, plan, mapping)
    qr_i = table.find("qr_code_url")
    kit = Kit(table, SOURCE, plan, used=[qr_i])
    id_i, code_i, qr_i = kit.col["external_id"], kit.col["code"], table.at(qr_i)

    rows = []
    for line, cells in table.records:
        external_id = kit.required(line, cells, id_i)
        rows.append(
            kit.build(
                line,
                cells,
                external_id=external_id,
                code=clean_cell(cells[code_i]) or query_param(clean_cell(cells[qr_i]), "pk") or external_id,
                status=kit.status(line, cells, STATUS_WORDS),
            )
        )
    return rows
