"""The print queue with a real backend and a fake Zebra on 127.0.0.1: paper out keeps the job, the printer
comes back, the badge prints once and only then is `badge.printed` appended."""

from __future__ import annotations

import datetime as dt

from kiosk import print_queue
from kiosk.checkin import check_in
from kiosk.printing import badge_prints
from kiosk.runners import run_synchronously
from kiosk.store import Store
from printers import open_printer
from tests.factories import add_attendees
from tests.kiosk.badges.hard_names import decoded_qr_texts
from tests.printers.fake_printer import FakePrinter
from tests.printers.test_zpl import rendered, status_answer


def later(seconds: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)


def test_paper_out_keeps_the_job_and_the_badge_prints_once_when_paper_is_back(store: Store) -> None:
    (anna,) = add_attendees(store, "Anna Müller", organisation="TU Berlin", interests=["Science"])
    assert check_in(store, anna, day=1, desk="Desk 2", volunteer="Sam").ok
    answers = {"now": status_answer(paper_out=1)}
    with FakePrinter(answer=lambda seen: answers["now"](seen)) as zebra:
        url = f"zpl://{zebra.address}?dpi=203"
        pump = print_queue.Pump(store, open_printer, run_synchronously)
        job = print_queue.enqueue_badge(store, anna, url, actor="Sam @ Desk 2")
        pump.tick()
        failed = print_queue.get(store, job.id)
        assert failed.state == "failed" and "paper out" in failed.last_error
        assert b"^XA" not in zebra.received and badge_prints(store, anna) == []
        answers["now"] = status_answer()  # paper loaded
        pump.tick(now=later(10))
        done = print_queue.get(store, job.id)
        assert done.state == "done", done.last_error
        label = zebra.wait_for(len(zebra.received))
        picture = rendered(label[label.index(b"^XA"):], 203)
        assert decoded_qr_texts(picture) == [store.conn.execute(
            "SELECT code FROM attendees WHERE id = ?", (anna,)).fetchone()[0]]
        pump.tick(now=later(600))
        assert zebra.received.count(b"^XA") == 1  # printed once
    (printed,) = badge_prints(store, anna)
    assert printed.printer == url and printed.actor == "Sam @ Desk 2"


def test_an_offline_printer_fails_in_words_and_another_printer_takes_the_job(store: Store) -> None:
    (anna,) = add_attendees(store, "Anna Müller")
    with FakePrinter(mode="offline") as dead, FakePrinter(answer=status_answer()) as spare:
        pump = print_queue.Pump(store, open_printer, run_synchronously)
        job = print_queue.enqueue_badge(store, anna, f"zpl://{dead.address}", actor="Sam")
        pump.tick()
        failed = print_queue.get(store, job.id)
        assert failed.state == "failed" and "refused" in failed.last_error
        print_queue.send_elsewhere(store, job.id, f"zpl://{spare.address}")
        pump.tick()
        assert print_queue.get(store, job.id).state == "done" and spare.received.count(b"^XA") == 1
    assert len(badge_prints(store, anna)) == 1
