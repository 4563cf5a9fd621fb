"""The selected element's settings, and what a newly added element looks like.

The panel reports one field at a time (`changed(field, value)`): a spin box shows millimetres to one decimal,
so sending every field back on each edit would quietly round the ones nobody touched.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from kiosk.badges.fonts import FACES
from kiosk.badges.layout import (
    ALIGNS,
    FONTS,
    INKS,
    MARKER_MODES,
    PRESETS,
    Element,
    Layout,
    LayoutError,
    check_logo,
    default_layout,
)

KIND_LABELS = {
    "role_band": "Role band", "event_name": "Event name", "first_name": "First name (large)",
    "full_name": "Full name", "organisation": "Organisation", "city": "Home town", "interests": "Interest markers",
    "legend": "Interest legend", "qr": "QR code", "logo": "Logo", "day_ribbon": "Day ribbon",
}
INK_LABELS = {"colour": "Colour (PDF or colour printer)", "black": "Black only (label printer)",
              "black-red": "Black and red tape (Brother QL-8xx)"}
MARKER_LABELS = {"print": "Printed on the badge", "stickers": "Stickers (leave their place empty)"}
ALIGN_LABELS = {"centre": "Centred", "left": "Left", "right": "Right"}
PICTURES = ("qr", "logo")  # drawn from data, not typeset: font, size, colour and lines mean nothing there


def new_element(layout: Layout, kind: str) -> Element:
    """A first box for `kind`: where this preset's own design puts it, else a sensible place to start from."""
    design = default_layout(layout.preset) if layout.preset in PRESETS else None
    if design is not None and (design.width, design.height) == (layout.width, layout.height):
        designed = design.element(kind)
        if designed is not None:
            return designed
    w, h = layout.width, layout.height
    side = round(0.3 * min(w, h), 2)
    if kind in PICTURES:
        return Element(kind, round(w - side - 3, 2), 3.0, side, side)
    if kind == "role_band":
        return Element(kind, 0.0, 0.0, w, round(0.12 * h, 2), "sans-bold", 14.0, 7.0, "#ffffff")
    if kind == "day_ribbon":  # a coloured strip along the bottom edge (its colour is the strip's; text is white)
        return Element(kind, 0.0, round(0.93 * h, 2), w, round(0.07 * h, 2), "sans-bold", 12.0, 6.0, "#e65100")
    return Element(kind, 3.0, round(0.45 * h, 2), round(w - 6, 2), round(0.1 * h, 2), "sans", 12.0, 6.0)


def read_logo(path: str) -> bytes:
    """The file's bytes when a badge can carry them (PNG or JPEG, not too big); ValueError says why not."""
    name = Path(path).name
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"{name} cannot be read ({exc.strerror or exc})") from exc
    try:
        check_logo(data, name)
    except LayoutError as exc:
        raise ValueError(str(exc)) from exc
    if QImage.fromData(data).isNull():
        raise ValueError(f"{name} looks like an image but cannot be read (damaged?)")
    return data




def button(text: str) -> QPushButton:
    made = QPushButton(text)
    made.setAutoDefault(False)  # Enter in a spin box commits the number; it must not press a button too
    return made


def label(text: str = "", colour: str = "", wrap: bool = True) -> QLabel:
    made = QLabel(text)
    made.setWordWrap(wrap)
    if colour:
        made.setStyleSheet(f"color: {colour};")
    return made


