"""Tito ticket exports (2014 onwards, with custom questions as extra columns).

"Ticket Reference" (order reference + "-n") is the stable id; the ticket QR holds the last segment
of "Unique Ticket URL". A ticket nobody has been assigned to yet has an empty "Ticket Full Name":
it is imported under the buyer ("Order Name", "Order Email") so the desk can still find it.
"""

from __future__ import annotations

from collections.abc import Mapping

from .base import ImportedRow
from .common import SYNONYMS, Kit, apply_mapping, find_plan, get
from .reading import Table
from .values import url_tail

SOURCE = "tito"

# "Void Status" is a flag, not a status word: anything but these means the ticket stands.
_VOID = frozenset({"true", "yes", "1", "void", "voided", "cancelled", "canceled"})


def parse(table: Table, mapping: Mapping[str, str] | None) -> list[ImportedRow]:
    reference_i = table.find("ticket reference")
    if reference_i is None:
        raise table.missing(SOURCE, "Ticket Reference")
    plan = find_plan(
        table,
        name=table.find("ticket full name"),
        first_name=table.find("ticket first name"),
        last_name=table.find("ticket last name"),
        email=table.find("ticket email"),
        organisation=table.find("ticket company name", "ticket company"),
        ticket_type=table.find("ticket", "ticket release", "release"),
        price=table.find("price", "ticket price"),
        currency=table.find("currency"),
        status=table.find("void status"),
        order_code=table.find("order reference"),
        code=None,
        external_id=reference_i,
        role=table.find("role"),
        interests=table.find(*SYNONYMS["interests"]),
    )
    plan = apply_mapping(table, plan, mapping)
    url_i = table.find("unique ticket url")
    order_name = table.find("order name")
    order_email = table.find("order email")
    order_company = table.find("order company name", "order company")
    kit = Kit(
        table,
        SOURCE,
        plan,
        used=[url_i, order_email, order_company],
        fallback_name_cols=[order_name],
    )
    id_i, code_i, status_i = kit.col["external_id"], plan["code"], plan["status"]
    own_name = [i for i in (*kit.name_cols, plan["first_name"], plan["last_name"]) if i is not None]

    rows = []
    for line, cells in table.records:
        external_id = kit.required(line, cells, id_i)
        email = get(cells, plan["email"]) or get(cells, order_email)
        organisation = get(cells, plan["organisation"])
        if not any(get(cells, i) for i in own_name):  # unassigned: the buyer's details stand in
            organisation = organisation or get(cells, order_company)
        rows.append(
            kit.build(
                line,
                cells,
                external_id=external_id,
                code=get(cells, code_i) or url_tail(get(cells, url_i)) or external_id,
                status="cancelled" if get(cells, status_i).casefold() in _VOID else "valid",
                email=email,
                organisation=organisation,
            )
        )
    return rows
