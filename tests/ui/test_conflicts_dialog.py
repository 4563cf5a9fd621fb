"""More ▾ → "Sync conflicts…" and "⚠ N conflicts…" beside the sync light: a morning of real stores synced
through a hub in process (LocalHub) leaves one attendee checked in at two desks, one city changed on two desks,
an event held apart as a clone and this desk's own event renumbered after a restore; the desk lead reads each
in words and opens the attendee in the desk. Screenshots saved for a person to look at."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.checkin import check_in, undo_check_in
from kiosk.demo import install_demo
from kiosk.desk import Shift
from kiosk.editing import edit_attendee
from kiosk.events import Event
from kiosk.store import Store
from kiosk.sync import log
from kiosk.sync.backup import backup
from kiosk.sync.client import LocalHub, sync_once
from printers.pdf import PdfFolderPrinter
from ui.desk.conflicts_dialog import EMPTY, ConflictsDialog
from ui.desk.sounds import Silent
from ui.desk.sync_status import SyncLight
from ui.desk.window import DeskWindow
from ui.tasks import run_synchronously

SCREENSHOTS = Path(__file__).parent / "screenshots"
TIME = r"\d\d:\d\d"


@dataclasses.dataclass
class Morning:
    hub: Store
    desk: Store   # Desk A: the desk lead's laptop, the one on screen
    other: Store  # Desk B
    twice: str    # checked in at both desks on day 1
    edited: str   # city changed to 'Graz' on Desk A and to 'Wien' on Desk B
    clone: Event


def _valid(store: Store, count: int) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT id FROM attendees WHERE status = 'valid' ORDER BY name "
                                             "LIMIT ?", (count,))]


def _put_back(store: Store, copy: Path) -> Store:
    """The desk's file is lost and a backup copy is put in its place (same device id)."""
    store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store.path}{suffix}").unlink(missing_ok=True)
    shutil.copy(copy, store.path)
    return Store.open(store.path, store.device)


@pytest.fixture
def morning(tmp_path: Path) -> Iterator[Morning]:
    hub_store = Store.open(tmp_path / "hub.sqlite", "hub")
    desk = Store.open(tmp_path / "a" / "events" / "demo.sqlite", "desk-a")
    other = Store.open(tmp_path / "b" / "events" / "demo.sqlite", "desk-b")
    hub = LocalHub(hub_store)
    install_demo(desk, today=dt.date.today())
    sync_once(desk, hub)
    sync_once(other, hub)
    twice, edited, before, after = _valid(desk, 4)
    # Desk A is restored from an older copy: its next check-in lands on a seq the hub holds and moves aside
    copy = backup(desk, tmp_path / "desk-a.backup")
    check_in(desk, before, day=2, desk="Desk A", volunteer="Sam")
    sync_once(desk, hub)
    desk = _put_back(desk, copy)
    check_in(desk, after, day=2, desk="Desk A", volunteer="Sam")
    sync_once(desk, hub)
    # The network drops: both desks check the same person in and change the same city, then sync
    check_in(desk, twice, day=1, desk="Desk A", volunteer="Sam")
    check_in(other, twice, day=1, desk="Desk B", volunteer="Kim")
    edit_attendee(desk, edited, {"city": "Graz"}, actor="Sam @ Desk A")
    edit_attendee(other, edited, {"city": "Wien"}, actor="Kim @ Desk B")
    for store in (desk, other, desk):
        sync_once(store, hub)
    # A laptop copied from Desk B writes another event at one of Desk B's seqs: held apart, never merged
    row = other.conn.execute("SELECT id, device, seq, hlc, type, body, actor, at FROM events "
                             "WHERE device = 'desk-b' ORDER BY seq DESC LIMIT 1").fetchone()
    clone = dataclasses.replace(Event.from_row(row), id="01a2ffff-0000-7000-8000-000000000000")  # Kim's edit
    assert log.accept(desk, [clone]).verdicts == {clone.id: "conflict"}
    yield Morning(hub_store, desk, other, twice, edited, clone)
    for store in (hub_store, desk, other):
        store.close()


def _desk(qtbot: QtBot, store: Store, hub: LocalHub | None, tmp_path: Path) -> DeskWindow:
    window = DeskWindow(store, Shift(desk="Desk A", volunteer="Sam"), sounds=Silent(),
                        printer=PdfFolderPrinter(tmp_path / "badges"), runner=run_synchronously,
                        sync_hub=lambda _: hub)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: bool(window.sync.words) and not window.sync.busy, timeout=5000)  # first round over
    return window


@pytest.fixture
def window(qtbot: QtBot, morning: Morning, tmp_path: Path) -> Iterator[DeskWindow]:
    desk = _desk(qtbot, morning.desk, LocalHub(morning.hub), tmp_path)
    yield desk
    desk.close()


