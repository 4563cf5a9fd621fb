"""The desk's sync light and its background worker (issue 8): online / offline / syncing, how many of this
desk's events wait for the hub, and "Sync now".

A round runs on a worker with its own connection to the event file (SQLite connections are not shared
between threads); the desk keeps working meanwhile (WAL: readers never wait for the writer). While the hub
is unreachable the pause between rounds grows (5 s … 60 s), so an offline desk does not spin.

The worker also counts, on its own connection, what sync could not decide alone (kiosk.sync.conflicts): those
queries read every edit event, so they stay off the UI thread, and counting after every round (not only
after a pull) also sees a double check-in undone at this desk go away. "⚠ N conflicts" beside the light
opens the list (ui/desk/conflicts_dialog.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.store import Store
from kiosk.sync import log
from kiosk.sync.client import Hub, Round, sync_once
from kiosk.sync.conflicts import all_conflicts
from ui.tasks import Runner

INTERVAL_S = 5
BACKOFF_S = (5, 10, 20, 40, 60)
HubFor = Callable[[Store], Hub | None]  # the desk's enrolled hub, or None when not enrolled
_log = logging.getLogger(__name__)


def enrolled_hub(store: Store) -> Hub | None:
    from kiosk.sync.settings import hub_for  # httpx loads only on a desk that syncs

    return hub_for(store)


@dataclass(frozen=True, slots=True)
class Synced:
    """What one round on the worker brings back to the UI thread."""

    done: Round | None     # None: this desk is not enrolled with a hub
    conflicts: int | None  # all_conflicts(...).count after the round; None when it could not be counted


def _one_round(path: Path, device: str, hub_for: HubFor) -> Synced:
    """On a worker: open the file, sync, count the conflicts, close."""
    store = Store.open(path, device, check=False)
    try:
        hub = hub_for(store)
        done = None if hub is None else sync_once(store, hub)
        return Synced(done, _count_conflicts(store))
    finally:
        store.close()


def _count_conflicts(store: Store) -> int | None:
    """A fault in counting must not turn a good round into "offline": the light just shows no count."""
    try:
        return all_conflicts(store).count
    except Exception:
        _log.exception("could not count the sync conflicts")
        return None


class SyncWorker(QObject):
    """Runs a round every INTERVAL_S (backing off while offline); `changed` after each, with the words."""

    changed = Signal(str, str)  # (state: online | offline | syncing | off, words)
    pulled = Signal(int)        # events taken from the hub: the desk redraws what they changed
    conflicts = Signal(int)     # what needs the desk lead (all_conflicts(...).count), after every round

    def __init__(self, store: Store, runner: Runner, hub_for: HubFor = enrolled_hub,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store, self.runner, self.hub_for = store, runner, hub_for
        self.busy, self.failures = False, 0
        self.offline_since: dt.datetime | None = None
        self.state, self.words = "off", ""
        self.conflict_count = 0
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        self.timer.start(0)

    def waiting(self) -> int:
        return len(log.to_push(self.store, limit=100_000))

    def sync_now(self) -> None:
        if self.busy or self.store.closed:
            return
        self.busy = True
        self._say("syncing", f"Syncing… {self.waiting()} waiting")
        path, device, hub_for = self.store.path, self.store.device, self.hub_for
        self.runner(lambda: _one_round(path, device, hub_for), self._done)

    def _done(self, synced: Synced | None, error: BaseException | None) -> None:
        self.busy = False
        if self.store.closed:
            return
        if synced is not None and synced.conflicts is not None:
            self.conflict_count = synced.conflicts
            self.conflicts.emit(synced.conflicts)
        result = synced.done if synced is not None else None
        if error is None and result is None:
            self._say("off", "Not syncing: enrol this desk with a hub (kiosk enrol URL CODE)")
            return
        if error is not None:
            self.failures += 1
            self.offline_since = self.offline_since or dt.datetime.now()
            pause = BACKOFF_S[min(self.failures, len(BACKOFF_S)) - 1]
            self._say("offline", f"Offline since {self.offline_since:%H:%M} · {self.waiting()} waiting "
                                 f"({error}); trying again in {pause} s")
            self.timer.start(pause * 1000)
            return
        assert result is not None
        self.failures, self.offline_since = 0, None
        conflicts = f" · {result.conflicts} quarantined" if result.conflicts else ""
        if result.moved:
            conflicts += f" · {result.moved} renumbered (restored copy)"
        self._say("online", f"Online · {self.waiting()} waiting{conflicts}")
        if result.pulled:
            self.pulled.emit(result.pulled)
        self.timer.start(INTERVAL_S * 1000)

    def _say(self, state: str, words: str) -> None:
        self.state, self.words = state, words
        self.changed.emit(state, words)


COLOURS = {"online": "#2e7d32", "offline": "#c62828", "syncing": "#f9a825", "off": "#757575"}


class SyncLight(QWidget):
    """● Online · 0 waiting   [⚠ 2 conflicts…]   [Sync now]"""

    def __init__(self, worker: SyncWorker) -> None:
        super().__init__()
        self.worker = worker
        self.light = QLabel()
        self.light.setAccessibleName("Sync status")
        self.conflicts_button = QPushButton()
        self.conflicts_button.setToolTip("What sync could not decide alone: open the list")
        self.conflicts_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always lands in the search field
        bold = self.conflicts_button.font()
        bold.setBold(True)  # ⚠ and words, no colour of its own: it stays readable in high contrast
        self.conflicts_button.setFont(bold)
        self.conflicts_button.clicked.connect(self.open_conflicts)
        self.conflicts_button.hide()  # nothing to say until a round counted something
        self.button = QPushButton("Sync now")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(worker.sync_now)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.light)
        row.addWidget(self.conflicts_button)
        row.addWidget(self.button)
        worker.changed.connect(self.show_state)
        worker.conflicts.connect(self.show_conflicts)
        self.show_state("off", "Sync: starting")

    def show_state(self, state: str, words: str) -> None:
        self.light.setText(f"<span style='color:{COLOURS.get(state, '#757575')}'>●</span> {words}")
        self.light.setToolTip(words)

    def show_conflicts(self, count: int) -> None:
        self.conflicts_button.setText(f"⚠ {count} conflict{'' if count == 1 else 's'}…")
        self.conflicts_button.setVisible(count > 0)

    def open_conflicts(self) -> None:
        from ui.desk.conflicts_dialog import open_conflicts_dialog  # loaded when first opened, not at start
        from ui.desk.window import DeskWindow  # the window imports this module: only here, not at the top

        window = self.window()
        if isinstance(window, DeskWindow):
            open_conflicts_dialog(window)
