"""The command line end to end on real files: the shared pretix export, the demo event, broken input."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from tests.conftest import PRETIX_EXPORT


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def info(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code, out, _ = run(capsys, "info", "--json")
    assert code == 0
    return dict(json.loads(out))


def test_real_pretix_export_imports_intact_and_idempotently(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "import", str(PRETIX_EXPORT))
    assert code == 0, err
    assert "310 rows — 310 new" in out
    assert info(capsys)["attendees"] == 310
    rows = list(csv.DictReader(PRETIX_EXPORT.open(encoding="utf-8")))
    code, out, _ = run(capsys, "search", rows[6]["Attendee name"], "--json")
    found = json.loads(out)
    assert rows[6]["Attendee name"] == "박지훈"
    assert {hit["name"] for hit in found} == {"박지훈"}
    assert rows[6]["Ticket secret"] in {hit["code"] for hit in found}
    by_code = {r["Ticket secret"]: r for r in rows}
    _, out, _ = run(capsys, "search", rows[0]["Ticket secret"], "--json")
    hit = json.loads(out)[0]
    assert hit["name"] == "Jorge Muñoz" and hit["city"] == "القاهرة" and hit["interests"] == ["Science", "Data"]
    assert set(hit) >= {"code", "name", "organisation", "city", "ticket_type", "interests", "checked_in"}

    assert run(capsys, "export", "attendees", str(tmp_path / "out.csv"))[0] == 0
    exported = {r["code"]: r for r in csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8"))}
    assert all(exported[c]["name"] == r["Attendee name"] for c, r in by_code.items())
    statuses = [exported[c]["status"] for c in by_code]
    assert (statuses.count("valid"), statuses.count("unpaid"), statuses.count("cancelled")) == (281, 18, 11)

    events = info(capsys)["events"]
    code, out, _ = run(capsys, "import", str(PRETIX_EXPORT))
    assert code == 0 and "0 new, 0 changed, 310 unchanged" in out
    assert info(capsys)["events"] == events


def test_a_changed_row_is_an_edit_and_a_cancelled_order_cancels(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "import", str(PRETIX_EXPORT))[0] == 0
    rows = list(csv.reader(PRETIX_EXPORT.open(encoding="utf-8")))
    header = rows[0]
    status, company = header.index("Status"), header.index("Attendee company")
    paid = next(i for i, r in enumerate(rows) if i and r[status] == "paid")
    rows[paid][status] = "canceled"
    rows[paid + 1][company] = "Neue Firma GmbH"
    changed = tmp_path / "changed.csv"
    with changed.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, quoting=csv.QUOTE_ALL).writerows(rows)
    code, out, _ = run(capsys, "import", str(changed))
    assert code == 0 and "2 changed" in out and "1 newly cancelled" in out
    secret = header.index("Ticket secret")
    assert run(capsys, "checkin", rows[paid][secret], "--day", "1")[0] == 1  # cancelled: refused
    _, out, _ = run(capsys, "search", rows[paid + 1][secret], "--json")
    assert json.loads(out)[0]["organisation"] == "Neue Firma GmbH"
    assert run(capsys, "rebuild", "--verify")[0] == 0


def test_a_broken_row_imports_nothing_and_names_the_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "import", str(PRETIX_EXPORT))[0] == 0
    before = info(capsys)
    lines = PRETIX_EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[41] = lines[41].rstrip("\r\n") + ',"one cell too many"\r\n'
    broken = tmp_path / "broken.csv"
    broken.write_text("".join(lines), encoding="utf-8")
    code, out, err = run(capsys, "import", str(broken))
    assert code == 2
    assert "broken.csv" in err and "line 42" in err
    assert "Traceback" not in err and out == ""
    assert info(capsys) == before


def test_check_in_search_export_and_rebuild(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "demo")[0] == 0
    _, out, _ = run(capsys, "search", "muller", "--json")
    anna = json.loads(out)[0]
    assert anna["name"] == "Anna Müller" and anna["checked_in"] is False
    code, out, _ = run(capsys, "checkin", anna["code"], "--desk", "Desk 2")
    assert code == 0 and "Checked in" in out
    code, _, err = run(capsys, "checkin", anna["code"], "--desk", "Desk 3")
    assert code == 1 and "Already checked in" in err and "Desk 2" in err
    assert run(capsys, "checkin", "NOT-A-CODE")[0] == 2
    _, out, _ = run(capsys, "search", "muller", "--json")
    assert json.loads(out)[0]["checked_in"] is True
    assert info(capsys)["checked_in"] == 1
    for what in ("attendees", "checkins", "events"):
        assert run(capsys, "export", what, str(tmp_path / what))[0] == 0
    checkins = list(csv.DictReader((tmp_path / "checkins").open(encoding="utf-8")))
    assert [(c["name"], c["desk"], c["day"]) for c in checkins] == [("Anna Müller", "Desk 2", "1")]
    events = [json.loads(line) for line in (tmp_path / "events").read_text(encoding="utf-8").splitlines()]
    assert events[-1]["type"] == "checkin.recorded" and len(events) == info(capsys)["events"]
    code, out, _ = run(capsys, "rebuild", "--verify")
    assert code == 0 and "projections identical" in out
    assert run(capsys, "rebuild")[0] == 0


def test_data_dir_before_or_after_the_sub_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = str(tmp_path / "elsewhere")
    assert run(capsys, "--data-dir", folder, "demo")[0] == 0
    code, out, _ = run(capsys, "info", "--json", "--data-dir", folder)
    assert code == 0 and json.loads(out)["attendees"] == 300
    assert (tmp_path / "elsewhere" / "events" / "demo.sqlite").exists()


def test_user_errors_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "search", "anna")
    assert code == 2 and "kiosk demo" in err and "Traceback" not in err
    code, _, err = run(capsys, "import", str(tmp_path / "missing.csv"))
    assert code == 2 and "missing.csv" in err
    code, _, err = run(capsys, "import", str(PRETIX_EXPORT), "--map", "nonsense")
    assert code == 2 and "FIELD=COLUMN" in err


def test_sub_commands_never_import_qt(tmp_path: Path) -> None:
    script = ("import sys; from ui.main import main; code = main(['--data-dir', sys.argv[1], 'demo']); "
              "assert 'PySide6' not in sys.modules, 'Qt imported'; sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "300 rows" in done.stdout


def test_exports_never_carry_a_live_spreadsheet_formula(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "people.csv"
    source.write_text("Name,Email,Company\n'=Evil Person,evil@example.org,=HYPERLINK(\"http://x.invalid\")\n"
                      "Ada Lovelace,ada@example.org,-Analytical\n", encoding="utf-8")
    assert run(capsys, "import", str(source))[0] == 0
    assert run(capsys, "export", "attendees", str(tmp_path / "out.csv"))[0] == 0
    rows = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert {r["name"] for r in rows} == {"'=Evil Person", "Ada Lovelace"}
    assert {r["organisation"] for r in rows} == {"'=HYPERLINK(\"http://x.invalid\")", "'-Analytical"}
