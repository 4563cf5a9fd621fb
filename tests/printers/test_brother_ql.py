"""brother-ql:// against a fake QL on 127.0.0.1: what arrives is decoded back into pictures with brother-ql-next's
reader and the QR read off them; paper out, cover open, wrong labels, offline and hung printers end in words."""

from __future__ import annotations

import dataclasses
import time

import pytest

pytest.importorskip("brother_ql", reason="brother-ql-next is not installed")

from PIL import Image, ImageChops

import kiosk.badges.layout
from kiosk.devices import CONNECT_TIMEOUT_S, BadgeDocument, PrinterError
from printers import open_printer
from printers.brother_ql import BrotherQLPrinter
from tests.kiosk.badges.hard_names import HARD, decoded_qr_texts, demo_config
from tests.printers import brother_fake as fake
from tests.printers.fake_printer import FakePrinter

QUICK = {"timeout": 1.0, "status_wait": 0.5, "confirm_wait": 1.5}  # the same rules, shorter waits


def badge(who: str = "arabic", preset: str = "ql-62x100") -> BadgeDocument:
    config = dataclasses.replace(demo_config(), badge=kiosk.badges.layout.default_layout(preset))
    return BadgeDocument(HARD[who], config)


def printer_for(fake_printer: FakePrinter, query: str, **options: float) -> BrotherQLPrinter:
    return BrotherQLPrinter.from_url(f"brother-ql://{fake_printer.address}?{query}", **(QUICK | options))


def red_share(image: Image.Image, box: tuple[int, int, int, int]) -> float:
    red, green, blue = image.convert("RGB").crop(box).split()
    pure_red = ImageChops.multiply(red.point(lambda v: 255 * (v > 200)), green.point(lambda v: 255 * (v < 60)))
    pure_red = ImageChops.multiply(pure_red, blue.point(lambda v: 255 * (v < 60)))
    return pure_red.histogram()[255] / (pure_red.width * pure_red.height)


@pytest.mark.parametrize("who", ["arabic", "chinese", "double-barrelled"])
def test_a_badge_on_62x100_labels_prints_and_its_qr_scans(who: str) -> None:
    document = badge(who)
    answers = fake.BrotherAnswers(status=fake.READY_62X100)
    with FakePrinter(answer=answers) as fake_printer:
        printer = printer_for(fake_printer, "model=QL-820NWB&label=62x100")
        confirmation = printer.print_document(document)
        sent = fake_printer.wait_for(len(printer.status_request()) + len(printer.encode(document)))
    assert "confirmed by the printer" in confirmation and "62mm x 100mm die-cut" in confirmation
    [page] = fake.decoded_prints(sent, f"62x100-{who}")
    assert page.size == (720, 1109)  # the QL-8xx head, the label's printable length
    assert decoded_qr_texts(page) == [document.attendee.code]


def test_a_badge_prints_along_62mm_continuous_tape() -> None:
    document = badge("greek")
    with FakePrinter(answer=fake.BrotherAnswers()) as fake_printer:
        printer = printer_for(fake_printer, "model=QL-820NWB&label=62")
        assert "confirmed" in printer.print_document(document)
        sent = fake_printer.wait_for(len(printer.status_request()) + len(printer.encode(document)))
    [page] = fake.decoded_prints(sent, "62-continuous-greek")
    # 100 × 62 mm turned so its 62 mm side fills the 696 printable dots: about 100 mm of tape, not 170.
    assert page.width == 720 and 1100 <= page.height <= 1130
    assert decoded_qr_texts(page) == [document.attendee.code]


def test_red_bands_and_markers_print_red_on_black_red_tape() -> None:
    document = badge("arabic")  # a speaker: red role band, two interest markers
    with FakePrinter(answer=fake.BrotherAnswers()) as fake_printer:
        printer = printer_for(fake_printer, "model=QL-820NWB&label=62&red=1")
        assert printer.label.identifier == "62red"
        assert "confirmed" in printer.print_document(document)
        sent = fake_printer.wait_for(len(printer.status_request()) + len(printer.encode(document)))
    [page] = fake.decoded_prints(sent, "62red-arabic")
    assert page.mode == "RGBA" and decoded_qr_texts(page) == [document.attendee.code]
    # Turned a quarter to the left, the badge's top (the role band, 14 % of 62 mm ≈ 97 dots) is the left edge.
    left = (720 - 696) // 2
    assert red_share(page, (left + 10, 50, left + 80, page.height - 50)) > 0.6
    assert red_share(page, (left + 120, 0, 720, page.height)) > 0.005  # the interest markers
    assert red_share(page, (left + 120, 0, 720, page.height)) < 0.2


