"""Figures, their summary statistics and the one table every benchmark contributes rows to."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Summary:
    """Latency samples in milliseconds."""

    n: int
    p50: float
    p99: float
    mean: float
    max: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def percentile(ordered: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values (p99 of 2,000 samples is the 1,980th)."""
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summarize(seconds: Sequence[float]) -> Summary:
    ms = sorted(s * 1000 for s in seconds)
    return Summary(len(ms), percentile(ms, 50), percentile(ms, 99), statistics.fmean(ms), ms[-1])


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table: our figure beside the baseline's, their ratio and the goal it is held to."""

    benchmark: str
    metric: str
    unit: str
    ours: float
    baseline: float | None
    ratio: float | None  # always stated as `ratio_kind`
    ratio_kind: str  # "baseline/ours" (a speed-up) or "ours/baseline" (an overhead) or ""
    goal: str
    met: bool | None  # None: for information, no goal
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def speedup_row(benchmark: str, metric: str, unit: str, ours: float, baseline: float, goal_min: float,
                note: str = "") -> Row:
    ratio = baseline / ours if ours else math.inf
    return Row(benchmark, metric, unit, ours, baseline, ratio, "baseline/ours", f"≥ {goal_min:g}× faster",
               ratio >= goal_min, note)


def overhead_row(benchmark: str, metric: str, unit: str, ours: float, baseline: float, goal_max: float | None,
                 note: str = "") -> Row:
    ratio = ours / baseline if baseline else math.inf
    goal = f"≤ {goal_max:g}× bare" if goal_max is not None else "(info)"
    met = ratio <= goal_max if goal_max is not None else None
    return Row(benchmark, metric, unit, ours, baseline, ratio, "ours/baseline", goal, met, note)


def limit_row(benchmark: str, metric: str, unit: str, ours: float, limit: float, note: str = "",
              baseline: float | None = None) -> Row:
    return Row(benchmark, metric, unit, ours, baseline, None, "", f"≤ {limit:g} {unit}", ours <= limit, note)


def info_row(benchmark: str, metric: str, unit: str, ours: float, baseline: float | None, note: str = "") -> Row:
    return Row(benchmark, metric, unit, ours, baseline, None, "", "(info)", None, note)


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit in ("rows/s", "queries", "rows", "badges/s"):
        return f"{value:,.0f} {unit}"
    if abs(value) >= 100:
        return f"{value:,.0f} {unit}"
    if abs(value) >= 10:
        return f"{value:.1f} {unit}"
    return f"{value:.3f} {unit}"


def _ratio(row: Row) -> str:
    if row.ratio is None:
        return "—"
    if row.ratio_kind == "baseline/ours":
        return f"{row.ratio:.1f}× faster"
    return f"{row.ratio:.2f}× (ours/bare)"


def _met(row: Row) -> str:
    return "—" if row.met is None else ("yes" if row.met else "NO")


def table(rows: Sequence[Row]) -> str:
    header = ("benchmark", "metric", "ours", "baseline", "ratio", "goal", "met?")
    lines = [
        (r.benchmark, r.metric, _number(r.ours, r.unit), _number(r.baseline, r.unit), _ratio(r), r.goal, _met(r))
        for r in rows
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *lines, strict=True)]
    right = {2, 3, 4}

    def render(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths,
                                                                                                   strict=True)))

    rule = "  ".join("-" * w for w in widths)
    out = [render(header), rule, *(render(line) for line in lines)]
    notes = [f"  [{r.benchmark} / {r.metric}] {r.note}" for r in rows if r.note]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)
