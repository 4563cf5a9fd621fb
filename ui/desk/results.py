"""The results list: big name, who they are, interest dots (colour + letter) and a status chip."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget

from kiosk.checkin import local_time
from kiosk.config import EventConfig
from kiosk.search import SearchHit
from ui.desk.theme import CHECKED_IN_CHIP, STATUS_CHIP, TWICE_CHIP

# Status right after the name: it is what the volunteer must see before pressing Enter.
COLUMNS = ("Name", "Status", "Interests", "Organisation", "Home town", "Ticket", "Role")
NAME, STATUS, INTERESTS = 0, 1, 2
ModelIndex = QModelIndex | QPersistentModelIndex
HIT_ROLE = Qt.ItemDataRole.UserRole + 1


class ResultsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []
        self.config: EventConfig | None = None
        self.scale = 1.0  # the desk's Ctrl+/Ctrl− zoom

    def show(self, hits: list[SearchHit], config: EventConfig) -> None:
        self.beginResetModel()
        self.hits, self.config = hits, config
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return ""

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hits[index.row()]
        if role == HIT_ROLE:
            return hit
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(hit, index.column())
        if role == Qt.ItemDataRole.FontRole and index.column() == NAME:
            font = QFont()
            font.setBold(True)
            font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.4 * self.scale)
            return font
        return None if role != Qt.ItemDataRole.ToolTipRole else self.text(hit, index.column())

    def text(self, hit: SearchHit, column: int) -> str:
        a = hit.attendee
        if column == INTERESTS:
            return ", ".join(a.interests)
        if column == STATUS:
            return status_text(hit, self.config.timezone if self.config else "UTC")
        return {NAME: a.name, 3: a.organisation, 4: a.city, 5: a.ticket_type, 6: a.role}[column]


def status_text(hit: SearchHit, timezone: str) -> str:
    if hit.checkin is not None:
        twice = " · checked in twice!" if hit.checkin.count > 1 else ""
        return f"✔ In {local_time(hit.checkin.at, timezone)} · {hit.checkin.desk}{twice}"
    return STATUS_CHIP.get(hit.attendee.status, (hit.attendee.status, "", ""))[0]


class RowDelegate(QStyledItemDelegate):
    """Paints the interest dots and the status chip (set for those two columns only)."""

    def __init__(self, model: ResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        hit: SearchHit = index.data(HIT_ROLE)
        rect: QRect = option.rect  # type: ignore[attr-defined]
        painter.save()
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[attr-defined]
            painter.fillRect(rect, option.palette.highlight())  # type: ignore[attr-defined]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if index.column() == INTERESTS:
            self._paint_dots(painter, rect, hit)
        else:
            self._paint_chip(painter, rect, hit)
        painter.restore()

    def _paint_dots(self, painter: QPainter, rect: QRect, hit: SearchHit) -> None:
        config = self._model.config
        size = min(rect.height() - 8, 26)
        x = rect.left() + 4
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(max(int(size * 0.6), 8))
        painter.setFont(font)
        for name in hit.attendee.interests:
            interest = config.interest(name) if config else None
            colour, letter = (interest.colour, interest.letter) if interest else ("#757575", "?")
            dot = QRect(x, rect.center().y() - size // 2, size, size)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawEllipse(dot)
            painter.setPen(QColor("#ffffff"))
            painter.drawText(dot, Qt.AlignmentFlag.AlignCenter, letter)
            x += size + 4

    def _paint_chip(self, painter: QPainter, rect: QRect, hit: SearchHit) -> None:
        text = self._model.text(hit, STATUS)
        if hit.checkin is not None:
            background, foreground = TWICE_CHIP if hit.checkin.count > 1 else CHECKED_IN_CHIP
        else:
            _, background, foreground = STATUS_CHIP.get(hit.attendee.status, ("", "#eceff1", "#000000"))
        font = painter.font()
        font.setBold(True)
        painter.setFont(font)
        width = painter.fontMetrics().horizontalAdvance(text) + 20
        chip = QRect(rect.left() + 4, rect.top() + 4, min(width, rect.width() - 8), rect.height() - 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(chip, chip.height() / 2, chip.height() / 2)
        painter.setPen(QColor(foreground))
        painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, text)


def results_table(model: ResultsModel) -> QTableView:
    """The results list: whole rows, no focus of its own (typing always lands in the search field)."""
    table = QTableView()
    table.setModel(model)
    delegate = RowDelegate(model, table)  # only where it paints something: Python paint is costly
    table.setItemDelegateForColumn(STATUS, delegate)
    table.setItemDelegateForColumn(INTERESTS, delegate)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(40)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    for column, width in enumerate((220, 175, 120, 170, 100, 80)):
        table.setColumnWidth(column, width)
    return table
