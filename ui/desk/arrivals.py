"""Arrivals of the day: per 10 minutes per desk as stacked bars, and totals per ticket type."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from kiosk.arrivals import Arrivals, arrivals
from kiosk.store import Store

DESK_COLOURS = ("#1565c0", "#e65100", "#2e7d32", "#6a1b9a", "#00838f", "#ad1457", "#4e342e", "#37474f")
REFRESH_MS = 10_000


class ArrivalsChart(QWidget):
    """Stacked bars, one per slot, one colour per desk, with a legend; painted straight from Arrivals."""

    def __init__(self) -> None:
        super().__init__()
        self.data: Arrivals | None = None
        self.setMinimumHeight(260)
        self.setAccessibleName("Arrivals per 10 minutes per desk")

    def show_arrivals(self, data: Arrivals) -> None:
        self.data = data
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        data = self.data
        if data is None or not data.buckets:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No arrivals yet today")
            return
        series = {desk: data.series(desk) for desk in data.desks}
        slots = [start for start, _ in next(iter(series.values()))]
        totals = [sum(series[d][i][1] for d in data.desks) for i in range(len(slots))]
        top = max(max(totals), 1)
        plot = self.rect().adjusted(44, 28, -12, -36)
        width = max(plot.width() / len(slots), 2.0)
        painter.setPen(QColor("#9e9e9e"))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawText(QRect(0, plot.top() - 8, 40, 16), Qt.AlignmentFlag.AlignRight, str(top))
        painter.drawText(QRect(0, plot.bottom() - 8, 40, 16), Qt.AlignmentFlag.AlignRight, "0")
        for i, start in enumerate(slots):
            y = plot.bottom()
            for d, desk in enumerate(data.desks):
                count = series[desk][i][1]
                height = round(count / top * plot.height())
                painter.fillRect(QRect(round(plot.left() + i * width) + 1, y - height, max(round(width) - 2, 1),
                                       height), QColor(DESK_COLOURS[d % len(DESK_COLOURS)]))
                y -= height
            if i % max(1, len(slots) // 8) == 0:  # a time label every few bars
                painter.setPen(QColor("#424242"))
                painter.drawText(QRect(round(plot.left() + i * width) - 20, plot.bottom() + 4, 60, 16),
                                 Qt.AlignmentFlag.AlignLeft, f"{start:%H:%M}")
        x = plot.left()
        for d, desk in enumerate(data.desks):  # legend: colour AND the desk's name
            painter.fillRect(QRect(x, 6, 14, 14), QColor(DESK_COLOURS[d % len(DESK_COLOURS)]))
            painter.setPen(QColor("#212121"))
            painter.drawText(QRect(x + 18, 4, 140, 18), Qt.AlignmentFlag.AlignLeft, desk)
            x += 24 + painter.fontMetrics().horizontalAdvance(desk)


class ArrivalsWindow(QWidget):
    def __init__(self, store: Store, day: int) -> None:
        super().__init__()
        self.store, self.day = store, day
        self.setWindowTitle("Arrivals")
        self.summary = QLabel()
        self.chart = ArrivalsChart()
        self.per_type = QTableWidget(0, 3)
        self.per_type.setHorizontalHeaderLabels(["Ticket type", "Arrived today", "Expected"])
        self.per_type.verticalHeader().hide()
        self.per_type.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.chart, self.per_type):
            layout.addWidget(widget)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        data = arrivals(self.store.conn, self.store.config(), self.day)
        peak = data.peak()
        peak_text = f" · busiest: {peak[0]:%H:%M} ({peak[1]} in 10 min)" if peak else ""
        self.summary.setText(f"<b>Day {data.day}, {data.date:%A %d %B}</b>: {data.total} of {data.expected} "
                             f"arrived{peak_text}")
        self.chart.show_arrivals(data)
        self.per_type.setRowCount(len(data.per_ticket_type))
        for row, (ticket_type, arrived, expected) in enumerate(data.per_ticket_type):
            for column, value in enumerate((ticket_type, str(arrived), str(expected))):
                self.per_type.setItem(row, column, QTableWidgetItem(value))
