"""First start: the demo event is imported on a worker, the desk is named once, the volunteer each shift."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk import pins
from ui.app import Launcher
from ui.tasks import run_synchronously

SCREENSHOTS = Path(__file__).parent / "screenshots"


def test_first_start_names_the_desk_and_opens_the_demo(qtbot: QtBot, data_dir: Path) -> None:
    asked: list[str] = []

    def answer(title: str, question: str) -> str:
        asked.append(title)
        return "Desk 1" if "desk" in title.casefold() and "who" not in title.casefold() else "Kim"

    launcher = Launcher(None, None, runner=run_synchronously, ask_name=answer)
    window = launcher.window
    assert window is not None
    qtbot.addWidget(window)
    assert asked == ["Name this desk", "Who is at the desk?"]
    assert window.shift.desk == "Desk 1" and window.shift.volunteer == "Kim"
    assert "DemoCon 2026" in window.title.text()
    assert window.model.rowCount() == 50  # the first page of the 300 demo attendees
    SCREENSHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "desk-first-start.png"))
    qtbot.waitUntil(lambda: launcher.first_pins is not None)  # once the desk has painted
    assert launcher.first_pins is not None and launcher.first_pins.isVisible()  # set the PINs, or "Later"
    launcher.first_pins.grab().save(str(SCREENSHOTS / "first-start-pins.png"))
    pins.set_pin(window.store, "treasurer", "2580", actor="Kim")
    pins.set_pin(window.store, "admin", "97531", actor="Kim")

    events = window.store.event_count()
    again = Launcher(None, None, runner=run_synchronously, ask_name=lambda title, question: "Lee")
    assert again.window is not None
    qtbot.addWidget(again.window)
    assert again.window.shift.desk == "Desk 1"  # named once, remembered
    assert again.window.store.event_count() == events  # the demo is imported only once
    qtbot.wait(50)
    assert again.first_pins is None


def test_cancelling_the_volunteer_name_opens_nothing(qtbot: QtBot, data_dir: Path) -> None:
    launcher = Launcher(None, None, runner=run_synchronously, ask_name=lambda title, question: None)
    assert launcher.window is None
