"""The first desk window on the bundled demo event: real store, real import, a screenshot to look at."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.app import start_window
from ui.tasks import run_synchronously

SCREENSHOTS = Path(__file__).parent / "screenshots"


def test_first_start_imports_the_demo_and_searches_as_you_type(qtbot: QtBot, data_dir: Path) -> None:
    window = start_window(None, None, runner=run_synchronously)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    assert window.store is not None
    assert window.model.rowCount() == 200  # the first page of ~300 demo attendees, alphabetically
    assert "DemoCon 2026" in window.title.text()
    assert "day 1 of 2" in window.title.text()

    qtbot.keyClicks(window.search_field, "muller")
    assert window.model.hits[0].attendee.name == "Anna Müller"
    assert window.model.index(0, 0).data() == "Anna Müller"
    assert window.counters.text().endswith(f"{window.model.rowCount()} shown")
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "attendee-list-muller.png"))

    window.search_field.clear()
    window.search_field.setText("王")  # QTest cannot synthesise key events for CJK; an IME commits text
    assert {h.attendee.name for h in window.model.hits} >= {"王芳", "王小明"}
    window.search_field.clear()
    window.grab().save(str(SCREENSHOTS / "attendee-list.png"))


def test_the_demo_is_imported_only_once(qtbot: QtBot, data_dir: Path) -> None:
    first = start_window(None, None, runner=run_synchronously)
    qtbot.addWidget(first)
    assert first.store is not None
    events = first.store.event_count()
    second = start_window(None, None, runner=run_synchronously)
    qtbot.addWidget(second)
    assert second.store is not None and second.store.event_count() == events
