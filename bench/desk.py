"""The desk screen with 100,000 attendees, driven offscreen: keystroke → results painted, scan → green banner,
cold start to a usable window and its peak memory. Each beside Qt's own floor measured in the same run.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import data
from bench.checkin import pick_codes
from bench.report import Row, limit_row, summarize
from bench.workspace import Workspace, run_alone

KEYSTROKES = 600
SCANS = 300
COLD_STARTS = 3

_CHILD_DESK = """
import sys
from PySide6.QtWidgets import QApplication
from kiosk.desk import Shift
from kiosk.store import Store
from ui.desk.window import DeskWindow
app = QApplication([])
window = DeskWindow(Store.open(sys.argv[1], "bench-desk"), Shift("Desk 1", "Bench"))
window.resize(1366, 768)
window.show()
app.processEvents()
window.grab()
print("READY", next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM")), flush=True)
"""
_CHILD_FLOOR = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel("hello")
label.resize(1366, 768)
label.show()
app.processEvents()
label.grab()
print("READY", next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM")), flush=True)
"""


def _start(script: str, *args: str) -> tuple[float, float]:
    """Seconds from process start to a painted window, and peak RSS in MB.

    Peak RSS is the child's VmHWM: getrusage's ru_maxrss would count the parent's size at fork time.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env,
                          timeout=120, check=True, cwd=Path(__file__).resolve().parents[1])
    elapsed = time.perf_counter() - began
    line = next(x for x in done.stdout.splitlines() if x.startswith("READY"))
    return elapsed, int(line.split()[1]) / 1024


def _queries(rng: random.Random) -> list[str]:
    words = ["an", "mar", "jo", "muller", "lee", "kim", "sam", "olsen", "ali", "chen", "garcia", "rossi"]
    return [rng.choice(words) for _ in range(KEYSTROKES // 4)]


def _keystrokes(window: Any, queries: list[str]) -> tuple[list[float], list[float]]:
    """Each key: the event, the search, the model reset and a synchronous repaint of the list."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit, QTableView

    floor_field, floor_table = QLineEdit(), QTableView()  # Qt's own cost of a key and a repaint
    floor_table.resize(window.table.size())
    floor_field.show()
    floor_table.show()
    ours: list[float] = []
    floor: list[float] = []
    for query in queries:
        window.search_field.clear()
        floor_field.clear()
        for char in query:
            start = time.perf_counter()
            QTest.keyClick(window.search_field, char)
            window.table.viewport().repaint()
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            QTest.keyClick(floor_field, char)
            floor_table.viewport().repaint()
            floor.append(time.perf_counter() - start)
    return ours, floor


def _scans(window: Any, codes: list[str]) -> list[float]:
    """Timed: the scan to the painted banner. Untimed, between attendees: the badge prints (worker) and
    is recorded, as it would while the next person steps up."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    seconds = []
    for code in codes:
        start = time.perf_counter()
        window.check_in_scanned(code)
        window.banner.repaint()
        seconds.append(time.perf_counter() - start)
        if window.banner.outcome != "checked_in":
            raise RuntimeError(f"scan of {code} gave {window.banner.outcome}: {window.banner.text()}")
        QApplication.processEvents()  # starts the print
        QThreadPool.globalInstance().waitForDone(5000)
        QApplication.processEvents()  # records badge.printed
    return seconds


def run(workspace: Workspace) -> tuple[list[Row], dict[str, Any]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.desk import Shift
    from kiosk.store import Store
    from ui.desk.window import DeskWindow

    path = workspace.store_path()
    app = QApplication.instance() or QApplication([])
    store = Store.open(path, "bench-desk")
    window = DeskWindow(store, Shift("Desk 1", "Bench"))
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    data.log(f"desk: {KEYSTROKES} keystrokes, {SCANS} scans, {COLD_STARTS} cold starts on {workspace.count:,}…")
    try:
        keys, floor_keys = _keystrokes(window, _queries(random.Random(data.SEED)))
        scans = _scans(window, pick_codes(store, SCANS, data.SEED + 7))
    finally:
        window.close()
        store.close()
    starts = [_start(_CHILD_DESK, str(path)) for _ in range(COLD_STARTS)]
    floors = [_start(_CHILD_FLOOR) for _ in range(COLD_STARTS)]
    key, key_floor, scan = summarize(keys), summarize(floor_keys), summarize(scans)
    start_s, floor_s = min(s for s, _ in starts), min(s for s, _ in floors)
    peak_mb, floor_mb = max(m for _, m in starts), max(m for _, m in floors)
    note = "key event + search + model reset + synchronous repaint; baseline: the same on a bare QLineEdit/QTableView"
    rows = [
        limit_row("desk", "keystroke → painted p50", "ms", key.p50, 50, note=note, baseline=key_floor.p50),
        limit_row("desk", "keystroke → painted p99", "ms", key.p99, 100, baseline=key_floor.p99),
        limit_row("desk", "scan → green banner p50", "ms", scan.p50, 100, baseline=None,
                  note="exact lookup + durable check-in + list and counters refreshed + banner repainted"),
        limit_row("desk", "scan → green banner p99", "ms", scan.p99, 100),
        limit_row("desk", "cold start to painted window", "s", start_s, 1.5, baseline=floor_s,
                  note=f"best of {COLD_STARTS} fresh processes; baseline: QApplication + QLabel painted"),
        limit_row("desk", "peak memory (RSS)", "MB", peak_mb, 300, baseline=floor_mb,
                  note="largest of the cold starts, with the store open and the first page painted"),
    ]
    details = {"keystroke": key.as_dict(), "keystroke_floor": key_floor.as_dict(), "scan": scan.as_dict(),
               "cold_start_s": [s for s, _ in starts], "cold_start_floor_s": [s for s, _ in floors],
               "peak_mb": [m for _, m in starts], "peak_floor_mb": [m for _, m in floors]}
    return rows, details


if __name__ == "__main__":
    run_alone(run)
