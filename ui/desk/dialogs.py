"""Small dialogs the desk asks through; the window takes them as plain callables so tests can answer."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from kiosk.attendees import Attendee
from kiosk.config import EventConfig


def ask_reason(parent: QWidget, question: str) -> str | None:
    """A reason in words, or None when the volunteer cancels. An empty reason is asked again."""
    while True:
        text, ok = QInputDialog.getText(parent, "A reason, please", question)
        if not ok:
            return None
        if text.strip():
            return text.strip()


def ask_name(parent: QWidget, title: str, question: str, default: str = "") -> str | None:
    text, ok = QInputDialog.getText(parent, title, question, text=default)
    return text.strip() if ok and text.strip() else None


class EditDialog(QDialog):
    """Fix a typo before the badge prints: the fields a volunteer may change, nothing else."""

    def __init__(self, parent: QWidget | None, attendee: Attendee, config: EventConfig) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Fix details — {attendee.name}")
        self._attendee = attendee
        self.fields = {key: QLineEdit(getattr(attendee, key)) for key in
                       ("name", "first_name", "last_name", "organisation", "city")}
        self.interests = {i.name: QCheckBox(f"{i.letter}  {i.name}") for i in config.interests}
        for name, box in self.interests.items():
            box.setChecked(name in attendee.interests)
            box.setStyleSheet(f"QCheckBox {{ color: {config.interest(name).colour if config.interest(name) else ''};"
                              " font-weight: bold; }")
        self.notes = QPlainTextEdit(attendee.notes)
        form = QFormLayout(self)
        labels = {"name": "Name on badge", "first_name": "First name (large)", "last_name": "Last name",
                  "organisation": "Organisation", "city": "Home town"}
        for key, edit in self.fields.items():
            form.addRow(labels[key], edit)
        for box in self.interests.values():
            form.addRow("", box)
        form.addRow("Notes", self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def changes(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: edit.text() for key, edit in self.fields.items()}
        values["interests"] = [name for name, box in self.interests.items() if box.isChecked()]
        values["notes"] = self.notes.toPlainText()
        return values


def ask_edit(parent: QWidget, attendee: Attendee, config: EventConfig) -> dict[str, Any] | None:
    dialog = EditDialog(parent, attendee, config)
    return dialog.changes() if dialog.exec() == QDialog.DialogCode.Accepted else None
