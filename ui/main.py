"""The `kiosk` console script: a sub-command goes to the CLI (no Qt imported), none opens the desk."""

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
        elif arg in ("--data-dir", "--event"):
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
    options, qt_args = parser.parse_known_args(args)
    from ui.app import run_app  # Qt is imported only now

    return run_app(options.data_dir, options.event, qt_args)


if __name__ == "__main__":
    sys.exit(main())
