"""What the core knows of printers: the Printer protocol, what is printed (a Document), and printer status.

Backends live in `printers/`, one module per protocol, opened from a URL by `printers.open_printer` (only
the faces, ui/ and kiosk/cli.py, do that). A backend gets a Document and asks it for what its protocol
carries: a PDF (pdf://, cups://) or a 1-bit raster at its own dpi (brother-ql://, zpl://, escpos://).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:  # Pillow and reportlab load when a badge is first drawn, not when the desk starts
    from kiosk.attendees import Attendee
    from kiosk.badges.compose import Composition
    from kiosk.badges.raster import Raster
    from kiosk.config import EventConfig

CONNECT_TIMEOUT_S = 5.0  # a dead printer must not hold a job (or a worker) for long


class Unconfirmed(str):
    """A confirmation that only says the printer took every byte (ZPL, ESC/POS, a silent Brother): the
    badge is recorded as printed (sending it again would make a second one), and a person is asked to look."""


NOT_CONFIRMED = "not confirmed by the printer: "  # how an Unconfirmed confirmation is stored and shown


class PrinterError(Exception):
    """The printer did not take the job; the message says why in words a volunteer understands
    ("paper out", "cover open", "printer does not answer")."""


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    ready: bool
    message: str  # in words: "ready", "paper out", "cover open", "offline: connection refused"


class Document(Protocol):
    title: str

    def pdf(self) -> bytes:
        """The document as a PDF, page size = the label's."""
        ...

    def raster(self, dpi: int, ink: str = "black", rotate: int = 0) -> Raster:
        """The document as 1-bit layers at `dpi` ("black", and "red" for ink="black-red")."""
        ...


@runtime_checkable
class FlowingDocument(Protocol):
    """A document laid out again for a roll's width (a receipt) rather than scaled to it (a badge): on a
    58 mm roll its text keeps its size. Roll printers (ESC/POS) ask for this form when a document has it."""

    def roll_raster(self, dpi: int, width_dots: int) -> Raster: ...


class Printer(Protocol):
    name: str  # the printer's URL: recorded in `badge.printed`, shown on the desk

    def print_document(self, document: Document) -> str:
        """Print and return the printer's confirmation (a job id, a file path), or an Unconfirmed one when the
        protocol cannot tell that the badge came out; raise PrinterError when it did not print."""
        ...

    def status(self) -> PrinterStatus:
        """What the printer says of itself right now (bounded by CONNECT_TIMEOUT_S)."""
        ...


@dataclass(slots=True)
class BadgeDocument:
    """One attendee's badge, composed once and drawn in whatever form the printer wants."""

    attendee: Attendee
    config: EventConfig
    title: str = ""
    _composition: Composition | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.title = self.title or f"badge {self.attendee.code} {self.attendee.name}"

    @property
    def composition(self) -> Composition:
        if self._composition is None:
            from kiosk.badges.compose import compose

            self._composition = compose(self.attendee, self.config, self.config.badge_layout())
        return self._composition

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.composition.warnings

    def pdf(self) -> bytes:
        from kiosk.badges.pdf import composition_pdf

        return composition_pdf(self.composition, f"Badge — {self.attendee.name}")

    def raster(self, dpi: int, ink: str = "black", rotate: int = 0) -> Raster:
        from kiosk.badges.raster import rasterise

        composition = self.composition if ink == self.composition.ink else self._recomposed(ink)
        return rasterise(composition, dpi, rotate)

    def _recomposed(self, ink: str) -> Composition:
        from kiosk.badges.compose import compose

        return compose(self.attendee, self.config, self.config.badge_layout(), ink=ink)
