"""`kiosk report cash`: day reports, interim reports and the summary as PDF, drawers and payments as CSV, and
the mistakes it refuses before rendering anything."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cash import drawer
from kiosk.cli import main
from kiosk.session import open_store
from tests.conftest import small_config
from tests.kiosk.cash.test_report import FLOAT, busy_day, count_for, pdf_text, treasurer


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(tmp_path: Path) -> Iterator[Path]:
    """An event with Desk 1's day 1 closed, reopened and closed again, and day 2 still open."""
    folder = tmp_path / "kiosk-data"
    store = open_store(folder, "testcon", create=True)
    store.set_config(small_config(), actor="test")
    busy_day(store)
    drawer.reopen(store, day=1, reason="a forgotten sale", authorisation=treasurer(store), actor="Tessa")
    expected = drawer.expected(store, drawer.drawer_id(store.device, 1))
    drawer.count(store, day=1, counts=count_for(expected), counted_by="Anna Schmidt", witness="Ben Okafor",
                 actor="Anna")
    drawer.close(store, day=1, explanation="", kept_counts={}, actor="Anna")
    drawer.open_drawer(store, day=2, desk="Desk 1", counts=FLOAT, counted_by="Anna Schmidt", witness="Ben Okafor",
                       actor="Anna")
    store.close()
    yield folder


def test_pdf_has_every_report_and_an_interim_for_the_open_drawer(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    out = tmp_path / "cash.pdf"
    code, said, err = run(capsys, "report", "cash", "--data-dir", str(data), "--out", str(out))
    assert code == 0, err
    assert said.strip() == (f"2 reports (DESK1-Z0001 (replaced by DESK1-Z0002), DESK1-Z0002) and 1 interim report of "
                            f"open drawers (Desk 1 day 2) written to {out}")
    text = pdf_text(out.read_bytes())
    assert text.index("Cash day report DESK1-Z0001") < text.index("Cash day report DESK1-Z0002") < text.index("INTERIM")
    assert "Replaces report DESK1-Z0001" in text and "a forgotten sale" in text

    code, said, _ = run(capsys, "report", "cash", "--data-dir", str(data), "--day", "2", "--desk", "desk 1",
                        "--out", str(out))
    assert code == 0 and said.startswith("1 interim report") and "Z000" not in pdf_text(out.read_bytes())


def test_summary_pdf_and_both_csvs(capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    code, said, err = run(capsys, "report", "cash", "--data-dir", str(data), "--summary", "--out",
                          str(tmp_path / "summary.pdf"))
    assert code == 0, err
    assert said.startswith("event summary (2 drawers, 1 not closed)")
    assert "not closed" in pdf_text((tmp_path / "summary.pdf").read_bytes())

    assert run(capsys, "report", "cash", "--data-dir", str(data), "--out", str(tmp_path / "d.csv"))[0] == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "d.csv").read_text(encoding="utf-8-sig"))))
    assert [(r["report_no"], r["state"], r["replaces"]) for r in rows] == [
        ("DESK1-Z0002", "closed", "DESK1-Z0001"), ("", "open", "")]

    code, said, _ = run(capsys, "report", "cash", "--data-dir", str(data), "--what", "payments", "--day", "1",
                        "--out", str(tmp_path / "p.csv"))
    assert code == 0 and said.startswith("7 payments written")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "p.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 7 and {r["method"] for r in rows} == {"cash", "card", "comp", "invoice"}


@pytest.mark.parametrize(("args", "message"), [
    (("--out", "x.txt"), "write a .pdf or a .csv, not .txt"),
    (("--desk", "Desk 9", "--out", "x.pdf"), "no drawer of Desk 9; drawers: Desk 1 (days 1, 2)"),
    (("--desk", "Desk 9", "--day", "2", "--out", "x.csv"), "no drawer of Desk 9 on day 2; drawers: Desk 1"),
    (("--day", "3", "--out", "x.pdf"), "day 3 is not a day of TestCon (days 1–2, 2026-11-27 to 2026-11-28)"),
    (("--day", "0", "--out", "x.csv"), "day 0 is not a day of TestCon"),
    (("--what", "payments", "--day", "2", "--out", "x.csv"), "no payment on day 2; drawers: Desk 1"),
    (("--what", "payments", "--out", "x.pdf"), "--what chooses the rows of a CSV"),
    (("--summary", "--out", "x.csv"), "--summary is a PDF"),
    (("--summary", "--day", "1", "--out", "x.pdf"), "--summary covers every desk and day"),
    (("--out", "no/such/folder/x.pdf"), "there is no folder"),
])
def test_mistakes_are_refused_in_words_with_exit_2(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    os.chdir(tmp_path)
    code, _, err = run(capsys, "report", "cash", "--data-dir", str(data), *args)
    assert code == 2 and message in err and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.csv").exists()


def test_an_unwritable_folder_is_refused_before_rendering(
        capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests may run as root, who may write anywhere: the folder's permission is what os.access says.
    rendered: list[str] = []
    monkeypatch.setattr("kiosk.cli_report.os.access", lambda path, mode: False)
    monkeypatch.setattr("kiosk.cash.report.reports_pdf", lambda *a, **k: rendered.append("pdf") or b"")
    code, _, err = run(capsys, "report", "cash", "--data-dir", str(data), "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and "permission denied" in err and rendered == []


def test_a_folder_as_out_is_refused(capsys: pytest.CaptureFixture[str], data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports.pdf"
    folder.mkdir()
    code, _, err = run(capsys, "report", "cash", "--data-dir", str(data), "--out", str(folder))
    assert code == 2 and "is a folder" in err
