"""Badge preview: the very PDF the printer would get, rendered by Qt's PDF module (PySide6-Addons)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from kiosk import printing

PREVIEW_WIDTH = 640


def render_pdf_page(pdf: bytes, width_px: int = PREVIEW_WIDTH) -> QImage:
    """The first page of `pdf` as an image `width_px` wide (aspect kept). Safe on a worker thread:
    the document lives and dies there, and a QImage (unlike a QPixmap) may cross threads."""
    from PySide6.QtPdf import QPdfDocument  # late: loads the PDF engine only when a preview is asked for

    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    size = document.pagePointSize(0)
    height = round(width_px * size.height() / size.width()) if size.width() else width_px
    image = document.render(0, QSize(width_px, height))
    document.close()
    return image


def proof_and_picture(job: printing.PrintPlan) -> tuple[printing.BadgeProof, QImage]:
    """For a worker: the badge's PDF, its warnings, and the PDF's page as a picture."""
    proof = printing.proof(job)
    return proof, render_pdf_page(proof.pdf)


class PreviewDialog(QDialog):
    """The badge, with what would go wrong on paper said in words above it (a box instead of a letter,
    text shrunk very small) and, in sticker mode, which dots to add."""

    def __init__(self, parent: QWidget | None, title: str, image: QImage, warnings: Sequence[str] = (),
                 stickers: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Badge preview — {title}")
        self.image = image  # the PDF's page, rendered on a worker (render_pdf_page)
        picture = QLabel()
        picture.setPixmap(QPixmap.fromImage(self.image))
        picture.setStyleSheet("background: white; border: 1px solid #9e9e9e;")
        self.warning_label = QLabel("\n".join(f"⚠ {w}" for w in warnings))
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #b71c1c; font-weight: bold; background: #ffebee; padding: 6px;")
        self.warning_label.setVisible(bool(warnings))
        self.sticker_label = QLabel("Add stickers: " + "; ".join(stickers))
        self.sticker_label.setWordWrap(True)
        self.sticker_label.setStyleSheet("background: #fff8e1; padding: 6px;")
        self.sticker_label.setVisible(bool(stickers))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning_label)
        layout.addWidget(picture)
        layout.addWidget(self.sticker_label)
        layout.addWidget(buttons)
