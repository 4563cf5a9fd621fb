"""One desk's sync round: push what the hub has not acknowledged, then pull until level.

The hub is anything with `push(events) -> Pushed` and `pull(cursor, device) -> Page`: over HTTP for real,
in process for tests (`LocalHub`). A failure anywhere leaves the desk exactly as durable as before: an
unacknowledged push is sent again (the hub takes each id once), an unstored cursor is pulled again (the
desk takes each id once).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.events import Event
from kiosk.store import Store
from kiosk.sync import log
from kiosk.sync.log import Page, Pushed


class Hub(Protocol):
    def push(self, events: list[Event]) -> Pushed: ...

    def pull(self, cursor: int) -> Page: ...


class LocalHub:
    """The hub's store, called directly (tests, and a hub laptop that is also a desk)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def push(self, events: list[Event]) -> Pushed:
        return log.accept(self.store, events)

    def pull(self, cursor: int) -> Page:
        return log.since(self.store, cursor)


@dataclass(frozen=True, slots=True)
class Round:
    pushed: int        # events the hub acknowledged this round
    pulled: int        # events this desk took from the hub
    conflicts: int     # pushed events the hub refused (quarantined on both sides)
    level: bool        # nothing left to push and the last pull was not full


def sync_once(store: Store, hub: Hub, max_pages: int = 1000) -> Round:
    pushed = conflicts = pulled = 0
    for _ in range(max_pages):
        batch = log.to_push(store)
        if not batch:
            break
        answer = hub.push(batch)
        before = int(log.state(store, "pushed_seq", "0"))
        after = log.acknowledged(store, batch, answer)
        pushed += after - before
        conflicts += len(answer.conflicts)
        if after == before:  # the hub answered for none of them: try again next round
            break
    more = True
    for _ in range(max_pages):
        page = hub.pull(int(log.state(store, "pull_cursor", "0")))
        pulled += log.take_page(store, page)
        more = page.more
        if not more:
            break
    return Round(pushed, pulled, conflicts, level=not log.to_push(store) and not more)
