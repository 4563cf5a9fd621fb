"""Sheets of badges for pre-printing, and the badge commands of the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.badges.layout import SHEETS
from kiosk.badges.selection import sample_attendees, select_for_batch
from kiosk.badges.sheets import render_sheets
from kiosk.cli import main
from kiosk.printing import print_badge
from kiosk.store import Store
from printers.pdf import PdfFolderPrinter
from tests.factories import add_attendees
from tests.kiosk.badges.hard_names import HARD, decoded_qr_texts, demo_config, pdf_pages, preview


@pytest.mark.parametrize("sheet", SHEETS)
def test_sheets_hold_their_badges_and_every_qr_scans(sheet: str) -> None:
    people = list(HARD.values())
    progress: list[tuple[int, int]] = []
    pdf, warnings = render_sheets(people, demo_config(), sheet, progress=lambda d, t: progress.append((d, t)))
    spec = SHEETS[sheet]
    pages = pdf_pages(pdf, dpi=200)
    assert len(pages) == -(-len(people) // spec.per_page)
    assert abs(pages[0].width - spec.paper_width / 25.4 * 200) <= 1
    found = sorted(text for page in pages for text in decoded_qr_texts(page))
    assert found == sorted(p.code for p in people)
    assert progress[-1] == (len(people), len(people)) and len(progress) == len(people)
    assert all(": " in w and "(" in w for w in warnings)  # each warning names the attendee
    pages[0].save(preview(f"sheet-{sheet}.png"))


def test_an_unknown_sheet_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown sheet 'a3-1'"):
        render_sheets([], demo_config(), "a3-1")


def test_the_batch_leaves_out_cancelled_and_printed_badges_when_asked(store: Store, tmp_path: Path) -> None:
    zoe, ada, bob = add_attendees(store, "Zoë Zimmer", "Ada Adams", "Bob Brown")
    add_attendees(store, "Cy Cancelled", status="cancelled")
    print_badge(store, bob, PdfFolderPrinter(tmp_path), actor="Sam")
    everyone = select_for_batch(store, sort="name")
    assert [a.name for a in everyone.attendees] == ["Ada Adams", "Bob Brown", "Zoë Zimmer"]
    assert everyone.skipped_status == {"cancelled": 1}
    unprinted = select_for_batch(store, unprinted=True)
    assert [a.id for a in unprinted.attendees] == [ada, zoe] and unprinted.skipped_printed == 1


def test_samples_for_the_layout_editor_are_the_hardest_real_names(store: Store) -> None:
    add_attendees(store, "Al Bo", "Maria del Carmen Fernández Ortega", "王芳", "ليلى حداد")
    names = [a.name for a in sample_attendees(store)]
    assert names[0] == "Maria del Carmen Fernández Ortega" and "王芳" in names and "ليلى حداد" in names


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def test_kiosk_badges_writes_sheets_for_the_whole_event(tmp_path: Path) -> None:
    assert main(["--data-dir", str(tmp_path), "demo"]) == 0
    out = tmp_path / "night-before" / "badges.pdf"
    done = run_cli(tmp_path, "badges", "--unprinted", "--sheet", "a4-8", "--sort", "organisation", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "289 badges on 37 pages (A4, 8 badges of 105 × 74 mm)" in done.stdout and "11 cancelled" in done.stdout
    assert out.read_bytes().startswith(b"%PDF") and not list(out.parent.glob("*.part"))
    assert len(pdf_pages(out.read_bytes(), dpi=20)) == 37


def test_kiosk_badge_writes_one_badge_as_pdf_or_png(tmp_path: Path) -> None:
    assert main(["--data-dir", str(tmp_path), "demo"]) == 0
    from kiosk.session import open_store

    store = open_store(tmp_path)
    wang = next(a for a in sample_attendees(store) if any("\u4e00" <= c <= "\u9fff" for c in a.name))
    store.close()
    png, pdf = tmp_path / "wang.png", tmp_path / "wang.pdf"
    assert main(["--data-dir", str(tmp_path), "badge", wang.code, "--out", str(png), "--dpi", "203"]) == 0
    assert main(["--data-dir", str(tmp_path), "badge", wang.code, "--out", str(pdf), "--ink", "black"]) == 0
    from PIL import Image

    with Image.open(png) as image:
        assert decoded_qr_texts(image) == [wang.code] and round(image.info["dpi"][0]) == 203
    assert decoded_qr_texts(pdf_pages(pdf.read_bytes())[0]) == [wang.code]


def test_badge_commands_explain_mistakes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "demo"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "badge", "NOPE", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "no attendee with code 'NOPE'" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "badge", "NOPE", "--out", str(tmp_path / "x.gif")]) == 2
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--data-dir", str(tmp_path), "badges", "--out", str(blocker / "b.pdf")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_kiosk_layout_switches_preset_and_options_as_an_event(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "demo"]) == 0
    assert main(["--data-dir", str(tmp_path), "layout", "--preset", "ql-62x100", "--ink", "black-red",
                 "--stickers", "on", "--volunteer", "Kim"]) == 0
    assert "saved: Brother QL 62 × 100 mm die-cut, 100 × 62 mm, ink black-red" in capsys.readouterr().out
    from kiosk.session import open_store

    store = open_store(tmp_path)
    layout = store.config().badge_layout()
    assert (layout.preset, layout.ink, layout.markers) == ("ql-62x100", "black-red", "stickers")
    assert list(store.events())[-1].actor == "Kim"
    store.close()
    assert main(["--data-dir", str(tmp_path), "layout"]) == 0
    assert capsys.readouterr().out.startswith("badge layout: Brother QL")


def test_pre_printed_badges_can_be_recorded_and_sticker_mode_lists_the_dots(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert main([*data, "demo"]) == 0
    assert main([*data, "layout", "--stickers", "on"]) == 0
    out = tmp_path / "sheets.pdf"
    assert main([*data, "badges", "--unprinted", "--out", str(out), "--mark-printed", "--volunteer", "Kim"]) == 0
    said = capsys.readouterr().out
    assert "289 badges recorded as printed" in said and "sheets.stickers.txt" in said
    lines = (tmp_path / "sheets.stickers.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 289 and lines[0].startswith("page 1, badge 1: ") and " dot — " in "".join(lines)
    assert main([*data, "badges", "--unprinted", "--out", str(out)]) == 2  # nothing left to pre-print
    assert "all printed already" in capsys.readouterr().err
    from kiosk.printing import auto_print_due
    from kiosk.session import open_store

    store = open_store(tmp_path)
    first = select_for_batch(store).attendees[0]
    assert not auto_print_due(store, first.id)  # check-in will not print a second badge
    assert list(store.events())[-1].actor == "Kim"
    store.close()


def test_sheets_must_be_a_pdf_and_the_folder_writable_before_any_rendering(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path)]
    assert main([*data, "demo"]) == 0
    capsys.readouterr()
    assert main([*data, "badges", "--out", str(tmp_path / "sheets.png")]) == 2
    assert "must end in .pdf" in capsys.readouterr().err
    folder = tmp_path / "named-like-a-file.pdf"
    folder.mkdir()
    assert main([*data, "badges", "--out", str(folder)]) == 2
    assert "it is a folder" in capsys.readouterr().err
