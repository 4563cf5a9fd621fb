"""What every kiosk screen and the kiosk shell agree on.

The shell (ui/kiosk/shell.py) owns the full-screen window, the on-screen keyboard, the idle reset, the
language and the staff exit. Screens (ui/kiosk/screens_*.py) are pages in its stack; they talk to the core
(kiosk/self_service.py) and move on with `shell.go(name, **context)`. Screen texts go through `self.tr()`
and are set again in `retranslate()`, which the shell calls when the language changes.

Scans: a scanner read anywhere in the kiosk goes to the current screen's `scanned(code)` method if it has one;
otherwise the shell calls `go("scanned", code=code)` (the ticket path's screen for a scanned ticket).
Looks: widgets carry a "role" property ("title", "heading", "hint", "error", "code"; buttons "primary",
"quiet") and the shell's style sheet (ui/kiosk/style.py) sizes and colours them; screens set no fonts.
"""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from kiosk.self_service import Confirmation
from kiosk.store import Store

MIN_TOUCH_PX = 64        # every button and field a finger uses is at least this tall (and wide)
BASE_POINT_SIZE = 20     # body text; headings are larger; the large-text option multiplies all of it


class Shell(Protocol):
    """The kiosk window as the screens see it."""

    store: Store
    kiosk_name: str          # recorded as the desk of every check-in and registration made here
    day: int                 # the event day the kiosk checks people in for
    confirmation: Confirmation  # this person's identity tries; a new one after every reset
    language: str            # "en", "de": the language in use (the welcome screen offers the choice)
    large_text: bool
    high_contrast: bool

    def go(self, name: str, **context: Any) -> None:
        """Show screen `name`, calling its enter(**context)."""

    def reset(self) -> None:
        """Back to the welcome screen with every entered value cleared (idle, "Done", "Start again")."""

    def use_keyboard(self, field: QLineEdit, kind: str = "text") -> None:
        """Show the on-screen keyboard typing into `field`; kind "email" adds the @ and .com row."""

    def hide_keyboard(self) -> None: ...

    def print_badge(self, attendee_id: str) -> str:
        """Queue the attendee's badge on the kiosk's printer; returns words for the person ("printing")."""

    def print_pay_slip(self, attendee_id: str) -> bool:
        """Print the pay-at-the-desk slip (code + QR) on the receipt printer; False when there is none."""

    def set_language(self, code: str) -> None:
        """Switch every screen to `code` ("en", "de"): Qt sends LanguageChange, Screen.retranslate() runs."""

    def set_large_text(self, on: bool) -> None:
        """Every text larger (the style sheet, ui/kiosk/style.py); touch targets stay at least MIN_TOUCH_PX."""

    def set_high_contrast(self, on: bool) -> None:
        """Black, white and yellow only (ui/kiosk/style.py)."""


class Screen(QWidget):
    """One page of the kiosk. Subclasses set `name`, build their widgets in __init__, and implement
    enter() (shown, with context), clear() (forget everything typed or chosen) and retranslate()."""

    name = ""

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell

    def enter(self, **context: Any) -> None:
        """Called each time the screen is shown."""

    def clear(self) -> None:
        """Forget every value entered on this screen (the idle reset calls it on every screen)."""

    def retranslate(self) -> None:
        """Set every text again through self.tr() (the language changed)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
