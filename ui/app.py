"""Building the Qt application: open (or create) the event on a worker, name the desk, start the shift."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox

from kiosk.demo import install_demo
from kiosk.desk import InvalidName, Shift, desk_name, set_desk_name, start_shift
from kiosk.session import DEMO_SLUG, NoEvent, data_folder, open_store
from kiosk.store import Store
from ui.desk import dialogs
from ui.desk.window import DeskWindow
from ui.scan_filter import ScanFilter
from ui.tasks import Runner, run_in_thread

NameAsker = Callable[[str, str], str | None]  # (title, question) -> answer, None when cancelled


def open_or_create(data_dir: str | None, event: str | None) -> Store:
    """The chosen event; on a first start (no event at all) the bundled demo event, imported."""
    try:
        return open_store(data_dir, event)
    except NoEvent:
        if event is not None:
            raise
    store = open_store(data_dir, DEMO_SLUG, create=True)
    install_demo(store)
    return store


class Launcher:
    """Shows "Opening…" at once, opens the store on a worker, then asks who is at the desk."""

    def __init__(self, data_dir: str | None, event: str | None, runner: Runner = run_in_thread,
                 ask_name: NameAsker | None = None) -> None:
        self.data_dir, self.event = data_dir, event
        self.window: DeskWindow | None = None
        self.first_pins: QDialog | None = None
        self.splash = QLabel("Opening the event…")
        self.splash.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.splash.resize(480, 160)
        self.ask_name: NameAsker = ask_name or (lambda title, question: dialogs.ask_name(self.splash, title, question))
        self.splash.show()
        runner(lambda: open_or_create(data_dir, event), self._opened)

    def _opened(self, store: Store | None, error: BaseException | None) -> None:
        if error is not None or store is None:
            QMessageBox.critical(self.splash, "Cannot open the event", str(error))
            self.splash.close()
            return
        store.close()  # the worker's connection; the window opens its own on the UI thread
        folder = data_folder(self.data_dir)
        try:
            if desk_name(folder) is None:
                set_desk_name(folder, self._ask("Name this desk", "This desk is called (e.g. \"Desk 2\"):"))
            shift = start_shift(folder, self._ask("Who is at the desk?", "Your name, volunteer:"))
        except (InvalidName, _Cancelled):
            self.splash.close()
            return
        # The worker has just run the integrity check on this file; the UI's own connection skips it.
        self.window = DeskWindow(open_store(self.data_dir, self.event or None, check=False), shift)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.scan_filter = ScanFilter(self.window)  # lives as long as the desk window
            app.installEventFilter(self.scan_filter)
            self.window.listen_to_scanner(self.scan_filter)
        self.window.resize(1366, 768)
        self.window.show()
        self.splash.close()
        QTimer.singleShot(0, lambda: self._ask_first_pins(shift))  # after the desk has painted

    def _ask_first_pins(self, shift: Shift) -> None:
        """First start of the event: the treasurer and admin PINs, over the desk and not blocking it ("Later")."""
        from ui.settings.pins import FirstPinsDialog, needs_first_pins

        assert self.window is not None
        if needs_first_pins(self.window.store):
            self.first_pins = FirstPinsDialog(self.window, self.window.store, shift.actor)
            self.first_pins.show()

    def _ask(self, title: str, question: str) -> str:
        answer = self.ask_name(title, question)
        if answer is None:
            raise _Cancelled
        return answer


class _Cancelled(Exception):
    pass


def run_app(data_dir: str | None, event: str | None, qt_args: Sequence[str]) -> int:
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("Conference kiosk")
    launcher = Launcher(data_dir, event)  # noqa: F841 - owns the windows while the app runs
    return app.exec()