def _spin(low: float, high: float, suffix: str, step: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(1)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setKeyboardTracking(False)  # typing "12" must not pass through 1 pt on its way
    return spin


class BadgeSettings(QGroupBox):
    """What holds for the whole badge: its size, the printer's ink, interest markers and the logo."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Whole badge", parent)
        self.preset, self.ink, self.markers = QComboBox(), QComboBox(), QComboBox()
        for key, preset in PRESETS.items():
            self.preset.addItem(preset.label, key)
        for key in INKS:
            self.ink.addItem(INK_LABELS.get(key, key), key)
        for key in MARKER_MODES:
            self.markers.addItem(MARKER_LABELS.get(key, key), key)
        self.logo_info = label()
        self.choose_logo_button, self.remove_logo_button = button("Choose logo…"), button("Remove logo")
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # long labels: the field goes below
        form.addRow("Badge size", self.preset)
        form.addRow("Printer ink", self.ink)
        form.addRow("Interest markers", self.markers)
        logo_buttons = QHBoxLayout()
        logo_buttons.addWidget(self.choose_logo_button)
        logo_buttons.addWidget(self.remove_logo_button)
        form.addRow("Logo", self.logo_info)
        form.addRow(logo_buttons)

    def show_layout(self, layout: Layout) -> None:
        for combo, value in ((self.preset, layout.preset), (self.ink, layout.ink), (self.markers, layout.markers)):
            combo.blockSignals(True)  # showing the layout is not choosing
            combo.setCurrentIndex(combo.findData(value))
            combo.blockSignals(False)
        self.logo_info.setText(f"PNG/JPEG, {max(1, len(layout.logo) // 1024)} KB" if layout.logo else "No logo")
        self.remove_logo_button.setEnabled(layout.logo is not None)


class ElementPanel(QGroupBox):
    """Emits `changed(field, value)` with an `Element` field name, only for what the organiser changed."""

    changed = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Selected element", parent)
        self._showing = False
        self._colour = "#000000"
        self.kind_label = label()
        bold = self.kind_label.font()
        bold.setBold(True)
        bold.setPointSizeF(max(bold.pointSizeF(), 9.0) * 1.15)
        self.kind_label.setFont(bold)
        self.visible = QCheckBox("Show on the badge")
        self.font_choice = QComboBox()
        for key in FONTS:
            self.font_choice.addItem(FACES[key].label, key)
        # Keyed by Element field (attributes named x, y or size would hide QWidget's own methods).
        self.spins = {"size": _spin(1, 200, " pt", 1), "min_size": _spin(1, 200, " pt", 1),
                      "x": _spin(0, 300, " mm", 0.5), "y": _spin(0, 300, " mm", 0.5),
                      "w": _spin(1, 300, " mm", 0.5), "h": _spin(1, 300, " mm", 0.5)}
        self.spins["size"].setToolTip("The text starts at this size and shrinks to fit its box")
        self.spins["min_size"].setToolTip("Below this the text wraps (if two lines are allowed) and the preview warns")
        self.lines = QComboBox()
        self.lines.addItem("One line", 1)
        self.lines.addItem("Up to two lines", 2)
        self.align = QComboBox()
        for key in ALIGNS:
            self.align.addItem(ALIGN_LABELS.get(key, key), key)
        self.colour = button("")
        self.colour.setToolTip("Text colour (a day ribbon: its background; role bands take each role's colour)")
        self.colour.clicked.connect(self.pick_colour)
        self._build()
        self._connect()
        self.show_element(None, 100, 100)

    def _build(self) -> None:
        self.form = form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.kind_label)
        form.addRow(self.visible)
        form.addRow("Font", self.font_choice)
        form.addRow("Text size", self.spins["size"])
        form.addRow("Shrinks to", self.spins["min_size"])
        form.addRow("Lines", self.lines)
        form.addRow("Align", self.align)
        form.addRow("Colour", self.colour)
        form.addRow("Position", _pair(self.spins["x"], self.spins["y"], "x", "y"))
        form.addRow("Size", _pair(self.spins["w"], self.spins["h"], "w", "h"))

    def _connect(self) -> None:
        self.visible.toggled.connect(lambda on: self._emit("visible", bool(on)))
        self.font_choice.currentIndexChanged.connect(lambda _: self._emit("font", self.font_choice.currentData()))
        self.lines.currentIndexChanged.connect(lambda _: self._emit("lines", self.lines.currentData()))
        self.align.currentIndexChanged.connect(lambda _: self._emit("align", self.align.currentData()))
        for name, spin in self.spins.items():
            spin.valueChanged.connect(lambda value, name=name: self._emit(name, round(float(value), 2)))

    def _emit(self, name: str, value: object) -> None:
        if not self._showing:
            self.changed.emit(name, value)

    def show_element(self, element: Element | None, page_w: float, page_h: float) -> None:
        """Show `element` (None: nothing selected) without emitting anything."""
        self._showing = True
        try:
            for row in range(1, self.form.rowCount()):  # nothing selected: no disabled fields showing nonsense
                self.form.setRowVisible(row, element is not None)
            if element is None:
                self.kind_label.setText("Nothing selected: click a box on the badge, or an element in the list.")
                return
            self.kind_label.setText(KIND_LABELS.get(element.kind, element.kind))
            self.visible.setChecked(element.visible)
            _choose(self.font_choice, element.font)
            _choose(self.lines, element.lines)
            _choose(self.align, element.align)
            for name, page in (("x", page_w), ("y", page_h), ("w", page_w), ("h", page_h)):
                self.spins[name].setMaximum(page)
            for name, spin in self.spins.items():
                spin.setValue(getattr(element, name))
            self._show_colour(element.colour)
            styled = element.kind not in PICTURES
            for widget in (self.font_choice, self.spins["size"], self.spins["min_size"], self.lines, self.colour):
                widget.setEnabled(styled)
        finally:
            self._showing = False

    def _show_colour(self, colour: str) -> None:
        self._colour = colour
        text = "#000000" if QColor(colour).lightness() > 150 else "#ffffff"  # the hex stays readable on it
        self.colour.setText(colour)
        self.colour.setStyleSheet(f"QPushButton {{ background: {colour}; color: {text}; "
                                  "border: 1px solid #78909c; border-radius: 3px; padding: 4px; }")

    def pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._colour), self, "Element colour")
        if chosen.isValid() and chosen.name() != self._colour:
            self._show_colour(chosen.name())
            self._emit("colour", chosen.name())


def _choose(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def _pair(first: QDoubleSpinBox, second: QDoubleSpinBox, first_name: str, second_name: str) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    first.setAccessibleName(first_name)
    second.setAccessibleName(second_name)
    layout.addWidget(first, 1)
    layout.addWidget(QLabel("×" if first_name == "w" else ","))
    layout.addWidget(second, 1)
    return row

