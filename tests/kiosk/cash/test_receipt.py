"""Receipts: each way to pay drawn to PDF and read back as text (what an attendee reads, and what an accountant
searches), the layout on both roll widths, and PNG previews for a person to look at."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from kiosk import pins
from kiosk.cash import drawer, payments
from kiosk.cash.payments import Payment, Tender
from kiosk.cash.receipt import (
    PAGE_MM,
    Banner,
    ReceiptDocument,
    Row,
    lay_out,
    receipt_blocks,
    receipt_pdf,
    when,
    wrap,
)
from kiosk.config import EventConfig, TicketType
from kiosk.registration import WalkIn, register
from kiosk.store import Store
from tests.conftest import small_config

PREVIEWS = Path(__file__).resolve().parent / "previews"  # git-ignored: for a person to look at
FOOTER = "TestCon e.V. · Hauptstraße 1 · 10115 Berlin\nVAT DE123456789"


def receipt_config() -> EventConfig:
    return dataclasses.replace(small_config(), receipt_footer=FOOTER, vat_percent="19",
                               ticket_types=(TicketType("Regular", 25000), TicketType("Student", 9950)))


@pytest.fixture
def cash_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "event.sqlite", device="desk-a")
    store.set_config(receipt_config(), actor="test")
    drawer.open_drawer(store, day=1, desk="Desk 1", counts={1000: 10, 200: 5}, counted_by="Ada", witness="Bo",
                       actor="Ada @ Desk 1")
    yield store
    store.close()


def sell(store: Store, name: str, tender: Tender, ticket: str = "Regular") -> Payment:
    done = register(store, WalkIn(name, ticket_type=ticket), tender, day=1, desk="Desk 1", volunteer="Ada",
                    actor="Ada @ Desk 1")
    assert done.payment is not None
    return done.payment


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        assert len(document) == 1  # one page, however long the receipt
        page = document[0]
        width, height = page.get_size()
        assert round(width / 72 * 25.4) == PAGE_MM and height > 50  # 80 mm wide, as tall as its content
        return str(page.get_textpage().get_text_range())
    finally:
        document.close()


def squeezed(text: str) -> str:
    """The PDF's text with every run of whitespace (and the thin spaces that group thousands) as one space."""
    return " ".join(text.replace("\u202f", " ").replace("\u2009", " ").split())


def test_a_cash_receipt_says_what_was_paid_tendered_and_the_change(cash_store: Store) -> None:
    payment = sell(cash_store, "Ann Lee", Tender("cash", tendered_minor=30000))
    text = squeezed(pdf_text(receipt_pdf(payment, "Ann Lee", cash_store.config())))
    assert payment.receipt_no == "DESK1-R0001"
    for expected in ("TestCon", "Receipt DESK1-R0001", "Desk 1", "Ann Lee", "Regular", "Amount paid €250.00",
                     "Paid by Cash", "Cash tendered €300.00", "CHANGE €50.00", "incl. VAT 19 % €39.92",
                     "VAT DE123456789",
                     "Hauptstraße 1"):
        assert expected in text, (expected, text)
    assert "VOID" not in text and "COPY" not in text


def test_card_comp_and_invoice_receipts(cash_store: Store) -> None:
    card = sell(cash_store, "Bo Chen", Tender("card", terminal_ref="TRX 88123"))
    comp = sell(cash_store, "Cy Diaz", Tender("comp", reason="Keynote speaker's guest", authorised_by="Dana Ruiz"))
    invoice = sell(cash_store, "Eve Falk", Tender("invoice", billing_email="accounts@example-university.edu"),
                   "Student")
    config = cash_store.config()
    card_text = squeezed(pdf_text(receipt_pdf(card, "Bo Chen", config)))
    assert "Receipt DESK1-R0001" in card_text and "Paid by Card" in card_text and "TRX 88123" in card_text
    comp_text = squeezed(pdf_text(receipt_pdf(comp, "Cy Diaz", config)))
    for expected in ("Complimentary — authorised by Dana Ruiz", "Keynote speaker's guest", "Amount paid €0.00",
                     "Value waived €250.00"):
        assert expected in comp_text, (expected, comp_text)
    invoice_text = squeezed(pdf_text(receipt_pdf(invoice, "Eve Falk", config)))
    for expected in ("Amount owed €99.50", "To be invoiced to accounts@example-university.edu", "Not paid yet",
                     "Student"):
        assert expected in invoice_text, (expected, invoice_text)


