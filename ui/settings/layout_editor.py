"""The badge layout editor: an organiser moves, sizes and styles what a badge shows, on a live preview drawn with
real attendees (the longest name, a CJK name, an Arabic name…), and saves it into the event configuration so
every desk prints with it after its next sync.

Every change goes through `apply(layout)`: the layout is an immutable value, the views follow it, and the
preview is drawn again on a worker (coalesced: while one render runs, only the latest request is kept).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.attendees import Attendee
from kiosk.badges.layout import PRESETS, Layout, LayoutError, fitted_to, validated
from kiosk.badges.selection import sample_attendees, save_layout
from kiosk.store import Store
from ui.settings.canvas import BadgeCanvas, PreviewQueue, Rendered, clamp_box, example_attendee, render_preview
from ui.settings.element_panel import KIND_LABELS, BadgeSettings, ElementPanel, button, label, new_element, read_logo
from ui.tasks import Runner, run_in_thread

RED, GREEN, AMBER = "#c62828", "#2e7d32", "#e65100"
FALLBACK_PRESET = "fanfold-4x3"


class LayoutEditor(QDialog):
    def __init__(self, store: Store, actor: str, runner: Runner = run_in_thread,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.actor, self.runner = store, actor, runner
        self.saved: Layout = store.config().badge_layout()
        self.badge_layout: Layout = self.saved
        self.selected: int | None = None
        self.samples = sample_attendees(store)
        self.renders = 0  # previews drawn: tests count them
        self.warnings: tuple[str, ...] = ()
        self._saved_once = False
        self.previews = PreviewQueue(runner, self._preview_job, self._rendered)
        self._make_widgets()
        self._build()
        self._connect()
        self.setWindowTitle(f"Badge layout — {store.config().name}[*]")
        self.resize(1120, 720)
        self.apply(self.badge_layout)

    # --- widgets --------------------------------------------------------------------------------------

    def _make_widgets(self) -> None:
        self.whole = BadgeSettings()
        self.preset, self.ink, self.markers = self.whole.preset, self.whole.ink, self.whole.markers
        self.elements = QListWidget()
        self.elements.setAccessibleName("Elements of the badge")
        self.add_button, self.remove_button = button("Add element"), button("Remove")
        self.add_button.setMenu(QMenu(self.add_button))
        self.sample = QComboBox()
        self.sample.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.sample.setMinimumContentsLength(16)  # long names are the point of the samples: elide, not widen
        for attendee in self.samples:
            self.sample.addItem(attendee.name, attendee.id)
        if not self.samples:  # before the import the layout can still be designed, on a made-up name
            self.sample.addItem("An example (no attendees imported yet)")
            self.sample.setEnabled(False)
        self.try_name = QLineEdit(placeholderText="…or try any name")
        self.try_name.setClearButtonEnabled(True)
        self.canvas = BadgeCanvas()
        self.warning_label = label()
        self.warning_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = label("Drag a box on the badge to move it, its orange corner to resize it.\n"
                          "Arrow keys nudge the selected box by 0.5 mm (with Shift: 5 mm).\n"
                          "The preview shows the chosen attendee exactly as the printer will.", "#546e7a")
        self.panel = ElementPanel()
        self.state_label, self.message = label(wrap=False), label()
        self.reset_button, self.save_button, self.close_button = (
            button("Reset to default"), button("Save"), button("Close"))

    def _build(self) -> None:
        parts = QGroupBox("Elements")
        parts_layout = QVBoxLayout(parts)
        parts_layout.addWidget(self.elements, 1)
        element_buttons = QHBoxLayout()
        element_buttons.addWidget(self.add_button)
        element_buttons.addWidget(self.remove_button)
        parts_layout.addLayout(element_buttons)
        left = QVBoxLayout()
        left.addWidget(self.whole)
        left.addWidget(parts, 1)
        samples = QHBoxLayout()
        samples.addWidget(QLabel("Preview with"))
        samples.addWidget(self.sample, 2)
        samples.addWidget(self.try_name, 2)
        centre = QVBoxLayout()
        centre.addLayout(samples)
        centre.addWidget(self.canvas, 1)
        centre.addWidget(self.warning_label)
        right = QVBoxLayout()
        right.addWidget(self.panel)
        right.addSpacing(8)
        right.addWidget(self.hint)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(_column(left, 270))
        columns.addLayout(centre, 1)
        columns.addWidget(_column(right, 300))
        bottom = QHBoxLayout()
        bottom.addWidget(self.state_label)
        bottom.addWidget(self.message, 1)
        for action in (self.reset_button, self.save_button, self.close_button):
            action.setMinimumWidth(110)
            bottom.addWidget(action)
        outer = QVBoxLayout(self)
        outer.addLayout(columns, 1)
        outer.addLayout(bottom)

    def _connect(self) -> None:
        self.preset.currentIndexChanged.connect(lambda _: self.change_preset(self.preset.currentData()))
        self.ink.currentIndexChanged.connect(lambda _: self.apply(replace(self.badge_layout,
                                                                          ink=self.ink.currentData())))
        self.markers.currentIndexChanged.connect(
            lambda _: self.apply(replace(self.badge_layout, markers=self.markers.currentData())))
        self.whole.choose_logo_button.clicked.connect(self.choose_logo)
        self.whole.remove_logo_button.clicked.connect(self.remove_logo)
        self.add_button.menu().aboutToShow.connect(self._fill_add_menu)
        self.remove_button.clicked.connect(self.remove_selected)
        self.elements.currentRowChanged.connect(lambda row: self.select(row if row >= 0 else None))
        self.canvas.element_selected.connect(lambda index: self.select(index if index >= 0 else None))
        self.canvas.element_changed.connect(self._moved)
        self.panel.changed.connect(self._edited)
        self.sample.currentIndexChanged.connect(lambda _: self.request_render())
        self.try_name.textChanged.connect(lambda _: self.request_render())
        self.reset_button.clicked.connect(self.reset_to_default)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self).activated.connect(self.save)

    # --- the one path every change takes -------------------------------------------------------------

    @property
    def is_dirty(self) -> bool:
        return self.badge_layout != self.saved

    def apply(self, layout: Layout) -> None:
        self.badge_layout = layout
        if self.selected is not None and self.selected >= len(layout.elements):
            self.selected = None
        self.canvas.show_layout(layout, KIND_LABELS)
        self._fill_list()
        self.select(self.selected)
        self.whole.show_layout(self.badge_layout)
        self._show_state()
        self.request_render()

    def select(self, index: int | None) -> None:
        self.selected = index
        self.canvas.select(index)
        self.elements.blockSignals(True)  # the list follows the canvas without calling back
        self.elements.setCurrentRow(-1 if index is None else index)
        self.elements.blockSignals(False)
        element = self.badge_layout.elements[index] if index is not None else None
        self.panel.show_element(element, self.badge_layout.width, self.badge_layout.height)
        self.remove_button.setEnabled(index is not None)

    def _fill_list(self) -> None:
        texts = [KIND_LABELS.get(e.kind, e.kind) + ("" if e.visible else "  (hidden)")
                 for e in self.badge_layout.elements]
        if texts == [self.elements.item(i).text() for i in range(self.elements.count())]:
            return  # a drag re-applies the layout many times a second: leave the list alone
        self.elements.blockSignals(True)
        self.elements.clear()
        for text, element in zip(texts, self.badge_layout.elements, strict=True):
            item = QListWidgetItem(text)
            if not element.visible:
                item.setForeground(Qt.GlobalColor.gray)
            self.elements.addItem(item)
        self.elements.blockSignals(False)

    def _show_state(self) -> None:
        self.setWindowModified(self.is_dirty)
        self.save_button.setEnabled(self.is_dirty)
        if self.is_dirty:
            self.state_label.setText(f"<b style='color:{AMBER}'>● Unsaved changes</b>")
        elif self._saved_once:
            self.state_label.setText(f"<b style='color:{GREEN}'>✔ Saved</b>")
        else:
            self.state_label.setText("No changes yet")

    def show_message(self, text: str, colour: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour};" if colour else "")

    # --- edits ----------------------------------------------------------------------------------------

    def _moved(self, index: int, x: float, y: float, w: float, h: float) -> None:
        element = replace(self.badge_layout.elements[index], x=x, y=y, w=w, h=h)
        self.selected = index
        self.apply(self.badge_layout.replace_element(index, element))

    def _edited(self, field: str, value: Any) -> None:
        if self.selected is None:
            return
        layout = self.badge_layout
        change: dict[str, Any] = {field: value}  # a field of Element, named by the panel
        element = replace(layout.elements[self.selected], **change)
        if field == "size":  # the two sizes stay in order: the other one follows
            element = replace(element, min_size=min(element.min_size, element.size))
        elif field == "min_size":
            element = replace(element, size=max(element.size, element.min_size))
        x, y, w, h = clamp_box(element.x, element.y, element.w, element.h, layout.width, layout.height)
        self.apply(layout.replace_element(self.selected, replace(element, x=x, y=y, w=w, h=h)))

    def change_preset(self, key: str) -> None:
        if key == self.badge_layout.preset or key not in PRESETS:
            return
        label = PRESETS[key].label
        if self.is_dirty and not self._confirm("Change the badge size?", f"The {label} design replaces this "
                                               "layout, and your unsaved changes are lost."):
            self.whole.show_layout(self.badge_layout)  # the combo goes back to the size still in use
            return
        self.selected = None
        self.apply(self._with_logo(fitted_to(self.badge_layout, key)))
        self.show_message(f"{label}: its standard design. Adjust it, then Save.")

    def reset_to_default(self) -> None:
        preset = self.badge_layout.preset if self.badge_layout.preset in PRESETS else FALLBACK_PRESET
        default = self._with_logo(fitted_to(self.badge_layout, preset))
        if default == self.badge_layout:
            self.show_message("This is already the standard design.")
            return
        if not self._confirm("Reset the layout?", "Every element goes back to the standard design for "
                             f"{PRESETS[preset].label}. Ink, markers and logo stay."):
            return
        self.selected = None
        self.apply(default)
        self.show_message("Back to the standard design (not saved yet).")

    def add_element(self, kind: str) -> None:
        layout = self.badge_layout
        element = new_element(layout, kind)
        x, y, w, h = clamp_box(element.x, element.y, element.w, element.h, layout.width, layout.height)
        self.selected = len(layout.elements)
        self.apply(replace(layout, elements=(*layout.elements, replace(element, x=x, y=y, w=w, h=h))))

    def remove_selected(self) -> None:
        if self.selected is None:
            return
        index, layout = self.selected, self.badge_layout
        self.selected = None
        self.apply(replace(layout, elements=layout.elements[:index] + layout.elements[index + 1:]))

    def _fill_add_menu(self) -> None:
        menu = self.add_button.menu()
        menu.clear()
        present = {e.kind for e in self.badge_layout.elements}
        for kind, text in KIND_LABELS.items():
            if kind not in present and (kind != "logo" or self.badge_layout.logo):  # a logo comes with its file
                menu.addAction(text, partial(self.add_element, kind))
        if menu.isEmpty():
            menu.addAction("Every kind of element is on the badge").setEnabled(False)

    def _with_logo(self, layout: Layout) -> Layout:
        """A layout with a logo image shows it: a fresh design gets a logo box too."""
        if layout.logo and layout.element("logo") is None:
            return replace(layout, elements=(*layout.elements, new_element(layout, "logo")))
        return layout

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the event's logo", "", "Images (*.png *.jpg *.jpeg)")
        if path:
            self.load_logo(path)

    def load_logo(self, path: str) -> bool:
        try:
            data = read_logo(path)
        except ValueError as exc:
            self.show_message(f"Logo not changed: {exc}.", RED)
            return False
        layout = self._with_logo(replace(self.badge_layout, logo=data))
        self.selected = next(i for i, e in enumerate(layout.elements) if e.kind == "logo")
        self.apply(layout)
        self.show_message("Logo added: drag its box where it belongs.")
        return True

    def remove_logo(self) -> None:
        layout = self.badge_layout
        self.selected = None
        self.apply(replace(layout, logo=None, elements=tuple(e for e in layout.elements if e.kind != "logo")))

    # --- preview --------------------------------------------------------------------------------------

    def preview_attendee(self) -> Attendee:
        index = self.sample.currentIndex()
        like = self.samples[index] if 0 <= index < len(self.samples) else None
        name = self.try_name.text().strip()
        if name or like is None:
            return example_attendee(name or "Alexandra Example-Longname", like)
        return like

    def request_render(self) -> None:
        self.previews.request()

    def _preview_job(self) -> Callable[[], Rendered]:
        attendee, config, layout = self.preview_attendee(), self.store.config(), self.badge_layout
        return lambda: render_preview(attendee, config, layout)

    def _rendered(self, result: Rendered | None, error: BaseException | None) -> None:
        if error is not None or result is None:
            self.warning_label.setText(f"<span style='color:{RED}'>The preview could not be drawn: {error}</span>")
            return
        self.renders += 1
        self.canvas.show_image(result)
        self._show_warnings(result.warnings)

    def _show_warnings(self, warnings: tuple[str, ...]) -> None:
        self.warnings = warnings
        if warnings:
            items = "".join(f"<li>{html.escape(w)}</li>" for w in warnings)
            self.warning_label.setText(f"<div style='color:{RED}'><b>⚠ With this name:</b><ul style='margin:0'>"
                                       f"{items}</ul></div>")
        else:
            self.warning_label.setText(f"<span style='color:{GREEN}'>✔ No problems: everything fits and every "
                                       "character has a font.</span>")

    # --- saving and closing ---------------------------------------------------------------------------

    def save(self) -> bool:
        try:  # what every desk will read back: refuse here what would break their configuration
            checked = validated(self.badge_layout)
        except LayoutError as exc:
            self.show_message(f"Not saved: {exc}", RED)
            return False
        try:
            save_layout(self.store, checked, self.actor)
        except Exception as exc:  # one transaction: nothing was written, and the organiser must know
            self.show_message(f"Not saved: {exc}", RED)
            return False
        self.saved, self._saved_once = checked, True
        self.apply(checked)
        self.show_message(f"Saved at {dt.datetime.now():%H:%M}. Every desk prints with this layout after its "
                          "next sync.", GREEN)
        return True

    def reject(self) -> None:
        """Close, Esc and the window's close button all come here: unsaved work is never lost silently."""
        if self.is_dirty:
            buttons = QMessageBox.StandardButton
            answer = QMessageBox.question(self, "Unsaved badge layout", "Save the changes to the badge layout?",
                                          buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
            if answer == buttons.Cancel or (answer == buttons.Save and not self.save()):
                return
        self.previews.stopped = True  # a render still on its way has no dialog to go to
        super().reject()

    def _confirm(self, title: str, text: str) -> bool:
        buttons = QMessageBox.StandardButton
        return QMessageBox.question(self, title, text, buttons.Yes | buttons.No, buttons.No) == buttons.Yes


def _column(layout: QVBoxLayout, width: int) -> QWidget:
    column = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    column.setLayout(layout)
    column.setFixedWidth(width)
    return column


def open_single(parent: QWidget, store: Store, actor: str, runner: Runner) -> LayoutEditor:
    """The editor of `parent`, raised if open: two open editors would overwrite each other's saves."""
    open_one = parent.findChild(LayoutEditor)
    if open_one is not None and open_one.isVisible():
        open_one.raise_()
        open_one.activateWindow()
        return open_one
    editor = LayoutEditor(store, actor=actor, runner=runner, parent=parent)
    editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    editor.show()
    return editor
