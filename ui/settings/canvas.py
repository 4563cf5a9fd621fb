"""The badge preview the organiser edits on: the rendered badge with every visible element's box drawn over it.

Scene units are millimetres with the badge's top-left corner at (0, 0), the same coordinates as the layout,
so a box's position *is* the element's x/y and no conversion can drift. The rendered image is scaled into
those units; pens are cosmetic so outlines stay one pixel whatever the zoom.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QKeyEvent, QPainter, QPen, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QWidget,
)

from kiosk.attendees import Attendee
from kiosk.badges.layout import Element, Layout
from kiosk.config import EventConfig
from ui.tasks import Runner

PREVIEW_DPI = 203  # the coarsest label printer: a QR code that scans here scans everywhere
MIN_SIDE = 2.0     # mm: smaller boxes cannot be grabbed again, and hold nothing readable
MARGIN = 6.0       # mm of grey around the page, room for the shadow and the corner handles
SNAP = 1           # decimals of a millimetre a drag snaps to: 0.1 mm is finer than any printer's feed
BOX_PEN = QColor(25, 118, 210, 170)
SELECTED_PEN = QColor("#ff6f00")


def clamp_box(x: float, y: float, w: float, h: float, page_w: float, page_h: float) -> tuple[float, ...]:
    """The box kept on the page: sides first (no wider than the page), then the position."""
    w = min(max(w, MIN_SIDE), page_w)
    h = min(max(h, MIN_SIDE), page_h)
    x = min(max(x, 0.0), page_w - w)
    y = min(max(y, 0.0), page_h - h)
    return tuple(round(v, 2) for v in (x, y, w, h))  # as the configuration stores them: saving changes nothing


@dataclass(frozen=True, slots=True)
class Rendered:
    image: QImage
    dpi: int
    warnings: tuple[str, ...]


def render_preview(attendee: Attendee, config: EventConfig, layout: Layout) -> Rendered:
    """Runs on a worker: the badge as the printer would print it in the layout's ink, as a QImage."""
    from kiosk.badges.raster import render_raster  # Pillow loads with the first preview, not with the desk

    raster = render_raster(attendee, config, layout, dpi=PREVIEW_DPI)
    picture = raster.preview().convert("RGB")
    data = picture.tobytes()
    image = QImage(data, picture.width, picture.height, 3 * picture.width, QImage.Format.Format_RGB888)
    return Rendered(image.copy(), PREVIEW_DPI, raster.warnings)  # copy: the bytes go when this returns


def example_attendee(name: str, like: Attendee | None = None) -> Attendee:
    """Someone to preview with: `like`'s details (organisation, role, interests) under another name."""
    first, _, last = name.strip().partition(" ")
    if like is None:
        like = Attendee(id="", code="EXAMPLE-0001", source="editor", external_id="", order_code="", name="",
                        first_name="", last_name="", email="", organisation="Example Organisation",
                        city="Springfield", country="", ticket_type="Regular", role="", interests=(), status="valid",
                        price_minor=None, currency="", answers={}, notes="")
    return replace(like, name=name.strip(), first_name=first, last_name=last)


class PreviewQueue:
    """One render at a time through the runner. Requests made meanwhile collapse into one more, which reads
    the state when it starts: during a drag only the latest position is drawn, never a backlog."""

    def __init__(self, runner: Runner, job: Callable[[], Callable[[], Rendered]],
                 done: Callable[[Rendered | None, BaseException | None], None]) -> None:
        self._runner, self._job, self._done = runner, job, done
        self._busy = self._wanted = False
        self.stopped = False  # the screen went: a render still on its way has nowhere to go

    def request(self) -> None:
        self._wanted = True
        if not self._busy and not self.stopped:
            self._start()

    def _start(self) -> None:
        self._wanted, self._busy = False, True
        self._runner(self._job(), self._finished)

    def _finished(self, result: Rendered | None, error: BaseException | None) -> None:
        self._busy = False
        if self.stopped:
            return
        self._done(result, error)  # even when a newer one is wanted: it is closer than what is on screen
        if self._wanted:
            self._start()