def open_from_the_menu(window: DeskWindow) -> ConflictsDialog:
    (more,) = [b for b in window.findChildren(QPushButton) if b.text() == "More ▾"]
    menu = more.menu()
    assert menu is not None
    (entry,) = [a for a in menu.actions() if a.text() == "Sync conflicts…"]
    entry.trigger()
    dialog = window.findChild(ConflictsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def lines(dialog: ConflictsDialog, section: str) -> list[str]:
    """What the lead reads in one section, as plain text (the hint first)."""
    box = dialog.sections.get(section)
    if box is None:
        return []
    document = QTextDocument()
    shown = []
    for label in box.findChildren(QLabel):
        document.setHtml(label.text())
        shown.append(document.toPlainText())
    return shown


def name_of(store: Store, attendee_id: str) -> str:
    return str(store.conn.execute("SELECT name FROM attendees WHERE id = ?", (attendee_id,)).fetchone()[0])


def test_each_conflict_is_listed_in_words(qtbot: QtBot, window: DeskWindow, morning: Morning) -> None:
    dialog = open_from_the_menu(window)
    assert dialog.summary.text() == "⚠ 3 things for the desk lead to look at"
    hint, twice = lines(dialog, "double_checkins")
    assert "earliest counts" in hint
    assert re.fullmatch(rf"{re.escape(name_of(morning.desk, morning.twice))} — day 1: "
                        rf"Desk (A|B) {TIME} \(counts: the earliest\), Desk (A|B) {TIME}", twice), twice
    assert {"Desk A", "Desk B"} <= set(re.findall(r"Desk [AB]", twice))
    hint, edit = lines(dialog, "concurrent_edits")
    assert "the later change shows" in hint and "Fix details…" in hint
    assert re.fullmatch(rf"{re.escape(name_of(morning.desk, morning.edited))} — city: 'Graz' \(Sam @ Desk A {TIME}\) "
                        rf"vs 'Wien' \(Kim @ Desk B {TIME}\); now 'Wien'", edit), edit
    hint, held = lines(dialog, "quarantined")
    assert "never deleted" in hint
    clone = morning.clone
    assert held.startswith(f"desk-b · seq {clone.seq} · {clone.type} — device desk-b seq {clone.seq} is already "
                           f"event "), held
    assert re.search(rf"written {TIME} by Kim @ Desk B · kept apart since {TIME}$", held), held
    assert lines(dialog, "renumbered") == ["1 event of this desk was renumbered after it was restored from an older "
                                           "copy. Nothing was lost: each kept its content and went to the hub again."]
    assert [b.text() for b in dialog.open_buttons] == ["Open attendee", "Open attendee"]
    assert dialog.sections["double_checkins"].title() == "Checked in twice (1)"
    assert open_from_the_menu(window) is dialog  # one dialog per window
    # once laid out at its width, four short sections fit without a scroll bar hiding the buttons' edge
    qtbot.waitUntil(lambda: not dialog.list_area.verticalScrollBar().isVisible(), timeout=2000)
    SCREENSHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "desk-sync-conflicts.png"))


def test_open_attendee_selects_them_in_the_desk_and_esc_closes(qtbot: QtBot, window: DeskWindow,
                                                               morning: Morning) -> None:
    dialog = open_from_the_menu(window)
    twice, edited = dialog.open_buttons
    assert twice.accessibleName() == f"Open attendee {name_of(morning.desk, morning.twice)}"
    twice.click()
    hit = window.selected_hit()
    assert hit is not None and hit.attendee.id == morning.twice
    assert window.panel.attendee is not None and window.panel.attendee.id == morning.twice
    assert dialog.isVisible()  # the list stays open: the lead works through it
    dialog.activateWindow()
    edited.setFocus()
    qtbot.keyClick(edited, Qt.Key.Key_Space)  # keyboard: Tab to it, Space (or Enter) presses it
    hit = window.selected_hit()
    assert hit is not None and hit.attendee.id == morning.edited and hit.attendee.city == "Wien"
    assert window.panel.edit_button.isEnabled()  # "Fix details…" is the normal edit
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_light_counts_the_conflicts_and_opens_the_list(qtbot: QtBot, window: DeskWindow,
                                                           morning: Morning) -> None:
    light = window.findChild(SyncLight)
    assert light is not None and window.sync.state == "online"
    assert light.conflicts_button.isVisible() and light.conflicts_button.text() == "⚠ 3 conflicts…"
    light.conflicts_button.click()
    dialog = window.findChild(ConflictsDialog)
    assert dialog is not None and dialog.isVisible() and dialog.conflicts.count == 3
    # the lead undoes the extra check-in at the desk: the next round counts one fewer and the list follows
    undo_check_in(window.store, morning.twice, day=1, reason="went through two desks", actor="Lea @ Desk A")
    window.sync.sync_now()
    assert light.conflicts_button.text() == "⚠ 2 conflicts…" and window.sync.conflict_count == 2
    assert "double_checkins" not in dialog.sections and dialog.conflicts.count == 2


def test_no_conflicts_says_so_and_refresh_reads_again(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "a" / "events" / "demo.sqlite", "desk-a")
    try:
        install_demo(store, today=dt.date.today())
        window = _desk(qtbot, store, None, tmp_path)
        light = window.findChild(SyncLight)
        assert light is not None and not light.conflicts_button.isVisible() and window.sync.conflict_count == 0
        dialog = open_from_the_menu(window)
        assert dialog.summary.text() == EMPTY == "No conflicts — every desk agrees."
        assert dialog.sections == {} and not dialog.list_area.isVisible() and dialog.open_buttons == []
        assert dialog.focusWidget() is dialog.refresh_button  # the keyboard starts there
        SCREENSHOTS.mkdir(exist_ok=True)
        dialog.grab().save(str(SCREENSHOTS / "desk-sync-conflicts-empty.png"))
        first = next(store.events())
        log.accept(store, [dataclasses.replace(first, id="01a2ffff-0000-7000-8000-00000000abcd")])
        dialog.refresh_button.click()
        assert dialog.summary.text() == "⚠ 1 thing for the desk lead to look at"
        (_, held) = lines(dialog, "quarantined")
        assert held.startswith(f"{first.device} · seq {first.seq} · {first.type} — ")
        window.close()
    finally:
        store.close()
