"""The persistent print queue: queued → sending → done, or failed and retried with backoff, or cancelled.

A job prints a badge (kind 'badge'), a payment's receipt (kind 'receipt', with its `payment_id`) or a
self-service kiosk's pay-at-the-desk slip (kind 'pay_slip', with its `attendee_id`; like a receipt it leaves
no shared event, and it never holds back the same attendee's badge job).
A job is done only when the printer confirmed, and for a badge `badge.printed` is appended in that same
transaction, never before. A dead, slow or paper-out printer keeps the job: the desk shows it (retry /
another printer / cancel) and the pump tries again later. A job found 'sending' when the desk starts (it
died mid-send) is not retried by itself: nobody knows whether it printed, so a person decides.

The table is this desk's own (not a projection, not synced). State changes run on the caller's thread
(quick SQLite writes); only rendering and talking to the printer go to the runner (rule 6).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from uuid6 import uuid7

from kiosk import printing
from kiosk.devices import NOT_CONFIRMED, Printer, PrinterError, Unconfirmed
from kiosk.runners import Runner
from kiosk.store import Store

OPEN_STATES = ("queued", "sending", "failed")
UNPRINTABLE = ("cancelled", "blocked")
BACKOFF_S = (5, 15, 30, 60, 120, 300)  # after the 1st, 2nd, … failure; then every 5 minutes
NEVER = "9999-12-31T00:00:00+00:00"   # a job only a person may send again
_COLUMNS = ("id", "kind", "attendee_id", "printer", "reason", "state", "attempts", "last_error", "next_try_at",
            "confirmation", "actor", "created_at", "updated_at", "payment_id")



@dataclass(frozen=True, slots=True)
class Job:
    id: str
    kind: str
    attendee_id: str
    printer: str
    reason: str
    state: str
    attempts: int
    last_error: str
    next_try_at: str
    confirmation: str
    actor: str
    created_at: str
    updated_at: str
    payment_id: str = ""  # a receipt's payment (migration m008)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


def _now(now: dt.datetime | None = None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def get(store: Store, job_id: str) -> Job:
    row = store.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
    if row is None:
        raise LookupError(f"no print job {job_id}")
    return Job(*row)


def open_jobs(store: Store) -> list[Job]:
    """What the desk shows: every job not done or cancelled, oldest first."""
    placeholders = ", ".join("?" * len(OPEN_STATES))
    rows = store.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM print_jobs WHERE state IN ({placeholders}) "
                              "ORDER BY id", OPEN_STATES).fetchall()
    return [Job(*row) for row in rows]


def jobs_for(store: Store, attendee_id: str) -> list[Job]:
    rows = store.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM print_jobs WHERE attendee_id = ? ORDER BY id",
                              (attendee_id,)).fetchall()
    return [Job(*row) for row in rows]


class NotPrintable(ValueError):
    """This attendee's badge must not print (cancelled or blocked ticket, unknown attendee)."""


def enqueue_badge(store: Store, attendee_id: str, printer: str, *, actor: str, reason: str = "",
                  now: dt.datetime | None = None) -> Job:
    """Queue one badge. A second print needs a reason (ReprintNeedsReason); a cancelled or blocked ticket
    gets none (NotPrintable); a badge already waiting for a printer is not queued twice (the waiting job is
    returned). The checks and the insert are one transaction, so two desks cannot both queue it."""
    moment = _iso(_now(now))
    with store.exclusive() as conn:
        waiting = _waiting(conn, "badge", "attendee_id", attendee_id)
        if waiting is not None:
            return waiting
        job_plan = printing.plan(store, attendee_id, reason)  # unknown attendee, or a reprint without a reason
        if job_plan.attendee.status in UNPRINTABLE:
            raise NotPrintable(f"{job_plan.attendee.name}'s ticket is {job_plan.attendee.status}: no badge")
        job = Job(str(uuid7()), "badge", attendee_id, printer, reason.strip(), "queued", 0, "", moment, "", actor,
                  moment, moment)
        _insert(conn, job)
    return job


