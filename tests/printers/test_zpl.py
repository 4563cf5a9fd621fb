"""zpl:// against a fake network printer on 127.0.0.1: the ZPL that arrives is rendered offline by zplkit into
the label the printer would print, and the QR code on it must scan to the attendee."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from kiosk.devices import CONNECT_TIMEOUT_S, BadgeDocument, PrinterError
from printers import open_printer
from printers.zpl import STRIP_BYTES, ZplPrinter, host_status_words, label_zpl
from tests.kiosk.badges.hard_names import HARD, decoded_qr_texts, demo_config
from tests.printers.fake_printer import Answer, FakePrinter

zplkit = pytest.importorskip("zplkit")

OUTPUT = Path(__file__).resolve().parent / "output"  # git-ignored: the rendered labels, for a person to look at
GRAPHIC = re.compile(rb"\^GFA,(\d+),(\d+),(\d+),([0-9A-F]*)\^FS")

# ~HS, as a Zebra answers it: three lines, each <STX> … <ETX> CR LF. Line 1: comms, paper out, pause, label
# length, formats waiting, buffer full, diag, partial format, 000, corrupt RAM, under / over temperature.
# Line 2: function settings, 0, head up, ribbon out, thermal transfer, print mode, width mode, label waiting, …
LINE_1 = "030,{paper_out},{paused},0609,000,0,0,0,000,0,0,0"
LINE_2 = "001,0,{head_up},{ribbon_out},{transfer},2,4,0,00000000,1,000"


def host_status(paper_out: int = 0, paused: int = 0, head_up: int = 0, ribbon_out: int = 0,
                transfer: int = 0) -> bytes:
    first = LINE_1.format(paper_out=paper_out, paused=paused)
    second = LINE_2.format(head_up=head_up, ribbon_out=ribbon_out, transfer=transfer)
    return b"".join(b"\x02" + line.encode() + b"\x03\r\n" for line in (first, second, "1234,0"))


def status_answer(**flags: int) -> Answer:
    """A Zebra that answers each ~HS before the label starts (^XA) with its three status lines."""
    reply = host_status(**flags)
    connection = threading.local()  # the fake serves each connection on its own thread

    def answer(seen: bytes) -> bytes | None:
        asked = seen.split(b"^XA")[0].count(b"~HS")
        new = asked - getattr(connection, "answered", 0)
        connection.answered = asked
        return reply * new or None

    return answer


def badge(key: str) -> BadgeDocument:
    return BadgeDocument(HARD[key], demo_config())


def rendered(zpl: bytes, dpi: int) -> Image.Image:
    document = zplkit.render(zpl, zplkit.Options(dpi=dpi))
    assert len(document.labels) == 1 and not document.warnings
    raster = document.labels[0].rasterize()
    return Image.frombytes("L", (raster.width, raster.height), raster.pixels)


@pytest.mark.parametrize(("key", "dpi"), [("japanese", 203), ("arabic", 300), ("double-barrelled", 203),
                                          ("greek", 300)])
def test_a_badge_arrives_as_zpl_graphics_and_its_qr_scans(key: str, dpi: int) -> None:
    document = badge(key)
    with FakePrinter(answer=status_answer()) as fake:
        printer = open_printer(f"zpl://{fake.address}?dpi={dpi}")
        assert isinstance(printer, ZplPrinter)
        confirmation = printer.print_document(document)
        job = printer.encode(document)
        received = fake.wait_for(len(job) + 3)
    assert "bytes sent to zpl://127.0.0.1" in confirmation
    assert received == b"~HS" + job  # asked first; then exactly what encode() says
    raster = document.raster(dpi=dpi, ink="black")
    width, height = raster.size
    assert job.startswith(f"^XA^LH0,0^PON^PW{width}^LL{height}".encode()) and job.rstrip().endswith(b"^XZ")
    strips = GRAPHIC.findall(job)
    assert len(strips) > 1 and all(int(total) <= STRIP_BYTES and len(data) == 2 * int(total)
                                   for total, _, _, data in strips)
    image = rendered(received[3:], dpi)
    OUTPUT.mkdir(exist_ok=True)
    image.save(OUTPUT / f"zpl-{dpi}dpi-{key}.png")
    assert image.size == (width, height)  # the label is the badge, dot for dot
    assert decoded_qr_texts(image) == [document.attendee.code]
    assert image.point(lambda v: 0 if v < 128 else 255).tobytes() == raster.layers["black"].convert("L").tobytes()


def test_odd_widths_keep_their_row_padding_white() -> None:
    image = Image.new("1", (13, 5), 255)
    image.putpixel((0, 0), 0)
    image.putpixel((12, 4), 0)
    out = rendered(label_zpl(image), 203)
    assert out.size == (13, 5)
    inked = [divmod(i, 13) for i, value in enumerate(out.tobytes()) if value < 128]  # (row, column)
    assert inked == [(0, 0), (4, 12)]


def test_a_refused_connection_is_said_in_words_at_once() -> None:
    with FakePrinter(mode="offline") as fake:
        printer = ZplPrinter.from_url(f"zpl://{fake.address}")
        started = time.monotonic()
        with pytest.raises(PrinterError, match=r"printer does not answer \(connection refused by 127\.0\.0\.1"):
            printer.print_document(badge("korean"))
        state = printer.status()
    assert time.monotonic() - started < CONNECT_TIMEOUT_S
    assert not state.ready and "connection refused" in state.message


def test_a_printer_that_never_answers_fails_within_the_timeout_not_a_hang() -> None:
    with FakePrinter(mode="black_hole") as fake:
        printer = ZplPrinter.from_url(f"zpl://{fake.address}")  # the default timeout: CONNECT_TIMEOUT_S
        document = badge("korean")
        printer.encode(document)  # drawn once first, so the clock below measures the printer only
        started = time.monotonic()
        with pytest.raises(PrinterError, match=r"printer does not answer .*no status reply"):
            printer.print_document(document)
        elapsed = time.monotonic() - started
    assert elapsed < CONNECT_TIMEOUT_S + 0.5
    assert b"^XA" not in fake.received


def test_status_of_a_printer_that_never_answers() -> None:
    with FakePrinter(mode="black_hole") as fake:
        started = time.monotonic()
        state = ZplPrinter.from_url(f"zpl://{fake.address}", timeout=1.0).status()
    assert time.monotonic() - started < 1.5
    assert not state.ready and state.message.startswith("printer does not answer")


def test_a_printer_that_answers_nonsense_is_not_taken_for_ready() -> None:
    with FakePrinter(answer=lambda seen: b"\x12\x12\x12" if seen.endswith(b"~HS") else None) as fake:
        state = ZplPrinter.from_url(f"zpl://{fake.address}", timeout=1.0).status()
    assert not state.ready and "like a ZPL printer" in state.message


@pytest.mark.parametrize(("flags", "words"), [
    ({"paper_out": 1, "paused": 1}, "paper out, paused"),
    ({"head_up": 1}, "head open"),
    ({"paused": 1}, "paused"),
    ({"ribbon_out": 1, "transfer": 1}, "ribbon out"),
])
def test_a_printer_that_cannot_print_refuses_in_words_and_prints_nothing(flags: dict[str, int], words: str) -> None:
    with FakePrinter(answer=status_answer(**flags)) as fake:
        printer = ZplPrinter.from_url(f"zpl://{fake.address}")
        state = printer.status()
        with pytest.raises(PrinterError) as raised:
            printer.print_document(badge("chinese"))
        time.sleep(0.1)  # anything sent after the refusal would have arrived by now
    assert not state.ready and state.message == words == str(raised.value)
    assert b"^XA" not in fake.received and fake.received == b"~HS~HS"


def test_status_words_for_a_ready_printer() -> None:
    with FakePrinter(answer=status_answer(ribbon_out=1)) as fake:  # direct thermal: no ribbon to miss
        state = ZplPrinter.from_url(f"zpl://{fake.address}").status()
    assert state.ready and state.message == "ready"


def test_status_words_from_the_manual() -> None:
    def frames(first: str, second: str) -> list[list[str]]:
        return [first.split(","), second.split(","), ["1234", "0"]]

    assert host_status_words(frames("030,0,0,1245,000,0,0,0,000,0,0,1", "001,0,0,0,1,2,4,0,00000000,1,000")) \
        .message == "head too hot"
    assert host_status_words(frames("030,0,0,1245,000,1,0,0,000,0,0,0", "001,0,0,0,1,2,4,0,00000000,1,000")) \
        .ready
    waiting = host_status_words(frames("030,0,0,1245,000,0,0,0,000,0,0,0", "001,0,0,0,1,2,4,1,00000000,1,000"))
    assert waiting.ready and "label waits" in waiting.message


def test_urls() -> None:
    printer = open_printer("zpl://127.0.0.1:9102?dpi=300")
    assert isinstance(printer, ZplPrinter) and (printer.host, printer.port, printer.dpi) == ("127.0.0.1", 9102, 300)
    default = ZplPrinter.from_url("zpl://zebra.local")
    assert (default.port, default.dpi, default.name) == (9100, 203, "zpl://zebra.local:9100?dpi=203")


@pytest.mark.parametrize(("url", "words"), [
    ("zpl://", "say which printer"),
    ("zpl://:9100?dpi=203", "say which printer"),
    ("zpl://10.0.0.7?dpi=150", "203, 300, 600 dpi"),
    ("zpl://10.0.0.7?dpi=high", "must be numbers"),
    ("zpl://10.0.0.7:port", "must be numbers"),
    ("zpl://10.0.0.7?dip=203", "unknown setting 'dip'"),
])
def test_bad_urls_are_refused_in_words(url: str, words: str) -> None:
    with pytest.raises(PrinterError, match=re.escape(words)):
        open_printer(url)
