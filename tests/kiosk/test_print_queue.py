"""The print queue: a job is done only when the printer confirmed, and only then is `badge.printed` appended;
a dead printer keeps the job and it prints once when the printer is back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from kiosk import print_queue
from kiosk.checkin import check_in
from kiosk.devices import NOT_CONFIRMED, Document, PrinterError, PrinterStatus
from kiosk.printing import ReprintNeedsReason, badge_prints
from kiosk.rebuild import rebuild
from kiosk.runners import run_synchronously
from kiosk.store import Store
from tests.factories import add_attendees


class ToggledPrinter:
    """In-process stand-in: prints (records the PDF) while `up`, else says why not."""

    def __init__(self, name: str = "zpl://192.0.2.7:9100", up: bool = True, why: str = "paper out") -> None:
        self.name, self.up, self.why = name, up, why
        self.printed: list[str] = []

    def print_document(self, document: Document) -> str:
        if not self.up:
            raise PrinterError(self.why)
        assert document.pdf().startswith(b"%PDF")
        self.printed.append(document.title)
        return f"job-{len(self.printed)}"

    def status(self) -> PrinterStatus:
        return PrinterStatus(self.up, "ready" if self.up else self.why)



def pump_for(store: Store, printers: dict[str, ToggledPrinter],
             seen: list[tuple[str, tuple[str, ...]]] | None = None) -> print_queue.Pump:
    def opener(url: str) -> ToggledPrinter:
        if url not in printers:
            raise PrinterError(f"no printer at {url}")
        return printers[url]
    return print_queue.Pump(store, opener, run_synchronously,
                            on_change=lambda job, warnings: (seen if seen is not None else []).append(
                                (job.state, warnings)))


def later(seconds: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)


def test_a_job_is_done_only_when_the_printer_confirmed(store: Store) -> None:
    (anna,) = add_attendees(store, "Anna Müller")
    printer = ToggledPrinter()
    seen: list[tuple[str, tuple[str, ...]]] = []
    job = print_queue.enqueue_badge(store, anna, printer.name, actor="Sam @ Desk 2")
    assert job.state == "queued" and badge_prints(store, anna) == []
    pump_for(store, {printer.name: printer}, seen).tick()
    done = print_queue.get(store, job.id)
    assert done.state == "done" and done.confirmation == "job-1" and done.attempts == 1
    assert [s for s, _ in seen] == ["sending", "done"]
    (printed,) = badge_prints(store, anna)
    assert printed.printer == printer.name and printed.actor == "Sam @ Desk 2"
    assert print_queue.open_jobs(store) == [] and rebuild(store, verify=True).identical


def test_a_dead_printer_keeps_the_job_and_it_prints_once_when_back(store: Store) -> None:
    (anna,) = add_attendees(store, "Anna Müller")
    assert check_in(store, anna, day=1, desk="Desk 2", volunteer="Sam").ok  # check-in never waits for it
    printer = ToggledPrinter(up=False, why="printer does not answer (connection refused)")
    pump = pump_for(store, {printer.name: printer})
    job = print_queue.enqueue_badge(store, anna, printer.name, actor="Sam")
    pump.tick()
    failed = print_queue.get(store, job.id)
    assert failed.state == "failed" and "does not answer" in failed.last_error and badge_prints(store, anna) == []
    assert pump.tick() is None  # not due yet: backoff
    assert "does not answer" in print_queue.waiting_message(failed) and "trying again at" in \
        print_queue.waiting_message(failed)
    pump.tick(now=later(6))  # due again, still dead: the pause grows
    again = print_queue.get(store, job.id)
    assert again.attempts == 2 and again.next_try_at > failed.next_try_at
    printer.up = True
    pump.tick(now=later(60))
    assert print_queue.get(store, job.id).state == "done" and len(printer.printed) == 1
    pump.tick(now=later(600))
    assert len(printer.printed) == 1 and len(badge_prints(store, anna)) == 1  # once


def test_retry_another_printer_and_cancel(store: Store) -> None:
    anna, bob = add_attendees(store, "Anna Müller", "Bob Brown")
    dead, spare = ToggledPrinter("zpl://dead:9100", up=False), ToggledPrinter("pdf:///spare")
    pump = pump_for(store, {dead.name: dead, spare.name: spare})
    first = print_queue.enqueue_badge(store, anna, dead.name, actor="Sam")
    pump.tick()
    moved = print_queue.send_elsewhere(store, first.id, spare.name)
    assert moved.state == "queued" and moved.printer == spare.name
    pump.tick()
    assert print_queue.get(store, first.id).state == "done" and spare.printed
    second = print_queue.enqueue_badge(store, bob, dead.name, actor="Sam")
    pump.tick()
    print_queue.cancel(store, second.id)
    dead.up = True
    pump.tick(now=later(600))
    assert print_queue.get(store, second.id).state == "cancelled" and badge_prints(store, bob) == []
    with pytest.raises(ValueError, match="is cancelled"):
        print_queue.retry_now(store, second.id)


def test_no_double_jobs_and_a_reprint_needs_a_reason(store: Store) -> None:
    (anna,) = add_attendees(store, "Anna Müller")
    printer = ToggledPrinter()
    first = print_queue.enqueue_badge(store, anna, printer.name, actor="Sam")
    assert print_queue.enqueue_badge(store, anna, printer.name, actor="Sam").id == first.id  # already waiting
    pump_for(store, {printer.name: printer}).tick()
    with pytest.raises(ReprintNeedsReason):
        print_queue.enqueue_badge(store, anna, printer.name, actor="Sam")
    again = print_queue.enqueue_badge(store, anna, printer.name, actor="Sam", reason="coffee")
    pump_for(store, {printer.name: printer}).tick()
    assert print_queue.get(store, again.id).state == "done"
    assert [(p.reprint, p.reason) for p in badge_prints(store, anna)] == [(False, ""), (True, "coffee")]


def test_a_job_interrupted_mid_send_waits_for_a_person(store: Store) -> None:
    (anna,) = add_attendees(store, "Anna Müller")
    printer = ToggledPrinter()
    job = print_queue.enqueue_badge(store, anna, printer.name, actor="Sam")
    print_queue.claim(store, job.id)  # … and the desk died here
    assert print_queue.recover(store) == 1
    stuck = print_queue.get(store, job.id)
    assert stuck.state == "failed" and "check whether the badge came out" in stuck.last_error
    pump = pump_for(store, {printer.name: printer})
    assert pump.tick(now=later(10**6)) is None  # never retried by itself
    print_queue.retry_now(store, job.id)
    pump.tick()
    assert print_queue.get(store, job.id).state == "done"


def test_warnings_of_the_printed_badge_reach_the_desk(store: Store) -> None:
    (odd,) = add_attendees(store, "𓀀 Test", first_name="𓀀")
    printer = ToggledPrinter()
    seen: list[tuple[str, tuple[str, ...]]] = []
    print_queue.enqueue_badge(store, odd, printer.name, actor="Sam")
    pump_for(store, {printer.name: printer}, seen).tick()
    state, warnings = seen[-1]
    assert state == "done" and any("no bundled font has 𓀀" in w for w in warnings)


def test_two_desks_on_one_store_cannot_queue_the_same_badge_twice(store: Store) -> None:
    import sqlite3

    (anna,) = add_attendees(store, "Anna Müller")
    other = Store.open(store.path, device="desk-b")
    try:
        first = print_queue.enqueue_badge(store, anna, "pdf:///a", actor="A")
        assert print_queue.enqueue_badge(other, anna, "pdf:///b", actor="B").id == first.id
        with pytest.raises(sqlite3.IntegrityError), other.exclusive() as conn:  # the index guarantees it
            conn.execute("INSERT INTO print_jobs (id, kind, attendee_id, printer, state, next_try_at, created_at, "
                         "updated_at) VALUES ('x', 'badge', ?, 'pdf:///b', 'queued', '', '', '')", (anna,))
    finally:
        other.close()


def shop_says(store: Store, attendee_id: str, status: str) -> None:
    """What a re-import of the ticket shop's export writes when an order is cancelled or blocked."""
    with store.write(actor="import") as writer:
        writer.append("attendee.edited", {"attendee_id": attendee_id, "changes": {"status": status},
                                          "origin": "import"})


