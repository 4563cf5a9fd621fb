"""The kiosk's on-screen keyboard: inside the app, so it works the same on any operating system.

    keyboard.attach(field, "text" | "name" | "email")   # typing goes into `field`, at its cursor
    keyboard.next_requested.connect(...)                 # "Next ⏎" (the field also gets a Return key press)

QWERTY letters, a digits row, space, backspace, shift (one letter), "Next". Accented letters two ways: hold a
letter for half a second and its variants pop up above it (e → é è ê ë ē ė ę ě), or tap "àé" for a page of
the common ones. Kind "email" adds an "@ .com .de .org . - _" row and drops the space; kind "name" starts each
word with a capital (fewer taps: "Zoë Lee" without touching shift).

Keys never take the focus, so the field keeps its cursor, and a physical keyboard still works. Every key is
at least base.MIN_TOUCH_PX square and has an accessible name ("Letter a", "Backspace"); `taps` counts every
key pressed (the issue's tap counts).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.kiosk.base import MIN_TOUCH_PX

LONG_PRESS_MS = 500
KEY_HEIGHT = 68          # ≥ MIN_TOUCH_PX; six rows stay under half of a 1080 px tall landscape screen
MAX_WIDTH = 1400         # on a 1920 px wide screen, keys wider than this only make the hands travel
DIGITS = "1234567890"
LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
ACCENT_ROWS = ("éèêëàáâäåæ", "óòôöøőíïñç", "úùüűßłšžč")
EMAIL_KEYS = ("@", ".com", ".de", ".org", ".", "-", "_")
VARIANTS = {
    "a": "àáâäæãåā", "c": "çćč", "d": "ďđ", "e": "éèêëēėęě", "g": "ğ", "i": "íìîïīį", "l": "łľ", "n": "ñńň",
    "o": "óòôöõøōőœ", "r": "ř", "s": "ßśšş", "t": "ťþ", "u": "úùûüūűů", "y": "ýÿ", "z": "žźż",
}
KINDS = ("text", "name", "email")


def capital(letter: str) -> str:
    """The letter's capital, where it has a one-letter one (ß stays ß)."""
    upper = letter.upper()
    return upper if len(upper) == 1 else letter


