"""Run every benchmark, print one table, write bench/results.json.   `python -m bench.run [--only search]`

The import benchmark runs first and hands the store it imported to the search and check-in benchmarks,
so the 100,000 attendees are generated and imported through the real path only once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import badges, checkin, data, desk, importing, printers, search, sync, walk_in
from bench.report import Row, table
from bench.workspace import Workspace

Benchmark = Callable[[Workspace], tuple[list[Row], dict[str, Any]]]
BENCHMARKS: dict[str, Benchmark] = {
    "import": importing.run, "search": search.run, "check-in": checkin.run, "desk": desk.run,
    "badges": badges.run, "printers": printers.run, "walk-in": walk_in.run, "sync": sync.run,
}
RESULTS = Path(__file__).with_name("results.json")


def machine() -> dict[str, Any]:
    return {
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "sqlite": sqlite3.sqlite_version,
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def search_breakdown(details: dict[str, Any]) -> str:
    """p50/p99 per kind of query: ours over all of that kind, the peer over the ones it ran."""
    lines = [f"{'search by query kind':<21}{'n':>5}{'ours p50':>10}{'ours p99':>10}{'peer n':>8}{'peer p50':>10}"
             f"{'peer p99':>10}   answered ours/peer", ""]
    for kind, k in details["by_kind"].items():
        peer = k["peer"] or {"p50": float("nan"), "p99": float("nan")}
        lines.append(f"{kind:<21}{k['queries']:>5}{k['ours']['p50']:>7.2f} ms{k['ours']['p99']:>7.2f} ms"
                     f"{k['peer_queries']:>8}{peer['p50']:>7.2f} ms{peer['p99']:>7.2f} ms"
                     f"   {k['ours_answered']}/{k['peer_answered']}")
    del lines[1]
    return "\n".join(lines)


def run(names: list[str], count: int) -> dict[str, Any]:
    rows: list[Row] = []
    details: dict[str, Any] = {}
    errors: dict[str, str] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        workspace = Workspace(Path(tmp), count=count)
        for name in names:
            began = time.perf_counter()
            try:
                more, details[name] = BENCHMARKS[name](workspace)
            except Exception:  # one broken benchmark must not hide the others' figures
                errors[name] = traceback.format_exc()
                data.log(f"{name}: FAILED\n{errors[name]}")
                continue
            details[name]["seconds"] = round(time.perf_counter() - began, 1)
            rows += more
    return {
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "attendees": count,
        "seed": data.SEED,
        "total_seconds": round(time.perf_counter() - started, 1),
        "rows": [r.as_dict() for r in rows],
        "details": details,
        "errors": errors,
        "table": table(rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--only", action="append", choices=list(BENCHMARKS), help="run only these (repeatable)")
    parser.add_argument("--attendees", type=int, default=data.ATTENDEES, help="size of the generated event")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results.json")
    args = parser.parse_args(argv)
    names = [n for n in BENCHMARKS if not args.only or n in args.only]
    results = run(names, args.attendees)
    m = results["machine"]
    print(f"\nkiosk benchmarks — {results['attendees']:,} attendees, Python {m['python']}, SQLite {m['sqlite']}, "
          f"{m['cpu_count']} CPUs, {results['timestamp']}, {results['total_seconds']} s in all\n")
    print(results["table"])
    if "search" in results["details"]:
        print()
        print(search_breakdown(results["details"]["search"]))
    for name in results["errors"]:
        print(f"\n{name}: FAILED (traceback in results.json and above)")
    if not args.no_write:
        RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {RESULTS}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
