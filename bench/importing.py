"""Importing a 100,000-row pretix export: `parse_file` + `import_parsed` against a bare sqlite-utils insert_all.

Ours turns every row into an `attendee.imported` event plus its projections (attendee row, FTS index)
in one durable transaction. The baseline reads the same file with csv.DictReader and hands the dicts to
`sqlite_utils.Database(path).table("attendees").insert_all(rows)` on a fresh file with the same pragmas;
CSV reading is inside its time as parsing is inside ours. Each runs twice, alternating; the better
run of each counts.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

import sqlite_utils

from bench import data
from bench.report import Row, info_row, overhead_row
from bench.workspace import Workspace, run_alone
from kiosk.db import BUSY_TIMEOUT_MS
from kiosk.store import Store

RUNS = 2
GOAL = 2.0
BUILT_BY = "parse_file + import_parsed"


def ours_once(workspace: Workspace) -> tuple[float, Path]:
    from kiosk.importers import parse_file
    from kiosk.importing import import_parsed

    path = workspace.fresh_path("import-ours")
    store = Store.open(path, data.DEVICE)  # creating the schema is not part of the import
    try:
        start = time.perf_counter()
        summary = import_parsed(store, parse_file(workspace.csv_path, "pretix"))
        elapsed = time.perf_counter() - start
    finally:
        store.close()
    if summary.added != workspace.count:
        raise RuntimeError(f"imported {summary.added} of {workspace.count} attendees: {summary.describe()}")
    return elapsed, path


def bare_database(path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    return db


def bare_once(workspace: Workspace) -> float:
    path = workspace.fresh_path("import-bare")
    db = bare_database(path)
    try:
        start = time.perf_counter()
        with workspace.csv_path.open(encoding="utf-8", newline="") as handle:
            db.table("attendees").insert_all(csv.DictReader(handle))
        elapsed = time.perf_counter() - start
        count = db.execute("SELECT count(*) FROM attendees").fetchone()[0]
    finally:
        db.close()
    _remove(path)
    if count != workspace.count:
        raise RuntimeError(f"baseline inserted {count} of {workspace.count} rows")
    return elapsed


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def run(workspace: Workspace) -> tuple[list[Row], dict[str, Any]]:
    rows_in_file = workspace.count
    workspace.csv_path  # noqa: B018 - generate the file before any clock starts
    ours_s: list[float] = []
    bare_s: list[float] = []
    for i in range(RUNS):
        data.log(f"import: run {i + 1} of {RUNS} (ours and bare sqlite-utils, {rows_in_file:,} rows)…")
        for who in (("ours", "bare") if i % 2 == 0 else ("bare", "ours")):
            if who == "bare":
                bare_s.append(bare_once(workspace))
                continue
            elapsed, path = ours_once(workspace)
            ours_s.append(elapsed)
            # The first store imported is handed to the search and check-in benchmarks.
            if not workspace.adopt_store(path, BUILT_BY):
                _remove(path)
    ours, bare = min(ours_s), min(bare_s)
    note = f"best of {RUNS} runs each; CSV reading/parsing included in both; schema creation excluded"
    rows = [
        overhead_row("import", f"wall time, {rows_in_file // 1000}k rows", "s", ours, bare, GOAL, note=note),
        info_row("import", "throughput", "rows/s", rows_in_file / ours, rows_in_file / bare),
    ]
    details = {
        "rows": rows_in_file,
        "runs": RUNS,
        "ours_call": "kiosk.importing.import_parsed(store, kiosk.importers.parse_file(csv, 'pretix'))",
        "baseline": "sqlite_utils.Database(path) + WAL/synchronous=FULL/busy_timeout; "
                    "db.table('attendees').insert_all(csv.DictReader(file))",
        "ours_seconds": ours_s,
        "bare_seconds": bare_s,
        "ours_best_s": ours,
        "bare_best_s": bare,
    }
    return rows, details


if __name__ == "__main__":
    run_alone(run)
