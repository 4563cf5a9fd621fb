"""The first desk window: a search field that always has focus and the attendees it finds."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk import attendees
from kiosk.search import SearchHit, browse
from kiosk.store import Store

COLUMNS = ("Name", "Organisation", "Home town", "Ticket", "Role", "Interests", "Status")
STATUS_TEXT = {
    "valid": "not yet",
    "unpaid": "UNPAID",
    "pending": "not confirmed",
    "cancelled": "CANCELLED",
    "blocked": "BLOCKED",
}
STATUS_COLOUR = {"unpaid": "#1565c0", "cancelled": "#c62828", "blocked": "#c62828", "pending": "#e65100"}
ModelIndex = QModelIndex | QPersistentModelIndex
MAX_COLUMN_WIDTH = 280


class HitsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []
        self.letters: dict[str, str] = {}

    def show(self, hits: list[SearchHit], letters: dict[str, str]) -> None:
        self.beginResetModel()
        self.hits, self.letters = hits, letters
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hits[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(hit, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == 6:
            colour = "#2e7d32" if hit.checked_in else STATUS_COLOUR.get(hit.attendee.status)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.FontRole and column in (0, 6):
            font = QFont()
            font.setBold(True)
            if column == 0:
                font.setPointSizeF(font.pointSizeF() * 1.25)
            return font
        return None

    def _text(self, hit: SearchHit, column: int) -> str:
        a = hit.attendee
        if column == 5:
            return "  ".join(f"{self.letters.get(i, '?')} {i}" for i in a.interests)
        if column == 6:
            return "✓ checked in" if hit.checked_in and a.status == "valid" else STATUS_TEXT.get(a.status, a.status)
        return (a.name, a.organisation, a.city, a.ticket_type, a.role)[column]


class AttendeeWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.store: Store | None = None
        self.model = HitsModel()
        self.search_field = QLineEdit(placeholderText="Type two letters of a name, an email, a town or a code")
        big = self.search_field.font()
        big.setPointSizeF(big.pointSizeF() * 1.6)
        self.search_field.setFont(big)
        self.search_field.setAccessibleName("Search attendees")
        self.search_field.textChanged.connect(self.refresh)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always goes to the search field
        self.table.verticalHeader().hide()
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.counters = QLabel("Opening the event…")
        self.title = QLabel("")
        title_font = self.title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        title_font.setBold(True)
        self.title.setFont(title_font)
        layout = QVBoxLayout()
        for widget in (self.title, self.search_field, self.table, self.counters):
            layout.addWidget(widget)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.setWindowTitle("Registration desk")
        self.search_field.setFocus()

    def attach(self, store: Store) -> None:
        self.store = store
        config = store.config()
        day = config.day_of(config.today())
        day_text = f"day {day} of {len(config.days)}" if day else "not an event day today"
        self.title.setText(f"{config.name} — {config.today():%A %d %B %Y}, {day_text}")
        self.setWindowTitle(f"Registration desk — {config.name}")
        self.refresh()

    def refresh(self) -> None:
        if self.store is None:
            return
        config = self.store.config()
        day = config.day_of(config.today())
        hits = browse(self.store.conn, self.search_field.text(), limit=200, day=day)
        self.model.show(hits, {i.name: i.letter for i in config.interests})
        self.table.resizeColumnsToContents()
        for column in range(len(COLUMNS) - 1):  # one 170-character organisation must not push the rest away
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_COLUMN_WIDTH))
        conn = self.store.conn
        self.counters.setText(
            f"{attendees.count_checked_in(conn, day)} checked in today · {attendees.count_expected(conn)} expected · "
            f"{attendees.count(conn)} attendees · {len(hits)} shown"
        )
