"""The kiosk's screens, and the small widgets they share.

    screens = build_screens(shell)     # every Screen of the kiosk; the shell adds them to its stack

Screens and the context their enter() takes (shell.go(name, **context)):

    welcome                              event name, "I have a ticket" / "I need a ticket", options
    ticket                               scan, or search by name (≥ 3 letters, ≤ 5 KioskHits)
    confirm      hit: KioskHit           the order code or email of the chosen ticket
    scanned      code: str               a scanned ticket: "Is this you?" or "We could not find this ticket"
    preview      attendee_id: str        the badge as it will print; "Print my badge", "Fix my name"
    badge        attendee_id: str, words: str   "Take your badge from the printer" (+ sticker dots)
    notice       outcome: str, message: str     already / pay_at_desk / ask_desk after "Print"
    ask_desk     message: str = ""       "Please ask at the desk" (three wrong answers, not you, unknown)
    register     —                       "I need a ticket": the form
    pay_at_desk  attendee_id: str        a paid ticket registered: the code to show at the desk

Scans: every screen has `scanned(code)`, which goes to the "scanned" screen (the shell calls it on the
current screen). Holding the ticket is the proof, so a scan skips the typed confirmation.

Looks: widgets carry the "role" property the shell's style sheet (ui/kiosk/style.py) sizes; the only sizes
set here are the big choice buttons' (`touch` property), derived from the same points() and the shell's
large-text option, because the shared sheet has no rule for a button larger than a body-text one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QMargins, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.kiosk.base import MIN_TOUCH_PX, Screen, Shell
from ui.kiosk.style import LARGE_FACTOR, points

SPACING = 24
CORE = "CoreMessages"  # the literal is repeated below: lupdate reads only literals
# The core's sentences (kiosk/self_service.py) that reach an attendee, marked so lupdate puts them in the
# .ts: the screens show the core's own words, translated by QCoreApplication.translate(CORE, message).
CORE_MESSAGES = (
    QT_TRANSLATE_NOOP("CoreMessages", "You are checked in. Your badge is printing."),
    QT_TRANSLATE_NOOP("CoreMessages",
                      "You are already checked in today. If you need a new badge, please ask at the desk."),
    QT_TRANSLATE_NOOP("CoreMessages", "Your ticket is not paid yet. Please pay at the desk; your badge prints there."),
    QT_TRANSLATE_NOOP("CoreMessages", "Please ask at the desk: they will sort this out with you."),
    QT_TRANSLATE_NOOP("CoreMessages", "Please ask at the desk: they will help you straight away."),
    QT_TRANSLATE_NOOP("CoreMessages", "Please ask at the desk."),
    QT_TRANSLATE_NOOP("CoreMessages", "This ticket has no order code or email to check: please ask at the desk."),
    QT_TRANSLATE_NOOP("CoreMessages", "That did not match three times. Please ask at the desk."),
    QT_TRANSLATE_NOOP("CoreMessages", "Names are fixed at the desk at this event"),
)


def core_words(message: str) -> str:
    """A sentence of the core in the kiosk's language (unknown ones stay as the core wrote them)."""
    return QCoreApplication.translate(CORE, message)


def text(role: str = "", *, wrap: bool = True, centre: bool = False) -> QLabel:
    label = QLabel(wordWrap=wrap)
    if role:
        label.setProperty("role", role)
    if centre:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def button(role: str = "", *, size: str = "", checkable: bool = False) -> QPushButton:
    """A touch button; `size` "big" (heading type), "huge" (the welcome choices), "choice" or "ticket"
    (the registration form's toggles). Heights go through the style sheet: it overrides setMinimumHeight."""
    push = QPushButton(checkable=checkable)
    push.setAutoDefault(False)
    push.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field being typed in keeps the focus and the keyboard
    push.setMinimumSize(MIN_TOUCH_PX, MIN_TOUCH_PX)
    push.setSizePolicy(QSizePolicy.Policy.Expanding if size else QSizePolicy.Policy.Preferred,
                       QSizePolicy.Policy.Expanding if size == "huge" else QSizePolicy.Policy.Preferred)
    if role:
        push.setProperty("role", role)
    if size:
        push.setProperty("touch", size)  # not "size": that is QWidget's own geometry property
    return push


