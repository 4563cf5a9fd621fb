"""Day reports, drop slips, the event summary and the CSVs, read back: PDF text extracted with pdfium, page 1
rendered to tests/kiosk/cash/previews/ for a person to look at, CSVs parsed with csv.DictReader.

All data is made through the core operations, as the desk makes it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from kiosk import pins
from kiosk.cash import drawer, payments
from kiosk.cash.drawer import Move
from kiosk.cash.payments import Tender
from kiosk.cash.report import (
    closed_reports,
    day_report_pdf,
    drop_slip_pdf,
    event_summary_pdf,
    interim_report_pdf,
    reports_pdf,
)
from kiosk.cash.report_csv import drawers_csv, payments_csv
from kiosk.pins import Authorisation
from kiosk.registration import WalkIn, register
from kiosk.store import Store

PREVIEWS = Path(__file__).resolve().parent / "previews"  # git-ignored: PNGs for a person to look at
TZ = "Europe/Berlin"
FLOAT = {2000: 5, 1000: 10, 500: 10, 200: 10, 100: 10}  # €280.00


@dataclass
class Day:
    """What a busy day at Desk 1 left behind (see busy_day)."""

    cash_sale: str          # receipt of the standing cash sale
    voided: str             # receipt of the voided cash sale
    drop: Move
    expected_minor: int
    counted_minor: int


def treasurer(store: Store) -> Authorisation:
    if not pins.has_pin(store, "treasurer"):
        pins.set_pin(store, "treasurer", "2580", actor="test")
    verdict = pins.verify(store, "treasurer", "2580", actor="Tessa (treasurer)", purpose="test")
    assert verdict.authorisation is not None, verdict.message
    return verdict.authorisation


def sell(store: Store, name: str, tender: Tender, day: int = 1, desk: str = "Desk 1") -> payments.Payment:
    registered = register(store, WalkIn(name, ticket_type="Regular"), tender, day=day, desk=desk, volunteer="Vera",
                          actor="Vera")
    assert registered.payment is not None
    return registered.payment


def busy_day(store: Store, short_by: int = 200) -> Day:
    """Desk 1, day 1: float counted by two (one with a Chinese name), cash/card/comp/invoice sales, a void, a
    cash refund, paid in and out, a no-sale, a drop to the safe, a blind count `short_by` short, the close."""
    drawer.open_drawer(store, day=1, desk="Desk 1", counts=FLOAT, counted_by="Anna Schmidt", witness="王小明",
                       actor="Anna")
    cash = sell(store, "Ann Lee", Tender("cash", tendered_minor=30000))
    sell(store, "Jorge Muñoz", Tender("cash", tendered_minor=25000))
    mistake = sell(store, "Mis Take", Tender("cash", tendered_minor=25000))
    sell(store, "Ελένη Παπαδοπούλου", Tender("card", terminal_ref="TRM-4471"))
    sell(store, "Dana Comp", Tender("comp", reason="speaker's partner", authorised_by="Olga"))
    sell(store, "كريم عبد الله", Tender("invoice", billing_email="ap@acme.example"))
    payments.void(store, mistake.id, reason="typed twice", authorisation=treasurer(store), actor="Vera")
    payments.refund(store, cash.id, amount_minor=5000, method="cash", reason="student discount missed",
                    cancel_ticket=False, authorisation=treasurer(store), day=1, desk="Desk 1", actor="Vera")
    drawer.pay_in(store, day=1, amount_minor=5000, reason="coins from the safe", actor="Anna")
    drawer.pay_out(store, day=1, amount_minor=1250, reason="printer tape from the shop", actor="Anna")
    drawer.no_sale(store, day=1, reason="change for the coffee stand", actor="Vera")
    slip = drawer.drop(store, day=1, desk="Desk 1", counts={20000: 1, 5000: 2}, by="Anna Schmidt", witness="Ben Okafor",
                       destination="safe in room 2", actor="Anna")
    expected = drawer.expected(store, drawer.drawer_id(store.device, 1))
    counted = count_for(expected - short_by)
    drawer.count(store, day=1, counts=counted, counted_by="Anna Schmidt", witness="Ben Okafor", actor="Anna")
    drawer.close(store, day=1, explanation="a €2 coin given twice as change" if short_by else "",
                 kept_counts={1000: 10, 500: 10}, actor="Anna")
    return Day(cash.receipt_no, mistake.receipt_no, slip, expected, expected - short_by)


def count_for(total: int) -> dict[int, int]:
    """A plausible count by denomination that adds up to `total` (keeps 10 × €10 and 10 × €5 for tomorrow)."""
    counts = {1000: 10, 500: 10}
    rest = total - 15000
    for value in (5000, 2000, 1000, 200, 100, 50, 10, 1):
        pieces, rest = divmod(rest, value)
        counts[value] = counts.get(value, 0) + pieces
    assert rest == 0
    return counts


def pdf_text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def preview(pdf: bytes, name: str, page: int = 0, dpi: int = 110) -> Path:
    PREVIEWS.mkdir(exist_ok=True)
    document = pypdfium2.PdfDocument(pdf)
    try:
        path = PREVIEWS / name
        document[page].render(scale=dpi / 72).to_pil().save(path)
        return path
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


# --- day reports ------------------------------------------------------------------------------------------


def test_the_day_report_shows_the_close_for_the_treasurer_to_sign(store: Store) -> None:
    day = busy_day(store)
    (report,) = closed_reports(store)
    assert (report.report_no, report.desk, report.day) == ("DESK1-Z0001", "Desk 1", 1)
    assert report.date == dt.date(2026, 11, 27)
    assert (report.expected_minor, report.counted_minor, report.difference_minor) == (
        day.expected_minor, day.counted_minor, -200)
    pdf = day_report_pdf(report, "TestCon", TZ)
    text = pdf_text(pdf)
    for wanted in ("Cash day report DESK1-Z0001", "TestCon", "Desk 1", "Day 1 — Fri 27 Nov 2026", "desk-a",
                   "Anna Schmidt", "王小明", "Ben Okafor", "EXPECTED", "COUNTED", "SHORT €2.00",
                   "a €2 coin given twice as change", "printer tape from the shop", "coins from the safe",
                   "change for the coffee stand", "DESK1-D0001", "safe in room 2", "Complimentary",
                   "value waived €250.00", "€250.00 owed by invoice, not taken",
                   "Voided: 1 payment, €250.00", "Treasurer", "Cash to bank", "page 1 of"):
        assert wanted in text, wanted
    assert _money(day.expected_minor) in text and _money(day.counted_minor) in text
    assert "Replaces" not in text and "INTERIM" not in text
    preview(pdf, "day-report-short-p1.png")
    if page_count(pdf) > 1:
        preview(pdf, "day-report-short-p2.png", page=1)


def _money(minor: int) -> str:
    whole, cents = divmod(minor, 100)
    return f"€{whole:,}.{cents:02d}".replace(",", " ")


def test_over_and_exact_are_said_in_words_as_well_as_colour(store: Store, tmp_path: Path) -> None:
    busy_day(store, short_by=-350)  # 3.50 over
    text = pdf_text(day_report_pdf(closed_reports(store)[0], "TestCon", TZ))
    assert "OVER €3.50" in text
    exact = Store.open(tmp_path / "exact.sqlite", device="desk-b")
    exact.set_config(store.config(), actor="test")
    busy_day(exact, short_by=0)
    pdf = day_report_pdf(closed_reports(exact)[0], "TestCon", TZ)
    assert "EXACT" in pdf_text(pdf) and "none needed: the drawer balanced" in pdf_text(pdf)
    preview(pdf, "day-report-exact-p1.png")
    exact.close()


def test_a_report_never_changes_and_the_reclose_says_what_it_replaces(store: Store) -> None:
    day = busy_day(store)
    first = day_report_pdf(closed_reports(store)[0], "TestCon", TZ)
    drawer.reopen(store, day=1, reason="forgot a walk-in paid in cash", authorisation=treasurer(store), actor="Tessa")
    sell(store, "Late Comer", Tender("cash", tendered_minor=25000))
    sell(store, "Card Later", Tender("card", terminal_ref="TRM-5000"))
    expected = drawer.expected(store, drawer.drawer_id(store.device, 1))
    drawer.count(store, day=1, counts=count_for(expected), counted_by="Anna Schmidt", witness="Ben Okafor",
                 actor="Anna")
    drawer.close(store, day=1, explanation="", kept_counts={1000: 10}, actor="Anna")
    old, new = closed_reports(store)
    assert (old.report_no, new.report_no) == ("DESK1-Z0001", "DESK1-Z0002")
    assert (old.superseded_by, new.replaces) == ("DESK1-Z0002", "DESK1-Z0001")
    again = day_report_pdf(old, "TestCon", TZ)
    assert again == first  # byte for byte: the signed report is the one that prints
    old_text = pdf_text(again)
    assert _money(day.expected_minor) in old_text and "SHORT €2.00" in old_text and "Replaces" not in old_text
    second = day_report_pdf(new, "TestCon", TZ)
    new_text = pdf_text(second)
    assert "Cash day report DESK1-Z0002" in new_text and "Replaces report DESK1-Z0001" in new_text
    assert "forgot a walk-in paid in cash" in new_text and "EXACT" in new_text and _money(expected) in new_text
    preview(second, "day-report-replaces-p1.png")


def test_an_open_drawer_prints_an_interim_report_with_no_number_and_no_count(store: Store) -> None:
    drawer.open_drawer(store, day=2, desk="Desk 1", counts=FLOAT, counted_by="Anna Schmidt", witness="Ben Okafor",
                       actor="Anna")
    sell(store, "Ann Lee", Tender("cash", tendered_minor=25000), day=2)
    summary = drawer.current(store, 2)
    assert summary is not None
    pdf = interim_report_pdf(summary, "TestCon", TZ, date=dt.date(2026, 11, 28),
                             printed_at=dt.datetime(2026, 11, 28, 13, 5, tzinfo=dt.UTC))
    text = pdf_text(pdf)
    assert "INTERIM — drawer still open, not a closed report" in text
    assert "EXPECTED IN THE DRAWER NOW" in text and "€530.00" in text and "as of 28 Nov 2026 14:05" in text
    assert "-Z0" not in text and "Blind count" not in text and "Signature" not in text
    preview(pdf, "interim-p1.png")


def test_several_reports_in_one_document_each_with_its_own_page_numbers(store: Store) -> None:
    busy_day(store)
    drawer.open_drawer(store, day=2, desk="Desk 1", counts=FLOAT, counted_by="Anna Schmidt", witness="Ben Okafor",
                       actor="Anna")
    summary = drawer.current(store, 2)
    assert summary is not None
    pdf = reports_pdf(closed_reports(store), [(summary, None)], "TestCon", TZ)
    text = pdf_text(pdf)
    assert text.index("DESK1-Z0001") < text.index("INTERIM")
    assert "Interim Desk 1 day 2 · page 1 of 1" in text


def test_the_drop_slip_says_what_went_where_and_who_counted_it(store: Store) -> None:
    day = busy_day(store)
    summary = drawer.summary(store, drawer.drawer_id(store.device, 1))
    assert summary is not None
    pdf = drop_slip_pdf(day.drop, summary, "TestCon", TZ)
    text = pdf_text(pdf)
    for wanted in ("Cash drop slip", "DESK1-D0001", "Desk 1 drawer, day 1", "safe in room 2", "Anna Schmidt",
                   "Ben Okafor", "€200.00", "€50.00", "€300.00", "Signature"):
        assert wanted in text, wanted
    assert page_count(pdf) == 1
    preview(pdf, "drop-slip.png", dpi=150)


def test_the_event_summary_covers_every_drawer_and_flags_the_open_and_the_short(store: Store) -> None:
    busy_day(store)
    drawer.open_drawer(store, day=2, desk="Desk 1", counts=FLOAT, counted_by="Anna Schmidt", witness="Ben Okafor",
                       actor="Anna")
    sell(store, "Day Two", Tender("card", terminal_ref="TRM-9"), day=2)
    pdf = event_summary_pdf(store, printed_at=dt.datetime(2026, 11, 28, 18, 0, tzinfo=dt.UTC))
    text = pdf_text(pdf)
    for wanted in ("Cash summary", "TestCon", "DESK1-Z0001", "SHORT €2.00", "not closed", "Net taken",
                   "Complimentary", "owed", "Regular", "Desk 1"):
        assert wanted in text, wanted
    preview(pdf, "event-summary-p1.png")


# --- CSV -----------------------------------------------------------------------------------------------


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # the BOM tells Excel the file is UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_drawers_csv_has_one_row_per_drawer_with_plain_amounts(store: Store) -> None:
    day = busy_day(store)
    drawer.open_drawer(store, day=2, desk="Desk 1", counts=FLOAT, counted_by="Anna Schmidt", witness="Ben Okafor",
                       actor="Anna")
    closed, still_open = _rows(drawers_csv(store))
    assert closed["report_no"] == "DESK1-Z0001" and closed["state"] == "closed" and closed["date"] == "2026-11-27"
    assert closed["float"] == "280.00" and closed["cash_sales"] == "500.00" and closed["cash_refunds"] == "50.00"
    assert (closed["paid_in"], closed["paid_out"], closed["drops"]) == ("50.00", "12.50", "300.00")
    assert closed["expected"] == f"{day.expected_minor / 100:.2f}".replace(",", "")
    assert closed["counted"] == f"{day.counted_minor // 100}.{day.counted_minor % 100:02d}"
    assert closed["over_short"] == "-2.00" and closed["explanation"] == "a €2 coin given twice as change"
    assert (closed["kept"], closed["card"], closed["comp_waived"], closed["invoice"]) == (
        "150.00", "250.00", "250.00", "250.00")
    assert closed["to_bank"] == f"{(day.counted_minor - 15000) // 100}.{(day.counted_minor - 15000) % 100:02d}"
    assert still_open["state"] == "open" and still_open["report_no"] == "" and still_open["counted"] == ""
    assert still_open["expected"] == "280.00" and still_open["day"] == "2"
    assert [r["day"] for r in _rows(drawers_csv(store, day=2))] == ["2"]
    assert _rows(drawers_csv(store, desk="desk 9")) == []


def test_payments_csv_lists_every_payment_with_voids_and_details(store: Store) -> None:
    day = busy_day(store)
    rows = {r["receipt_no"]: r for r in _rows(payments_csv(store))}
    assert len(rows) == 7  # six sales and a refund
    voided = rows[day.voided]
    assert (voided["voided"], voided["void_reason"], voided["amount"]) == ("yes", "typed twice", "250.00")
    by_name = {r["attendee"]: r for r in rows.values() if r["kind"] == "sale"}
    assert by_name["Ελένη Παπαδοπούλου"]["terminal_ref"] == "TRM-4471"
    assert by_name["Dana Comp"]["comp_reason"] == "speaker's partner" and by_name["Dana Comp"]["amount"] == "0.00"
    assert by_name["كريم عبد الله"]["billing_email"] == "ap@acme.example"
    refund = next(r for r in rows.values() if r["kind"] == "refund")
    assert (refund["method"], refund["amount"], refund["refund_of"]) == ("cash", "50.00", day.cash_sale)
    assert refund["reason"] == "student discount missed"
    assert all(r["desk"] == "Desk 1" and r["day"] == "1" and r["time"].startswith("2") for r in rows.values())
    assert _rows(payments_csv(store, day=2)) == []
