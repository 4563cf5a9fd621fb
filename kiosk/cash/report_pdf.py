"""The day report of a drawer (closed: numbered, counted, signed; or interim: still open) and the drop slip,
drawn with reportlab. Everything comes from a DrawerSummary and, for a closed report, the close's event
body: nothing here reads the store, so a report cannot change after it was signed."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, Table, TableStyle

from kiosk.cash.drawer import DrawerSummary, Move
from kiosk.cash.payments import METHOD_NAMES
from kiosk.cash.report import ClosedReport, local_time
from kiosk.cash.report_style import (
    BODY,
    BOLD,
    CELL,
    CELL_BOLD,
    GREY,
    HEADING,
    LIGHT,
    ORANGE,
    RED,
    SMALL,
    SUBTITLE,
    TITLE,
    Footer,
    amount,
    build,
    counts_table,
    day_label,
    markup,
    over_short,
    para,
    rich,
    style,
    table,
)

WIDTH = A4[0] - 36 * mm  # the text width between the margins
HALF = WIDTH / 2 - 6 * mm  # a table in one of two columns
INTERIM = "INTERIM — drawer still open, not a closed report"


def reports_document(reports: Sequence[ClosedReport], interims: Sequence[tuple[DrawerSummary, dt.date | None]],
                     event_name: str, timezone: str, printed_at: dt.datetime | None = None) -> bytes:
    """Closed reports, then interim reports, each starting on a new page, in one A4 document."""
    story: list[Any] = []
    for report in reports:
        story += [PageBreak()] if story else []
        story += closed_story(report, event_name, timezone)
    for summary, date in interims:
        story += [PageBreak()] if story else []
        story += interim_story(summary, date, event_name, timezone, printed_at or dt.datetime.now(dt.UTC))
    first = f"Cash day report {reports[0].report_no}" if reports else "Interim cash report"
    return build(story, A4, first)


def closed_story(report: ClosedReport, event_name: str, timezone: str) -> list[Any]:
    """The result first (what the treasurer signs for), then how it came about, then the signatures."""
    s, close, currency = report.summary, report.close, report.summary.currency
    where = f"{event_name} · {s.desk} · {day_label(s.day, report.date)}"
    story: list[Any] = [Footer(where, report.report_no), para(f"Cash day report {report.report_no}", TITLE),
                        para(where, SUBTITLE),
                        para(f"Device {s.device} · closed {local_time(report.closed_at, timezone)} by {report.actor}"
                             f" · times in {timezone}", SMALL)]
    if report.replaces:
        story += [Spacer(0, 2 * mm), _replaces_box(report, timezone)]
    explanation = str(close.get("explanation", "")) or ("none needed: the drawer balanced" if not
                                                        report.difference_minor else "none given")
    kept_minor, to_bank = int(close.get("kept_minor", 0)), int(close.get("to_bank_minor", 0))
    story += [Spacer(0, 3 * mm), _result(report.expected_minor, report.counted_minor, report.difference_minor,
                                         currency),
              Spacer(0, 2 * mm), rich(f"<b>Explanation:</b> {markup(explanation)}", style("explanation", 10.5)),
              Spacer(0, 1 * mm),
              rich(f"<b>Cash to bank: {amount(to_bank, currency)}</b> · float kept for tomorrow: "
                   f"{amount(kept_minor, currency)}", style("bank", 10.5))]
    story += _body(s, timezone)
    count = next((m for m in s.moves if m.id == close.get("count_id")), s.last_count)
    counted_by, witness = ((count.people if count else ()) + ("", ""))[:2]
    counted: list[Any] = [para("Blind count at the close", HEADING)]
    if count is not None:
        counted += [para(f"Counted {local_time(count.at, timezone)} by {counted_by}, witness {witness}, before "
                         "either saw the expected total.", CELL), Spacer(0, 1.5 * mm),
                    counts_table(count.counts, currency, HALF)]
    kept = report.kept_counts
    stays: list[Any] = [para("Float kept for tomorrow", HEADING),
                        para(f"Stays in the drawer; the other {amount(to_bank, currency)} goes to the bank.", CELL),
                        Spacer(0, 1.5 * mm)]
    stays += [counts_table(kept, currency, HALF)] if kept else [para("None: everything goes to the bank.", BODY)]
    word, figure, colour = over_short(report.difference_minor, currency)
    restated = rich(f"<b>{report.report_no}</b>: expected {amount(report.expected_minor, currency)} · counted "
                    f"{amount(report.counted_minor, currency)} · <font color='#{colour.hexval()[2:]}'><b>"
                    f"{word} {figure}</b></font> · to bank {amount(to_bank, currency)}", BODY)
    story += [CondPageBreak(70 * mm), Spacer(0, 3 * mm), side_by_side(counted, stays), Spacer(0, 6 * mm),
              KeepTogether([*_signatures(counted_by, witness, restated)])]
    return story


def interim_story(s: DrawerSummary, date: dt.date | None, event_name: str, timezone: str,
                  printed_at: dt.datetime) -> list[Any]:
    if date is None and s.opened_at:  # the venue's date of the opening is the event day's date
        date = dt.datetime.fromisoformat(s.opened_at).astimezone(zoneinfo.ZoneInfo(timezone)).date()
    where = f"{event_name} · {s.desk} · {day_label(s.day, date)}"
    printed = local_time(printed_at.isoformat(), timezone)
    banner = Table([[para(INTERIM, style("banner", 12, bold=True, colour=RED))]], colWidths=[WIDTH])
    banner.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5, RED), ("TOPPADDING", (0, 0), (-1, -1), 5),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    expected = Table([[para("EXPECTED IN THE DRAWER NOW", CELL_BOLD),
                       para(amount(s.expected_minor, s.currency), style("big", 20, bold=True))]],
                     colWidths=[WIDTH * 0.5, WIDTH * 0.5], hAlign="LEFT")
    expected.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                  ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    story: list[Any] = [Footer(where, f"Interim {s.desk} day {s.day}"),
                        para(f"Interim cash report — {s.desk}", TITLE), para(where, SUBTITLE),
                        para(f"Device {s.device} · as of {printed} · times in {timezone}", SMALL),
                        Spacer(0, 3 * mm), banner, Spacer(0, 3 * mm), expected,
                        para("Not counted: what the drawer should hold now, from the float and the cash moves below.",
                             SMALL)]
    return story + _body(s, timezone)


def section(title: str, *content: Any) -> KeepTogether:
    """A heading never ends a page alone: it moves to the next page with (the start of) its table."""
    return KeepTogether([para(title, HEADING), *content])


def side_by_side(left: list[Any], right: list[Any]) -> Table:
    """Two columns of flowables (two small tables that belong together, e.g. the float and the expected sum)."""
    pair = Table([[left, right]], colWidths=[WIDTH / 2, WIDTH / 2], hAlign="LEFT")
    pair.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("LEFTPADDING", (1, 0), (1, 0), 6 * mm)]))
    return pair


def _replaces_box(report: ClosedReport, timezone: str) -> Table:
    lines = [rich(f"<b>Replaces report {report.replaces}</b>: the drawer was reopened after it was closed.", BODY)]
    for m in report.reopenings:
        lines.append(rich(f"Reopened {local_time(m.at, timezone)} by {markup(m.actor)}: {markup(m.reason)}", BODY))
    box = Table([[lines]], colWidths=[WIDTH])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, ORANGE), ("BACKGROUND", (0, 0), (-1, -1),
                                                                       colors.HexColor("#fff3e0"))]))
    return box


def _body(s: DrawerSummary, timezone: str) -> list[Any]:
    """What every report says of a drawer: float and expected sum, sales, refunds and voids, cash moves."""
    c = s.currency
    opening = [para("Opening float", HEADING),
               para(f"Opened {local_time(s.opened_at, timezone)}, counted by {s.opened_by}, witness "
                    f"{s.opened_witness}.", CELL), Spacer(0, 1.5 * mm), counts_table(s.float_counts, c, HALF)]
    story: list[Any] = [Spacer(0, 2 * mm),
                        side_by_side(opening, [para("Cash the drawer should hold", HEADING), _expected_table(s)])]
    story += [section("Sales by payment method", _methods_table(s))]
    tickets = [["Ticket type", "Sold", "Value"]] + [[para(name or "(none)", CELL), str(sold), amount(value, c)]
                                                     for name, (sold, value) in sorted(s.sales_by_ticket_type.items())]
    story += [section("Sales by ticket type",
                      table(tickets, (90 * mm, 25 * mm, 35 * mm), right=(1, 2)) if len(tickets) > 1 else
                      para("None.", BODY),
                      para("Value as sold: complimentary tickets at 0, pay-later tickets at the amount owed.", SMALL))]
    refunds = [["Refunds", "How many", "Amount"]] + [[METHOD_NAMES.get(method, method), str(times), amount(paid, c)]
                                                     for method, (times, paid) in sorted(s.refunds_by_method.items())]
    story += [section("Refunds and voids",
                      table(refunds, (90 * mm, 25 * mm, 35 * mm), right=(1, 2)) if len(refunds) > 1 else
                      para("No refunds.", BODY), Spacer(0, 1.5 * mm),
                      para(f"Voided: {s.voids[0]} payment{'s' if s.voids[0] != 1 else ''}, {amount(s.voids[1], c)} "
                           "(entered by mistake and undone; not counted in the sales above).", BODY))]
    return story + _moves_section(s, timezone)


def _methods_table(s: DrawerSummary) -> Table:
    c = s.currency
    rows: list[list[Any]] = [["Method", "Payments", "Taken", "Note"]]
    for method in ("cash", "card", "comp", "invoice"):
        n, total = s.sales_by_method.get(method, (0, 0))
        note = {"cash": "into this drawer", "card": "on the card terminal",
                "comp": f"free: value waived {amount(s.comps_waived_minor, c)}",
                "invoice": f"{amount(total, c)} owed by invoice, not taken"}[method]
        taken = amount(total, c) if method in ("cash", "card") else "—"
        rows.append([METHOD_NAMES[method], str(n), taken, note])
    taken_n = sum(s.sales_by_method.get(m, (0, 0))[0] for m in ("cash", "card"))
    taken_minor = sum(s.sales_by_method.get(m, (0, 0))[1] for m in ("cash", "card"))
    rows.append(["Taken (cash + card)", str(taken_n), amount(taken_minor, c), ""])
    return table(rows, (45 * mm, 22 * mm, 30 * mm, WIDTH - 97 * mm), right=(1, 2), total=True)


def _moves_section(s: DrawerSummary, timezone: str) -> list[Any]:
    c = s.currency
    money_moves = [m for m in s.moves if m.type in ("drawer.paid_in", "drawer.paid_out")]
    rows: list[list[Any]] = [["Time", "", "Amount", "Reason", "By"]]
    for m in money_moves:
        word, sign = ("Paid in", 1) if m.type == "drawer.paid_in" else ("Paid out", -1)
        rows.append([local_time(m.at, timezone, with_date=False), word, amount(sign * m.amount_minor, c),
                     para(m.reason, CELL), para(m.actor, CELL)])
    story: list[Any] = [section("Paid in and paid out",
                                table(rows, (14 * mm, 18 * mm, 26 * mm, 78 * mm, WIDTH - 136 * mm), right=(2,))
                                if money_moves else para("None.", BODY))]
    opens = [m for m in s.moves if m.type == "drawer.no_sale"]
    rows = [["Time", "Reason", "By"]] + [[local_time(m.at, timezone, with_date=False), para(m.reason, CELL),
                                           para(m.actor, CELL)] for m in opens]
    story += [section(f"Drawer opened without a sale: {len(opens)}",
                      table(rows, (14 * mm, 122 * mm, WIDTH - 136 * mm)) if opens else para("None.", BODY))]
    drops = [m for m in s.moves if m.type == "drawer.dropped"]
    rows = [["Slip", "Time", "Counted by / witness", "To", "Amount"]]
    for m in drops:
        rows.append([m.number, local_time(m.at, timezone, with_date=False), para(" / ".join(m.people), CELL),
                     para(m.reason, CELL), amount(m.amount_minor, c)])
    if drops:
        rows.append(["Total", "", "", "", amount(s.drops_minor, c)])
    story += [section("Cash drops", table(rows, (28 * mm, 14 * mm, 62 * mm, 40 * mm, WIDTH - 144 * mm), right=(4,),
                                          total=True) if drops else para("None.", BODY))]
    return story


def _expected_table(s: DrawerSummary) -> Table:
    c = s.currency
    rows = [["Opening float", amount(s.float_minor, c)], ["+ cash sales", amount(s.cash_sales_minor, c)],
            ["− cash refunds", amount(-s.cash_refunds_minor, c)], ["+ paid in", amount(s.paid_in_minor, c)],
            ["− paid out", amount(-s.paid_out_minor, c)], ["− cash drops", amount(-s.drops_minor, c)],
            ["= expected in the drawer", amount(s.expected_minor, c)]]
    return table(rows, (HALF * 0.6, HALF * 0.4), right=(1,), total=True, header=False)


def _result(expected: int, counted: int, difference: int, currency: str) -> Table:
    """EXPECTED, COUNTED and OVER/SHORT in large type, the difference in its colour, with its word."""
    word, figure, colour = over_short(difference, currency)
    label = style("result-label", 9, bold=True, colour=GREY)
    big = style("result", 19, bold=True)
    cells = [[para("EXPECTED", label), para("COUNTED", label),
              para("OVER / SHORT", style("word", 9, bold=True, colour=colour))],
             [para(amount(expected, currency), big), para(amount(counted, currency), big),
              para(f"{word} {figure}", style("difference", 19, bold=True, colour=colour))]]
    result = Table(cells, colWidths=[WIDTH / 3] * 3, hAlign="LEFT")
    tint = {RED: "#ffebee", ORANGE: "#fff3e0"}.get(colour, "#e8f5e9")
    result.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.5, colors.black), ("INNERGRID", (0, 0), (-1, -1), 0.5,
                                                                                  colors.grey),
                                ("BACKGROUND", (2, 0), (2, -1), colors.HexColor(tint)),
                                ("TOPPADDING", (0, 1), (-1, 1), 4), ("BOTTOMPADDING", (0, 1), (-1, 1), 9)]))
    return result


def _signatures(counted_by: str, witness: str, restated: Any, width: float = WIDTH) -> list[Any]:
    """Printed names where they are known; signature and date written by hand on the lines. The figures are
    restated above them, so the page that is signed says what was signed for."""
    who = ("Counted by", "Witness", "Treasurer")
    names = [counted_by, witness, ""]
    rows = [["", "Name", "Signature", "Date"]]
    rows += [[role, para(name, CELL), "", ""] for role, name in zip(who, names, strict=False)]
    lines = table(rows, (width * 0.17, width * 0.33, width * 0.32, width * 0.18),
                  heights=[None] + [12 * mm] * (len(rows) - 1),  # tall rows: room for a signature
                  extra=[("LINEBELOW", (1, 1), (-1, -1), 0.7, colors.black),
                         ("BACKGROUND", (0, 0), (-1, 0), colors.white), ("VALIGN", (0, 1), (-1, -1), "BOTTOM"),
                         ("FONTNAME", (0, 1), (0, -1), BOLD), ("LINEBELOW", (0, 0), (-1, 0), 0.25, colors.white)])
    return [para("Signatures", HEADING), restated,
            para("We counted this cash and agree with the figures of this report.", SMALL), Spacer(0, 1 * mm), lines]


def drop_slip(move: Move, summary: DrawerSummary, event_name: str, timezone: str) -> bytes:
    """A6 slip for the bag: what went from which drawer to where, counted by whom."""
    c, width = summary.currency, A6[0] - 20 * mm
    by, witness = (*move.people, "", "")[:2]
    where = f"{event_name} · {summary.desk} · day {summary.day}"
    facts = [["From", para(f"{summary.desk} drawer, day {summary.day} (device {summary.device})", CELL)],
             ["To", para(move.reason or "safe", CELL)], ["Time", local_time(move.at, timezone)],
             ["Recorded by", para(move.actor, CELL)]]
    total = Table([[para("TOTAL", CELL_BOLD), para(amount(move.amount_minor, c), style("slip-total", 16, bold=True))]],
                  colWidths=[width * 0.4, width * 0.6], hAlign="LEFT")
    total.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.black), ("BACKGROUND", (0, 0), (0, 0), LIGHT),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    sign = table([["", "Name", "Signature"], ["Counted by", para(by, CELL), ""], ["Witness", para(witness, CELL), ""]],
                 (width * 0.3, width * 0.34, width * 0.36), heights=[None, 10 * mm, 10 * mm],
                 extra=[("LINEBELOW", (1, 1), (-1, -1), 0.7, colors.black), ("VALIGN", (0, 1), (-1, -1), "BOTTOM"),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.white), ("FONTNAME", (0, 1), (0, -1), BOLD),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.25, colors.white)])
    story: list[Any] = [Footer(where, move.number), para("Cash drop slip", style("slip-kind", 10, colour=GREY)),
                        para(move.number, style("slip-title", 17, bold=True)), para(event_name, SMALL),
                        Spacer(0, 2 * mm),
                        table(facts, (width * 0.3, width * 0.7), header=False,
                              extra=[("FONTNAME", (0, 0), (0, -1), BOLD)]),
                        Spacer(0, 2 * mm), counts_table(move.counts, c, width), Spacer(0, 2 * mm), total,
                        Spacer(0, 2 * mm), sign,
                        para(f"Times in {timezone}.", style("slip-small", 6.5, colour=GREY))]
    return build(story, A6, f"Cash drop slip {move.number}", margin=10 * mm)

