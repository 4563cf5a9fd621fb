"""The kiosk's pay-at-the-desk slip: what it says (PDF text), its QR read back from the PDF and from the ESC/POS
bytes a roll printer gets, and its print job (kind 'pay_slip': no shared event, never in the badge's way)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from kiosk import print_queue, printing
from kiosk.attendees import Attendee
from kiosk.config import EventConfig, TicketType
from kiosk.pay_slip import PaySlipDocument
from kiosk.runners import run_synchronously
from kiosk.self_service import SelfRegistration, register_self
from kiosk.store import Store
from printers import open_printer
from printers.escpos import PAPER_DOTS, EscposPrinter
from printers.pdf import PdfFolderPrinter
from tests.printers.escpos_decode import decoded_image
from tests.printers.fake_printer import FakePrinter
from tests.printers.test_escpos import JOB_START, status_answer

OUTPUT = Path(__file__).resolve().parents[1] / "printers" / "output"  # git-ignored, for a person to look at


def kiosk_config() -> EventConfig:
    return EventConfig(name="TestCon 2026", days=(dt.date(2026, 11, 27),), timezone="Europe/Berlin",
                       ticket_types=(TicketType("Regular", 25000), TicketType("Student", 0)))


@pytest.fixture
def unpaid(tmp_path: Path) -> Iterator[tuple[Store, Attendee]]:
    store = Store.open(tmp_path / "event.sqlite", device="kiosk-1")
    store.set_config(kiosk_config(), actor="test")
    done = register_self(store, SelfRegistration("Zoë Lee-Müller", "zoe@example.org", "Acme", "Köln", "Regular",
                                                 consent=True), day=1, kiosk="Kiosk 1")
    yield store, done.attendee
    store.close()


def qr_texts(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image.convert("L")) if r.format == zxingcpp.BarcodeFormat.QRCode]


def pdf_page(data: bytes) -> tuple[str, Image.Image]:
    document = pypdfium2.PdfDocument(data)
    try:
        assert len(document) == 1
        page = document[0]
        return str(page.get_textpage().get_text_range()), page.render(scale=200 / 72).to_pil().convert("RGB")
    finally:
        document.close()


def test_the_slip_says_what_to_do_and_carries_the_code_as_text_and_qr(unpaid: tuple[Store, Attendee]) -> None:
    store, attendee = unpaid
    assert attendee.status == "unpaid" and attendee.code.startswith("W-")
    text, image = pdf_page(PaySlipDocument(attendee, store.config()).pdf())
    lines = [line.strip() for line in text.splitlines()]
    for expected in ("TestCon 2026", "Pay at the desk", "Show this at the registration desk", attendee.code):
        assert expected in lines
    assert "Name Zoë" in lines and "Ticket Regular" in lines and "To pay €250.00" in lines
    for private in ("zoe@example.org", "Köln", "Lee-Müller", "Acme"):  # only what the desk needs
        assert private not in text
    assert qr_texts(image) == [attendee.code]


@pytest.mark.parametrize("paper", [80, 58])
def test_a_roll_printer_gets_the_slip_laid_out_for_its_roll(unpaid: tuple[Store, Attendee], paper: int) -> None:
    store, attendee = unpaid
    document = PaySlipDocument(attendee, store.config())
    with FakePrinter(answer=status_answer()) as fake:
        printer = open_printer(f"escpos://{fake.address}?paper={paper}")
        assert isinstance(printer, EscposPrinter)
        printer.print_document(document)
        job = printer.encode(document)
        received = fake.wait_for(len(job) + 9)
    assert received[received.index(JOB_START):] == job
    image = decoded_image(job)
    OUTPUT.mkdir(exist_ok=True)
    image.save(OUTPUT / f"escpos-{paper}mm-pay-slip.png")
    assert image.width == PAPER_DOTS[paper]
    assert qr_texts(image) == [attendee.code]
    assert not document.warnings


def test_the_queue_prints_a_slip_without_a_shared_event_and_beside_the_badge(unpaid: tuple[Store, Attendee],
                                                                             tmp_path: Path) -> None:
    store, attendee = unpaid
    events = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    slips = PdfFolderPrinter(tmp_path / "slips")
    job = print_queue.enqueue_pay_slip(store, attendee.id, slips.name, actor="self-service @ Kiosk 1")
    assert job.kind == "pay_slip" and job.attendee_id == attendee.id
    assert print_queue.enqueue_pay_slip(store, attendee.id, slips.name, actor="x").id == job.id  # once
    assert print_queue.describe(store, job) == "pay-at-the-desk slip"
    badge = print_queue.enqueue_badge(store, attendee.id, "pdf:///nowhere", actor="x")  # not held back by the slip
    assert badge.kind == "badge" and badge.id != job.id
    print_queue.cancel(store, badge.id)
    seen: list[str] = []
    pump = print_queue.Pump(store, lambda url: slips, run_synchronously, on_change=lambda j, w: seen.append(j.state))
    pump.tick()
    assert seen == ["sending", "done"] and print_queue.get(store, job.id).state == "done"
    assert len(list((tmp_path / "slips").glob("*.pdf"))) == 1
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == events  # nothing shared
    assert printing.badge_prints(store, attendee.id) == []


def test_an_unknown_attendee_gets_no_slip(unpaid: tuple[Store, Attendee]) -> None:
    store, _ = unpaid
    with pytest.raises(LookupError):
        print_queue.enqueue_pay_slip(store, "nobody", "pdf:///x", actor="x")
