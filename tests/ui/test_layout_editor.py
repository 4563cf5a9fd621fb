"""The badge layout editor, driven like an organiser would: keys, drags, spin boxes, files, saving, closing.

Renders run synchronously (tests/ui use `run_synchronously`), so every change has its preview drawn by the
time the call returns; screenshots go to tests/ui/screenshots/ for a person to look at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QColor, QImage
from PySide6.QtWidgets import QApplication, QColorDialog, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kiosk.badges.layout import PRESETS, default_layout, fitted_to
from kiosk.desk import Shift
from kiosk.store import Store
from tests.factories import add_attendees
from ui.desk.sounds import Silent
from ui.desk.window import DeskWindow
from ui.settings.canvas import BadgeCanvas, ElementBox
from ui.settings.layout_editor import LayoutEditor
from ui.tasks import run_synchronously

SCREENSHOTS = Path(__file__).parent / "screenshots"
Button = QMessageBox.StandardButton


class Answers:
    """Stands in for QMessageBox.question: answers with `reply` and remembers what was asked."""

    def __init__(self) -> None:
        self.reply = Button.Discard
        self.asked: list[str] = []

    def __call__(self, parent: QWidget, title: str, text: str, *args: Any) -> Button:
        self.asked.append(f"{title}: {text}")
        return self.reply


@pytest.fixture(autouse=True)
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    """No test may ever sit on a real modal box (teardown closes the editor, which may ask)."""
    stand_in = Answers()
    monkeypatch.setattr(QMessageBox, "question", stand_in)
    return stand_in


@pytest.fixture
def people(store: Store) -> Store:
    add_attendees(store, "Maximilian-Alexander Oberschleißheimer", organisation="TU München",
                  city="Garmisch-Partenkirchen")
    add_attendees(store, "Ann Lee", organisation="Internationale Gesellschaft für Hochenergiephysik und Kosmologie")
    add_attendees(store, "山田 太郎", organisation="東京大学", city="東京")
    add_attendees(store, "محمد الأحمد", organisation="جامعة القاهرة", city="القاهرة")
    add_attendees(store, "Sam Staff", role="Staff", interests=["Science", "Web"], city="Berlin")
    return store


@pytest.fixture
def editor(qtbot: QtBot, people: Store) -> Iterator[LayoutEditor]:
    dialog = LayoutEditor(people, actor="Olga @ Desk 1", runner=run_synchronously)
    qtbot.addWidget(dialog)
    dialog.resize(1120, 720)
    dialog.show()
    qtbot.waitExposed(dialog)
    yield dialog


def shot(widget: QWidget, name: str) -> None:
    QApplication.processEvents()  # layouts settle on the event loop, as they would before a person looks
    SCREENSHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SCREENSHOTS / f"{name}.png"))


def index_of(editor: LayoutEditor, kind: str) -> int:
    return next(i for i, e in enumerate(editor.badge_layout.elements) if e.kind == kind)


def sample_named(editor: LayoutEditor, name: str) -> None:
    editor.sample.setCurrentIndex(editor.sample.findText(name))


def on_screen(canvas: BadgeCanvas, box: ElementBox, x_mm: float, y_mm: float) -> QPoint:
    """Viewport pixel of a point given in the box's own millimetres."""
    return canvas.mapFromScene(box.mapToScene(QPointF(x_mm, y_mm)))


def test_arrow_keys_nudge_the_selected_element_and_redraw(qtbot: QtBot, editor: LayoutEditor) -> None:
    index = index_of(editor, "first_name")
    editor.elements.setCurrentRow(index)  # chosen from the list: the canvas selects the same box
    assert editor.canvas.selected_box() is editor.canvas.boxes[index]
    before, renders = editor.badge_layout.elements[index], editor.renders
    editor.canvas.setFocus()
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Right)
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    after = editor.badge_layout.elements[index]
    assert (after.x, after.y) == (pytest.approx(before.x + 0.5), pytest.approx(before.y + 5))
    assert (after.w, after.h) == (before.w, before.h)
    assert editor.panel.spins["x"].value() == pytest.approx(after.x, abs=0.05)  # the spin boxes follow
    assert editor.panel.spins["y"].value() == pytest.approx(after.y, abs=0.05)
    assert editor.renders == renders + 2 and editor.is_dirty
    assert "Unsaved" in editor.state_label.text() and editor.isWindowModified()
    shot(editor, "layout_editor")