@pytest.mark.parametrize(("reply", "words"), [
    (fake.NO_MEDIA, "paper out"),
    (fake.COVER_OPEN, "cover open"),
    (fake.WRONG_29, "wrong labels loaded: 29 mm continuous tape, expected 62 mm continuous tape"),
    (fake.WRONG_KIND, "wrong labels loaded: 62 × 100 mm die-cut labels, expected 62 mm continuous tape"),
    (fake.OTHER_MODEL, "says it is a QL-700, but its address says model=QL-820NWB"),
], ids=["no-media", "cover-open", "29mm", "die-cut", "other-model"])
def test_a_printer_that_is_not_ready_gets_no_raster(reply: bytes, words: str) -> None:
    with FakePrinter(answer=fake.BrotherAnswers(status=reply)) as fake_printer:
        printer = printer_for(fake_printer, "model=QL-820NWB&label=62")
        with pytest.raises(PrinterError, match=words):
            printer.print_document(badge())
        sent = fake_printer.wait_for(1)
        assert words in printer.status().message and not printer.status().ready
    assert sent == printer.status_request()  # invalidate, initialise, ESC i S and nothing else
    assert "raster" not in " ".join(fake.instruction_names(sent))


def test_cover_opened_while_printing_is_an_error_in_words() -> None:
    answers = fake.BrotherAnswers(after_print=fake.COVER_OPENED_WHILE_PRINTING)
    with FakePrinter(answer=answers) as fake_printer, pytest.raises(PrinterError, match="cover open while printing"):
        printer_for(fake_printer, "model=QL-820NWB&label=62").print_document(badge())


def test_a_printer_that_never_answers_prints_without_claiming_it_printed() -> None:
    document = badge("korean")
    with FakePrinter() as fake_printer:  # reads everything, answers nothing (QL network models on port 9100)
        printer = printer_for(fake_printer, "model=QL-820NWB&label=62")
        confirmation = printer.print_document(document)
        sent = fake_printer.wait_for(len(printer.status_request()) + len(printer.encode(document)))
        status = printer.status()
    assert "not confirmed" in confirmation and "printed" not in confirmation
    assert decoded_qr_texts(fake.decoded_prints(sent, "silent-korean")[0]) == [document.attendee.code]
    assert status.ready and "no status" in status.message


def test_a_slow_printer_still_confirms() -> None:
    with FakePrinter(answer=fake.BrotherAnswers(), mode="slow", delay=0.8) as fake_printer:
        printer = printer_for(fake_printer, "model=QL-820NWB&label=62", confirm_wait=3.0)
        assert "confirmed by the printer" in printer.print_document(badge())


def test_an_offline_printer_is_an_error_within_the_connect_timeout() -> None:
    with FakePrinter(mode="offline") as fake_printer:
        printer = BrotherQLPrinter.from_url(f"brother-ql://{fake_printer.address}?model=QL-820NWB&label=62")
        started = time.monotonic()
        with pytest.raises(PrinterError, match=r"offline: .* refused the connection"):
            printer.print_document(badge())
        assert time.monotonic() - started < CONNECT_TIMEOUT_S
        status = printer.status()
    assert not status.ready and "offline" in status.message


def test_a_black_hole_printer_is_an_error_not_a_hang() -> None:
    with FakePrinter(mode="black_hole") as fake_printer:
        printer = printer_for(fake_printer, "model=QL-820NWB&label=62")
        started = time.monotonic()
        with pytest.raises(PrinterError, match=r"(stopped taking data|took the connection but not the badge)"):
            printer.print_document(badge())
        elapsed = time.monotonic() - started
    assert elapsed < printer.status_wait + printer.timeout + printer.confirm_wait + 1


