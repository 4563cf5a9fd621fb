"""Hybrid logical clock: wall-clock milliseconds plus a counter, as sortable text.

It never goes backwards on one desk, and after seeing another desk's event it stays ahead of it, so
the total order (hlc, device, seq) respects causality even when laptop clocks disagree.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

_MS_WIDTH = 13
_COUNTER_WIDTH = 9


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


def format_hlc(ms: int, counter: int) -> str:
    return f"{ms:0{_MS_WIDTH}d}-{counter:0{_COUNTER_WIDTH}d}"


def parse_hlc(text: str) -> tuple[int, int]:
    ms, _, counter = text.partition("-")
    if len(ms) != _MS_WIDTH or len(counter) != _COUNTER_WIDTH or not (ms.isdigit() and counter.isdigit()):
        raise ValueError(f"not a hybrid logical clock value: {text!r}")
    return int(ms), int(counter)


class HybridClock:
    def __init__(self, wall: Callable[[], int] = wall_ms) -> None:
        self._wall = wall
        self._last = (0, 0)
        self._lock = threading.Lock()

    def now(self) -> str:
        """A timestamp greater than every one this clock has issued or observed."""
        with self._lock:
            physical = self._wall()
            last_ms, last_counter = self._last
            self._last = (physical, 0) if physical > last_ms else (last_ms, last_counter + 1)
            return format_hlc(*self._last)

    def observe(self, seen: str) -> None:
        """Move past a timestamp read from the log or received from another desk."""
        remote = parse_hlc(seen)
        with self._lock:
            if remote > self._last:
                self._last = remote
