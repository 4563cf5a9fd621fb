"""More ▾ → "Sync conflicts…" (or "⚠ N conflicts…" beside the sync light): what sync could not decide alone
(kiosk.sync.conflicts), in words for the desk lead, each with what it means and what to do.

- Checked in twice: both check-ins are kept, the earliest counts.
- Changed on two desks at once: the later change shows; both are in the log.
- Kept apart (quarantined): never merged, never deleted.
- Renumbered after a restore: information only, nothing was lost.

"Open attendee" puts that person in the desk through the window's own `show_attendee` (what the walk-in
uses), so the lead fixes things with the desk's normal buttons. The dialog is not modal for that reason: the
lead works through the list while the desk stays usable.

The list is read on the UI thread from the desk's connection, as the arrivals window and the hub dialog read:
a few small queries, only when opened, on "Refresh", and when the sync worker's count (made on its own
connection after every round) differs from the one shown.
"""

from __future__ import annotations

import datetime as dt
import html
import zoneinfo
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk import attendees
from kiosk.events import Event
from kiosk.store import Store
from kiosk.sync.conflicts import ConcurrentEdit, Conflicts, DoubleCheckin, all_conflicts
from kiosk.sync.log import Renumbered
from ui.desk.sync_status import SyncWorker

if TYPE_CHECKING:
    from ui.desk.window import DeskWindow

OpenAttendee = Callable[[str], bool]  # put the attendee with this id in front of the desk; False: not found
EMPTY = "No conflicts — every desk agrees."
WIDTH, MAX_LIST_PX = 820, 520
HINTS = {
    "double_checkins": "Both check-ins are kept and the earliest counts. Usually one person went to two desks "
                       "before they synced — or one ticket was used twice: open the attendee to look.",
    "concurrent_edits": "Two desks changed the same detail before they had synced; the later change shows and "
                        "both are in the log. If what shows now is wrong, open the attendee and use "
                        "“Fix details…”.",
    "quarantined": "Kept apart: never merged into the list, never deleted. Nothing to fix at this desk: tell "
                   "whoever runs the hub (it usually means one laptop was copied from another).",
}


def open_conflicts_dialog(window: DeskWindow) -> ConflictsDialog:
    """One dialog per desk window: opened again, it reads the conflicts as they are now."""
    dialog = window.findChild(ConflictsDialog)
    if dialog is None:
        dialog = ConflictsDialog(window.store, lambda attendee_id: show_in_desk(window, attendee_id),
                                 sync=window.sync, parent=window)
    else:
        dialog.refresh()
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog


def show_in_desk(window: DeskWindow, attendee_id: str) -> bool:
    person = attendees.get(window.store.conn, attendee_id)
    if person is None:
        return False
    window.show_attendee(person)  # the desk's own way: its code in the search field, that row selected
    window.activateWindow()  # the keyboard goes back to the desk; the list stays open above it
    return True


# --- words ----------------------------------------------------------------------------------------------


def when(at: str, timezone: str, today: dt.date) -> str:
    """HH:MM in the event's time zone (the log keeps UTC); with the date when it was not today."""
    moment = dt.datetime.fromisoformat(at).astimezone(zoneinfo.ZoneInfo(timezone))
    return f"{moment:%H:%M}" if moment.date() == today else f"{moment:%a %d %b %H:%M}"


def double_checkin_line(found: DoubleCheckin, timezone: str, today: dt.date) -> str:
    """<b>Ada Lovelace</b> — day 1: Desk A 09:14 (counts: the earliest), Desk B 09:15"""
    places = [f"{html.escape(desk)} {when(at, timezone, today)}" for desk, at in found.where]
    places[0] = f"<b>{places[0]}</b> (counts: the earliest)"  # `where` is in order: the first one counts
    return f"<b>{html.escape(found.name)}</b> — day {found.day}: {', '.join(places)}"


