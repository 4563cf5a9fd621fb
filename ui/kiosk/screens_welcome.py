"""The welcome screen: the event's name, the two ways in, the scanner hint, language and reading options."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from ui.kiosk.base import Shell
from ui.kiosk.screens import Page, button, optional, say, scan_picture, text

# Each language in its own words, never translated: a visitor looks for "Deutsch", not "German".
LANGUAGES = {"en": "English", "de": "Deutsch"}


class WelcomeScreen(Page):
    name = "welcome"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # read in enter(), not in retranslate(): a language switch must never need the store
        self.event_name = shell.store.config().name
        self.restart.hide()  # nothing to start again from here
        self.have = button("primary", size="huge")
        self.have.clicked.connect(lambda: self.shell.go("ticket"))
        self.need = button(size="huge")
        self.need.clicked.connect(lambda: self.shell.go("register"))
        choices = self.flip(QHBoxLayout())
        choices.setSpacing(32)
        choices.addWidget(self.have, 1)
        choices.addWidget(self.need, 1)
        self.scan_hint = text("heading", centre=True)
        picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        picture.setPixmap(scan_picture(120))
        hint_row = QHBoxLayout()
        hint_row.addStretch(1)
        hint_row.addWidget(picture)
        hint_row.addWidget(self.scan_hint, 3)
        hint_row.addStretch(1)
        self.languages = {code: self._language_button(code) for code in LANGUAGES}
        self.large = button(checkable=True)
        self.large.clicked.connect(self._large_text)
        self.contrast = button(checkable=True)
        self.contrast.clicked.connect(self._high_contrast)
        options = QHBoxLayout()
        options.setSpacing(16)
        options.addStretch(1)
        for control in (*self.languages.values(), self.large, self.contrast):
            options.addWidget(control)
        options.addStretch(1)
        self.body.addStretch(1)
        self.body.addLayout(choices, 4)
        self.body.addStretch(1)
        self.body.addLayout(hint_row)
        self.body.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(layout.count() - 1, options)

    def _language_button(self, code: str) -> QPushButton:
        choice = button(checkable=True)
        choice.setText(LANGUAGES[code])
        choice.clicked.connect(lambda _=False, c=code: self._language(c))
        return choice

    def _language(self, code: str) -> None:
        switch = optional(self.shell, "set_language")
        if switch is not None:
            switch(code)
        self._show_options()

    def _large_text(self, on: bool) -> None:
        switch = optional(self.shell, "set_large_text")
        if switch is not None:
            switch(bool(on))
        self._show_options()

    def _high_contrast(self, on: bool) -> None:
        switch = optional(self.shell, "set_high_contrast")
        if switch is not None:
            switch(bool(on))
        self._show_options()

    def _show_options(self) -> None:
        """The toggles show what the shell now does (a missing translation leaves the language as it was)."""
        language = getattr(self.shell, "language", "en")
        for code, choice in self.languages.items():
            choice.setChecked(code == language)
        self.large.setChecked(bool(getattr(self.shell, "large_text", False)))
        self.contrast.setChecked(bool(getattr(self.shell, "high_contrast", False)))

    def enter(self, **context: Any) -> None:
        self.event_name = self.shell.store.config().name  # it may have changed in the settings
        self.retranslate()
        self._show_options()

    def retranslate(self) -> None:
        super().retranslate()
        say(self.title, self.tr("Welcome to {}").format(self.event_name))
        say(self.have, self.tr("I have a ticket"))
        say(self.need, self.tr("I need a ticket"))
        say(self.scan_hint, self.tr("or scan your ticket's QR code at the scanner"))
        say(self.large, self.tr("Large text"))
        say(self.contrast, self.tr("High contrast"))
        for code, choice in self.languages.items():
            choice.setAccessibleName(self.tr("Language: {}").format(LANGUAGES[code]))
        self._show_options()
