"""One desk's sync round: push what the hub has not acknowledged, then pull until level.

The hub is anything with `push(events) -> Pushed` and `pull(cursor, device) -> Page`: over HTTP for real,
in process for tests (`LocalHub`). A failure anywhere leaves the desk exactly as durable as before: an
unacknowledged push is sent again (the hub takes each id once), an unstored cursor is pulled again (the
desk takes each id once).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from kiosk.events import Event
from kiosk.store import Store
from kiosk.sync import enrolment, log, pages
from kiosk.sync.log import Page, Pushed
from kiosk.sync.pages import NOTHING_HELD, Held


class Hub(Protocol):
    def push(self, events: list[Event]) -> Pushed: ...

    def relay(self, events: list[Event]) -> Pushed: ...

    def pull(self, cursor: int, held: Held = NOTHING_HELD) -> Page: ...


class LocalHub:
    """The hub's store, called directly (tests, and a hub laptop that is also a desk)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.hub_id = enrolment.hub_id(store)

    def push(self, events: list[Event]) -> Pushed:
        return log.accept(self.store, events, self.hub_id)

    def relay(self, events: list[Event]) -> Pushed:
        return log.accept(self.store, events, self.hub_id)

    def pull(self, cursor: int, held: Held = NOTHING_HELD) -> Page:
        return pages.since(self.store, cursor, hub=self.hub_id, held=held)


@dataclass(frozen=True, slots=True)
class Round:
    pushed: int        # events the hub acknowledged this round
    pulled: int        # events this desk took from the hub
    conflicts: int     # pushed events the hub refused for good (an unknown type: quarantined on both sides)
    level: bool        # nothing left to push and the last pull was not full
    moved: int = 0     # own events moved to a free seq (this desk was restored from an older copy) and sent again

    def __add__(self, other: Round) -> Round:
        return Round(self.pushed + other.pushed, self.pulled + other.pulled, self.conflicts + other.conflicts,
                     other.level, self.moved + other.moved)


def sync_once(store: Store, hub: Hub, max_pages: int = 1000) -> Round:
    """Push, then pull until level. A desk restored from an older copy needs a second pass: the events it
    moved to free seqs are acknowledged once it pulled back the ones the hub held at their old seqs."""
    done = _pass(store, hub, max_pages)
    for _ in range(2):
        if done.level:
            break
        done = done + _pass(store, hub, max_pages)
    return done


def _pass(store: Store, hub: Hub, max_pages: int) -> Round:
    pushed, conflicts, moved = _push(store, hub, max_pages)
    _relay(store, hub, max_pages)
    pulled, more = _pull(store, hub, max_pages)
    level = not more and not log.to_push(store) and not log.state(store, log.RELAY_CURSOR)
    return Round(pushed, pulled, conflicts, level, moved)


def _pull(store: Store, hub: Hub, max_pages: int) -> tuple[int, bool]:
    """Pull pages until one is not full; returns (events taken, whether more wait). From a hub on the network
    the next page is fetched while this one goes into the store: a desk catching up on a morning otherwise
    waits for each page (and for the hub to finish another desk's push) with nothing to do, then stores it
    while the network idles. The page read ahead starts at the cursor this page stores, as the next would."""
    pulled, more = 0, True
    fetcher = ThreadPoolExecutor(1, "kiosk-pull") if getattr(hub, "pipelined", False) else None
    try:
        held = pages.held(store)  # this desk's own events the hub acknowledged are left out of the pages
        page = hub.pull(int(log.state(store, "pull_cursor", "0")), held)
        for _ in range(max_pages):
            following = fetcher.submit(hub.pull, page.cursor, held) if fetcher and page.more else None
            took = log.take_page(store, page)
            if took < 0:  # another hub than before (log._hub_changed): from the start, and relay first
                if following is not None:
                    following.result()  # read from the hub it no longer trusts: thrown away
                _relay(store, hub, max_pages)
                held = pages.held(store)
                page = hub.pull(int(log.state(store, "pull_cursor", "0")), held)
                continue
            pulled += took
            more = page.more
            if not more:
                break
            page = following.result() if following is not None else hub.pull(page.cursor, held)
    finally:
        if fetcher is not None:
            fetcher.shutdown(wait=True)
    return pulled, more


def _push(store: Store, hub: Hub, max_pages: int) -> tuple[int, int, int]:
    """Push this desk's unacknowledged events in batches, in order; returns (acknowledged, refused, moved).
    To a hub on the network the next batch is read from the store while the hub takes the current one (a
    desk back online after a morning pushes for tens of seconds, and otherwise each side waits on the other).
    Acknowledging stays in order, on this thread: a batch is acknowledged only after the one before."""
    pushed = conflicts = moved = 0
    # Only what was written before the round began: a busy desk writing during each push would otherwise keep
    # the round pushing one event at a time and never get to pull the other desks' events.
    upto = log.own_high(store)
    sender = ThreadPoolExecutor(1, "kiosk-push") if getattr(hub, "pipelined", False) else None
    try:
        batch = log.to_push(store, upto=upto)
        for _ in range(max_pages):
            if not batch:
                break
            following: list[Event] | None = None
            if sender is None:
                answer = hub.push(batch)
            else:
                sending = sender.submit(hub.push, batch)
                following = log.to_push(store, upto=upto, after=batch[-1].seq)  # meanwhile: the next batch
                answer = sending.result()
            before = int(log.state(store, "pushed_seq", "0"))
            after = log.acknowledged(store, batch, answer)
            pushed += max(0, after - before)  # 0 after a hub restored from a backup: everything goes again
            conflicts += sum(1 for v in answer.verdicts.values() if v == "refused")
            moved += sum(1 for v in answer.verdicts.values() if v == "conflict")
            if after == before:  # the hub answered for none of them (or they moved): pull first, then again
                break
            # the batch read ahead holds only if this one was taken whole (else: moved events, another hub)
            batch = following if following is not None and after == batch[-1].seq else log.to_push(store, upto=upto)
    finally:
        if sender is not None:
            sender.shutdown(wait=True)
    return pushed, conflicts, moved


def _relay(store: Store, hub: Hub, max_pages: int) -> None:
    """After the hub was replaced: other desks' events this desk holds, so none exists only here."""
    for _ in range(max_pages):
        if not log.state(store, log.RELAY_CURSOR):
            return
        batch, last = log.to_relay(store)
        if not batch:
            log.relayed(store, last, done=True)
            return
        hub.relay(batch)
        log.relayed(store, last, done=len(batch) < log.PUSH_BATCH)
