"""Collect the kiosk's texts into the translation sources: pyside6-lupdate over ui/kiosk/*.py.

    .venv/bin/python ui/kiosk/i18n/update.py            # every kiosk_*.ts in this folder (kiosk_de.ts at least)
    .venv/bin/python ui/kiosk/i18n/update.py fr         # also start kiosk_fr.ts

New texts arrive marked "unfinished"; texts no longer in the code become "obsolete" (kept, so a translation
comes back if the text does). Translate them in Qt Linguist (`pyside6-linguist ui/kiosk/i18n/kiosk_de.ts`) or
by hand; the kiosk compiles the .ts itself at start (ui/kiosk/i18n.py), so nothing else needs to run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import PySide6

FOLDER = Path(__file__).resolve().parent
SOURCES = FOLDER.parent  # ui/kiosk


def lupdate() -> Path:
    tool = Path(PySide6.__file__).resolve().parent / ("lupdate.exe" if sys.platform == "win32" else "lupdate")
    return tool


def main(languages: list[str]) -> int:
    targets = sorted({*FOLDER.glob("kiosk_*.ts"), *(FOLDER / f"kiosk_{code}.ts" for code in languages)})
    if not targets:
        targets = [FOLDER / "kiosk_de.ts"]
    python_files = sorted(str(p) for p in SOURCES.glob("*.py"))
    command = [str(lupdate()), "-locations", "none", *python_files, "-ts", *(str(t) for t in targets)]
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
