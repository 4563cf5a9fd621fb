from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.desk import InvalidName, desk_name, set_desk_name, start_shift


def test_the_desk_is_named_once_and_remembered(tmp_path: Path) -> None:
    assert desk_name(tmp_path) is None
    with pytest.raises(InvalidName, match="name this desk first"):
        start_shift(tmp_path, "Sam")
    assert set_desk_name(tmp_path, "  Desk   2 ") == "Desk 2"
    assert desk_name(tmp_path) == "Desk 2"
    shift = start_shift(tmp_path, " Sam  Lee ")
    assert (shift.desk, shift.volunteer, shift.actor) == ("Desk 2", "Sam Lee", "Sam Lee @ Desk 2")


@pytest.mark.parametrize("bad", ["", "   ", "x" * 41])
def test_bad_names_are_refused(tmp_path: Path, bad: str) -> None:
    with pytest.raises(InvalidName):
        set_desk_name(tmp_path, bad)
    assert desk_name(tmp_path) is None


def test_a_damaged_file_asks_again_instead_of_crashing(tmp_path: Path) -> None:
    (tmp_path / "desk.json").write_text("{not json", encoding="utf-8")
    assert desk_name(tmp_path) is None
