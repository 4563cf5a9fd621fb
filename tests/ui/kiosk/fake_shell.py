"""A small stand-in for the kiosk window (the Shell of ui/kiosk/base.py), so the screens are tested on their
own: it records what the screens asked of it (badges, slips, options) instead of printing or restyling."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from kiosk.self_service import Confirmation
from kiosk.store import Store
from ui.kiosk.base import Screen
from ui.kiosk.keyboard import OnScreenKeyboard
from ui.kiosk.screens import build_screens
from ui.kiosk.style import style_sheet


class FakeShell(QWidget):
    """`keyboard=True` docks the real on-screen keyboard (the tap counts type on it); otherwise
    use_keyboard only remembers which field asked, and how."""

    def __init__(self, store: Store, *, day: int = 1, kiosk_name: str = "Kiosk 1", keyboard: bool = False) -> None:
        super().__init__()
        self.store, self.day, self.kiosk_name = store, day, kiosk_name
        self.confirmation = Confirmation(store, kiosk_name)
        self.language, self.large_text, self.high_contrast = "en", False, False
        self.printed: list[str] = []
        self.slips: list[str] = []
        self.options: list[tuple[str, Any]] = []   # ("language", "de"), ("large_text", True), …
        self.visited: list[str] = []
        self.keyboard_for: tuple[QLineEdit, str] | None = None
        self.stack = QStackedWidget()
        self.keyboard = OnScreenKeyboard() if keyboard else None
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        if self.keyboard is not None:
            self.keyboard.hide()
            layout.addWidget(self.keyboard)
        self.setStyleSheet(style_sheet())
        self.screens: dict[str, Screen] = {}
        for screen in build_screens(self):
            self.screens[screen.name] = screen
            self.stack.addWidget(screen)
        self.go("welcome")

    @property
    def current(self) -> Screen:
        screen = self.stack.currentWidget()
        assert isinstance(screen, Screen)
        return screen

    def go(self, name: str, **context: Any) -> None:
        screen = self.screens[name]
        self.hide_keyboard()
        self.visited.append(name)
        self.stack.setCurrentWidget(screen)
        screen.enter(**context)

    def reset(self) -> None:
        for screen in self.screens.values():
            screen.clear()
        self.confirmation = Confirmation(self.store, self.kiosk_name)
        self.go("welcome")

    def use_keyboard(self, field: QLineEdit, kind: str = "text") -> None:
        self.keyboard_for = (field, kind)
        if self.keyboard is not None:
            self.keyboard.attach(field, kind)
            self.keyboard.show()
        field.setFocus()

    def hide_keyboard(self) -> None:
        self.keyboard_for = None
        if self.keyboard is not None:
            self.keyboard.detach()
            self.keyboard.hide()

    def print_badge(self, attendee_id: str) -> str:
        self.printed.append(attendee_id)
        return "Your badge is printing."

    def print_pay_slip(self, attendee_id: str) -> bool:
        self.slips.append(attendee_id)
        return True

    def set_language(self, code: str) -> None:
        self.options.append(("language", code))
        self.language = code

    def set_large_text(self, on: bool) -> None:
        self.options.append(("large_text", on))
        self.large_text = on

    def set_high_contrast(self, on: bool) -> None:
        self.options.append(("high_contrast", on))
        self.high_contrast = on

    def scan(self, code: str) -> None:
        """What the real shell does with a scanner read: the current screen's scanned(), else "scanned"."""
        handler = getattr(self.current, "scanned", None)
        if callable(handler):
            handler(code)
        else:
            self.go("scanned", code=code)
