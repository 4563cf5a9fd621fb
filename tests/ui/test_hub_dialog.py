"""More ▾ → "Sync hub…": enrolling the desk against a real HTTP hub on 127.0.0.1 (the fake of the /v1 contract),
a hub found over real mDNS that must be chosen before it is used, and the hub's QR read by a scanner; a
screenshot saved for a person to look at."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.demo import install_demo
from kiosk.desk import Shift
from kiosk.store import Store
from kiosk.sync import settings
from kiosk.sync.discovery import FoundHub, advertise
from kiosk.sync.hub import enrol_payload
from printers.pdf import PdfFolderPrinter
from tests.kiosk.sync.test_http_client import CODE, FakeHub
from ui.desk.hub_dialog import HubDialog
from ui.desk.sounds import Silent
from ui.desk.window import DeskWindow
from ui.scan_filter import ScanFilter
from ui.tasks import run_synchronously

SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[FakeHub]:
    store = Store.open(tmp_path / "hub.sqlite", "hub")
    fake = FakeHub(store)
    yield fake
    fake.stop()
    store.close()


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[DeskWindow]:
    store = Store.open(tmp_path / "a" / "events" / "demo.sqlite", "desk-a")
    install_demo(store, today=dt.date.today())
    desk = DeskWindow(store, Shift(desk="Desk A", volunteer="Sam"), sounds=Silent(),
                      printer=PdfFolderPrinter(tmp_path / "badges"), runner=run_synchronously)
    qtbot.addWidget(desk)
    desk.resize(1366, 768)
    desk.show()
    yield desk
    desk.close()
    store.close()


def open_from_the_menu(window: DeskWindow) -> HubDialog:
    (more,) = [b for b in window.findChildren(QPushButton) if b.text() == "More ▾"]
    menu = more.menu()
    assert menu is not None
    (entry,) = [a for a in menu.actions() if a.text() == "Sync hub…"]
    entry.trigger()
    dialog = window.findChild(HubDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def type_fast(widget: QWidget, text: str) -> None:
    """As a USB scanner types: every key within a few milliseconds, then Enter."""
    for char in text:
        key = Qt.Key(ord(char.upper())) if char.isalnum() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r"))


def test_enrol_with_the_code_then_the_desk_syncs(qtbot: QtBot, window: DeskWindow, hub: FakeHub) -> None:
    dialog = open_from_the_menu(window)
    assert "not enrolled" in dialog.current.text() and dialog.desk.text() == "Desk A"
    qtbot.waitUntil(lambda: window.sync.state == "off", timeout=3000)
    dialog.url.setText(hub.url)
    qtbot.keyClicks(dialog.code, CODE)
    dialog.enrol_button.click()
    assert dialog.message.text().startswith("Enrolled: this desk is “Desk A” on hub hub-test"), dialog.message.text()
    assert settings.describe(window.store)["url"] == hub.url
    # The worker had stopped asking (not enrolled); the dialog woke it and it found the new hub at once.
    assert window.sync.state == "online" and hub.store.event_count() == window.store.event_count()
    assert "Enrolled</b> as “Desk A” with hub <tt>hub-test</tt>" in dialog.current.text()
    assert "Sync: Online · 0 waiting" in dialog.sync_line.text()
    assert open_from_the_menu(window) is dialog  # one dialog per window


def test_a_wrong_code_or_a_missing_hub_is_said_in_words(qtbot: QtBot, window: DeskWindow, hub: FakeHub) -> None:
    dialog = open_from_the_menu(window)
    dialog.enrol_button.click()
    assert dialog.message.text() == "Not yet: the hub's address must start with http:// or https://."
    dialog.url.setText(hub.url)
    dialog.enrol_button.click()
    assert dialog.message.text() == "Not yet: the enrolment code is missing: it is on the hub's screen."
    dialog.code.setText("WRONG-123")
    dialog.enrol_button.click()
    assert dialog.message.text() == "Not enrolled: the hub refused: wrong enrolment code"
    assert dialog.enrol_button.isEnabled() and not settings.enrolled(window.store)
    assert dialog.code.hasSelectedText() and dialog.code.selectedText() == "WRONG-123"  # to type it again
    SCREENSHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "desk-hub-dialog-wrong-code.png"))
    hub.stop()
    dialog.code.setText(CODE)
    dialog.enrol_button.click()
    assert "cannot be reached: is it running and is this desk on the venue network?" in dialog.message.text()


def test_a_found_hub_is_used_only_once_the_volunteer_chose_it(qtbot: QtBot, window: DeskWindow,
                                                               hub: FakeHub) -> None:
    event = f"TestCon {uuid.uuid4().hex[:6]}"  # ours among whatever else answers on this network
    advert = advertise(hub.url, "hub-test", event, None)
    try:
        assert advert.wait(5.0)
        dialog = open_from_the_menu(window)
        started = time.monotonic()
        dialog.find_button.click()  # the runner is synchronous here: the search is over when click() returns
        assert time.monotonic() - started < 4.0
        rows = {dialog.found.item(i).text(): i for i in range(dialog.found.count())}
        assert f"{event} — {hub.url}" in rows and dialog.found.isVisible()
    finally:
        advert.close()
    dialog.found.setCurrentRow(rows[f"{event} — {hub.url}"])
    assert f"Event: <b>{event}</b>" in dialog.details.text() and hub.url in dialog.details.text()
    assert dialog.url.text() == "" and dialog.use_button.isEnabled()  # shown, not used
    dialog.code.setText(CODE)
    dialog.enrol_button.click()
    assert dialog.message.text().startswith("Not yet") and not settings.enrolled(window.store)
    dialog.use_button.click()
    assert dialog.url.text() == hub.url and dialog.chosen is not None and dialog.chosen.event == event
    dialog.enrol_button.click()
    assert dialog.message.text().startswith("Enrolled: this desk is “Desk A” on hub hub-test. Syncing now…")
    SCREENSHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "desk-hub-dialog.png"))


def test_an_announced_hub_that_answers_as_another_is_pointed_out(qtbot: QtBot, window: DeskWindow,
                                                                  hub: FakeHub) -> None:
    impostor = FoundHub(hub.url, "hub-elsewhere", "TestCon", None, "TestCon hub x")
    dialog = HubDialog(window.store, run_synchronously, "Desk A", finder=lambda: [impostor], parent=window)
    dialog.show()
    dialog.look_for_hubs()
    dialog.use_selected()
    dialog.code.setText(CODE)
    dialog.enrol_button.click()
    assert "it answered as hub hub-test, not the hub-else it announced" in dialog.message.text()


def test_a_scanned_qr_fills_the_fields_and_checks_nobody_in(qtbot: QtBot, window: DeskWindow,
                                                            hub: FakeHub) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    desk_scans: list[str] = []
    desk_filter = ScanFilter(window)  # as ui/app.py gives the desk one
    app.installEventFilter(desk_filter)
    window.listen_to_scanner(desk_filter)
    desk_filter.scanned.connect(desk_scans.append)
    events_before = window.store.event_count()
    dialog = open_from_the_menu(window)
    dialog.code.setFocus()  # wherever the focus is: the scan is the hub's QR, not a code to type in
    type_fast(dialog.code, enrol_payload(hub.url, CODE, None))
    assert (dialog.url.text(), dialog.code.text(), dialog.fingerprint.text()) == (hub.url, CODE, "")
    assert dialog.message.text().startswith(f"Read the hub's QR: {hub.url}")
    assert desk_scans == [] and window.store.event_count() == events_before  # the desk did not look it up
    assert not settings.enrolled(window.store)  # read, not enrolled: that is the volunteer's button
    type_fast(dialog.code, "A0001-XK3F")  # an attendee's badge, scanned by mistake
    assert dialog.message.text().startswith("That was not the hub's QR code") and dialog.code.text() == CODE
    dialog.enrol_button.click()
    assert settings.enrolled(window.store)
    dialog.close()
    type_fast(window.search_field, "A0001-XK3F")  # closed: the desk hears its scanner again
    assert desk_scans == ["A0001-XK3F"]


def test_a_pasted_qr_text_fills_the_fields(qtbot: QtBot, window: DeskWindow, hub: FakeHub) -> None:
    dialog = open_from_the_menu(window)
    qtbot.keyClicks(dialog.payload, f"{hub.url} AB")  # typed by hand: read once it makes sense
    assert dialog.code.text() == "AB" and dialog.message.text().startswith("Read the hub's QR")
    dialog.payload.clear()
    dialog.code.clear()
    QApplication.clipboard().setText('{"url":"' + hub.url)  # half a QR: said, not red, nothing filled
    dialog.payload.paste()
    assert dialog.message.text().startswith("Not readable as the hub's QR yet") and dialog.code.text() == ""
    dialog.payload.clear()
    QApplication.clipboard().setText(enrol_payload(hub.url, CODE, None))
    dialog.payload.paste()
    assert (dialog.url.text(), dialog.code.text()) == (hub.url, CODE)
    dialog.enrol_button.click()
    assert settings.enrolled(window.store)


def test_a_sync_round_under_way_while_enrolling_does_not_leave_the_desk_off(
        qtbot: QtBot, window: DeskWindow, hub: FakeHub) -> None:
    dialog = open_from_the_menu(window)
    qtbot.waitUntil(lambda: window.sync.state == "off", timeout=3000)
    window.sync.busy = True  # a round that read "not enrolled" just before the enrolment: it will stop asking
    dialog.url.setText(hub.url)
    dialog.code.setText(CODE)
    dialog.enrol_button.click()
    assert window.sync.state == "off"
    window.sync.busy = False  # that round ends; the dialog asks again
    qtbot.waitUntil(lambda: window.sync.state == "online", timeout=3000)