class ResizeHandle(QGraphicsRectItem):
    """The bottom-right corner of the selected box; its size ignores the zoom so it is always easy to hit."""

    PX = 11

    def __init__(self, box: ElementBox) -> None:
        super().__init__(-self.PX, -self.PX, self.PX, self.PX, box)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setBrush(QBrush(SELECTED_PEN))
        self.setPen(QPen(Qt.GlobalColor.white, 0))
        self.setCursor(Qt.CursorShape.SizeFDiagCursor)
        self.setToolTip("Drag to resize")
        self._grab = QPointF()

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        box = self.parentItem()
        assert isinstance(box, ElementBox)
        # Where in the handle it was taken: the corner follows the pointer without jumping to it.
        self._grab = box.rect().bottomRight() - box.mapFromScene(event.scenePos())
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        box = self.parentItem()
        assert isinstance(box, ElementBox)
        corner = box.mapFromScene(event.scenePos()) + self._grab
        box.resize_to(round(corner.x(), SNAP), round(corner.y(), SNAP))

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()


class ElementBox(QGraphicsRectItem):
    """One element's outline: select by clicking, move by dragging, resize by the corner handle."""

    def __init__(self, canvas: BadgeCanvas, index: int, element: Element, label: str) -> None:
        super().__init__(0, 0, element.w, element.h)
        self.canvas, self.index = canvas, index
        self._syncing, self._dragging = False, False
        self.setPos(element.x, element.y)  # before the flags: placing it is not a move to report
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsMovable | flags.ItemIsSelectable | flags.ItemSendsGeometryChanges)
        self.setCursor(Qt.CursorShape.SizeAllCursor)
        self.setToolTip(label)
        self.handle = ResizeHandle(self)
        self.handle.setPos(element.w, element.h)
        self.handle.hide()
        self._style()

    def geometry(self) -> tuple[float, float, float, float]:
        return (round(self.x(), 2), round(self.y(), 2), round(self.rect().width(), 2),
                round(self.rect().height(), 2))

    def sync(self, element: Element) -> None:
        """Follow the layout (a spin box changed it) without reporting the change back."""
        self._syncing = True
        if (self.rect().width(), self.rect().height()) != (element.w, element.h):
            self.setRect(0, 0, element.w, element.h)
            self.handle.setPos(element.w, element.h)
        if (self.x(), self.y()) != (element.x, element.y):
            self.setPos(element.x, element.y)
        self._syncing = False

    def resize_to(self, w: float, h: float) -> None:
        page_w, page_h = self.canvas.page_size
        _, _, w, h = clamp_box(0, 0, min(w, page_w - self.x()), min(h, page_h - self.y()), page_w, page_h)
        self.setRect(0, 0, w, h)
        self.handle.setPos(w, h)
        self.canvas.box_changed(self)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._dragging = True
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._dragging = False
        super().mouseReleaseEvent(event)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:
        kind = QGraphicsItem.GraphicsItemChange
        if change == kind.ItemPositionChange and not self._syncing and isinstance(value, QPointF):
            x, y = value.x(), value.y()
            if self._dragging:  # a drag snaps; a nudge adds exactly its step
                x, y = round(x, SNAP), round(y, SNAP)
            page_w, page_h = self.canvas.page_size
            x, y, _, _ = clamp_box(x, y, self.rect().width(), self.rect().height(), page_w, page_h)
            return QPointF(x, y)
        if change == kind.ItemPositionHasChanged and not self._syncing:
            self.canvas.box_changed(self)
        if change == kind.ItemSelectedHasChanged:
            self.handle.setVisible(bool(value))
            self._style()
        return super().itemChange(change, value)

    def _style(self) -> None:
        selected = self.isSelected()
        pen = QPen(SELECTED_PEN if selected else BOX_PEN, 2 if selected else 1)
        pen.setCosmetic(True)
        if not selected:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setBrush(QBrush(QColor(255, 111, 0, 28)) if selected else QBrush(Qt.BrushStyle.NoBrush))