def test_a_cancelled_ticket_gets_no_badge_even_when_queued_before(store: Store) -> None:
    anna, bob = add_attendees(store, "Anna Müller", "Bob Brown")
    printer = ToggledPrinter()
    job = print_queue.enqueue_badge(store, anna, printer.name, actor="Sam")
    shop_says(store, anna, "cancelled")
    pump_for(store, {printer.name: printer}).tick()
    gone = print_queue.get(store, job.id)
    assert gone.state == "cancelled" and "cancelled" in gone.last_error and printer.printed == []
    shop_says(store, bob, "blocked")
    with pytest.raises(print_queue.NotPrintable, match="blocked"):
        print_queue.enqueue_badge(store, bob, printer.name, actor="Sam")


def test_a_busy_database_delays_the_record_but_never_loses_it_or_prints_again(store: Store) -> None:
    (anna,) = add_attendees(store, "Anna Müller")
    printer = ToggledPrinter()
    job = print_queue.enqueue_badge(store, anna, printer.name, actor="Sam")
    other = Store.open(store.path, device="importer")
    store.conn.execute("PRAGMA busy_timeout = 50")  # the desk would wait 5 s; the test need not
    held: list[Callable[[], None]] = []

    def runner(func: Callable[[], Any], callback: Callable[[Any, BaseException | None], None]) -> None:
        result = func()  # printed …
        other.conn.execute("BEGIN IMMEDIATE")  # … and meanwhile an import holds the database
        held.append(lambda: other.conn.execute("COMMIT"))
        callback(result, None)

    pump = print_queue.Pump(store, lambda url: printer, runner)
    pump.tick()
    assert print_queue.get(store, job.id).state == "sending" and len(printer.printed) == 1
    held.pop()()
    other.close()
    pump.tick()
    assert print_queue.get(store, job.id).state == "done" and len(badge_prints(store, anna)) == 1
    pump.tick(now=later(600))
    assert len(printer.printed) == 1  # recorded late, never sent again


def test_a_printer_that_cannot_confirm_is_recorded_and_said(store: Store) -> None:
    from kiosk.devices import Unconfirmed

    (anna,) = add_attendees(store, "Anna Müller")

    class Thermal(ToggledPrinter):
        def print_document(self, document: Document) -> str:
            return Unconfirmed("66,640 bytes sent to escpos://10.0.0.30:9100")

    printer = Thermal("escpos://10.0.0.30:9100")
    job = print_queue.enqueue_badge(store, anna, printer.name, actor="Sam")
    pump_for(store, {printer.name: printer}).tick()
    done = print_queue.get(store, job.id)
    assert done.state == "done" and not print_queue.confirmed(done)
    assert done.confirmation.startswith(NOT_CONFIRMED) and len(badge_prints(store, anna)) == 1
