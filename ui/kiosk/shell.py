"""The self-service kiosk's window (the `Shell` of ui/kiosk/base.py): full screen, the screens, the on-screen
keyboard, the idle reset, languages, printing and the staff exit.

    window = KioskWindow(store, "Kiosk 1", day=1, kiosk_mode=True)   # screens from ui.kiosk.screens
    window.start()                                                   # full screen in kiosk mode

Lock-in: no window decorations; close events (Alt+F4, the window manager) and Esc are ignored unless staff
left through the exit: hold the top-left corner (an invisible HOT_CORNER_PX square) for LONG_PRESS_S, or
press Ctrl+Shift+F12, then type the admin PIN (ui/cash/pin_pad.PinDialog: every try is in the audit trail,
wrong ones slow down and lock out like any PIN). Pair it with the operating system's kiosk lock-down (Windows
Assigned Access, a Linux kiosk compositor such as cage): an application cannot block Alt+Tab or Ctrl+Alt+Del.

Scans: a ScanFilter on the application (as at the desk) sees scanner bursts wherever the focus is. The code
goes to the current screen's `scanned(code)` method if it has one, else to `go("scanned", code=code)`.

Tests: pass `screens=placeholder_screens` (or their own), a synchronous `runner`, short `idle_s`/`countdown_s`,
and replace `window.run_dialog` (QDialog → accepted?) to type into the PIN dialog without exec().
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import print_queue, printing
from kiosk.desk import desk_printers
from kiosk.print_queue import Job
from kiosk.printing import Printer
from kiosk.self_service import ACTOR, Confirmation
from kiosk.store import Store
from printers import open_printer
from ui.cash.pin_pad import PinDialog
from ui.desk.print_jobs import PrintQueue, badge_printer
from ui.kiosk import i18n
from ui.kiosk.base import Screen, Shell
from ui.kiosk.idle import COUNTDOWN_S, IDLE_S, IdleWatch
from ui.kiosk.keyboard import OnScreenKeyboard
from ui.kiosk.style import style_sheet
from ui.scan_filter import ScanFilter
from ui.tasks import Runner, run_in_thread

HOT_CORNER_PX = 96
LONG_PRESS_S = 2.0
MARGIN_PX = 32
ScreenFactory = Callable[[Shell], list[Screen]]
DialogRunner = Callable[[QDialog], bool]


def run_modal(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def default_screens(shell: Shell) -> list[Screen]:
    """The real screens (ui/kiosk/screens.py); placeholders while that module does not exist yet."""
    try:
        from ui.kiosk.screens import build_screens  # type: ignore[import-not-found, unused-ignore]
    except ModuleNotFoundError as exc:
        if exc.name != "ui.kiosk.screens":
            raise  # a screen module that is there but broken must say so, not fall back quietly
        return placeholder_screens(shell)
    screens: list[Screen] = build_screens(shell)
    return screens


class HotCorner(QWidget):
    """The invisible staff corner: held for LONG_PRESS_S it emits `held` (a tap does nothing)."""

    held = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setGeometry(0, 0, HOT_CORNER_PX, HOT_CORNER_PX)
        self.setAccessibleName("Staff only")
        self.timer = QTimer(self, singleShot=True, interval=round(LONG_PRESS_S * 1000))
        self.timer.timeout.connect(self.held)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # touch arrives as a synthesised mouse press
        self.timer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.timer.stop()
        event.accept()


class StatusLine(QWidget):
    """The top line: the kiosk's name, the languages, "Large text" and "High contrast", and a printer problem.
    Its left end stays empty: the staff corner is there."""

    def __init__(self, shell: KioskWindow) -> None:
        super().__init__(shell)
        self.shell = shell
        self.name = QLabel(shell.kiosk_name)
        self.problem = QLabel()
        self.problem.setProperty("role", "error")
        self.problem.hide()
        self.languages = {code: self._toggle(label, lambda _=False, c=code: shell.set_language(c))
                          for code, label in i18n.LANGUAGES.items()}  # each in its own language: not translated
        self.large = self._toggle("", lambda on: shell.set_large_text(bool(on)))
        self.contrast = self._toggle("", lambda on: shell.set_high_contrast(bool(on)))
        row = QHBoxLayout(self)
        row.setContentsMargins(HOT_CORNER_PX, 12, MARGIN_PX, 12)
        row.setSpacing(12)
        row.addWidget(self.name)
        row.addStretch(1)
        row.addWidget(self.problem)
        row.addStretch(1)
        for button in (*self.languages.values(), self.large, self.contrast):
            row.addWidget(button)
        self.retranslate()

    @staticmethod
    def _toggle(text: str, action: Callable[[bool], None]) -> QPushButton:
        button = QPushButton(text, checkable=True)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field being typed in keeps the focus
        button.clicked.connect(action)
        return button

    def refresh(self) -> None:
        for code, button in self.languages.items():
            button.setChecked(code == self.shell.language)
        self.large.setChecked(self.shell.large_text)
        self.contrast.setChecked(self.shell.high_contrast)

    def show_options(self, on: bool) -> None:
        """Hidden where the screen offers the same choices in big (the welcome screen): never twice."""
        for button in (*self.languages.values(), self.large, self.contrast):
            button.setVisible(on)

    def printer_problem(self, on: bool) -> None:
        self.problem.setVisible(on)

    def retranslate(self) -> None:
        self.large.setText(self.tr("Large text"))
        self.contrast.setText(self.tr("High contrast"))
        self.problem.setText(self.tr("The printer needs help: please ask at the desk"))
        for code, button in self.languages.items():
            button.setAccessibleName(self.tr("Language: {}").format(i18n.LANGUAGES[code]))
        self.refresh()


class PlaceholderScreen(Screen):
    """Stands in for a real screen (the shell's tests; ui/kiosk/screens.py not written yet): a title, some
    fields, a button to the next screen; it remembers the context it was entered with."""

    def __init__(self, shell: Shell, name: str, fields: tuple[str, ...] = (), next_screen: str = "") -> None:
        super().__init__(shell)
        self.name, self.next_screen = name, next_screen
        self.context: dict[str, Any] = {}
        self.title = QLabel(name.capitalize())
        self.title.setProperty("role", "title")
        self.fields = {f: QLineEdit(accessibleName=f.capitalize(), placeholderText=f.capitalize()) for f in fields}
        self.next = QPushButton(self.tr("Next"), accessibleName=self.tr("Next"))
        self.next.setProperty("role", "primary")
        self.next.clicked.connect(lambda: shell.go(next_screen or "welcome"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        for field in self.fields.values():
            field.setProperty("keyboard", "email" if "mail" in field.accessibleName().lower() else "text")
            layout.addWidget(field)
        layout.addStretch(1)
        layout.addWidget(self.next)

    def enter(self, **context: Any) -> None:
        self.context = context
        first = next(iter(self.fields.values()), None)
        if first is not None:
            self.shell.use_keyboard(first, str(first.property("keyboard")))

    def clear(self) -> None:
        self.context = {}
        for field in self.fields.values():
            field.clear()

    def retranslate(self) -> None:
        self.next.setText(self.tr("Next"))


def placeholder_screens(shell: Shell) -> list[Screen]:
    return [PlaceholderScreen(shell, "welcome", next_screen="form"),
            PlaceholderScreen(shell, "form", ("name", "email"), next_screen="welcome"),
            PlaceholderScreen(shell, "scanned")]


class KioskWindow(QWidget):
    """The kiosk. `left` after staff left with the admin PIN (the window is closed then)."""

    left = Signal()

    def __init__(self, store: Store, kiosk_name: str, day: int, printer: Printer | None = None,
                 runner: Runner = run_in_thread, screens: ScreenFactory | None = None, *,
                 receipt_printer: Printer | None = None, kiosk_mode: bool = False, language: str = "en",
                 idle_s: float = IDLE_S, countdown_s: float = COUNTDOWN_S,
                 translations: Path | None = None) -> None:
        super().__init__()
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.store, self.kiosk_name, self.day, self.runner = store, kiosk_name, day, runner
        self.actor = f"{ACTOR} @ {kiosk_name}"
        self.confirmation = Confirmation(store, kiosk_name)
        self.kiosk_mode, self.leaving = kiosk_mode, False
        self.run_dialog: DialogRunner = run_modal
        self.default_language, self.translations = language, translations
        self.language, self.large_text, self.high_contrast = i18n.SOURCE_LANGUAGE, False, False
        self._printing(printer, receipt_printer)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.hide()
        self.stack = QStackedWidget()
        # A stack is as tall as its tallest page; pages scroll, so let it give way to the docked keyboard
        # (six rows of keys on an email field) instead of squeezing the keys onto each other.
        self.stack.setMinimumHeight(240)
        self.keyboard.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.status = StatusLine(self)
        self.screens: dict[str, Screen] = {}
        self._build()
        self.hot_corner = HotCorner(self)
        self.hot_corner.held.connect(self.request_exit)
        QShortcut(QKeySequence("Ctrl+Shift+F12"), self, activated=self.request_exit)
        self.idle = IdleWatch(self, idle_s, countdown_s)
        self.idle.timed_out.connect(self.reset)
        self.idle.install()
        self.scan_filter = self._listen_to_scanner()
        for screen in (screens or default_screens)(self):
            self.add_screen(screen)
        if "welcome" not in self.screens:
            self.add_screen(placeholder_screens(self)[0])
        self.apply_style()
        self.set_language(language)
        self.go("welcome")

    # --- building -----------------------------------------------------------------------------------------

    def _printing(self, printer: Printer | None, receipt_printer: Printer | None) -> None:
        self.printer_url, _ = badge_printer(self.store, printer)
        given = {p.name: p for p in (printer, receipt_printer) if p is not None}
        self.receipt_url = (receipt_printer.name if receipt_printer is not None
                            else desk_printers(self.store.path.parent.parent).receipt)
        self.print_queue = PrintQueue(self.store, lambda url: given[url] if url in given else open_printer(url),
                                      self.runner, self)
        self.print_queue.changed.connect(self._print_changed)

    def _build(self) -> None:
        body = QVBoxLayout()
        body.setContentsMargins(MARGIN_PX, 0, MARGIN_PX, MARGIN_PX // 2)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.status)
        layout.addLayout(body, 1)
        layout.addWidget(self.keyboard)  # docked at the bottom; the screen above shrinks while it shows

    def _listen_to_scanner(self) -> ScanFilter:
        scan_filter = ScanFilter(self)  # lives as long as the window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(scan_filter)
        scan_filter.scanned.connect(self.on_scanned)
        return scan_filter

    def add_screen(self, screen: Screen) -> None:
        self.screens[screen.name] = screen
        self.stack.addWidget(screen)

    def start(self) -> None:
        """Show: full screen in kiosk mode, else as a window (trying it out at a desk)."""
        if self.kiosk_mode:
            self.showFullScreen()
        else:
            self.resize(1080, 1920 if self.screen().size().height() > 1920 else 1000)
            self.show()

    # --- the Shell ----------------------------------------------------------------------------------------

    @property
    def current(self) -> Screen:
        screen = self.stack.currentWidget()
        assert isinstance(screen, Screen)
        return screen

    def go(self, name: str, **context: Any) -> None:
        screen = self.screens.get(name)
        if screen is None:
            raise KeyError(f"no kiosk screen {name!r}")
        self.hide_keyboard()  # the next screen asks for it again for its own field
        self.stack.setCurrentWidget(screen)
        self.idle.set_active(name != "welcome")  # nothing to lose on the welcome screen
        self.status.show_options(not hasattr(screen, "languages"))
        screen.enter(**context)

    def reset(self) -> None:
        """Everything typed or chosen is forgotten; options back to the kiosk's own; the welcome screen."""
        for screen in self.screens.values():
            screen.clear()
        self.confirmation = Confirmation(self.store, self.kiosk_name)
        self.hide_keyboard()
        self.set_large_text(False)
        self.set_high_contrast(False)
        self.set_language(self.default_language)
        self.go("welcome")

    def use_keyboard(self, field: QLineEdit, kind: str = "text") -> None:
        self.keyboard.attach(field, kind)
        self.keyboard.show()
        field.setFocus()

    def hide_keyboard(self) -> None:
        self.keyboard.detach()
        self.keyboard.hide()

    def print_badge(self, attendee_id: str) -> str:
        try:
            self.print_queue.enqueue(attendee_id, self.printer_url, self.actor)
        except printing.ReprintNeedsReason:
            return self.tr("Your badge was printed before. Please ask at the desk for a new one.")
        except (print_queue.NotPrintable, LookupError):
            return self.tr("Your badge cannot be printed here. Please ask at the desk.")
        return self.tr("Your badge is printing.")

    def print_pay_slip(self, attendee_id: str) -> bool:
        if not self.receipt_url:
            return False
        try:
            self.print_queue.enqueue_pay_slip(attendee_id, self.receipt_url, self.actor)
        except LookupError:
            return False
        return True

    def set_language(self, code: str) -> None:
        app = QCoreApplication.instance()
        if app is None:
            return
        try:
            self.language = i18n.set_language(app, code, self.translations)
        except i18n.TranslationMissing:
            return  # the kiosk keeps speaking the language it spoke
        self.status.refresh()

    def set_large_text(self, on: bool) -> None:
        if on != self.large_text:
            self.large_text = on
            self.apply_style()
        self.status.refresh()

    def set_high_contrast(self, on: bool) -> None:
        if on != self.high_contrast:
            self.high_contrast = on
            self.apply_style()
        self.status.refresh()

    def apply_style(self) -> None:
        self.setStyleSheet(style_sheet(self.large_text, self.high_contrast))

    # --- scans and printers ---------------------------------------------------------------------------------

    def on_scanned(self, code: str) -> None:
        handler = getattr(self.current, "scanned", None)
        if callable(handler):
            handler(code)
        elif "scanned" in self.screens:
            self.go("scanned", code=code)

    def _print_changed(self, job: Job, warnings: tuple[str, ...]) -> None:
        """A printer that failed is said on the status line (in the attendee's words) until a job prints."""
        if job.state == "failed":
            self.status.printer_problem(True)
        elif job.state == "done":
            self.status.printer_problem(bool([j for j in print_queue.open_jobs(self.store) if j.state == "failed"]))

    # --- staying in kiosk mode ----------------------------------------------------------------------------

    def request_exit(self) -> None:
        """Staff: the admin PIN, then the kiosk closes. A wrong PIN or Cancel leaves it as it was."""
        dialog = PinDialog(self, self.store, "admin", self.actor, "leave kiosk mode")
        if self.run_dialog(dialog) and dialog.authorisation is not None:
            self.leave()

    def leave(self) -> None:
        self.leaving = True
        if self.close():
            self.left.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.leaving:  # Alt+F4, the window manager, a stray close(): the kiosk stays
            event.ignore()
            return
        self.idle.uninstall()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scan_filter)
        self.print_queue.timer.stop()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape or (event.key() == Qt.Key.Key_F4
                                                and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            event.accept()  # swallowed: neither leaves the kiosk
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.status.retranslate()
        super().changeEvent(event)