def say(widget: QWidget, words: str, name: str = "") -> None:
    """Set a control's text and its accessible name (the same words unless `name` says more)."""
    if isinstance(widget, QPushButton | QLabel):
        widget.setText(words)
    widget.setAccessibleName(name or words.replace("\n", " — "))


def big_sheet(large_text: bool) -> str:
    pt = points(LARGE_FACTOR if large_text else 1.0)
    return (f'QPushButton[touch="big"] {{ font-size: {pt["heading"]}pt; min-height: {MIN_TOUCH_PX + 32}px;'
            f' padding: 8px 24px; }}\n'
            f'QPushButton[touch="huge"] {{ font-size: {pt["title"]}pt; font-weight: bold;'
            f' min-height: {MIN_TOUCH_PX * 2}px; padding: 16px 24px; }}\n'
            # toggles of the registration form: a little taller than the minimum; a ticket has two lines
            f'QPushButton[touch="choice"] {{ min-height: {MIN_TOUCH_PX + 16}px; padding: 4px 12px; }}\n'
            f'QPushButton[touch="ticket"] {{ min-height: {MIN_TOUCH_PX + 40}px; padding: 4px 12px; }}\n')


def scrolling(content: QWidget) -> QScrollArea:
    """A touch-scrollable area (a finger drags it) for what may not fit above the on-screen keyboard."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.viewport().setAutoFillBackground(False)
    content.setAutoFillBackground(False)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.TouchGesture)
    return area


def scan_picture(size: int = 220) -> QPixmap:
    """A ticket with a QR code under a red scanner line: "hold your ticket to the scanner" without words."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#4a5563"), size / 40))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRoundedRect(QRectF(size * 0.12, size * 0.06, size * 0.76, size * 0.88), size / 16, size / 16)
    cell = size * 0.07
    origin = size * 0.5 - cell * 3.5
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#1b1f24"))
    pattern = ("1110111", "1010100", "1110101", "0001010", "1110011", "1010110", "1110101")
    for row, line in enumerate(pattern):
        for column, bit in enumerate(line):
            if bit == "1":
                painter.drawRect(QRectF(origin + column * cell, origin + row * cell, cell, cell))
    painter.setPen(QPen(QColor("#d32f2f"), size / 30))
    painter.drawLine(round(size * 0.04), round(size * 0.5), round(size * 0.96), round(size * 0.5))
    painter.end()
    return pixmap


class Picture(QLabel):
    """An image scaled to the room it gets, aspect kept (the badge preview on any screen shape)."""

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(200, 200)
        self.image: QImage | None = None

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.image is None or self.image.isNull():
            self.clear()
            return
        border = 3
        room = self.size().shrunkBy(QMargins(border, border, border, border))
        scaled = QPixmap.fromImage(self.image).scaled(room, Qt.AspectRatioMode.KeepAspectRatio,
                                                      Qt.TransformationMode.SmoothTransformation)
        # the page is transparent where nothing is printed: white paper with an edge shows the badge's size
        paper = QPixmap(scaled.width() + 2 * border, scaled.height() + 2 * border)
        paper.fill(QColor("#ffffff"))
        painter = QPainter(paper)
        painter.drawPixmap(border, border, scaled)
        painter.setPen(QPen(QColor("#8a96a3"), border))
        painter.drawRect(QRectF(border / 2, border / 2, paper.width() - border, paper.height() - border))
        painter.end()
        self.setPixmap(paper)


