"""pretix "Order data" export, sheet "Order positions" (one row per ticket, add-ons as rows too).

Columns used: "Order code"-"Position ID" is the stable id, "Ticket secret" is what the QR holds,
"Attendee name" (or its "Attendee name: Given name"-style parts) the person, "Product" (+ "Variation")
the ticket type, "Status" (an order status) and "Blocked" the desk status.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from .base import ImportedRow
from .common import SYNONYMS, Kit, apply_mapping, find_plan
from .reading import Table, clean, clean_cell
from .values import derived_code

SOURCE = "pretix"

# Order statuses as pretix displays them (English and German); a pending order is not paid yet.
STATUS_WORDS = {
    "paid": "valid",
    "pending": "unpaid",
    "canceled": "cancelled",
    "cancelled": "cancelled",
    "expired": "cancelled",
    "approval pending": "pending",
    "bezahlt": "valid",
    "ausstehend": "unpaid",
    "storniert": "cancelled",
    "abgelaufen": "cancelled",
}
_NOT_BLOCKED = frozenset({"no", "false", "0", "nein"})
_GIVEN = ("attendee name: given name", "attendee name: first name")
_FAMILY = ("attendee name: family name", "attendee name: last name", "attendee name: surname")


def parse(table: Table, mapping: Mapping[str, str] | None) -> list[ImportedRow]:
    order_i = table.find("order code")
    position_i = table.find("position id")
    if order_i is None:
        raise table.missing(SOURCE, "Order code")
    if position_i is None:
        raise table.missing(SOURCE, "Position ID")
    plan = find_plan(
        table,
        name=table.find("attendee name"),
        first_name=table.find(*_GIVEN),
        last_name=table.find(*_FAMILY),
        email=table.find("attendee email"),
        organisation=table.find("attendee company", "company"),
        city=table.find("city"),
        country=table.find("country"),
        ticket_type=table.find("product", "item"),
        price=table.find("price"),
        currency=table.find("currency"),
        status=table.find("status"),
        order_code=order_i,
        code=table.find("ticket secret", "secret"),
        external_id=None,
        role=table.find("role"),
        interests=table.find(*SYNONYMS["interests"]),
    )
    plan = apply_mapping(table, plan, mapping)
    order_email = table.find("email")
    invoice_name = table.find("invoice address name")
    blocked = table.find("blocked")
    variation = table.find("variation")
    addon_to = table.find("add-on to position id")
    name_parts = [i for i, key in enumerate(table.keys) if key.startswith("attendee name:")]
    kit = Kit(
        table,
        SOURCE,
        plan,
        used=[position_i, order_email, invoice_name, blocked, variation, addon_to, *name_parts],
        fallback_name_cols=[invoice_name],
    )
    col = kit.col
    product_i, code_i, id_i, email_i = col["ticket_type"], col["code"], col["external_id"], col["email"]
    mapped_id = plan["external_id"] is not None
    own_order = plan["order_code"] == order_i  # else a --map moved it: let the kit read that column
    status_i, statuses = col["status"], kit.statuses  # the shortcut past kit.status for known cells
    order_email, blocked, variation, addon_to = map(table.at, (order_email, blocked, variation, addon_to))

    rows: list[ImportedRow] = []
    addons: dict[str, list[str]] = {}
    for line, cells in table.records:
        order = clean_cell(cells[order_i])
        if not order:
            raise kit.fail(line, order_i, "empty value")
        product = clean(cells[product_i])
        if cells[variation]:
            product = " – ".join(filter(None, (product, clean(cells[variation]))))
        if cells[addon_to]:
            # An add-on (workshop, T-shirt) belongs to its parent ticket; it is not another attendee.
            addons.setdefault(f"{order}-{clean(cells[addon_to])}", []).append(product)
            continue
        if mapped_id:
            external_id = kit.required(line, cells, id_i)
        else:
            position = clean(cells[position_i])  # memoised: positions are 1, 2, 3 ... over and over
            if not position:
                raise kit.fail(line, position_i, "empty value")
            external_id = f"{order}-{position}"
        status = statuses.get(cells[status_i]) or kit.status(line, cells, STATUS_WORDS)
        if cells[blocked] and status != "cancelled":
            flag = clean(cells[blocked])
            if flag and flag.casefold() not in _NOT_BLOCKED:
                status = "blocked"
        rows.append(
            kit.build(
                line,
                cells,
                external_id=external_id,
                code=clean_cell(cells[code_i]) or derived_code(external_id),
                status=status,
                email=clean_cell(cells[email_i]) or clean_cell(cells[order_email]),
                order_code=order if own_order else None,
                ticket_type=product,
            )
        )
    return _attach_addons(rows, addons) if addons else rows


def _attach_addons(rows: list[ImportedRow], addons: dict[str, list[str]]) -> list[ImportedRow]:
    out = []
    for row in rows:
        products = addons.get(row.external_id)
        if products:
            row = dataclasses.replace(row, answers=(*row.answers, ("Add-ons", ", ".join(products))))
        out.append(row)
    return out
