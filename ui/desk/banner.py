"""The full-width feedback banner a tired volunteer cannot miss: colour, icon and words."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel

from ui.desk.theme import OUTCOME_LOOK

CLEAR_AFTER_MS = 12_000  # long enough to read after turning back to the queue


class Banner(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumHeight(64)
        font = self.font()
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.8)
        self.setFont(font)
        self.setAccessibleName("Check-in result")
        self.outcome = ""
        self._timer = QTimer(self, singleShot=True, interval=CLEAR_AFTER_MS)
        self._timer.timeout.connect(self.clear_message)
        self.clear_message()

    def show_outcome(self, outcome: str, message: str) -> None:
        look = OUTCOME_LOOK.get(outcome, OUTCOME_LOOK["info"])
        self.outcome = outcome
        self.setText(f"{look.icon}  {message}")
        self.setStyleSheet(f"background: {look.background}; color: {look.foreground}; border-radius: 6px;"
                           " padding: 8px;")
        self.setAccessibleDescription(message)
        self._timer.start()

    def clear_message(self) -> None:
        self.outcome = ""
        self.setText("Scan a ticket or type two letters of a name")
        self.setStyleSheet("background: transparent; color: palette(mid); padding: 8px;")