class Page(Screen):
    """A screen with a title, a body and a footer ("Back" where `back_to` names a screen, "Start again").
    Layouts registered with flip() run side by side on a landscape screen and stacked on a portrait one."""

    back_to = ""
    scrolls = True  # the body scrolls when it does not fit (large text, the keyboard up in landscape)

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.title = text("title")
        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(SPACING)
        # A page's minimum height is its scroll area's, not its content's: the kiosk's stack is as tall as
        # its tallest page's minimum, and with the keyboard up a landscape screen has ~470 px left for it.
        self.scroller = scrolling(content) if self.scrolls else None
        self.back = button("quiet")
        self.back.clicked.connect(lambda: self.shell.go(self.back_to))
        self.back.setVisible(bool(self.back_to))
        self.restart = button("quiet")
        self.restart.clicked.connect(self.shell.reset)
        self.header = QHBoxLayout()
        self.header.setSpacing(16)
        self.header.addWidget(self.title, 1)
        self.footer = QHBoxLayout()
        self.footer.addWidget(self.back)
        self.footer.addStretch(1)
        self.footer.addWidget(self.restart)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.setSpacing(SPACING)
        layout.addLayout(self.header)
        layout.addWidget(self.scroller or content, 1)
        layout.addLayout(self.footer)
        self._flips: list[QBoxLayout] = []
        self._landscape = False  # built for portrait; the first resize turns a landscape screen
        self._large: bool | None = None
        self._apply_sizes()

    def flip(self, layout: QBoxLayout) -> QBoxLayout:
        """`layout` runs side by side on a landscape screen, one under the other on a portrait one."""
        self._flips.append(layout)
        layout.setDirection(QBoxLayout.Direction.LeftToRight if self._landscape
                            else QBoxLayout.Direction.TopToBottom)
        return layout

    @property
    def landscape(self) -> bool:
        return self.width() > self.height() * 1.2

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self.landscape != self._landscape:
            self._orient(self.landscape)
        super().resizeEvent(event)

    def _orient(self, landscape: bool) -> None:
        """Landscape: side by side, and "Back"/"Start again" beside the title, where the height is scarce
        (the keyboard takes half of it); portrait: one under the other, the two buttons at the bottom."""
        self._landscape = landscape
        direction = QBoxLayout.Direction.LeftToRight if landscape else QBoxLayout.Direction.TopToBottom
        for layout in self._flips:
            layout.setDirection(direction)
        for row in (self.header, self.footer):
            row.removeWidget(self.back)
            row.removeWidget(self.restart)
        if landscape:
            self.header.addWidget(self.back)
            self.header.addWidget(self.restart)
        else:
            self.footer.insertWidget(0, self.back)
            self.footer.addWidget(self.restart)
        self.oriented(landscape)

    def oriented(self, landscape: bool) -> None:
        """For subclasses: the screen turned (stretch factors, how much a button says)."""

    def type_in(self, field: QLineEdit, kind: str = "text") -> None:
        """The on-screen keyboard for `field`, and the field scrolled into sight above it."""
        self.shell.use_keyboard(field, kind)
        if self.scroller is not None:
            scroller = self.scroller
            QTimer.singleShot(0, lambda: scroller.ensureWidgetVisible(field, 0, 40))

    def _apply_sizes(self) -> None:
        """The big buttons follow the shell's large-text option (its style sheet change reaches us here)."""
        large = bool(getattr(self.shell, "large_text", False))
        if large != self._large:
            self._large = large
            self.setStyleSheet(big_sheet(large))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.StyleChange:
            self._apply_sizes()
        super().changeEvent(event)

    def retranslate(self) -> None:
        say(self.back, self.tr("Back"))
        say(self.restart, self.tr("Start again"))

    def scanned(self, code: str) -> None:
        """A ticket scanned on any screen: the scanned ticket's screen takes over."""
        self.shell.go("scanned", code=code)

    def done(self) -> None:
        self.shell.reset()


def build_screens(shell: Shell) -> list[Screen]:
    """Every kiosk screen, the welcome screen first."""
    # Imported here: the screen modules import the shared widgets above from this module.
    from ui.kiosk.screens_badge import BadgeScreen, NoticeScreen, PreviewScreen
    from ui.kiosk.screens_register import PayAtDeskScreen, RegisterScreen
    from ui.kiosk.screens_ticket import AskDeskScreen, ConfirmScreen, ScannedScreen, TicketScreen
    from ui.kiosk.screens_welcome import WelcomeScreen

    screens: list[Screen] = [WelcomeScreen(shell), TicketScreen(shell), ConfirmScreen(shell), ScannedScreen(shell),
                             AskDeskScreen(shell), PreviewScreen(shell), BadgeScreen(shell), NoticeScreen(shell),
                             RegisterScreen(shell), PayAtDeskScreen(shell)]
    for screen in screens:
        screen.retranslate()
    return screens


def optional(shell: Shell, method: str) -> Any:
    """A shell method that may not be there yet (set_language, …): None then."""
    found = getattr(shell, method, None)
    return found if callable(found) else None
