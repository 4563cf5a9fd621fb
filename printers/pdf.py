"""`pdf:///folder`: every badge becomes a PDF file in a folder (the demo's printer, and "print to sheet")."""

from __future__ import annotations

import os
import re
from pathlib import Path

from kiosk.printing import PrinterError

_UNSAFE = re.compile(r"[^\w.-]+")


class PdfFolderPrinter:
    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.name = f"pdf://{self.folder}"

    def print_pdf(self, pdf: bytes, job_name: str) -> str:
        """Write atomically (a half-written badge file never appears); the path is the confirmation."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            stem = _UNSAFE.sub("_", job_name).strip("_")[:80] or "badge"
            target = self._free_name(stem)
            partial = target.with_suffix(".part")
            with open(partial, "wb") as handle:
                handle.write(pdf)
                handle.flush()
                os.fsync(handle.fileno())
            partial.replace(target)
        except OSError as exc:
            raise PrinterError(f"cannot write the badge to {self.folder}: {exc.strerror or exc}") from exc
        return str(target)

    def _free_name(self, stem: str) -> Path:
        candidate = self.folder / f"{stem}.pdf"
        number = 2
        while candidate.exists():
            candidate = self.folder / f"{stem}-{number}.pdf"
            number += 1
        return candidate