def test_a_voided_payment_prints_void_and_a_refund_names_its_sale(cash_store: Store) -> None:
    sale = sell(cash_store, "Ann Lee", Tender("cash", tendered_minor=25000))
    pins.set_pin(cash_store, "treasurer", "2580", actor="boss")
    authorisation = pins.verify(cash_store, "treasurer", "2580", actor="Ada", purpose="refund").authorisation
    assert authorisation is not None
    refund = payments.refund(cash_store, sale.id, amount_minor=5000, method="cash", reason="Left after day 1",
                             cancel_ticket=False, authorisation=authorisation, day=1, desk="Desk 1", actor="Ada")
    text = squeezed(pdf_text(receipt_pdf(refund, "Ann Lee", cash_store.config(), refund_of=sale.receipt_no)))
    for expected in ("Refund receipt DESK1-R0002", "Amount refunded €50.00", "Paid back In cash",
                     "Refund of DESK1-R0001", "Left after day 1"):
        assert expected in text, (expected, text)
    voided = dataclasses.replace(sale, voided=True, void_reason="wrong ticket type")
    blocks = receipt_blocks(voided, "Ann Lee", cash_store.config())
    assert blocks[2] == Banner("VOID") and blocks[-1] == Banner("VOID")  # first thing read, and at the tear
    void_text = squeezed(pdf_text(receipt_pdf(voided, "Ann Lee", cash_store.config(), copy=True)))
    assert "VOID" in void_text and "wrong ticket type" in void_text and "COPY" in void_text


def test_the_time_is_the_events_and_amounts_are_never_floats(cash_store: Store) -> None:
    assert when("2026-11-27T09:14:05.123+00:00", "Europe/Berlin") == "27 Nov 2026, 10:14 CET"
    assert when("2026-07-01T23:30:00+00:00", "America/New_York") == "1 Jul 2026, 19:30 EDT"
    payment = sell(cash_store, "Ann Lee", Tender("cash", tendered_minor=30000))
    big = dataclasses.replace(payment, amount_minor=123456789, currency="JPY", details={"tendered_minor": 123456789,
                                                                                        "change_minor": 0})
    rows = {b.label: b.value for b in receipt_blocks(big, "Ann Lee", cash_store.config()) if isinstance(b, Row)}
    assert rows["Amount paid"].replace("\u202f", " ").replace("\u2009", " ") == "¥123 456 789"


@pytest.mark.parametrize("width_mm", [48.0, 72.0])  # what 58 mm and 80 mm rolls print across
def test_nothing_is_wider_than_the_roll_and_long_words_break(cash_store: Store, width_mm: float) -> None:
    payment = sell(cash_store, "Maximiliane Wilhelmine von Hohenzollern-Sigmaringen",
                   Tender("invoice", billing_email="procurement.department.accounts-payable@example-university.edu"))
    document = ReceiptDocument(payment, "Maximiliane Wilhelmine von Hohenzollern-Sigmaringen", cash_store.config())
    composition = lay_out(document.blocks, width_mm, 1.0)
    for op in composition.ops:
        assert op.x >= 1.0 - 1e-9 and op.x + (op.w if hasattr(op, "w") else op.width) <= width_mm - 1.0 + 1e-6
    assert all(w for w in wrap("procurement.department.accounts-payable@example-university.edu", "sans", 8.5, 30))


def test_names_in_other_scripts_print_and_missing_glyphs_are_said(cash_store: Store) -> None:
    payment = sell(cash_store, "كريم عبد الله", Tender("card", terminal_ref="A1"))
    assert ReceiptDocument(payment, "كريم عبد الله", cash_store.config()).warnings == ()
    assert ReceiptDocument(payment, "山田 太郎", cash_store.config()).warnings == ()
    assert "printed as boxes" in ReceiptDocument(payment, "Ann \U0001f9a9", cash_store.config()).warnings[0]


def test_previews_for_a_person_to_look_at(cash_store: Store) -> None:
    """Saved to tests/kiosk/cash/previews/ (git-ignored): look at them as the attendee handed one would."""
    cash = sell(cash_store, "Ann Lee", Tender("cash", tendered_minor=30000))
    comp = sell(cash_store, "Cy Diaz", Tender("comp", reason="Keynote speaker's guest", authorised_by="Dana Ruiz"))
    PREVIEWS.mkdir(exist_ok=True)
    config = cash_store.config()
    for name, payment, person in (("cash", cash, "Ann Lee"), ("comp", comp, "Cy Diaz")):
        document = ReceiptDocument(payment, person, config)
        for paper, dots in ((58, 384), (80, 576)):
            raster = document.roll_raster(203, dots)
            assert raster.size[0] == dots
            (PREVIEWS / f"receipt-{name}-{paper}mm.png").write_bytes(raster.png())
    voided = dataclasses.replace(cash, voided=True, void_reason="entered twice")
    (PREVIEWS / "receipt-void-80mm.png").write_bytes(ReceiptDocument(voided, "Ann Lee", config).roll_raster(203, 576)
                                                       .png())
    page = ReceiptDocument(cash, "Ann Lee", config).raster(203)
    assert page.size[0] == round(PAGE_MM / 25.4 * 203)  # the PDF's page, for printers that take a page
