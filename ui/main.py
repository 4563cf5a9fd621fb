"""The `kiosk` console script: a sub-command goes to the CLI (no Qt imported), none opens the desk, and
`--self-service [--kiosk-name NAME]` opens the attendees' self-service kiosk full screen (no volunteer asked)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _wants_cli(argv: Sequence[str]) -> bool:
    if any(a in ("-h", "--help") for a in argv):
        return True
    skip_value = False
    for arg in argv:
        if skip_value:
            skip_value = False
        elif arg in ("--data-dir", "--event", "--kiosk-name"):
            skip_value = True
        elif not arg.startswith("-"):
            return True  # a sub-command, or an unknown word the CLI will explain
    return False


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if _wants_cli(args):
        from kiosk.cli import main as cli_main

        return cli_main(args)
    parser = argparse.ArgumentParser(prog="kiosk")
    parser.add_argument("--data-dir")
    parser.add_argument("--event")
    parser.add_argument("--self-service", action="store_true")
    parser.add_argument("--kiosk-name")
    options, qt_args = parser.parse_known_args(args)
    if options.self_service:
        return run_self_service(options.data_dir, options.event, options.kiosk_name, qt_args)
    from ui.app import run_app  # Qt is imported only now

    return run_app(options.data_dir, options.event, qt_args)


def run_self_service(data_dir: str | None, event: str | None, kiosk_name: str | None,
                     qt_args: Sequence[str]) -> int:
    """The kiosk full screen on the active event, named after this desk (or "Kiosk"). It refuses to start
    without an admin PIN: that PIN is the only way out of kiosk mode."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from kiosk import pins
    from kiosk.desk import InvalidName, clean_name, desk_name
    from kiosk.session import data_folder
    from ui.app import open_or_create
    from ui.kiosk.shell import KioskWindow

    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("Conference kiosk")
    # Opened here, before any window: nothing on screen yet that could freeze while the file is checked.
    store = open_or_create(data_dir, event)
    try:
        name = clean_name(kiosk_name or desk_name(data_folder(data_dir)) or "Kiosk", "kiosk")
    except InvalidName as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    if not pins.has_pin(store, "admin"):
        message = "Set the admin PIN at a desk first (More ▾ → “PINs…”): it is the only way to leave kiosk mode."
        print(f"kiosk: {message}", file=sys.stderr)
        QMessageBox.critical(None, "Kiosk mode needs the admin PIN", message)
        return 2
    config = store.config()
    window = KioskWindow(store, name, config.day_of(config.today()) or 1, kiosk_mode=True)
    window.left.connect(app.quit)
    window.start()
    try:
        return app.exec()
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
