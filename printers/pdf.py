"""`pdf:///folder`: every badge becomes a PDF file in a folder (the demo's printer, and "print to sheet")."""

from __future__ import annotations

import os
import re
import urllib.parse
from pathlib import Path

from kiosk.devices import Document, PrinterError, PrinterStatus

_UNSAFE = re.compile(r"[^\w.-]+")


class PdfFolderPrinter:
    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self.name = f"pdf://{self.folder}"

    @classmethod
    def from_url(cls, url: str) -> PdfFolderPrinter:
        parts = urllib.parse.urlsplit(url)
        path = urllib.parse.unquote(parts.netloc + parts.path)
        if not path:
            raise PrinterError(f"{url}: say which folder, e.g. pdf:///home/desk/badges")
        return cls(Path(path).expanduser())

    def print_document(self, document: Document) -> str:
        return self.print_pdf(document.pdf(), document.title)

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

    def status(self) -> PrinterStatus:
        if self.folder.is_dir() and os.access(self.folder, os.W_OK):
            return PrinterStatus(True, "ready")
        if not self.folder.exists() and os.access(self.folder.parent if self.folder.parent.exists() else "/",
                                                  os.W_OK):
            return PrinterStatus(True, "ready (the folder is made on the first badge)")
        return PrinterStatus(False, f"cannot write to {self.folder}")

    def _free_name(self, stem: str) -> Path:
        candidate = self.folder / f"{stem}.pdf"
        number = 2
        while candidate.exists():
            candidate = self.folder / f"{stem}-{number}.pdf"
            number += 1
        return candidate