class Key(QPushButton):
    """A key that never takes the focus; `role` "function" keys are styled apart from letters."""

    def __init__(self, text: str = "", role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoDefault(False)
        self.setMinimumSize(MIN_TOUCH_PX, KEY_HEIGHT)
        if role:
            self.setProperty("role", role)


class AccentPopup(QFrame):
    """A letter's variants, shown above the held key; tapping one types it, tapping anywhere else closes it."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(8, 8, 8, 8)
        self.keys: list[Key] = []
        self.hide()

    def show_for(self, key: QWidget, letters: list[str], name_of: str) -> None:
        for old in self.keys:
            old.deleteLater()
        self.keys = []
        for letter in letters:
            button = Key(letter)
            button.setAccessibleName(name_of.format(letter))
            button.clicked.connect(lambda _=False, text=letter: self.chosen.emit(text))
            self.row.addWidget(button)
            self.keys.append(button)
        self.adjustSize()
        host = self.parentWidget()
        assert host is not None
        above = key.mapTo(host, QPoint(key.width() // 2, 0)) - QPoint(self.width() // 2, self.height() + 8)
        x = max(0, min(above.x(), host.width() - self.width()))  # centred over the key, inside the window
        self.move(x, max(0, above.y()))
        self.raise_()
        self.show()

    def key_for(self, letter: str) -> Key:
        return next(k for k in self.keys if k.text() == letter)


class OnScreenKeyboard(QWidget):
    """The keyboard; `next_requested` when "Next" is tapped; `taps` counts key presses."""

    next_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.field: QLineEdit | None = None
        self.kind = "text"
        self.taps = 0
        self.shifted = False
        self.accents = False  # the "àé" page instead of the letters
        self._held: Key | None = None
        self._long = QTimer(self, singleShot=True, interval=LONG_PRESS_MS)
        self._long.timeout.connect(self._long_press)
        self.popup: AccentPopup | None = None
        self.digit_keys = [self._key(d, self._typer(d)) for d in DIGITS]
        self.letter_keys = [[self._letter_key() for _ in range(10)] for _ in range(3)]
        self.email_keys = [self._key(t, self._typer(t), "function" if t[0] in "@." and t != "." else "")
                           for t in EMAIL_KEYS]  # "@" and the domains wide: every address needs them
        self.shift_key = self._key("⇧", self.toggle_shift, "function")
        self.shift_key.setCheckable(True)
        self.backspace_key = self._key("⌫", self.backspace, "function")
        self.backspace_key.setAutoRepeat(True)  # held down: keeps deleting (counted as one tap)
        self.accent_key = self._key("àé", self.toggle_accents, "function")
        self.space_key = self._key("", self._typer(" "))
        self.enter_key = self._key("", self.enter, "primary")
        self._build()
        self._relabel()
        self.retranslate()

    # --- building ---------------------------------------------------------------------------------------

    def _key(self, text: str, action: object, role: str = "") -> Key:
        key = Key(text, role)
        key.pressed.connect(self._count)
        key.pressed.connect(self._close_popup)  # any other key puts the variants away
        key.clicked.connect(action)
        return key

    def _letter_key(self) -> Key:
        key = Key()
        key.pressed.connect(self._count)
        key.pressed.connect(lambda k=key: self._press_letter(k))
        key.released.connect(lambda k=key: self._release_letter(k))
        return key

    def _typer(self, text: str) -> object:
        return lambda _=False: self.type_text(text)

    def _build(self) -> None:
        rows = QVBoxLayout()
        rows.setSpacing(8)
        for keys in (self.digit_keys, *self.letter_keys[:2], [self.shift_key, *self.letter_keys[2],
                                                              self.backspace_key]):
            rows.addLayout(self._row(keys))
        self.email_row = QWidget()
        email = self._row(self.email_keys)
        email.setContentsMargins(0, 0, 0, 0)
        self.email_row.setLayout(email)
        rows.addWidget(self.email_row)
        bottom = QHBoxLayout()
        bottom.setSpacing(8)
        bottom.addWidget(self.accent_key, 2)
        bottom.addWidget(self.space_key, 8)
        bottom.addWidget(self.enter_key, 3)
        rows.addLayout(bottom)
        inner = QWidget()
        inner.setLayout(rows)
        inner.setMaximumWidth(MAX_WIDTH)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(24, 16, 24, 16)
        outer.addWidget(inner)

    @staticmethod
    def _row(keys: list[Key]) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        for key in keys:
            row.addWidget(key, 2 if key.property("role") == "function" else 1)
        return row

    # --- state ------------------------------------------------------------------------------------------

    def attach(self, field: QLineEdit, kind: str = "text") -> None:
        """Type into `field` from now on; `kind` is "text", "name" (capital letters start words) or "email"."""
        self.field, self.kind = field, kind if kind in KINDS else "text"
        self.accents = False
        self.email_row.setVisible(self.kind == "email")
        self.space_key.setVisible(self.kind != "email")  # an address has no spaces: a stray one only hurts
        self.shifted = self._capital_due()
        self._relabel()

    def detach(self) -> None:
        self.field = None
        self._close_popup()

    def _field(self) -> QLineEdit | None:
        if self.field is not None and not shiboken6.isValid(self.field):
            self.field = None  # the screen that owned it is gone
        return self.field

    def _capital_due(self) -> bool:
        """Kind "name": a capital at the start of the field and of every word."""
        field = self._field()
        if self.kind != "name" or field is None:
            return False
        before = field.text()[: field.cursorPosition()]
        return not before or before[-1] in " -'"

    def _relabel(self) -> None:
        pages = ACCENT_ROWS if self.accents else LETTER_ROWS
        for row, letters in zip(self.letter_keys, pages, strict=True):
            for index, key in enumerate(row):
                letter = letters[index] if index < len(letters) else ""
                key.setText(capital(letter) if self.shifted else letter)
                key.setVisible(bool(letter))
                key.setAccessibleName(self._letter_name().format(key.text()))
        self.shift_key.setChecked(self.shifted)
        self.accent_key.setText("abc" if self.accents else "àé")
        self.accent_key.setAccessibleName(self.tr("Plain letters") if self.accents else self.tr("Accented letters"))

    # --- typing -----------------------------------------------------------------------------------------

    def _count(self) -> None:
        self.taps += 1

    def type_text(self, text: str) -> None:
        """Insert at the cursor (replacing a selection), never beyond the field's maxLength."""
        field = self._field()
        if field is None or not field.isEnabled() or field.isReadOnly():
            return
        room = field.maxLength() - len(field.text()) + len(field.selectedText())
        if room > 0:
            field.insert(text[:room])
        if self.shifted or self.kind == "name":
            self.shifted = self._capital_due()
            self._relabel()

    def backspace(self) -> None:
        field = self._field()
        if field is not None and field.isEnabled() and not field.isReadOnly():
            field.backspace()
            if self.kind == "name":
                self.shifted = self._capital_due()
                self._relabel()

    def toggle_shift(self) -> None:
        self.shifted = not self.shifted
        self._relabel()

    def toggle_accents(self) -> None:
        self.accents = not self.accents
        self._relabel()

    def enter(self) -> None:
        """The field gets a Return (its returnPressed fires, as with a real keyboard), then next_requested."""
        field = self._field()
        if field is not None:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(field, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier,
                                                        "\r"))
        self.next_requested.emit()

    # --- long press ---------------------------------------------------------------------------------------

    def _press_letter(self, key: Key) -> None:
        self._close_popup()
        self._held = key
        if VARIANTS.get(key.text().lower()):
            self._long.start()

    def _release_letter(self, key: Key) -> None:
        if key is not self._held:
            return
        self._held = None
        if self.popup is not None and self.popup.isVisible():
            return  # held long: the variants are up, the letter itself is not typed
        self._long.stop()
        self.type_text(key.text())

    def _long_press(self) -> None:
        key = self._held
        if key is None:
            return
        letters = [capital(v) if self.shifted else v for v in VARIANTS[key.text().lower()]]
        if self.popup is None or self.popup.parentWidget() is not self.window():
            self.popup = AccentPopup(self.window())
            self.popup.chosen.connect(self._variant_chosen)
        self.popup.show_for(key, letters, self._letter_name())
        for variant in self.popup.keys:
            variant.pressed.connect(self._count)

    def _variant_chosen(self, letter: str) -> None:
        self._close_popup()
        self.type_text(letter)

    def _close_popup(self) -> None:
        if self.popup is not None and shiboken6.isValid(self.popup):
            self.popup.hide()

    def key_for(self, text: str) -> Key:
        """The visible key labelled `text` (tests, and the tap-count scripts)."""
        keys = [*self.digit_keys, *(k for row in self.letter_keys for k in row), *self.email_keys,
                self.shift_key, self.backspace_key, self.accent_key, self.space_key, self.enter_key]
        return next(k for k in keys if k.text() == text and not k.isHidden())

    # --- language -----------------------------------------------------------------------------------------

    def _letter_name(self) -> str:
        return self.tr("Letter {}")

    def retranslate(self) -> None:
        self.space_key.setText(self.tr("Space"))
        self.enter_key.setText(self.tr("Next ⏎"))
        for key, name in ((self.space_key, self.tr("Space")), (self.enter_key, self.tr("Next")),
                          (self.shift_key, self.tr("Shift: capital letter")),
                          (self.backspace_key, self.tr("Backspace"))):
            key.setAccessibleName(name)
        for key in self.digit_keys:
            key.setAccessibleName(self.tr("Digit {}").format(key.text()))
        names = {"@": self.tr("At sign"), ".": self.tr("Dot"), "-": self.tr("Hyphen"), "_": self.tr("Underscore")}
        for key in self.email_keys:
            key.setAccessibleName(names.get(key.text(), key.text()))
        self._relabel()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
