"""The end-of-event cash summary: every drawer of every desk this store knows (after sync), the totals per
desk, day, payment method and ticket type, and each drawer's close, discrepancies and open drawers first
to the eye. Figures of a closed drawer are those of its latest day report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

from kiosk.cash.payments import METHOD_NAMES
from kiosk.cash.report import closed_reports, local_time
from kiosk.cash.report_style import (
    BODY,
    BOLD,
    CELL,
    GREY,
    HEADING,
    ORANGE,
    RED,
    SMALL,
    SUBTITLE,
    TITLE,
    Footer,
    amount,
    build,
    over_short,
    para,
    style,
    table,
)
from kiosk.cash.totals import Pair, Totals, totals
from kiosk.store import Store

WIDTH = A4[0] - 36 * mm
_TINTS = {RED: colors.HexColor("#ffebee"), ORANGE: colors.HexColor("#fff3e0")}


def event_summary(store: Store, printed_at: dt.datetime | None = None) -> bytes:
    config = store.config()
    every = totals(store)
    c = every.currency
    when = local_time((printed_at or dt.datetime.now(dt.UTC)).isoformat(), config.timezone)
    span = (f"{config.days[0]:%d %b} – {config.days[-1]:%d %b %Y}" if len(config.days) > 1
            else f"{config.days[0]:%d %b %Y}") if config.days else ""
    story: list[Any] = [Footer(f"{config.name} · cash summary as of {when}", "Cash summary"),
                        para(f"Cash summary — {config.name}", TITLE), para(f"{span} · every desk, every day", SUBTITLE),
                        para(f"As of {when} ({config.timezone}), from the drawers and payments this desk knows: a "
                             "desk that has not synced yet is missing.", SMALL), Spacer(0, 3 * mm), _headline(every)]
    story += [para("By payment method", HEADING), _by_method(every)]
    desks = sorted({*every.sales_by_desk, *(d.desk for d in every.drawers)}, key=str.casefold)
    story += [para("By desk", HEADING), _breakdown("Desk", [(d, totals(store, desk=d)) for d in desks], c)]
    days = [(f"Day {n} · {date:%a %d %b}", totals(store, day=n)) for n, date in enumerate(config.days, start=1)]
    story += [para("By day", HEADING), _breakdown("Day", days, c)]
    tickets = [["Ticket type", "Sold", "Value"]] + [[para(t or "(none)", CELL), str(n), amount(a, c)]
                                                     for t, (n, a) in sorted(every.sales_by_ticket_type.items())]
    story += [para("By ticket type", HEADING), table(tickets, (90 * mm, 25 * mm, 35 * mm), right=(1, 2)),
              para("Value as sold: complimentary tickets at 0, pay-later tickets at the amount owed.", SMALL)]
    story += [KeepTogether([para("Drawers", HEADING), _drawers(store, every)])]
    return build(story, A4, f"Cash summary — {config.name}")


def _headline(every: Totals) -> Table:
    c = every.currency
    word, figure, colour = over_short(every.over_short_minor, c)
    big = style("headline", 17, bold=True)
    label = style("headline-label", 8, bold=True, colour=GREY)
    comps = every.sales_by_method.get("comp", (0, 0))[0]
    invoices = every.sales_by_method.get("invoice", (0, 0))[0]
    cells = [[para("NET TAKEN (cash + card − refunds)", label), para("INVOICES OWED", label),
              para("COMPLIMENTARY (waived)", label), para(f"DRAWERS {word}", label)],
             [para(amount(every.net_minor, c), big), para(amount(every.invoiced_minor, c), big),
              para(amount(every.comps_waived_minor, c), big),
              para(figure, style("headline-diff", 17, bold=True, colour=colour))],
             [para(f"cash {amount(_pair_sum(every.sales_by_method, ('cash',)), c)} + card "
                   f"{amount(_pair_sum(every.sales_by_method, ('card',)), c)} − refunds "
                   f"{amount(sum(a for _, a in every.refunds_by_method.values()), c)}", SMALL),
              para(f"{invoices} invoice{'s' if invoices != 1 else ''}", SMALL),
              para(f"{comps} ticket{'s' if comps != 1 else ''}", SMALL),
              para(f"voided: {every.voids[0]} ({amount(every.voids[1], c)})", SMALL)]]
    headline = Table(cells, colWidths=[WIDTH * 0.31, WIDTH * 0.23, WIDTH * 0.23, WIDTH * 0.23], hAlign="LEFT")
    headline.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5, colors.black),
                                  ("INNERGRID", (0, 0), (-1, -1), 0.4, colors.lightgrey)]))
    return headline


def _by_method(every: Totals) -> Table:
    c = every.currency
    rows: list[list[Any]] = [["Method", "Sales", "Value", "Refunds", "Refunded"]]
    for method in ("cash", "card", "comp", "invoice"):
        n, a = every.sales_by_method.get(method, (0, 0))
        rn, ra = every.refunds_by_method.get(method, (0, 0))
        value = {"comp": f"0 (waived {amount(every.comps_waived_minor, c)})", "invoice": f"{amount(a, c)} owed"}
        rows.append([METHOD_NAMES[method], str(n), value.get(method, amount(a, c)), str(rn), amount(ra, c)])
    rows.append(["Net taken", "", amount(every.net_minor, c), "", ""])
    return table(rows, (45 * mm, 18 * mm, 50 * mm, 20 * mm, 30 * mm), right=(1, 2, 3, 4), total=True)


def _pair_sum(pairs: dict[str, Pair], methods: tuple[str, ...]) -> int:
    return sum(a for m, (_, a) in pairs.items() if m in methods)


def _breakdown(what: str, groups: list[tuple[str, Totals]], currency: str) -> Table:
    rows: list[list[Any]] = [[what, "Sales", "Cash", "Card", "Refunds", "Net taken", "Invoices owed"]]
    for name, t in groups:
        sold = sum(n for n, _ in t.sales_by_method.values())
        rows.append([para(name, CELL), str(sold), amount(_pair_sum(t.sales_by_method, ("cash",)), currency),
                     amount(_pair_sum(t.sales_by_method, ("card",)), currency),
                     amount(sum(a for _, a in t.refunds_by_method.values()), currency), amount(t.net_minor, currency),
                     amount(t.invoiced_minor, currency)])
    return table(rows, (40 * mm, 14 * mm, 22 * mm, 22 * mm, 20 * mm, 26 * mm, WIDTH - 144 * mm),
                 right=(1, 2, 3, 4, 5, 6))


def _drawers(store: Store, every: Totals) -> Any:
    """Each drawer's latest report, or NOT CLOSED; a difference tinted in its colour, with its word."""
    c = every.currency
    replaced = {r.report_no: r.replaces for r in closed_reports(store) if r.replaces}
    rows: list[list[Any]] = [["Desk", "Day", "Report", "State", "Expected", "Counted", "Over / short"]]
    extra: list[tuple[Any, ...]] = []
    for i, d in enumerate(every.drawers, start=1):
        if d.state != "closed":
            rows.append([para(d.desk, CELL), str(d.day), "—", "NOT CLOSED", amount(d.expected_minor, c), "—",
                         "not closed"])
            extra += [("TEXTCOLOR", (3, i), (-1, i), RED), ("FONTNAME", (3, i), (3, i), BOLD)]
            continue
        difference = int(d.close.get("difference_minor", 0))
        word, figure, colour = over_short(difference, c)
        number = d.report_no + (f" (replaces {replaced[d.report_no]})" if d.report_no in replaced else "")
        rows.append([para(d.desk, CELL), str(d.day), para(number, CELL), "closed",
                     amount(int(d.close.get("expected_minor", 0)), c), amount(int(d.close.get("counted_minor", 0)), c),
                     f"{word} {figure}" if difference else "exact"])
        if difference:
            extra += [("BACKGROUND", (0, i), (-1, i), _TINTS[colour]), ("TEXTCOLOR", (6, i), (6, i), colour),
                      ("FONTNAME", (6, i), (6, i), BOLD)]
    closed = [d for d in every.drawers if d.state == "closed"]
    word, figure, _ = over_short(every.over_short_minor, c)
    rows.append(["All closed drawers", "", "", f"{len(closed)} of {len(every.drawers)}",
                 amount(sum(int(d.close.get("expected_minor", 0)) for d in closed), c),
                 amount(sum(int(d.close.get("counted_minor", 0)) for d in closed), c),
                 f"{word} {figure}" if every.over_short_minor else "exact"])
    if len(rows) == 2:
        return para("No drawer was opened.", BODY)
    return table(rows, (32 * mm, 10 * mm, 42 * mm, 22 * mm, 22 * mm, 22 * mm, WIDTH - 150 * mm),
                 right=(4, 5, 6), total=True, extra=extra)
