"""Text size and contrast for tired eyes: Ctrl+/Ctrl−/Ctrl+0 scale every text of a window, and
Ctrl+Shift+H switches the high-contrast style on and off."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QWidget

from ui.desk.theme import HIGH_CONTRAST_STYLE


class Comfort:
    def __init__(self, window: QWidget, on_scaled: Callable[[float], None]) -> None:
        self.window = window
        self.on_scaled = on_scaled  # the window resizes what fonts do not (row heights, painted text)
        self.scale = 1.0
        self._base_sizes: dict[QWidget, float] = {}

    def zoom(self, factor: float | None) -> None:
        self.scale = 1.0 if factor is None else min(4.0, max(0.5, self.scale * factor))
        self._apply()

    def _apply(self) -> None:
        widgets = [self.window, *self.window.findChildren(QWidget)]
        for widget in widgets:  # every size as designed, read before any font changes (children inherit)
            self._base_sizes.setdefault(widget, widget.font().pointSizeF())
        for widget in widgets:
            font = widget.font()
            font.setPointSizeF(self._base_sizes[widget] * self.scale)
            widget.setFont(font)
        self.on_scaled(self.scale)

    def toggle_high_contrast(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.setStyleSheet("" if app.styleSheet() else HIGH_CONTRAST_STYLE)
        if self._base_sizes:  # a style sheet change puts back the fonts it found: scale them again
            self._apply()