def enqueue_receipt(store: Store, payment_id: str, printer: str, *, actor: str, reason: str = "",
                    now: dt.datetime | None = None) -> Job:
    """Queue the receipt of one payment (a sale or a refund; a voided one prints VOID). A receipt already
    waiting for a printer is not queued twice (the waiting job is returned); a second print once one came out
    is allowed without a reason, since the paper itself says COPY. LookupError for an unknown payment."""
    moment = _iso(_now(now))
    with store.exclusive() as conn:
        waiting = _waiting(conn, "receipt", "payment_id", payment_id)
        if waiting is not None:
            return waiting
        from kiosk.cash import payments  # loaded with the first receipt, not at the desk's start

        payment = payments.get(store, payment_id)
        if payment is None:
            raise LookupError(f"no payment {payment_id}")
        job = Job(str(uuid7()), "receipt", payment.attendee_id, printer, reason.strip(), "queued", 0, "", moment, "",
                  actor, moment, moment, payment_id)
        _insert(conn, job)
    return job


def enqueue_pay_slip(store: Store, attendee_id: str, printer: str, *, actor: str,
                     now: dt.datetime | None = None) -> Job:
    """Queue an attendee's pay-at-the-desk slip (the kiosk, after a paid self-registration). A slip already
    waiting for a printer is not queued twice (the waiting job is returned); LookupError for an unknown attendee."""
    moment = _iso(_now(now))
    with store.exclusive() as conn:
        waiting = _waiting(conn, "pay_slip", "attendee_id", attendee_id)
        if waiting is not None:
            return waiting
        printing.pay_slip_plan(store, attendee_id)  # the attendee exists (LookupError)
        job = Job(str(uuid7()), "pay_slip", attendee_id, printer, "", "queued", 0, "", moment, "", actor, moment,
                  moment)
        _insert(conn, job)
    return job


def _waiting(conn: sqlite3.Connection, kind: str, column: str, key: str) -> Job | None:
    """The open job of this kind for this attendee or payment: queuing it again returns it, not a second one."""
    assert column in ("attendee_id", "payment_id")
    row = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM print_jobs WHERE {column} = ? AND kind = ? "
                       f"AND state IN ({', '.join('?' * len(OPEN_STATES))})", (key, kind, *OPEN_STATES)).fetchone()
    return Job(*row) if row else None


def _insert(conn: sqlite3.Connection, job: Job) -> None:
    conn.execute(f"INSERT INTO print_jobs ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                 tuple(getattr(job, c) for c in _COLUMNS))


def printed_before(store: Store, job: Job) -> bool:
    """Another job of this desk already printed this receipt: this one is a copy."""
    return store.conn.execute("SELECT 1 FROM print_jobs WHERE kind = 'receipt' AND payment_id = ? AND state = 'done' "
                              "AND id != ? LIMIT 1", (job.payment_id, job.id)).fetchone() is not None


def describe(store: Store, job: Job) -> str:
    """What the job prints, in words for the desk: "badge", or "receipt DESK1-R0007"."""
    if job.kind == "pay_slip":
        return "pay-at-the-desk slip"
    if job.kind != "receipt":
        return job.kind
    from kiosk.cash import payments

    payment = payments.get(store, job.payment_id)
    return f"receipt {payment.receipt_no}" if payment is not None else "receipt"


def _update(store: Store, job_id: str, expected: tuple[str, ...], **changes: Any) -> Job:
    changes["updated_at"] = _iso(_now())
    assignments = ", ".join(f"{k} = ?" for k in changes)
    placeholders = ", ".join("?" * len(expected))
    with store.exclusive() as conn:
        cursor = conn.execute(f"UPDATE print_jobs SET {assignments} WHERE id = ? AND state IN ({placeholders})",
                              (*changes.values(), job_id, *expected))
    if cursor.rowcount != 1:
        raise ValueError(f"print job {job_id} is {get(store, job_id).state}, not {' or '.join(expected)}")
    return get(store, job_id)


def next_due(store: Store, now: dt.datetime | None = None) -> Job | None:
    row = store.conn.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM print_jobs WHERE state IN ('queued', 'failed') AND next_try_at <= ? "
        "ORDER BY next_try_at, id LIMIT 1", (_iso(_now(now)),)).fetchone()
    return Job(*row) if row else None


