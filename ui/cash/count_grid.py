"""Entering cash: a count by denomination (pieces → value per row, running total), the two people who
count, and an amount with its reason; and the small helpers the cash screens share. Plain widgets; the
windows decide what is done with them."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk import money

ROW_HEIGHT = 40  # touch-friendly rows


def local_time(at: str, timezone: str, pattern: str = "%H:%M") -> str:
    try:
        return dt.datetime.fromisoformat(at).astimezone(zoneinfo.ZoneInfo(timezone)).strftime(pattern)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return at


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def choose_pdf_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, str(Path.home() / suggested))
    return Path(name) if name else None


def big_label(scale: float = 2.2) -> QLabel:
    label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, wordWrap=True)
    enlarge(label, scale)
    return label


def button(text: str, action: Callable[[], object], height: int = 56) -> QPushButton:
    made = QPushButton(text)
    made.setMinimumHeight(height)
    made.setAutoDefault(False)
    made.clicked.connect(lambda _=False: action())
    return made


def enlarge(widget: QWidget, scale: float, bold: bool = True) -> None:
    font = widget.font()
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * scale)
    font.setBold(bold)
    widget.setFont(font)


class CountGrid(QWidget):
    """One row per note and coin of the event's currency, in two columns (notes left, coins right)."""

    changed = Signal(int)  # the running total in minor units

    def __init__(self, denominations: tuple[int, ...], currency: str, title: str = "Total") -> None:
        super().__init__()
        self.currency = currency
        self.spins: dict[int, QSpinBox] = {}
        self.values: dict[int, QLabel] = {}
        self.total = QLabel()
        enlarge(self.total, 1.6)
        self.total.setAccessibleName(title)
        self._title = title
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        ordered = sorted(denominations, reverse=True)
        half = (len(ordered) + 1) // 2
        for index, denomination in enumerate(ordered):
            row, block = (index, 0) if index < half else (index - half, 5)
            face = QLabel(money.format_amount(denomination, currency))
            face.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            enlarge(face, 1.1)
            spin = QSpinBox(minimum=0, maximum=100_000)
            spin.setMinimumHeight(ROW_HEIGHT)
            spin.setMinimumWidth(90)
            spin.setAccessibleName(f"Pieces of {money.format_amount(denomination, currency)}")
            spin.valueChanged.connect(self._update)
            value = QLabel(alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setMinimumWidth(110)
            grid.addWidget(face, row, block)
            grid.addWidget(QLabel("×"), row, block + 1)
            grid.addWidget(spin, row, block + 2)
            grid.addWidget(value, row, block + 3)
            self.spins[denomination], self.values[denomination] = spin, value
        grid.setColumnMinimumWidth(4, 40)  # a gap between notes and coins
        grid.setColumnStretch(9, 1)        # rows stay compact: pieces next to their value
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.total)
        self._update()

    def counts(self) -> dict[int, int]:
        return {value: spin.value() for value, spin in self.spins.items() if spin.value()}

    def total_minor(self) -> int:
        return money.counts_total(self.counts())

    def set_counts(self, counts: Mapping[int, int]) -> None:
        for value, spin in self.spins.items():
            spin.setValue(int(counts.get(value, 0)))

    def _update(self) -> None:
        for value, spin in self.spins.items():
            self.values[value].setText(money.format_amount(value * spin.value(), self.currency) if spin.value()
                                       else "")
        total = self.total_minor()
        self.total.setText(f"{self._title}: {money.format_amount(total, self.currency)}")
        self.changed.emit(total)


class CountForm(QWidget):
    """A count and the two different people who made it (the core refuses one person twice)."""

    def __init__(self, denominations: tuple[int, ...], currency: str, who: str = "Counted by",
                 second: str = "Second person", title: str = "Total") -> None:
        super().__init__()
        self.grid = CountGrid(denominations, currency, title)
        self.counted_by = QLineEdit(placeholderText="Name")
        self.witness = QLineEdit(placeholderText="A different person's name")
        for field, name in ((self.counted_by, who), (self.witness, second)):
            field.setMinimumHeight(ROW_HEIGHT)
            field.setAccessibleName(name)
        names = QHBoxLayout()
        form_a, form_b = QFormLayout(), QFormLayout()
        form_a.addRow(who, self.counted_by)
        form_b.addRow(second, self.witness)
        names.addLayout(form_a)
        names.addLayout(form_b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid)
        layout.addLayout(names)

    def reset(self) -> None:
        self.grid.set_counts({})
        self.counted_by.clear()
        self.witness.clear()


class AmountDialog(QDialog):
    """An amount of money and the reason for it (paid in, paid out)."""

    def __init__(self, parent: QWidget | None, title: str, currency: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.currency = currency
        self.amount = QLineEdit(placeholderText="e.g. 12.50")
        self.reason = QLineEdit(placeholderText="What it was for (printer tape, change from the safe…)")
        self.message = QLabel(wordWrap=True)
        self.message.setStyleSheet("color: #b71c1c;")
        self.answer: tuple[int, str] | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(f"Amount ({currency})", self.amount)
        form.addRow("Reason", self.reason)
        form.addRow(self.message)
        form.addRow(buttons)
        self.setMinimumWidth(460)

    def check(self) -> None:
        try:
            amount = money.parse_amount(self.amount.text(), self.currency)
        except money.AmountError as exc:
            self.message.setText(str(exc))
            return
        if amount <= 0 or not self.reason.text().strip():
            self.message.setText("Type an amount above zero and a reason")
            return
        self.answer = (amount, self.reason.text().strip())
        self.accept()


def ask_amount(parent: QWidget | None, title: str, currency: str) -> tuple[int, str] | None:
    dialog = AmountDialog(parent, title, currency)
    dialog.exec()
    return dialog.answer
