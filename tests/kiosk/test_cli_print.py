"""`kiosk print` and `kiosk printers`: exit 0 only when the printer confirmed; otherwise 1, in words, in time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk import print_queue
from kiosk.cli import main
from kiosk.printing import badge_prints
from kiosk.session import open_store
from tests.printers.fake_printer import FakePrinter


def demo(tmp_path: Path) -> tuple[list[str], str, str]:
    data = ["--data-dir", str(tmp_path)]
    assert main([*data, "demo"]) == 0
    store = open_store(tmp_path)
    row = store.conn.execute("SELECT id, code FROM attendees WHERE status = 'valid' ORDER BY code LIMIT 1").fetchone()
    store.close()
    return data, row[0], row[1]


def test_print_waits_for_the_confirmation_and_records_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, attendee_id, code = demo(tmp_path)
    folder = tmp_path / "printed"
    assert main([*data, "print", code, "--printer", f"pdf://{folder}", "--volunteer", "Kim"]) == 0
    assert "badge printed on pdf://" in capsys.readouterr().out and len(list(folder.glob("*.pdf"))) == 1
    store = open_store(tmp_path)
    (printed,) = badge_prints(store, attendee_id)
    assert printed.actor == "Kim" and print_queue.open_jobs(store) == []
    store.close()
    assert main([*data, "print", code, "--printer", f"pdf://{folder}"]) == 2  # a reprint needs a reason
    assert "say why" in capsys.readouterr().err
    assert main([*data, "print", code, "--printer", f"pdf://{folder}", "--reason", "torn"]) == 0


def test_an_unreachable_printer_exits_1_in_words_within_10_s_and_leaves_no_job(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, attendee_id, code = demo(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    started = time.monotonic()
    assert main([*data, "print", code, "--printer", f"pdf://{blocker}/badges"]) == 1
    assert time.monotonic() - started < 10
    assert "did not print: cannot write the badge" in capsys.readouterr().out
    store = open_store(tmp_path)
    assert print_queue.open_jobs(store) == [] and badge_prints(store, attendee_id) == []
    assert [j.state for j in print_queue.jobs_for(store, attendee_id)] == ["cancelled"]
    store.close()


def test_a_printer_that_never_answers_is_given_up_on_in_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk import cli_print

    data, _, code = demo(tmp_path)
    monkeypatch.setattr(cli_print, "DEADLINE_S", 1.0)

    class Hanging:
        name = "escpos://192.0.2.1:9100"

        def print_document(self, document: object) -> str:
            time.sleep(30)
            return "never"

    import printers

    monkeypatch.setattr(printers, "open_printer", lambda url: Hanging())
    started = time.monotonic()
    assert main([*data, "print", code, "--printer", "escpos://192.0.2.1:9100"]) == 1
    assert time.monotonic() - started < 5
    assert "did not confirm within 1 s" in capsys.readouterr().out


def test_bad_printer_addresses_are_the_users_mistake(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, _, code = demo(tmp_path)
    assert main([*data, "print", code, "--printer", "fax://0800"]) == 2
    assert "not a printer address we know" in capsys.readouterr().err
    assert main([*data, "print", "NOPE", "--printer", "pdf:///tmp"]) == 2


def test_printers_lists_what_it_finds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from printers.discovery import usb_printers

    device = tmp_path / "usb" / "1-1"
    device.mkdir(parents=True)
    (device / "idVendor").write_text("04f9\n")
    (device / "idProduct").write_text("209d\n")
    (device / "product").write_text("QL-820NWB\n")
    (found,) = usb_printers(tmp_path / "usb")
    assert found.url == "brother-ql+usb://04f9:209d" and "QL-820NWB" in found.description
    assert main(["printers", "--timeout", "0.2"]) == 0
    assert capsys.readouterr().out.strip()


def test_the_fake_printer_helper_refuses_when_offline() -> None:
    import socket

    with FakePrinter(mode="offline") as printer, pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", printer.port), timeout=1)


def test_print_sends_its_own_job_and_leaves_the_desks_waiting_ones_alone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, _, code = demo(tmp_path)
    store = open_store(tmp_path)
    other = store.conn.execute("SELECT id FROM attendees WHERE status = 'valid' AND code != ? LIMIT 1",
                               (code,)).fetchone()[0]
    waiting = print_queue.enqueue_badge(store, other, f"pdf://{tmp_path / 'desk'}", actor="Desk 1")
    store.close()
    assert main([*data, "print", code, "--printer", f"pdf://{tmp_path / 'cli'}"]) == 0
    assert "badge printed" in capsys.readouterr().out
    store = open_store(tmp_path)
    assert print_queue.get(store, waiting.id).state == "queued" and not (tmp_path / "desk").exists()
    assert main([*data, "print", store.conn.execute("SELECT code FROM attendees WHERE id = ?", (other,)).fetchone()[0],
                 "--printer", f"pdf://{tmp_path / 'cli'}"]) == 2  # already waiting on the desk: said, not stolen
    assert "already waiting on this desk" in capsys.readouterr().err
    store.close()


def test_a_printer_that_cannot_confirm_exits_1_and_says_so(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from tests.printers.test_zpl import status_answer

    data, attendee_id, code = demo(tmp_path)
    with FakePrinter(answer=status_answer()) as zebra:
        assert main([*data, "print", code, "--printer", f"zpl://{zebra.address}"]) == 1
        assert zebra.received.count(b"^XA") == 1
    said = capsys.readouterr().out
    assert "cannot confirm printing" in said and "recorded as printed" in said
    store = open_store(tmp_path)
    assert len(badge_prints(store, attendee_id)) == 1  # it went out: a second print would need a reason
    store.close()