def claim(store: Store, job_id: str) -> Job:
    job = get(store, job_id)
    return _update(store, job_id, ("queued", "failed"), state="sending", attempts=job.attempts + 1)


def finish(store: Store, job_id: str, confirmation: str) -> Job:
    """The printer took the job: it is done and, for a badge, `badge.printed` appended, in one transaction.
    An Unconfirmed confirmation (the protocol cannot tell it came out) is stored as such, to be said."""
    job = get(store, job_id)
    if isinstance(confirmation, Unconfirmed):
        confirmation = NOT_CONFIRMED + confirmation
    moment = _iso(_now())
    with store.write(actor=job.actor) as writer:
        cursor = store.conn.execute(
            "UPDATE print_jobs SET state = 'done', confirmation = ?, last_error = '', updated_at = ? "
            "WHERE id = ? AND state = 'sending'", (confirmation, moment, job_id))
        if cursor.rowcount != 1:
            raise ValueError(f"print job {job_id} was not being sent")
        # Only a badge is a shared fact: other desks must know it was printed (no second badge at check-in).
        # A receipt changes no state: the payment it shows was committed before it was queued, and paper for
        # the attendee can be printed again at any time from it, marked COPY; so its job row is all it leaves.
        if job.kind == "badge":
            writer.append("badge.printed", {"attendee_id": job.attendee_id, "printer": job.printer,
                                            "confirmation": confirmation, "reason": job.reason, "job": job.id})
    return get(store, job_id)


def confirmed(job: Job) -> bool:
    return job.state == "done" and not job.confirmation.startswith(NOT_CONFIRMED)


def fail(store: Store, job_id: str, error: str, now: dt.datetime | None = None) -> Job:
    """Not printed: keep the job, say why, and try again after a pause that grows with each failure."""
    job = get(store, job_id)
    wait = BACKOFF_S[min(job.attempts, len(BACKOFF_S)) - 1] if job.attempts else BACKOFF_S[0]
    return _update(store, job_id, ("sending",), state="failed", last_error=error,
                   next_try_at=_iso(_now(now) + dt.timedelta(seconds=wait)))


def retry_now(store: Store, job_id: str) -> Job:
    return _update(store, job_id, ("failed", "queued"), state="queued", next_try_at=_iso(_now()))


def send_elsewhere(store: Store, job_id: str, printer: str) -> Job:
    return _update(store, job_id, ("failed", "queued"), state="queued", printer=printer, next_try_at=_iso(_now()))


def cancel(store: Store, job_id: str) -> Job:
    return _update(store, job_id, ("failed", "queued"), state="cancelled")


def recover(store: Store) -> int:
    """At start: jobs left 'sending' by a crash may or may not have printed; a person decides."""
    with store.exclusive() as conn:
        cursor = conn.execute(
            "UPDATE print_jobs SET state = 'failed', next_try_at = ?, updated_at = ?, last_error = "
            "'interrupted while sending: check whether the ' || kind || ' came out, then retry or cancel' "
            "WHERE state = 'sending'", (NEVER, _iso(_now())))
    return cursor.rowcount


def waiting_message(job: Job) -> str:
    """The job's state in words, for the desk."""
    if job.state == "sending":
        return f"sending to {job.printer}…"
    if job.state == "queued":
        return f"waiting for {job.printer}"
    if job.state == "failed":
        if job.next_try_at == NEVER:
            return f"{job.last_error} ({job.printer})"
        again = dt.datetime.fromisoformat(job.next_try_at).astimezone()  # this laptop's clock, as on its screen
        return f"{job.last_error} — {job.printer}; trying again at {again:%H:%M:%S}"
    return job.state


