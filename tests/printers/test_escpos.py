"""escpos:// against a fake network printer on 127.0.0.1: the bytes that arrive are decoded back into the picture
the printer would print (tests/printers/escpos_decode.py), and the QR code on it must scan to the attendee."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.devices import CONNECT_TIMEOUT_S, BadgeDocument, PrinterError
from printers import open_printer
from printers.escpos import PAPER_DOTS, EscposPrinter, Target, status_words
from tests.kiosk.badges.hard_names import HARD, decoded_qr_texts, demo_config
from tests.printers.escpos_decode import commands, decoded_image
from tests.printers.escpos_pty import FakeSerialPrinter
from tests.printers.fake_printer import Answer, FakePrinter

OUTPUT = Path(__file__).resolve().parent / "output"  # git-ignored: the decoded prints, for a person to look at
REPO = Path(__file__).resolve().parents[2]
JOB_START = b"\x1b@"  # ESC @ opens every job; status queries come before it

OK, OFFLINE = 0x12, 0x1A  # DLE EOT replies always have bits 1 and 4 set
COVER_OPEN, STOPPED_AT_PAPER_END, ERROR = 0x16, 0x32, 0x52  # DLE EOT 2
NEAR_END, PAPER_END = 0x1E, 0x72  # DLE EOT 4
CUTTER = 0x1A  # DLE EOT 3


def status_answer(online: int = OK, cause: int = OK, paper: int = OK, error: int = OK) -> Answer:
    """A printer that answers each DLE EOT n with one byte, as ESC/POS printers do, until the job starts."""
    replies = {1: online, 2: cause, 3: error, 4: paper}
    connection = threading.local()  # the fake serves each connection on its own thread

    def answer(seen: bytes) -> bytes | None:
        queries = re.findall(rb"\x10\x04([\x01-\x04])", seen.split(JOB_START)[0])
        reply = bytes(replies[q[0]] for q in queries[getattr(connection, "answered", 0):])
        connection.answered = len(queries)
        return reply or None

    return answer


def badge(key: str) -> BadgeDocument:
    return BadgeDocument(HARD[key], demo_config())


def save(image_name: str, stream: bytes) -> None:
    OUTPUT.mkdir(exist_ok=True)
    decoded_image(stream).save(OUTPUT / image_name)


@pytest.mark.parametrize(("key", "paper"), [("japanese", 80), ("arabic", 58), ("double-barrelled", 80),
                                            ("vietnamese", 58)])
def test_a_badge_arrives_as_a_raster_the_width_of_the_roll_and_its_qr_scans(key: str, paper: int) -> None:
    document = badge(key)
    with FakePrinter(answer=status_answer()) as fake:
        printer = open_printer(f"escpos://{fake.address}?paper={paper}")
        confirmation = printer.print_document(document)
        assert isinstance(printer, EscposPrinter)
        job = printer.encode(document)
        received = fake.wait_for(len(job) + 9)
    assert "bytes sent to escpos://127.0.0.1" in confirmation
    assert received.startswith(b"\x10\x04\x01\x10\x04\x02\x10\x04\x04")  # asked before printing
    assert received[received.index(JOB_START):] == job  # what encode() says is exactly what went out
    names = [c.name for c in commands(job)]
    assert names[0] == "init" and names[-2:] == ["feed", "cut"] and set(names) == {"init", "raster", "feed", "cut"}
    image = decoded_image(job)
    save(f"escpos-{paper}mm-{key}.png", job)
    assert image.width == PAPER_DOTS[paper]
    assert image.height > image.width  # the landscape badge is turned: its short side spans the roll
    assert decoded_qr_texts(image) == [document.attendee.code]


def test_encode_needs_no_printer_and_bands_stay_small() -> None:
    job = EscposPrinter.from_url("escpos://192.0.2.1?paper=80").encode(badge("korean"))  # nothing listens there
    rasters = [c for c in commands(job) if c.name == "raster"]
    assert len(rasters) > 1 and all(c.data[7] == 0 and c.image is not None for c in rasters)  # yH = 0: ≤ 255 rows
    assert decoded_qr_texts(decoded_image(job)) == [HARD["korean"].code]


def test_a_refused_connection_is_said_in_words_at_once() -> None:
    with FakePrinter(mode="offline") as fake:
        printer = EscposPrinter.from_url(f"escpos://{fake.address}")
        started = time.monotonic()
        with pytest.raises(PrinterError, match=r"printer does not answer \(connection refused by 127\.0\.0\.1"):
            printer.print_document(badge("greek"))
        state = printer.status()
    assert time.monotonic() - started < CONNECT_TIMEOUT_S
    assert not state.ready and "connection refused" in state.message


def test_a_printer_that_never_answers_fails_within_the_timeout_not_a_hang() -> None:
    with FakePrinter(mode="black_hole") as fake:
        printer = EscposPrinter.from_url(f"escpos://{fake.address}")  # the default timeout: CONNECT_TIMEOUT_S
        document = badge("greek")
        printer.encode(document)  # drawn once first, so the clock below measures the printer only
        started = time.monotonic()
        with pytest.raises(PrinterError, match=r"printer does not answer .*no status reply"):
            printer.print_document(document)
        elapsed = time.monotonic() - started
    assert elapsed < CONNECT_TIMEOUT_S + 0.5  # drawing the badge again takes a few ms of it
    assert JOB_START not in fake.received


def test_status_of_a_printer_that_never_answers() -> None:
    with FakePrinter(mode="black_hole") as fake:
        started = time.monotonic()
        state = EscposPrinter.from_url(f"escpos://{fake.address}", timeout=1.0).status()
    assert time.monotonic() - started < 1.5
    assert not state.ready and state.message.startswith("printer does not answer")


def test_a_slow_printer_that_answers_in_time_prints() -> None:
    with FakePrinter(answer=status_answer(), mode="slow", delay=0.5) as fake:
        printer = EscposPrinter.from_url(f"escpos://{fake.address}")
        printer.print_document(badge("cyrillic"))
        assert decoded_qr_texts(decoded_image(fake.wait_for(1000))) == [HARD["cyrillic"].code]


@pytest.mark.parametrize(("replies", "words"), [
    ({"online": OFFLINE, "cause": STOPPED_AT_PAPER_END, "paper": PAPER_END}, "paper out"),
    ({"online": OFFLINE, "cause": COVER_OPEN}, "cover open"),
    ({"online": OFFLINE, "cause": COVER_OPEN, "paper": PAPER_END}, "cover open, paper out"),
    ({"online": OFFLINE, "cause": ERROR, "error": CUTTER}, "cutter jammed"),
    ({"online": OFFLINE}, "offline"),
])
def test_a_printer_that_cannot_print_refuses_in_words_and_prints_nothing(replies: dict[str, int], words: str) -> None:
    with FakePrinter(answer=status_answer(**replies)) as fake:
        printer = EscposPrinter.from_url(f"escpos://{fake.address}?paper=58")
        assert printer.status().message == words and not printer.status().ready
        with pytest.raises(PrinterError) as raised:
            printer.print_document(badge("hebrew"))
        time.sleep(0.1)  # anything sent after the refusal would have arrived by now
    assert str(raised.value) == words
    assert JOB_START not in fake.received and b"\x1dv0" not in fake.received


def test_paper_near_end_still_prints_and_says_so() -> None:
    with FakePrinter(answer=status_answer(paper=NEAR_END)) as fake:
        printer = EscposPrinter.from_url(f"escpos://{fake.address}")
        assert printer.status() == status_words(OK, OK, NEAR_END)
        assert printer.status().ready and printer.status().message == "ready, paper running low"
        printer.print_document(badge("spanish"))
        assert JOB_START in fake.wait_for(1000)


def test_status_words_for_a_ready_printer() -> None:
    with FakePrinter(answer=status_answer()) as fake:
        state = EscposPrinter.from_url(f"escpos://{fake.address}").status()
    assert state.ready and state.message == "ready"


def test_status_off_prints_to_a_printer_that_never_answers_status() -> None:
    with FakePrinter() as fake:  # a forwarder: takes bytes, says nothing
        printer = EscposPrinter.from_url(f"escpos://{fake.address}?paper=80&status=off")
        assert printer.status().ready
        printer.print_document(badge("mixed"))
        assert decoded_qr_texts(decoded_image(fake.wait_for(1000))) == [HARD["mixed"].code]


def test_urls_for_every_transport() -> None:
    printer = open_printer("escpos://127.0.0.1:9101?paper=58")
    assert isinstance(printer, EscposPrinter) and printer.paper == 58 and printer.name == "escpos://127.0.0.1:9101?paper=58"
    assert printer.target == Target("network", host="127.0.0.1", port=9101)
    assert EscposPrinter.from_url("escpos://printer.local").target.port == 9100
    usb = EscposPrinter.from_url("escpos+usb://04b8:0e28?paper=80&in_ep=81&out_ep=02")
    assert usb.target == Target("usb", vendor=0x04B8, product=0x0E28, in_ep=0x81, out_ep=0x02)
    serial = EscposPrinter.from_url("escpos+serial:///dev/ttyUSB0?baudrate=19200&paper=58")
    assert serial.target == Target("serial", device="/dev/ttyUSB0", baudrate=19200) and serial.paper == 58


@pytest.mark.parametrize(("url", "words"), [
    ("escpos://", "say which printer"),
    ("escpos://:9100?paper=80", "say which printer"),
    ("escpos://host:port", "say which printer"),
    ("escpos://10.0.0.5?paper=99", "58 or 80"),
    ("escpos://10.0.0.5?paper=wide", "must be a number"),
    ("escpos://10.0.0.5?papr=80", "unknown setting 'papr'"),
    ("escpos://10.0.0.5?status=maybe", "status=on or status=off"),
    ("escpos+usb://04b8", "vendor and product ids"),
    ("escpos+usb://zz:0202", "hexadecimal"),
    ("escpos+serial://", "which serial port"),
    ("escpos+serial:///dev/ttyUSB0?baudrate=12345", "which serial port and speed"),
])
def test_bad_urls_are_refused_in_words(url: str, words: str) -> None:
    with pytest.raises(PrinterError, match=re.escape(words)):
        open_printer(url)


@pytest.mark.parametrize("url", ["escpos+usb://ffff:fffe", "escpos+serial:///dev/no-such-printer"])
def test_a_missing_usb_or_serial_printer_is_said_in_words(url: str) -> None:
    printer = EscposPrinter.from_url(url, timeout=1.0)
    with pytest.raises(PrinterError, match=r"printer does not answer|not installed"):
        printer.print_document(badge("accented"))
    assert not printer.status().ready


def test_a_serial_printer_on_a_pseudo_terminal_is_asked_then_prints() -> None:
    pytest.importorskip("serial")  # python-escpos talks to serial ports through pyserial
    with FakeSerialPrinter(answer=status_answer()) as fake:
        printer = open_printer(f"escpos+serial://{fake.device}?baudrate=19200&paper=58")
        assert isinstance(printer, EscposPrinter)
        started = time.monotonic()
        assert printer.status().message == "ready"
        assert time.monotonic() - started < 0.5  # the replies are read as they come, not after a timeout
        document = badge("arabic")
        printer.print_document(document)
        deadline = time.monotonic() + 2
        while len(fake.received) < 9 + len(printer.encode(document)) and time.monotonic() < deadline:
            time.sleep(0.01)
    image = decoded_image(bytes(fake.received))
    assert image.width == 384 and decoded_qr_texts(image) == [document.attendee.code]


def test_a_silent_serial_printer_fails_within_the_timeout() -> None:
    pytest.importorskip("serial")
    with FakeSerialPrinter() as fake:
        printer = EscposPrinter.from_url(f"escpos+serial://{fake.device}", timeout=1.0)
        started = time.monotonic()
        with pytest.raises(PrinterError, match="no status reply within 1 s"):
            printer.print_document(badge("brackets"))
    assert time.monotonic() - started < 2.5  # drawing the badge included
    assert JOB_START not in fake.received


def test_importing_escpos_leaves_no_temp_folder_and_no_logging_set_up(tmp_path: Path) -> None:
    """python-escpos 3.1 makes a temp folder on every import, even with its cache variable set, and calls
    logging.basicConfig(); printers.escpos imports it without either."""
    temp, cache = tmp_path / "tmp", tmp_path / "cache"
    temp.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "ESCPOS_CAPABILITIES_PICKLE_DIR"}
    env |= {"TMPDIR": str(temp), "XDG_CACHE_HOME": str(cache)}
    script = ("import logging, tempfile; import printers.escpos; "
              "print(tempfile.gettempdir()); print(len(logging.getLogger().handlers))")
    for _ in range(2):  # the first import writes the capabilities cache, the second reads it
        out = subprocess.run([sys.executable, "-c", script], env=env, cwd=REPO, capture_output=True, text=True,
                             timeout=60, check=True).stdout.split()
        assert out == [str(temp), "0"]
        assert list(temp.iterdir()) == []
    assert list((cache / "conference-kiosk" / "escpos").glob("*.capabilities.pickle"))