def test_elements_stay_on_the_page(qtbot: QtBot, editor: LayoutEditor) -> None:
    layout = editor.badge_layout
    index = index_of(editor, "qr")
    editor.select(index)
    editor.canvas.setFocus()
    for _ in range(40):
        qtbot.keyClick(editor.canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClick(editor.canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qr = editor.badge_layout.elements[index]
    assert qr.x + qr.w == pytest.approx(layout.width) and qr.y + qr.h == pytest.approx(layout.height)
    for _ in range(40):
        qtbot.keyClick(editor.canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert editor.badge_layout.elements[index].x == 0
    editor.panel.spins["w"].setValue(500)  # wider than the page: as wide as the page, moved back onto it
    qr = editor.badge_layout.elements[index]
    assert (qr.x, qr.w) == (0, layout.width)
    assert editor.canvas.boxes[index].geometry() == (qr.x, qr.y, qr.w, qr.h)


def test_dragging_a_box_moves_it_and_its_corner_resizes_it(qtbot: QtBot, editor: LayoutEditor) -> None:
    canvas = editor.canvas
    index = index_of(editor, "organisation")
    box = canvas.boxes[index]
    before, renders = editor.badge_layout.elements[index], editor.renders
    image_before = canvas.image()
    middle = on_screen(canvas, box, before.w / 2, before.h / 2)
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    assert editor.selected == index and editor.panel.kind_label.text() == "Organisation"
    qtbot.mouseMove(canvas.viewport(), middle + QPoint(30, 20))
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=middle + QPoint(30, 20))
    moved = editor.badge_layout.elements[index]
    mm_per_px = 1 / canvas.transform().m11()
    assert moved.x - before.x == pytest.approx(30 * mm_per_px, abs=0.2)
    assert moved.y - before.y == pytest.approx(20 * mm_per_px, abs=0.2)
    assert round(moved.x, 1) == moved.x  # a drag snaps to 0.1 mm

    corner = on_screen(canvas, box, moved.w, moved.h) - QPoint(4, 4)  # inside the orange handle
    qtbot.mousePress(canvas.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    qtbot.mouseMove(canvas.viewport(), corner + QPoint(-60, 25))
    qtbot.mouseRelease(canvas.viewport(), Qt.MouseButton.LeftButton, pos=corner + QPoint(-60, 25))
    resized = editor.badge_layout.elements[index]
    assert (resized.x, resized.y) == (moved.x, moved.y)
    assert resized.w - moved.w == pytest.approx(-60 * mm_per_px, abs=0.2)
    assert resized.h - moved.h == pytest.approx(25 * mm_per_px, abs=0.2)
    assert (editor.panel.spins["w"].value(), editor.panel.spins["h"].value()) == (pytest.approx(resized.w, abs=0.05),
                                                                pytest.approx(resized.h, abs=0.05))
    assert editor.renders > renders and canvas.image() != image_before  # the organisation moved on the badge


def test_spin_boxes_resize_and_redraw(editor: LayoutEditor) -> None:
    index = index_of(editor, "first_name")
    editor.select(index)
    renders, image = editor.renders, editor.canvas.image()
    editor.panel.spins["w"].setValue(40)
    editor.panel.spins["h"].setValue(12)
    element = editor.badge_layout.elements[index]
    assert (element.w, element.h) == (40, 12)
    assert editor.canvas.boxes[index].geometry()[2:] == (40, 12)
    assert editor.renders == renders + 2 and editor.canvas.image() != image
    editor.panel.spins["size"].setValue(20)  # below the "shrinks to" size: that one follows down
    element = editor.badge_layout.elements[index]
    assert (element.size, element.min_size) == (20, 20)


def test_styling_an_element(monkeypatch: pytest.MonkeyPatch, editor: LayoutEditor) -> None:
    index = index_of(editor, "full_name")
    editor.select(index)
    monkeypatch.setattr(QColorDialog, "getColor", lambda *args: QColor("#1565c0"))
    editor.panel.colour.click()
    editor.panel.font_choice.setCurrentIndex(editor.panel.font_choice.findData("serif-bold"))
    editor.panel.align.setCurrentIndex(editor.panel.align.findData("left"))
    editor.panel.lines.setCurrentIndex(editor.panel.lines.findData(2))
    element = editor.badge_layout.elements[index]
    assert (element.colour, element.font, element.align, element.lines) == ("#1565c0", "serif-bold", "left", 2)
    assert editor.panel.colour.text() == "#1565c0"
    editor.panel.visible.setChecked(False)
    assert not editor.badge_layout.elements[index].visible
    assert index not in editor.canvas.boxes  # no box for what is not printed
    assert editor.elements.item(index).text().endswith("(hidden)")


def test_changing_the_preset_gives_its_size(answers: Answers, editor: LayoutEditor) -> None:
    editor.preset.setCurrentIndex(editor.preset.findData("a6"))
    layout = editor.badge_layout
    assert (layout.preset, layout.width, layout.height) == ("a6", 105, 148)
    assert layout.elements == default_layout("a6").elements
    assert editor.canvas.page_size == (105, 148) and answers.asked == []  # nothing to lose: nothing asked
    image = editor.canvas.image()
    assert image.width() / image.height() == pytest.approx(105 / 148, abs=0.01)
    editor.select(index_of(editor, "first_name"))
    shot(editor, "layout_editor_a6")


def test_changing_the_preset_with_unsaved_edits_asks_first(answers: Answers, editor: LayoutEditor) -> None:
    editor.select(0)
    editor.canvas.nudge(0, 1)
    edited = editor.badge_layout
    answers.reply = Button.No
    editor.preset.setCurrentIndex(editor.preset.findData("cr80"))
    assert len(answers.asked) == 1 and "unsaved" in answers.asked[0]
    assert editor.badge_layout == edited and editor.preset.currentData() == edited.preset
    answers.reply = Button.Yes
    editor.preset.setCurrentIndex(editor.preset.findData("cr80"))
    assert (editor.badge_layout.width, editor.badge_layout.height) == (PRESETS["cr80"].width, PRESETS["cr80"].height)


def test_saving_writes_a_config_event_every_desk_reads(qtbot: QtBot, people: Store, editor: LayoutEditor) -> None:
    editor.preset.setCurrentIndex(editor.preset.findData("54x90"))
    editor.ink.setCurrentIndex(editor.ink.findData("black-red"))
    editor.markers.setCurrentIndex(editor.markers.findData("stickers"))
    editor.select(index_of(editor, "city"))
    editor.canvas.nudge(1.5, -0.5)
    editor.panel.spins["size"].setValue(9.5)
    before = sum(1 for e in people.events() if e.type == "config.set")
    editor.save_button.click()
    events = [e for e in people.events() if e.type == "config.set"]
    assert len(events) == before + 1 and events[-1].actor == "Olga @ Desk 1"
    assert people.config().badge == editor.badge_layout and not editor.is_dirty
    assert "Saved" in editor.state_label.text() and "Saved" in editor.message.text()
    assert not editor.save_button.isEnabled()
    sample_named(editor, "Sam Staff")
    shot(editor, "layout_editor_saved_black_red")
    reopened = Store.open(people.path, device="desk-b")
    try:
        assert reopened.config().badge == editor.badge_layout
        assert reopened.config().badge_layout().ink == "black-red"
    finally:
        reopened.close()
    again = LayoutEditor(people, actor="Olga @ Desk 1", runner=run_synchronously)
    qtbot.addWidget(again)
    assert again.badge_layout == editor.badge_layout and again.preset.currentData() == "54x90"


def test_a_bad_logo_changes_nothing_and_a_good_one_is_placed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                            editor: LayoutEditor) -> None:
    before = editor.badge_layout
    text = tmp_path / "logo.png"
    text.write_text("not a picture at all")
    damaged = tmp_path / "damaged.png"
    damaged.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    for bad, reason in ((text, "not a PNG or JPEG"), (damaged, "cannot be read"), (tmp_path / "gone.png", "")):
        assert not editor.load_logo(str(bad))
        assert bad.name in editor.message.text() and reason in editor.message.text()
        assert editor.badge_layout == before and not editor.is_dirty
    logo = tmp_path / "logo-real.png"
    picture = QImage(120, 60, QImage.Format.Format_RGB32)
    picture.fill(QColor("#6a1b9a"))
    assert picture.save(str(logo))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(logo), "Images (*.png *.jpg *.jpeg)"))
    editor.whole.choose_logo_button.click()
    layout = editor.badge_layout
    assert layout.logo == logo.read_bytes() and layout.element("logo") is not None
    assert editor.selected == index_of(editor, "logo") and editor.whole.remove_logo_button.isEnabled()
    box = layout.element("logo")
    assert box is not None and box.x >= 0 and box.x + box.w <= layout.width
    editor.preset.setCurrentIndex(editor.preset.findData("a6"))  # a new size keeps the logo, and shows it
    assert editor.badge_layout.logo == layout.logo and editor.badge_layout.element("logo") is not None
    editor.whole.remove_logo_button.click()
    assert editor.badge_layout.logo is None and editor.badge_layout.element("logo") is None


