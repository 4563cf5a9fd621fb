"""How slow work is run: a runner takes `func` and calls `callback(result, error)` when it is done.

The desk hands the core a runner that uses Qt's thread pool (ui/tasks.py); the CLI and the tests use
`run_synchronously`, which needs no Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Callback = Callable[[Any, BaseException | None], None]
Runner = Callable[[Callable[[], Any], Callback], None]


def run_synchronously(func: Callable[[], Any], callback: Callback) -> None:
    try:
        result = func()
    except BaseException as exc:  # handed to the callback like a worker's error, never lost
        callback(None, exc)
    else:
        callback(result, None)
