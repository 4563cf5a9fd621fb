"""cups:// through a real, private cupsd (tests/printers/cupsd.py): a raw queue whose device is a fake network
printer on 127.0.0.1, so the PDF CUPS delivers can be compared byte for byte, rendered and its QR scanned.

The rest is what a desk meets on the day: the printer is switched off or out of labels, the queue was stopped,
the printer refuses the job, a job is held, the queue does not exist. Each must end in a PrinterError in words
within the job's time limit, and the job must be cancelled in CUPS so that it never prints later behind the
desk's back. Misbehaving printers are small shell-script CUPS backends that the private cupsd runs.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import printers.cups
from kiosk.devices import BadgeDocument, PrinterError
from printers import open_printer
from printers.cups import CupsPrinter, parse_jobs, parse_state, queues
from tests.kiosk.badges.hard_names import HARD, decoded_qr_texts, demo_config, pdf_pages
from tests.printers.cupsd import PrivateCupsd, private_cupsd
from tests.printers.fake_printer import FakePrinter

JOB_ID = re.compile(r"\b(Badges-\d+)\b")
QUICK_S = 3.0  # a stopped or held queue is noticed on the first look, long before any time limit

# Printers that misbehave, as CUPS backends: a backend tells cupsd about the printer on stderr (STATE: adds a
# printer-state-reason, INFO: sets the message, ERROR: too) and decides the job's fate by its exit code.
PAPER_OUT = """#!/bin/sh
[ $# -eq 0 ] && exit 0  # asked to list its devices: none
echo "STATE: +media-empty-error" >&2
echo "INFO: Out of labels" >&2
while :; do sleep 0.1; done  # waits for paper, as a label printer does, until the job is cancelled
"""
REFUSES = """#!/bin/sh
[ $# -eq 0 ] && exit 0
echo "ERROR: the printer refused the job" >&2
exit {code}
"""
BACKENDS = {"paperout": PAPER_OUT, "cancels": REFUSES.format(code=5),  # 5: CUPS_BACKEND_CANCEL
            "fails": REFUSES.format(code=1), "stops": REFUSES.format(code=4)}  # 1: FAILED, 4: STOP (the queue)


@pytest.fixture(scope="module")
def cups() -> Iterator[PrivateCupsd]:
    with private_cupsd(BACKENDS) as scheduler:  # ~0.1 s to start: one per module
        yield scheduler


@pytest.fixture
def device() -> Iterator[FakePrinter]:
    with FakePrinter() as fake:
        yield fake


@pytest.fixture
def badges(cups: PrivateCupsd, device: FakePrinter) -> Iterator[str]:
    """A raw queue "Badges" to the fake printer; removed (with whatever jobs it kept) after each test."""
    cups.add_raw_queue("Badges", f"socket://{device.address}", description="Badge printer, desk 1")
    yield "Badges"
    cups.remove_queue("Badges")


def badge(key: str = "arabic") -> BadgeDocument:
    return BadgeDocument(HARD[key], demo_config())


def printer(cups: PrivateCupsd, timeout: float = 10.0) -> CupsPrinter:
    return CupsPrinter("Badges", server=cups.server, timeout=timeout)


def _number(job: str) -> str:
    return job.rpartition("-")[2]


def job_in(error: pytest.ExceptionInfo[PrinterError]) -> str:
    found = JOB_ID.search(str(error.value))
    assert found, f"no job id in {error.value}"
    return found[1]


# --- through CUPS ------------------------------------------------------------------------------------------


def test_a_badge_arrives_byte_for_byte_and_its_qr_scans(cups: PrivateCupsd, badges: str,
                                                        device: FakePrinter) -> None:
    document = badge()
    pdf = document.pdf()  # the renderer is deterministic (reportlab invariant=1): the same bytes CUPS gets
    confirmation = printer(cups).print_document(document)

    assert JOB_ID.fullmatch(confirmation)
    assert confirmation in cups.jobs(badges, "completed")
    assert cups.jobs(badges) == []
    received = device.wait_for(len(pdf))
    assert received == pdf  # raw queue: no filter touched it
    pages = pdf_pages(received)
    assert len(pages) == 1
    assert decoded_qr_texts(pages[0]) == [HARD["arabic"].code]


def test_the_confirmation_waits_for_the_printer_not_for_the_queue(cups: PrivateCupsd, badges: str,
                                                                  device: FakePrinter) -> None:
    """By the time print_document returns, the printer has every byte (not merely CUPS's spool)."""
    pdf = badge("chinese").pdf()
    printer(cups).print_document(badge("chinese"))
    assert bytes(device.received) == pdf


def test_the_server_may_come_from_the_environment(cups: PrivateCupsd, badges: str, device: FakePrinter,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CUPS_SERVER", cups.server)
    assert JOB_ID.fullmatch(CupsPrinter("Badges").print_document(badge("greek")))
    assert CupsPrinter("Badges").status().ready


def test_open_printer_gives_a_cups_printer(cups: PrivateCupsd, badges: str) -> None:
    opened = open_printer(f"cups://Badges?server={cups.server}&timeout=5")
    assert isinstance(opened, CupsPrinter)
    assert (opened.queue, opened.server, opened.timeout) == ("Badges", cups.server, 5.0)
    assert open_printer(opened.name).name == opened.name  # the name is an address that opens the same printer
    assert opened.status().message == "ready"


def test_queues_lists_the_queue_with_its_description_and_device(cups: PrivateCupsd, badges: str,
                                                                device: FakePrinter) -> None:
    assert ("Badges", "Badge printer, desk 1", f"socket://{device.address}") in queues(cups.server)


# --- when it does not print --------------------------------------------------------------------------------


def test_a_printer_that_is_switched_off_fails_in_time_and_the_job_is_cancelled(cups: PrivateCupsd) -> None:
    with socket.socket() as probe:  # a port nobody listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    cups.add_raw_queue("Badges", f"socket://127.0.0.1:{port}")
    try:
        started = time.monotonic()
        with pytest.raises(PrinterError) as caught:
            printer(cups, timeout=2.0).print_document(badge())
        took = time.monotonic() - started

        message = str(caught.value)
        assert 2.0 <= took < 2.0 + QUICK_S, message
        assert "CUPS still has job Badges-" in message and "after 2 s" in message
        assert "The printer may not exist or is unavailable" in message  # CUPS's socket backend, in its words
        assert "cancelled" in message
        assert cups.jobs("Badges") == []  # not left in the queue to print when the printer comes back
        assert job_in(caught) in cups.jobs("Badges", "completed")
    finally:
        cups.remove_queue("Badges")


def test_a_stopped_queue_refuses_in_words_and_prints_nothing_later(cups: PrivateCupsd, badges: str,
                                                                   device: FakePrinter) -> None:
    cups.run("cupsdisable", "-r", "paper out", badges)
    status = printer(cups).status()
    assert not status.ready
    assert status.message == "the CUPS queue Badges is stopped: paper out"

    started = time.monotonic()
    with pytest.raises(PrinterError, match="the CUPS queue Badges is stopped: paper out") as caught:
        printer(cups).print_document(badge())
    assert time.monotonic() - started < QUICK_S
    assert cups.jobs(badges) == [] and job_in(caught) in cups.jobs(badges, "completed")

    cups.run("cupsenable", badges)  # paper loaded: the next badge prints, and only that one
    pdf = badge("korean").pdf()
    printer(cups).print_document(badge("korean"))
    assert device.wait_for(len(pdf) + 1, timeout=0.5) == pdf


def test_paper_out_is_said_soon_and_the_job_cancelled(cups: PrivateCupsd, badges: str, device: FakePrinter,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printers.cups, "ERROR_GRACE_S", 0.5)  # the time a stale reason gets (5 s on the day)
    cups.run("lpadmin", "-p", badges, "-v", "paperout://label")
    started = time.monotonic()
    with pytest.raises(PrinterError) as caught:
        printer(cups, timeout=10.0).print_document(badge())
    assert time.monotonic() - started < QUICK_S
    assert str(caught.value).startswith("the printer reports: paper out (Out of labels) (job Badges-")
    assert cups.jobs(badges) == [] and job_in(caught) in cups.jobs(badges, "completed")
    status = printer(cups).status()
    assert not status.ready and status.message.startswith("the printer reports: paper out")

    # cupsd keeps a reason until a backend clears it: labels loaded, the stale "paper out" must not stop badges
    cups.run("lpadmin", "-p", badges, "-v", f"socket://{device.address}")
    assert "paper out" in printer(cups).status().message
    assert JOB_ID.fullmatch(printer(cups).print_document(badge("korean")))
    assert device.wait_for(len(badge("korean").pdf())) == badge("korean").pdf()


@pytest.mark.parametrize(("backend", "policy", "words"), [
    ("cancels", "stop-printer", "CUPS cancelled job Badges-{n}: the printer refused the job"),
    ("fails", "abort-job", "CUPS aborted job Badges-{n}: the printer refused the job"),
    ("stops", "stop-printer", "the CUPS queue Badges is stopped: the printer refused the job (job Badges-{n} "
                              "cancelled, so it will not print later)"),
])
def test_a_job_cups_gives_up_on_is_not_confirmed(cups: PrivateCupsd, badges: str, backend: str, policy: str,
                                                 words: str) -> None:
    """lpstat shows a cancelled or aborted job exactly like a printed one: the verdict comes from job-state."""
    cups.run("lpadmin", "-p", badges, "-v", f"{backend}://label", "-o", f"printer-error-policy={policy}")
    with pytest.raises(PrinterError) as caught:
        printer(cups).print_document(badge())
    assert str(caught.value) == words.format(n=_number(job_in(caught)))
    assert cups.jobs(badges) == []


def test_a_queue_paused_without_a_reason_says_so(cups: PrivateCupsd, badges: str) -> None:
    cups.run("cupsdisable", badges)
    assert printer(cups).status().message == "the CUPS queue Badges is stopped: paused"


def test_a_queue_that_refuses_jobs_says_so(cups: PrivateCupsd, badges: str) -> None:
    cups.run("cupsreject", "-r", "event is over", badges)
    assert printer(cups).status().message == "the CUPS queue Badges refuses new jobs: event is over"
    with pytest.raises(PrinterError, match="refuses new jobs"):
        printer(cups).print_document(badge())


def test_a_held_job_is_not_waited_for(cups: PrivateCupsd, badges: str, device: FakePrinter) -> None:
    cups.run("lpadmin", "-p", badges, "-o", "job-hold-until-default=indefinite")
    started = time.monotonic()
    with pytest.raises(PrinterError, match=r"CUPS holds job Badges-\d+ \(job-hold-until-specified\)"):
        printer(cups).print_document(badge())
    assert time.monotonic() - started < QUICK_S
    assert cups.jobs(badges) == [] and device.received == b""


def test_an_unknown_queue_is_said_in_words(cups: PrivateCupsd) -> None:
    nowhere = CupsPrinter("NoSuchQueue", server=cups.server)
    with pytest.raises(PrinterError, match="no CUPS queue called 'NoSuchQueue'"):
        nowhere.print_document(badge())
    with pytest.raises(PrinterError, match="no CUPS queue called 'NoSuchQueue'"):
        nowhere.status()


def test_cups_answers_in_english_whatever_the_desks_language(cups: PrivateCupsd, badges: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """CUPS translates lpstat ("Drucker … ist deaktiviert seit"); we read it, so we ask for English."""
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    cups.run("cupsdisable", "-r", "Papier leer", badges)
    assert printer(cups).status().message == "the CUPS queue Badges is stopped: Papier leer"


def test_a_server_that_does_not_run_is_said_in_words(cups: PrivateCupsd) -> None:  # needs lpstat
    with pytest.raises(PrinterError, match=re.escape("CUPS does not answer on /nonexistent/cups.sock")):
        CupsPrinter("Badges", server="/nonexistent/cups.sock").status()


# --- addresses and lpstat's words (no cupsd needed) --------------------------------------------------------


@pytest.mark.parametrize(("url", "queue", "server", "timeout"), [
    ("cups://Badges", "Badges", None, 60.0),
    ("cups:///Badges", "Badges", None, 60.0),
    ("cups://DYMO_LabelWriter_450?server=/run/cups/cups.sock", "DYMO_LabelWriter_450", "/run/cups/cups.sock", 60.0),
    ("cups://Office?server=printhost:631&timeout=20", "Office", "printhost:631", 20.0),
])
def test_addresses(url: str, queue: str, server: str | None, timeout: float) -> None:
    opened = CupsPrinter.from_url(url)
    assert (opened.queue, opened.server, opened.timeout) == (queue, server, timeout)
    assert CupsPrinter.from_url(opened.name).name == opened.name


@pytest.mark.parametrize("url", ["cups://", "cups://printhost:631/Badges", "cups://Badges?colour=red",
                                 "cups://Badges?timeout=soon", "cups://Bad%20Name"])
def test_addresses_that_name_no_queue_are_refused_in_words(url: str) -> None:
    with pytest.raises(PrinterError, match=r"CUPS queue|timeout|queue.s name"):
        CupsPrinter.from_url(url)


def test_encode_is_the_pdf_and_asks_nothing_of_cups() -> None:
    document = badge("greek")
    assert CupsPrinter.from_url("cups://Badges?server=/nonexistent/cups.sock").encode(document) == document.pdf()


def test_lpstat_printer_lines() -> None:
    printing = "printer Office.2 now printing Office.2-9.  enabled since Sat\n\tUnable to connect to printer\n"
    assert parse_state(printing).printing == "Office.2-9"
    assert parse_state(printing).message == "Unable to connect to printer"
    stopped = parse_state("printer B disabled since Sat -\n\tpaper out\nB not accepting requests since Sat -\n\tx\n")
    assert (stopped.enabled, stopped.accepting, stopped.message) == (False, False, "paper out")


def test_lpstat_job_lines() -> None:
    listing = ("Badges-9   root   3072   Sat Nov 28 00:34:24 2026\n\tStatus: Sending data to printer.\n"
               "\tAlerts: job-printing\n\tqueued for Badges\nBadges-10  root  3072  Sat\n\tAlerts: none\n")
    entries = parse_jobs(listing)
    assert [(e.id, e.message, e.reasons) for e in entries] == [
        ("Badges-9", "Sending data to printer.", ("job-printing",)), ("Badges-10", "", ("none",))]


def test_kiosk_print_goes_through_cups_and_waits_for_it(cups: PrivateCupsd, badges: str, device: FakePrinter,
                                                        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main
    from kiosk.session import open_store

    data = ["--data-dir", str(tmp_path)]
    assert main([*data, "demo"]) == 0
    store = open_store(tmp_path)
    code = store.conn.execute("SELECT code FROM attendees WHERE status = 'valid' ORDER BY code LIMIT 1").fetchone()[0]
    store.close()
    url = f"cups://Badges?server={cups.server}"
    assert main([*data, "print", code, "--printer", url]) == 0
    said = capsys.readouterr().out
    assert "badge printed on cups://Badges" in said and "Badges-" in said
    assert decoded_qr_texts(pdf_pages(device.wait_for(1000))[0]) == [code]