class BadgeCanvas(QGraphicsView):
    """Emits `element_selected(index or -1)` and `element_changed(index, x, y, w, h)` in millimetres."""

    element_selected = Signal(int)
    element_changed = Signal(int, float, float, float, float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setBackgroundBrush(QColor("#cfd8dc"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Badge preview: drag the boxes to move elements")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._shadow = self.scene().addRect(QRectF(), QPen(Qt.PenStyle.NoPen), QBrush(QColor(0, 0, 0, 60)))
        self._page = self.scene().addRect(QRectF(), QPen(Qt.PenStyle.NoPen), QBrush(Qt.GlobalColor.white))
        self._picture = QGraphicsPixmapItem()
        self._picture.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.scene().addItem(self._picture)
        self.boxes: dict[int, ElementBox] = {}
        self.page_size = (0.0, 0.0)
        self._signature: tuple[tuple[str, bool], ...] = ()
        self._quiet = False
        self.scene().selectionChanged.connect(self._selection_changed)

    # --- what is shown --------------------------------------------------------------------------------

    def show_layout(self, layout: Layout, labels: dict[str, str]) -> None:
        """Boxes for `layout`, kept (not rebuilt) when only geometry changed, so a drag in progress survives."""
        if self.page_size != (layout.width, layout.height):
            self.page_size = (layout.width, layout.height)
            self._page.setRect(0, 0, layout.width, layout.height)
            self._shadow.setRect(0.8, 0.8, layout.width, layout.height)
            self.scene().setSceneRect(-MARGIN, -MARGIN, layout.width + 2 * MARGIN, layout.height + 2 * MARGIN)
            self._fit()
        signature = tuple((e.kind, e.visible) for e in layout.elements)
        if signature != self._signature:
            self._rebuild(layout, labels)
            self._signature = signature
        for index, box in self.boxes.items():
            box.sync(layout.elements[index])

    def _rebuild(self, layout: Layout, labels: dict[str, str]) -> None:
        self._quiet = True
        for box in self.boxes.values():
            self.scene().removeItem(box)
        self.boxes = {}
        page_area = layout.width * layout.height
        for index, element in enumerate(layout.elements):
            if element.visible:
                box = ElementBox(self, index, element, labels.get(element.kind, element.kind))
                box.setZValue(10 - 5 * min(1.0, element.w * element.h / page_area))  # small boxes stay clickable
                self.scene().addItem(box)
                self.boxes[index] = box
        self._quiet = False

    def show_image(self, rendered: Rendered) -> None:
        self._picture.setPixmap(QPixmap.fromImage(rendered.image))
        self._picture.setScale(25.4 / rendered.dpi)

    def image(self) -> QImage:
        return self._picture.pixmap().toImage()

    # --- selection and keys ---------------------------------------------------------------------------

    def select(self, index: int | None) -> None:
        box = self.boxes.get(index) if index is not None else None
        if self.scene().selectedItems() == ([box] if box is not None else []):
            return  # already so: deselecting in passing would drop a drag in progress
        self._quiet = True
        self.scene().clearSelection()
        if box is not None:
            box.setSelected(True)
        self._quiet = False

    def selected_box(self) -> ElementBox | None:
        return next((b for b in self.boxes.values() if b.isSelected()), None)

    def nudge(self, dx: float, dy: float) -> None:
        box = self.selected_box()
        if box is not None:
            box.setPos(box.x() + dx, box.y() + dy)  # through itemChange: clamped to the page like a drag

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        step = steps.get(Qt.Key(event.key()))
        if step is None or self.selected_box() is None:
            super().keyPressEvent(event)
            return
        size = 5.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 0.5
        self.nudge(step[0] * size, step[1] * size)

    def box_changed(self, box: ElementBox) -> None:
        self.element_changed.emit(box.index, *box.geometry())

    def _selection_changed(self) -> None:
        if self._quiet:
            return
        box = self.selected_box()
        self.element_selected.emit(box.index if box is not None else -1)

    # --- zoom -----------------------------------------------------------------------------------------

    def _fit(self) -> None:
        if not self.scene().sceneRect().isEmpty():
            self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()