def test_scripts_render_cleanly_and_a_missing_glyph_is_reported(editor: LayoutEditor) -> None:
    for name in ("山田 太郎", "محمد الأحمد", "Maximilian-Alexander Oberschleißheimer"):
        sample_named(editor, name)
        assert editor.preview_attendee().name == name
        assert editor.warnings == (), name
        assert "No problems" in editor.warning_label.text()
    editor.try_name.setText("𓀀 Test")  # QTest cannot type this: set it
    assert editor.preview_attendee().name == "𓀀 Test"
    assert any("U+13000" in w for w in editor.warnings)
    assert "U+13000" in editor.warning_label.text() and "#c62828" in editor.warning_label.text()
    shot(editor, "layout_editor_warning")
    editor.try_name.clear()
    assert editor.warnings == ()


def test_closing_with_unsaved_changes_asks(answers: Answers, people: Store, editor: LayoutEditor) -> None:
    editor.select(0)
    editor.canvas.nudge(0, 2)
    answers.reply = Button.Cancel
    editor.close_button.click()
    assert editor.isVisible() and len(answers.asked) == 1
    answers.reply = Button.Save
    editor.close()
    assert not editor.isVisible() and people.config().badge == editor.badge_layout


def test_closing_without_changes_asks_nothing(answers: Answers, people: Store, editor: LayoutEditor) -> None:
    editor.close_button.click()
    assert not editor.isVisible() and answers.asked == [] and people.config().badge is None