def concurrent_edit_line(found: ConcurrentEdit, timezone: str, today: dt.date) -> str:
    """<b>Ada Lovelace</b> — city: 'Graz' (Sam @ Desk 1 09:14) vs 'Wien' (Kim @ Desk 2 09:15); now 'Wien'"""
    edits = " vs ".join(f"'{html.escape(value)}' ({html.escape(actor or 'someone')} {when(at, timezone, today)})"
                        for value, actor, at in found.edits)
    field = found.field.replace("_", " ")
    return f"<b>{html.escape(found.name)}</b> — {html.escape(field)}: {edits}; now <b>'{html.escape(found.now)}'</b>"


def quarantined_line(event: Event, reason: str, seen_at: str, timezone: str, today: dt.date) -> str:
    """desk-b · seq 12 · attendee.edited — why · written 09:14 by Kim @ Desk 2 · kept apart since 09:20"""
    return (f"<b>{html.escape(event.device)}</b> · seq {event.seq} · <tt>{html.escape(event.type)}</tt> — "
            f"{html.escape(reason)}<br>written {when(event.at, timezone, today)} by "
            f"{html.escape(event.actor or 'someone')} · kept apart since {when(seen_at, timezone, today)}")


def renumbered_line(moved: list[Renumbered]) -> str:
    events = "1 event of this desk was" if len(moved) == 1 else f"{len(moved)} events of this desk were"
    return (f"{events} renumbered after it was restored from an older copy. Nothing was lost: each kept its "
            f"content and went to the hub again.")


def as_of(sync: SyncWorker | None, now: dt.datetime) -> str:
    """The list is this desk's copy of the log: as fresh as its last sync round."""
    state = f" Sync: {sync.words}." if sync is not None and sync.words else ""
    return f"This desk's copy of the log, read at {now:%H:%M}.{state}"


def summary(conflicts: Conflicts) -> str:
    if conflicts.count == 0:
        return EMPTY
    return f"⚠ {conflicts.count} thing{'' if conflicts.count == 1 else 's'} for the desk lead to look at"


# --- the dialog -----------------------------------------------------------------------------------------


class Row(NamedTuple):
    text: str                       # rich text, escaped
    attendee_id: str | None = None  # with an "Open attendee" button
    name: str = ""


