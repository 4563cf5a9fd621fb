"""Background work for the UI (rule 6): run a function on a worker, get (result, error) back on the UI thread.

Modelled on Picard's run_task. Tests swap in `run_synchronously` so no thread is involved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kiosk.runners import run_synchronously

__all__ = ["Callback", "Runner", "run_in_thread", "run_synchronously"]

Callback = Callable[[Any, BaseException | None], None]


class Runner(Protocol):
    def __call__(self, func: Callable[[], Any], callback: Callback) -> None: ...


class _Relay(QObject):
    done = Signal(object, object)


class _Job(QRunnable):
    def __init__(self, func: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._func = func
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._func()
        except BaseException as exc:  # every failure goes back to the UI, none is lost in a thread
            self._relay.done.emit(None, exc)
        else:
            self._relay.done.emit(result, None)


_relays: set[_Relay] = set()


def run_in_thread(func: Callable[[], Any], callback: Callback) -> None:
    relay = _Relay()
    _relays.add(relay)  # keep it alive until the result is delivered

    def deliver(result: Any, error: BaseException | None) -> None:
        _relays.discard(relay)
        callback(result, error)

    relay.done.connect(deliver)
    QThreadPool.globalInstance().start(_Job(func, relay))
