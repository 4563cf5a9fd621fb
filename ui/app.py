"""Building the Qt application: open (or create) the event, then show the attendee window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk.demo import install_demo
from kiosk.session import DEMO_SLUG, NoEvent, open_store
from kiosk.store import Store
from ui.attendee_list import AttendeeWindow
from ui.tasks import Runner, run_in_thread


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


def start_window(data_dir: str | None, event: str | None, runner: Runner = run_in_thread) -> AttendeeWindow:
    """Show the window at once; the store is opened (and the demo imported) on a worker."""
    window = AttendeeWindow()

    def opened(store: Store | None, error: BaseException | None) -> None:
        if error is not None or store is None:
            QMessageBox.critical(window, "Cannot open the event", str(error))
            return
        store.close()  # the worker's connection; the window opens its own on the UI thread
        window.attach(open_store(data_dir, event or None))

    runner(lambda: open_or_create(data_dir, event), opened)
    return window


def run_app(data_dir: str | None, event: str | None, qt_args: Sequence[str]) -> int:
    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("Conference kiosk")
    window = start_window(data_dir, event)
    window.resize(1280, 760)
    window.show()
    return app.exec()