def test_open_printer_gives_this_backend() -> None:
    url = "brother-ql://127.0.0.1:9101?model=QL-820NWB&label=62"
    printer = open_printer(url)
    assert isinstance(printer, BrotherQLPrinter) and printer.name == url
    assert (printer.host, printer.port, printer.model.identifier) == ("127.0.0.1", 9101, "QL-820NWB")
    assert not printer.red and printer.label.identifier == "62"
    wide = BrotherQLPrinter.from_url("brother-ql://printer.local?model=QL-1110NWB&label=102")
    assert wide.port == 9100 and wide.label.dots_printable[0] == 1164
    usb = open_printer("brother-ql+usb://04F9:209D?model=QL-800&label=62x100")
    assert isinstance(usb, BrotherQLPrinter) and usb.usb == "04f9:209d"


@pytest.mark.parametrize(("url", "words"), [
    ("brother-ql://host?label=62", "say the printer model and the label"),
    ("brother-ql://host?model=QL-9000&label=62", "unknown Brother model 'QL-9000'"),
    ("brother-ql://host?model=QL-820NWB&label=63", "unknown label '63'"),
    ("brother-ql://host?model=QL-700&label=62&red=1", "red printing needs a two-colour printer"),
    ("brother-ql://host?model=QL-820NWB&label=29&red=1", "red=1 needs black/red tape"),
    ("brother-ql://host?model=QL-820NWB&label=102", "do not fit the QL-820NWB"),
    ("brother-ql://host:port?model=QL-820NWB&label=62", "the port must be a number"),
    ("brother-ql://?model=QL-820NWB&label=62", "say the printer's network address"),
    ("brother-ql://host?model=QL-820NWB&lable=62", "unknown setting lable"),
    ("brother-ql://host?model=QL-820NWB&label=62&red=maybe", "red must be 1 or 0"),
    ("brother-ql+usb://brother?model=QL-800&label=62", "VENDOR:PRODUCT in hex"),
])
def test_bad_addresses_are_refused_in_words(url: str, words: str) -> None:
    with pytest.raises(PrinterError, match=words):
        open_printer(url)


def test_a_usb_printer_that_is_not_there_is_an_error_in_words() -> None:
    printer = open_printer("brother-ql+usb://04f9:209d?model=QL-800&label=62")
    with pytest.raises(PrinterError, match="USB"):
        printer.print_document(badge())
    assert not printer.status().ready


def test_encode_is_the_job_alone_and_the_same_every_time() -> None:
    printer = BrotherQLPrinter.from_url("brother-ql://host?model=QL-820NWB&label=62x100")
    document = badge()
    job = printer.encode(document)
    assert job == printer.encode(document)
    names = fake.instruction_names(job)
    assert names[-1] == "print" and "raster" in names and "expanded" in names
    assert printer.picture(document).size == (696, 1109)


def test_a_printer_that_answers_but_never_confirms_is_not_called_printed() -> None:
    with FakePrinter(answer=fake.BrotherAnswers(after_print=())) as fake_printer:
        confirmation = printer_for(fake_printer, "model=QL-820NWB&label=62").print_document(badge())
    assert "did not confirm printing within 1.5 s" in confirmation and "printed on" not in confirmation


def test_the_fast_hue_filter_gives_what_brother_ql_next_gives() -> None:
    """printers/brother_hsv.py replaces brother-ql-next's per-pixel loop: the same pixels, far faster."""

    import brother_ql.conversion
    from PIL import Image, ImageDraw

    from printers import brother_hsv

    image = Image.new("RGB", (120, 60), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 59, 29), fill=(255, 0, 0))
    draw.rectangle((60, 0, 119, 29), fill=(0, 0, 0))
    draw.ellipse((10, 30, 110, 59), fill=(200, 40, 40))
    red = (lambda h: 255 if (h < 40 or h > 210) else 0, lambda s: 255 if s > 100 else 0,
           lambda v: 255 if v > 80 else 0)

    def reference(im: Image.Image, fh, fs, fv) -> Image.Image:  # type: ignore[no-untyped-def]
        hsv = im.convert("HSV").split()
        mask = hsv[0].point(fh)
        data = [255 if (h and s and v) else 0 for h, s, v in zip(hsv[0].point(fh).tobytes(),
                                                                   hsv[1].point(fs).tobytes(),
                                                                   hsv[2].point(fv).tobytes(), strict=True)]
        mask.frombytes(bytes(data))
        out = Image.new("RGB", im.size, (255, 255, 255))
        out.paste(im, None, mask)
        return out

    assert brother_ql.conversion.filtered_hsv is brother_hsv.filtered_hsv  # installed
    assert brother_hsv.filtered_hsv(image, *red).tobytes() == reference(image, *red).tobytes()
