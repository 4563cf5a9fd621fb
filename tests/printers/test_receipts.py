"""Receipts through real backends: ESC/POS bytes decoded back into the paper that would come out of 58 mm and
80 mm rolls, PDFs read back as text, and the print queue end to end (a receipt job appends no shared event;
a dead printer keeps it, like a badge)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from kiosk import print_queue, printing
from kiosk.cash import payments
from kiosk.cash.payments import Payment, Tender
from kiosk.cash.receipt import ReceiptDocument
from kiosk.devices import NOT_CONFIRMED
from kiosk.runners import run_synchronously
from kiosk.store import Store
from printers import open_printer
from printers.escpos import PAPER_DOTS, EscposPrinter
from tests.kiosk.cash.test_receipt import cash_store as cash_store  # the fixture, shared
from tests.kiosk.cash.test_receipt import pdf_text, sell, squeezed
from tests.printers.escpos_decode import commands, decoded_image
from tests.printers.escpos_pty import FakeSerialPrinter
from tests.printers.fake_printer import FakePrinter
from tests.printers.test_escpos import JOB_START, status_answer

OUTPUT = Path(__file__).resolve().parent / "output"  # git-ignored: the decoded prints, for a person to look at


def later(seconds: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)


@pytest.fixture
def receipt(cash_store: Store) -> Iterator[tuple[Store, Payment]]:
    yield cash_store, sell(cash_store, "Ann Lee", Tender("cash", tendered_minor=30000))


def ink_box(image: Image.Image) -> tuple[int, int, int, int]:
    """Where a mode "1" image (0 = ink) has ink."""
    box = ImageChops.invert(image.convert("L")).getbbox()
    assert box is not None, "nothing printed"
    return box


def assert_fits_the_roll(image: Image.Image, paper: int) -> None:
    assert image.width == PAPER_DOTS[paper]
    left, _, right, _ = ink_box(image)
    assert left >= 4 and right <= image.width - 4  # ink inside the roll's printable width, nothing cut off
    assert image.height > image.width // 2


def test_a_receipt_on_an_80_mm_network_printer_is_laid_out_for_the_roll(receipt: tuple[Store, Payment]) -> None:
    store, payment = receipt
    document = ReceiptDocument(payment, "Ann Lee", store.config())
    with FakePrinter(answer=status_answer()) as fake:
        printer = open_printer(f"escpos://{fake.address}?paper=80")
        assert isinstance(printer, EscposPrinter)
        printer.print_document(document)
        job = printer.encode(document)
        received = fake.wait_for(len(job) + 9)
    assert received[received.index(JOB_START):] == job
    assert {c.name for c in commands(job)} == {"init", "raster", "feed", "cut"}  # a picture, never code-page text
    image = decoded_image(job)
    OUTPUT.mkdir(exist_ok=True)
    image.save(OUTPUT / "escpos-80mm-receipt-cash.png")
    assert_fits_the_roll(image, 80)
    meant = document.roll_raster(203, PAPER_DOTS[80]).layers["black"]  # drawn at 203 dpi, not scaled
    assert ImageChops.difference(image.convert("L"), meant.convert("L")).getbbox() is None


def test_a_receipt_on_a_58_mm_serial_printer_keeps_its_text_size(receipt: tuple[Store, Payment]) -> None:
    pytest.importorskip("serial")
    store, payment = receipt
    document = ReceiptDocument(payment, "Ann Lee", store.config())
    with FakeSerialPrinter(answer=status_answer()) as fake:
        printer = open_printer(f"escpos+serial://{fake.device}?baudrate=19200&paper=58")
        assert isinstance(printer, EscposPrinter)
        printer.print_document(document)
        expected = 9 + len(printer.encode(document))
        deadline = time.monotonic() + 2
        while len(fake.received) < expected and time.monotonic() < deadline:
            time.sleep(0.01)
    image = decoded_image(bytes(fake.received))
    OUTPUT.mkdir(exist_ok=True)
    image.save(OUTPUT / "escpos-58mm-receipt-cash.png")
    assert_fits_the_roll(image, 58)
    wide = decoded_image(EscposPrinter.from_url("escpos://192.0.2.1?paper=80").encode(document))
    assert image.height > wide.height  # re-flowed to the narrow roll (more lines), not shrunk to fit it


def test_the_queue_prints_a_receipt_and_records_no_badge(receipt: tuple[Store, Payment]) -> None:
    store, payment = receipt
    events_before = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    with FakePrinter(answer=status_answer()) as fake:
        url = f"escpos://{fake.address}?paper=58"
        job = print_queue.enqueue_receipt(store, payment.id, url, actor="Ada @ Desk 1")
        assert job.kind == "receipt" and job.payment_id == payment.id and job.attendee_id == payment.attendee_id
        assert print_queue.enqueue_receipt(store, payment.id, url, actor="Ada @ Desk 1").id == job.id  # once
        assert print_queue.describe(store, job) == "receipt DESK1-R0001"
        seen: list[str] = []
        print_queue.Pump(store, open_printer, run_synchronously, on_change=lambda j, w: seen.append(j.state)).tick()
        done = print_queue.get(store, job.id)
        fake.wait_for(1000)
    assert seen == ["sending", "done"]
    assert done.state == "done" and done.confirmation.startswith(NOT_CONFIRMED)  # ESC/POS only says "sent"
    assert_fits_the_roll(decoded_image(bytes(fake.received)), 58)
    assert store.conn.execute("SELECT count(*) FROM events").fetchone()[0] == events_before  # nothing shared
    assert store.conn.execute("SELECT count(*) FROM events WHERE type = 'badge.printed'").fetchone()[0] == 0
    assert printing.badge_prints(store, payment.attendee_id) == []  # the badge is still to be printed


def test_a_dead_printer_keeps_the_receipt_job_and_retries_it(receipt: tuple[Store, Payment]) -> None:
    store, payment = receipt
    with FakePrinter(mode="offline") as dead, FakePrinter(answer=status_answer()) as spare:
        pump = print_queue.Pump(store, open_printer, run_synchronously)
        job = print_queue.enqueue_receipt(store, payment.id, f"escpos://{dead.address}", actor="Ada")
        pump.tick()
        failed = print_queue.get(store, job.id)
        assert failed.state == "failed" and "refused" in failed.last_error
        assert "trying again at" in print_queue.waiting_message(failed)
        assert pump.tick() is None  # not due yet: backoff
        pump.tick(now=later(6))
        again = print_queue.get(store, job.id)
        assert again.state == "failed" and again.attempts == 2 and again.next_try_at > failed.next_try_at
        print_queue.send_elsewhere(store, job.id, f"escpos://{spare.address}")
        pump.tick()
        assert print_queue.get(store, job.id).state == "done"
        pump.tick(now=later(600))
        spare.wait_for(1000)
        assert spare.received.count(JOB_START) == 1  # printed once
    assert store.conn.execute("SELECT count(*) FROM events WHERE type = 'badge.printed'").fetchone()[0] == 0


def test_a_second_print_says_copy_and_a_void_says_void(receipt: tuple[Store, Payment], tmp_path: Path) -> None:
    store, payment = receipt
    url = f"pdf://{tmp_path / 'receipts'}"
    pump = print_queue.Pump(store, open_printer, run_synchronously)
    first = print_queue.enqueue_receipt(store, payment.id, url, actor="Ada")
    pump.tick()
    first_text = squeezed(pdf_text(Path(print_queue.get(store, first.id).confirmation).read_bytes()))
    assert "Receipt DESK1-R0001" in first_text and "CHANGE €50.00" in first_text and "COPY" not in first_text
    second = print_queue.enqueue_receipt(store, payment.id, url, actor="Ada")
    assert second.id != first.id  # done before: a copy may be printed, no reason asked
    pump.tick()
    assert "COPY" in squeezed(pdf_text(Path(print_queue.get(store, second.id).confirmation).read_bytes()))
    from kiosk import pins

    pins.set_pin(store, "treasurer", "2580", actor="boss")
    authorisation = pins.verify(store, "treasurer", "2580", actor="Ada", purpose="void").authorisation
    assert authorisation is not None
    payments.void(store, payment.id, reason="entered twice", authorisation=authorisation, actor="Ada")
    third = print_queue.enqueue_receipt(store, payment.id, url, actor="Ada")
    pump.tick()
    text = squeezed(pdf_text(Path(print_queue.get(store, third.id).confirmation).read_bytes()))
    assert text.count("VOID") == 2 and "entered twice" in text


def test_an_unknown_payment_is_refused_and_a_crash_mid_send_names_the_receipt(receipt: tuple[Store, Payment]) -> None:
    store, payment = receipt
    with pytest.raises(LookupError, match="no payment"):
        print_queue.enqueue_receipt(store, "nope", "pdf:///x", actor="Ada")
    job = print_queue.enqueue_receipt(store, payment.id, "pdf:///x", actor="Ada")
    print_queue.claim(store, job.id)  # the desk dies here
    assert print_queue.recover(store) == 1
    assert "check whether the receipt came out" in print_queue.get(store, job.id).last_error