class ConflictsDialog(QDialog):
    def __init__(self, store: Store, open_attendee: OpenAttendee, sync: SyncWorker | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync conflicts")
        self.store, self.open_attendee, self.sync = store, open_attendee, sync
        self.conflicts = Conflicts([], [], [], [])
        self.sections: dict[str, QGroupBox] = {}
        self.open_buttons: list[QPushButton] = []
        self.summary = QLabel()  # one short line: no wrapping, so no guessed height above the rest
        big = self.summary.font()
        big.setPointSizeF(max(big.pointSizeF(), 9.0) * 1.25)
        big.setBold(True)
        self.summary.setFont(big)
        self.as_of = QLabel(wordWrap=True)  # how fresh the list is: the lead decides whether to sync first
        self.message = QLabel(wordWrap=True)  # what "Open attendee" did, when it could not
        self.list_area = QScrollArea(widgetResizable=True)
        self.list_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # lines wrap instead
        self.refresh_button = self._button("Refresh", self.refresh)
        self.close_button = self._button("Close", self.reject)  # Esc closes too (QDialog)
        self._build()
        self.setMinimumWidth(640)
        if sync is not None:
            sync.conflicts.connect(self._counted)  # a method: disconnected when the dialog goes
        self.refresh()

    def _button(self, text: str, action: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)  # Enter presses the button that has the focus, never a hidden default
        button.clicked.connect(action)
        return button

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        self.column = QVBoxLayout(self)
        for part in (self.summary, self.as_of, self.list_area, self.message):
            self.column.addWidget(part)
        self.column.setStretchFactor(self.list_area, 1)  # a taller dialog shows more of the list
        self.column.addLayout(buttons)
        self.message.hide()

    def refresh(self) -> None:
        """Read everything again and redraw: one content widget, replaced whole (the old one is deleted)."""
        self.conflicts = all_conflicts(self.store)
        config = self.store.config()
        self.summary.setText(summary(self.conflicts))
        self.as_of.setText(as_of(self.sync, dt.datetime.now(zoneinfo.ZoneInfo(config.timezone))))
        self.open_buttons = []
        content = self._content(self.conflicts, config.timezone, config.today())
        self.list_area.setWidget(content)
        self.list_area.setVisible(bool(self.sections))
        self.message.hide()
        self._fit(content)
        first = self.open_buttons[0] if self.open_buttons else self.refresh_button
        first.setFocus()  # the keyboard starts at the first thing to open

    def _content(self, conflicts: Conflicts, timezone: str, today: dt.date) -> QWidget:
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        self.sections = {}
        double = [Row(double_checkin_line(d, timezone, today), d.attendee_id, d.name)
                  for d in conflicts.double_checkins]
        edits = [Row(concurrent_edit_line(c, timezone, today), c.attendee_id, c.name)
                 for c in conflicts.concurrent_edits]
        held = [Row(quarantined_line(e, reason, seen, timezone, today)) for e, reason, seen in conflicts.quarantined]
        moved = [Row(renumbered_line(conflicts.renumbered))] if conflicts.renumbered else []
        for key, title, rows in (("double_checkins", "Checked in twice", double),
                                 ("concurrent_edits", "Changed on two desks at once", edits),
                                 ("quarantined", "Kept apart (quarantined)", held),
                                 ("renumbered", "Renumbered after a restore — for information", moved)):
            if rows:
                count = f" ({len(rows)})" if key != "renumbered" else ""
                self.sections[key] = self._section(f"{title}{count}", HINTS.get(key, ""), rows)
                column.addWidget(self.sections[key])
        column.addStretch(1)
        return content

    def _section(self, title: str, hint: str, rows: list[Row]) -> QGroupBox:
        box = QGroupBox(title)
        column = QVBoxLayout(box)
        if hint:
            note = QLabel(hint, wordWrap=True)
            quiet = note.font()
            quiet.setItalic(True)  # quieter than the cases themselves; no colour: high contrast stays readable
            note.setFont(quiet)
            column.addWidget(note)
        for row in rows:
            column.addLayout(self._row(row))
        return box

    def _row(self, shown: Row) -> QHBoxLayout:
        row = QHBoxLayout()
        line = QLabel(shown.text, wordWrap=True, textFormat=Qt.TextFormat.RichText)
        line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy an id for the hub
        row.addWidget(line, 1)
        attendee_id = shown.attendee_id
        if attendee_id is not None:
            button = self._button("Open attendee", lambda: self._open(attendee_id))
            button.setAccessibleName(f"Open attendee {shown.name}")  # a screen reader says whom it opens
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.open_buttons.append(button)
        return row

    def _open(self, attendee_id: str) -> None:
        if not self.open_attendee(attendee_id):
            self.message.setText("That attendee is not in this desk's list (yet): sync, then Refresh.")
            self.message.show()

    def _counted(self, count: int) -> None:
        """The worker counted after a round: read the list again only when it changed (no redraw every 5 s)."""
        if self.isVisible() and count != self.conflicts.count:
            self.refresh()

    def _fit(self, content: QWidget) -> None:
        """As tall as what is shown, up to most of a 768 px laptop screen (the rest scrolls); never narrower."""
        width = max(self.width(), WIDTH)
        margins = self.column.contentsMargins()
        needed = content.heightForWidth(width - margins.left() - margins.right()) if self.sections else 0
        self.list_area.setMinimumHeight(min(max(needed, 0), MAX_LIST_PX))
        self.adjustSize()  # shrinks too: after a Refresh with fewer rows the empty space goes
        self.resize(width, self.sizeHint().height())
        self.column.activate()  # lay out at this size now: no scroll bar from a first guess at a narrower width
