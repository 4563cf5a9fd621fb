"""Large files: right at scale, and no accidental quadratic behaviour."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

from kiosk.importers import parse_bytes
from kiosk.importers.reading import clean, clean_cell, forget_cleaned


def big_pretix(pretix_csv: Path, count: int) -> bytes:
    """The pretix sample repeated, each copy with its own order codes and secrets."""
    with pretix_csv.open(encoding="utf-8", newline="") as handle:
        header, *body = list(csv.reader(handle))
    order, secret = header.index("Order code"), header.index("Ticket secret")
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for n in range(count):
        record = list(body[n % len(body)])
        record[order] = f"{record[order]}{n // len(body):04d}"
        record[secret] = f"{record[secret]}-{n}"
        writer.writerow(record)
    return out.getvalue().encode("utf-8")


def test_twenty_thousand_rows(pretix_csv: Path) -> None:
    data = big_pretix(pretix_csv, 20_000)
    start = time.perf_counter()
    rows = parse_bytes(data, "big.csv").rows
    elapsed = time.perf_counter() - start
    assert len(rows) == 20_000
    assert len({row.external_id for row in rows}) == 20_000
    assert len({row.code for row in rows}) == 20_000
    assert rows[-1].line == 20_001
    assert sum(row.status == "valid" for row in rows[:310]) == 281
    # ~0.3 s on a laptop; the bound only catches something going quadratic.
    assert elapsed < 8, f"{elapsed:.1f} s for 20,000 rows"


def test_memo_stays_correct_past_its_cap() -> None:
    try:
        values = [f" value  {n} " for n in range(50_000)]
        assert [clean(v) for v in values] == [clean_cell(v) for v in values]
        assert clean(values[0]) == "value 0"
    finally:
        forget_cleaned()