class Pump:
    """Sends due jobs one at a time: claim (caller's thread), render and send (runner), finish or fail
    (callback, caller's thread again). The desk calls tick() from a timer; the CLI in a loop."""

    def __init__(self, store: Store, open_printer: Callable[[str], Printer], runner: Runner,
                 on_change: Callable[[Job, tuple[str, ...]], None] | None = None) -> None:
        """`on_change(job, warnings)` after each change of a job's state; `warnings` are what the printed
        badge got wrong (a letter no font has…), said when it is done, since nobody previewed it."""
        self.store, self.open_printer, self.runner = store, open_printer, runner
        self.on_change = on_change or (lambda job, warnings: None)
        self.busy: Job | None = None
        self._deferred: list[tuple[str, printing.Sent]] = []  # confirmed by the printer, not yet recorded

    def tick(self, now: dt.datetime | None = None) -> Job | None:
        """Start the next due job unless one is being sent; the job started, if any."""
        self._finish_deferred()
        if self.busy is not None:
            return None
        job = next_due(self.store, now)
        return self.send(job) if job is not None else None

    def send(self, job: Job) -> Job | None:
        """Send this job now (`kiosk print` sends its own, never another desk's). None when busy."""
        if self.busy is not None:
            return None
        works = {"receipt": self._receipt_work, "pay_slip": self._pay_slip_work}
        work = works.get(job.kind, self._badge_work)(job)
        if isinstance(work, Job):  # cancelled: nothing to print
            return work
        self.busy = claim(self.store, job.id)
        self.on_change(self.busy, ())
        url = job.printer
        self.runner(lambda: work(self.open_printer(url)), lambda sent, error: self._done(sent, error))
        return self.busy

    def _badge_work(self, job: Job) -> Callable[[Printer], printing.Sent] | Job:
        """What the worker does for a badge (read here, on the caller's thread), or the job cancelled."""
        try:
            plan = printing.plan(self.store, job.attendee_id, preview=True)
        except LookupError as exc:  # the attendee is gone: nothing to retry
            return self._cancelled(job, f"cannot print: {exc}")
        if plan.attendee.status in UNPRINTABLE:  # cancelled since it was queued (an import, another desk)
            return self._cancelled(job, f"{plan.attendee.name}'s ticket is {plan.attendee.status}: not printed")
        return lambda printer: printing.render_and_send(plan, printer)

    def _receipt_work(self, job: Job) -> Callable[[Printer], printing.Sent] | Job:
        """A receipt prints whatever became of its payment since (a void prints VOID on it)."""
        try:
            plan = printing.receipt_plan(self.store, job.payment_id, copy=printed_before(self.store, job))
        except LookupError as exc:
            return self._cancelled(job, f"cannot print: {exc}")
        return lambda printer: printing.render_and_send_receipt(plan, printer)

    def _pay_slip_work(self, job: Job) -> Callable[[Printer], printing.Sent] | Job:
        try:
            plan = printing.pay_slip_plan(self.store, job.attendee_id)
        except LookupError as exc:
            return self._cancelled(job, f"cannot print: {exc}")
        return lambda printer: printing.render_and_send_pay_slip(plan, printer)

    def _done(self, sent: printing.Sent | None, error: BaseException | None) -> None:
        job, self.busy = self.busy, None
        assert job is not None
        if error is not None or sent is None:
            words = str(error) if isinstance(error, PrinterError) else f"{type(error).__name__}: {error}"
            self._failed(job, words if error is not None else "the printer gave no answer")
            return
        self._deferred.append((job.id, sent))
        self._finish_deferred()

    def _finish_deferred(self) -> None:
        """Record what printers confirmed. If the database is busy (an import, another desk), try again at
        the next tick: the badge printed, so it must be recorded, and never sent again."""
        while self._deferred:
            job_id, sent = self._deferred[0]
            try:
                done = finish(self.store, job_id, sent.confirmation)
            except sqlite3.OperationalError:
                return
            self._deferred.pop(0)
            self.on_change(done, sent.warnings)

    def _failed(self, job: Job, words: str) -> Job:
        failed = fail(self.store, job.id, words)
        self.on_change(failed, ())
        return failed

    def _cancelled(self, job: Job, words: str) -> Job:
        cancelled = _update(self.store, job.id, ("queued", "failed"), state="cancelled", last_error=words)
        self.on_change(cancelled, ())
        return cancelled