def test_add_remove_and_reset(answers: Answers, editor: LayoutEditor) -> None:
    default = editor.badge_layout
    editor.add_button.menu().aboutToShow.emit()
    offered = [a.text() for a in editor.add_button.menu().actions()]
    assert "Event name" in offered and "First name (large)" not in offered and "Logo" not in offered
    next(a for a in editor.add_button.menu().actions() if a.text() == "Day ribbon").trigger()
    ribbon = editor.badge_layout.elements[-1]
    assert ribbon.kind == "day_ribbon" and editor.selected == len(editor.badge_layout.elements) - 1
    assert ribbon.x >= 0 and ribbon.y + ribbon.h <= editor.badge_layout.height
    assert ribbon.colour != "#ffffff"  # its strip is visible (its text is white)
    assert any("overlaps the QR code" in w for w in editor.warnings)  # the bottom strip meets the QR: said
    editor.select(index_of(editor, "city"))
    editor.remove_button.click()
    assert editor.badge_layout.element("city") is None and editor.selected is None
    answers.reply = Button.Yes
    editor.reset_button.click()
    assert editor.badge_layout == fitted_to(default, default.preset) == default


def test_renders_coalesce_while_one_is_in_flight(qtbot: QtBot, people: Store) -> None:
    waiting: list[tuple[Callable[[], Any], Callable[[Any, BaseException | None], None]]] = []
    editor = LayoutEditor(people, actor="Olga", runner=lambda func, done: waiting.append((func, done)))
    qtbot.addWidget(editor)
    assert len(waiting) == 1  # the first preview is on its way
    editor.select(index_of(editor, "first_name"))
    for _ in range(5):
        editor.canvas.nudge(0.5, 0)
    assert len(waiting) == 1  # five changes while it runs: nothing more is started yet
    func, done = waiting.pop()
    done(func(), None)
    assert len(waiting) == 1 and editor.renders == 1  # one more, for all five
    func, done = waiting.pop()
    done(func(), None)
    assert waiting == [] and editor.renders == 2


def test_before_any_import_an_example_name_is_shown(qtbot: QtBot, store: Store) -> None:
    editor = LayoutEditor(store, actor="Olga", runner=run_synchronously)
    qtbot.addWidget(editor)
    assert editor.renders == 1 and editor.warnings == () and not editor.sample.isEnabled()
    editor.try_name.setText("Zoë Ångström")
    assert editor.preview_attendee().first_name == "Zoë" and editor.renders == 2


def test_the_desk_opens_the_editor(qtbot: QtBot, people: Store) -> None:
    desk = DeskWindow(people, Shift(desk="Desk 2", volunteer="Sam"), sounds=Silent(), runner=run_synchronously)
    qtbot.addWidget(desk)
    desk.show()
    dialog = desk.open_layout_editor()
    assert isinstance(dialog, LayoutEditor) and dialog.isVisible() and dialog.actor == "Sam @ Desk 2"
    assert desk.open_layout_editor() is dialog  # one editor at a time: two would overwrite each other's saves
    assert dialog.renders == 1 and dialog.badge_layout == people.config().badge_layout()
    dialog.close()
    action = next(a for a in desk.findChildren(QAction) if a.text() == "Badge layout… (Ctrl+L)")
    action.trigger()  # in the desk's "More ▾" menu
    qtbot.waitUntil(lambda: any(d.isVisible() for d in desk.findChildren(LayoutEditor)))
    for shown in desk.findChildren(LayoutEditor):
        shown.close()
    desk.activateWindow()  # the closed editor leaves no active window behind offscreen (a desktop would)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is desk)
    qtbot.keyClick(desk.search_field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in desk.findChildren(LayoutEditor)))
