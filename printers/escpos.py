"""`escpos://HOST[:PORT]?paper=80`, `escpos+usb://VID:PID?paper=58`, `escpos+serial:///dev/ttyUSB0?baudrate=19200`:
a badge on an ESC/POS receipt printer, sent as a raster image (GS v 0) and cut.

Never as text: python-escpos sends non-Latin text in a code page that garbles it, and a badge is all names.
`encode(document)` builds the exact bytes with python-escpos's Dummy printer, touching no device, so it can be
timed and tested alone; `print_document` asks the printer's real-time status (DLE EOT) first, then sends them.
Settings: paper=58|80 (mm, default 80), status=on|off (off for a printer behind a one-way forwarder that never
answers), baudrate= (serial, default 9600), in_ep= / out_ep= (USB endpoints in hex, when not 82 / 01).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import socket
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from PIL import Image

from kiosk.devices import CONNECT_TIMEOUT_S, Document, FlowingDocument, PrinterError, PrinterStatus, Unconfirmed
from kiosk.paths import APP_NAME
from printers.net import resolve

PICKLE_DIR_ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def _import_escpos_quietly() -> None:
    """Import python-escpos 3.1 without its import-time side effects (escpos/capabilities.py):
    `environ.get(PICKLE_DIR_ENV, mkdtemp())` makes a temp folder on every import even when the variable is set
    (the default is evaluated first), and `logging.basicConfig()` would take over the desk's root logger."""
    if "escpos.capabilities" in sys.modules:
        return
    default = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)) / "escpos"
    cache = Path(os.environ.setdefault(PICKLE_DIR_ENV, str(default)))
    try:
        cache.mkdir(parents=True, exist_ok=True)  # escpos writes its pickle there and fails if it is missing
    except OSError:  # read-only home: one fixed folder, reused, rather than a new one per start
        cache = Path(tempfile.gettempdir()) / f"{APP_NAME}-escpos"
        cache.mkdir(exist_ok=True)
        os.environ[PICKLE_DIR_ENV] = str(cache)
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(*args: Any, **kwargs: Any) -> Any:
        if sys._getframe(1).f_globals.get("__name__") == "escpos.capabilities":
            return str(cache)  # the discarded default: no folder made; anyone else gets a real one
        return real_mkdtemp(*args, **kwargs)

    root = logging.getLogger()
    handlers = list(root.handlers)
    tempfile.mkdtemp = mkdtemp  # type: ignore[assignment,unused-ignore]
    try:
        importlib.import_module("escpos.printer")
    finally:
        tempfile.mkdtemp = real_mkdtemp
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)


_import_escpos_quietly()

from escpos.capabilities import Profile  # noqa: E402  (only after the import above has been made quiet)
from escpos.escpos import Escpos  # noqa: E402
from escpos.exceptions import DeviceNotFoundError  # noqa: E402
from escpos.exceptions import Error as EscposError  # noqa: E402
from escpos.printer import Dummy, Network, Serial, Usb  # noqa: E402

DPI = 203
PAPER_DOTS = {58: 384, 80: 576}  # printable dots across 58 / 80 mm rolls at 203 dpi
BAND_ROWS = 255  # rows per GS v 0, to be safe with simple printers: yH stays 0, one command ≤ 18 kB
CHUNK = 4096  # bytes per write: each write is bounded by the timeout, so a printer that stops taking data is noticed
BAUDRATES = (2400, 4800, 9600, 19200, 38400, 57600, 115200)
SCHEMES = ("escpos", "escpos+usb", "escpos+serial")
STATUS_QUERIES = b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"  # DLE EOT 1 (printer), 2 (offline cause), 4 (paper)
ERROR_QUERY = b"\x10\x04\x03"  # DLE EOT 3: what the error is, asked only when there is one


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # "network" (host, port), "usb" (vendor, product, in_ep, out_ep) or "serial" (device, baudrate)
    host: str = ""
    port: int = 9100
    vendor: int = 0
    product: int = 0
    in_ep: int = 0x82
    out_ep: int = 0x01
    device: str = ""
    baudrate: int = 9600


class EscposPrinter:
    def __init__(self, target: Target, paper: int = 80, *, check_status: bool = True, name: str = "",
                 timeout: float = CONNECT_TIMEOUT_S) -> None:
        if paper not in PAPER_DOTS:
            raise PrinterError(f"paper={paper}: ESC/POS rolls are 58 or 80 mm wide")
        self.target, self.paper, self.check_status = target, paper, check_status
        self.timeout = min(timeout, CONNECT_TIMEOUT_S)  # a dead printer must not hold a print worker
        self.name = name or f"escpos://{target.host}:{target.port}?paper={paper}"

    @classmethod
    def from_url(cls, url: str, *, timeout: float = CONNECT_TIMEOUT_S) -> EscposPrinter:
        parts = urllib.parse.urlsplit(url.strip())
        settings = _settings(url, parts.query, {"paper", "status", "baudrate", "in_ep", "out_ep"})
        paper = _number(url, settings.get("paper", "80"), "paper", "58 or 80")
        check = settings.get("status", "on")
        if check not in ("on", "off"):
            raise PrinterError(f"{url}: status={check}? Say status=on or status=off")
        target = _target(url, parts, settings)
        return cls(target, paper, check_status=check == "on", name=url.strip(), timeout=timeout)

    def encode(self, document: Document) -> bytes:
        """The exact bytes for the printer: reset, the badge as GS v 0 bands across the roll, feed, cut."""
        return raster_bytes(badge_image(document, PAPER_DOTS[self.paper]))

    def print_document(self, document: Document) -> str:
        data = self.encode(document)  # drawn before connecting: the printer is held only while bytes flow
        deadline = time.monotonic() + self.timeout  # connecting and the status reply share one timeout
        link = _Link.open(self.target, self.timeout)
        try:
            if self.check_status:
                state = link.status(deadline)
                if not state.ready:
                    raise PrinterError(state.message)
            link.write(data)
            link.finish()
        finally:
            link.close()
        return Unconfirmed(f"{len(data)} bytes sent to {self.name}")

    def status(self) -> PrinterStatus:
        deadline = time.monotonic() + self.timeout
        try:
            link = _Link.open(self.target, self.timeout)
            try:
                if not self.check_status:
                    return PrinterStatus(True, "connected (status=off: the printer is not asked about paper)")
                return link.status(deadline)
            finally:
                link.close()
        except PrinterError as exc:
            return PrinterStatus(False, str(exc))


# --- the picture -------------------------------------------------------------------------------------------


def badge_image(document: Document, width: int) -> Image.Image:
    """The badge as a mode "1" image `width` dots wide, turned when that prints it larger. It is drawn again at
    the dpi that fills the roll: resampled, a 1-bit QR code gets uneven modules; redrawn, they stay whole dots.
    A receipt flows to the roll instead, at the printer's dpi: on a 58 mm roll its text keeps its size."""
    if isinstance(document, FlowingDocument):
        return _fit_width(document.roll_raster(DPI, width).layers["black"], width)
    probe = document.raster(dpi=DPI, ink="black").layers["black"]
    turn = probe.height < probe.width  # landscape: its short side across the roll makes it bigger
    across = probe.height if turn else probe.width
    dpi = DPI if across == width else int(DPI * width / across)  # floored: a dot too narrow, never too wide
    image = probe if dpi == DPI else document.raster(dpi=dpi, ink="black").layers["black"]
    if turn:
        image = image.transpose(Image.Transpose.ROTATE_90)
    return _fit_width(image, width)


def _fit_width(image: Image.Image, width: int) -> Image.Image:
    if image.width > width:  # rounding of mm to dots: at most a dot or two
        image = image.resize((width, max(1, round(image.height * width / image.width))), Image.Resampling.NEAREST)
    out = Image.new("1", (width, image.height), 255)
    out.paste(image, ((width - image.width) // 2, 0))  # centred on the roll
    return out


def raster_bytes(image: Image.Image) -> bytes:
    printer = Dummy(profile=_profile(image.width))
    printer.hw("INIT")  # ESC @: whatever mode a previous job left behind is gone
    for top in range(0, image.height, BAND_ROWS):  # bands cut here: python-escpos would convert the whole too
        printer.image(image.crop((0, top, image.width, min(image.height, top + BAND_ROWS))), impl="bitImageRaster")
    printer.cut()  # feeds the badge past the cutter first
    return bytes(printer.output)


def _profile(width: int) -> Profile:
    """The default profile with the roll's width, on this instance only: without a width python-escpos prints a
    warning to stdout on every image; with it, an image too wide raises instead of printing cut off."""
    profile = Profile(features=dict(Profile.profile_data["features"]))  # Profile() alone would drop the cutter
    media = {"dpi": DPI, "width": {"pixels": width, "mm": round(width * 25.4 / DPI, 1)}}
    profile.profile_data = {**Profile.profile_data, "media": media}
    return profile


# --- the connection ----------------------------------------------------------------------------------------


class _Link:
    """One open connection through a python-escpos printer object, with every wait bounded."""

    def __init__(self, printer: Escpos, target: Target, timeout: float) -> None:
        self.printer, self.target, self.timeout = printer, target, timeout

    @classmethod
    def open(cls, target: Target, timeout: float) -> _Link:
        try:
            printer = _escpos_printer(target, timeout)
            printer.open()
        except (EscposError, OSError, ValueError, RuntimeError) as exc:
            raise PrinterError(_unreachable(exc, target, timeout)) from exc
        link = cls(printer, target, timeout)
        link._bound(timeout)
        return link

    def status(self, deadline: float) -> PrinterStatus:
        """Ask DLE EOT 1, 2 and 4 in one write (each is answered by one byte, in order), and 3 if needed."""
        self.write(STATUS_QUERIES)
        online, cause, paper = self._read(3, deadline)[:3]
        error = 0
        if cause & 0x40:
            self.write(ERROR_QUERY)
            error = self._read(1, deadline)[0]
        return status_words(online, cause, paper, error)

    def write(self, data: bytes) -> None:
        start = 0
        try:
            for start in range(0, len(data), CHUNK):
                self._bound(self.timeout)
                self.printer._raw(data[start:start + CHUNK])
        except (OSError, EscposError) as exc:
            sent = "" if start == 0 else " part way: the badge may be cut short"
            raise PrinterError(f"printer does not answer (it stopped taking data{sent}: {_reason(exc)})") from exc

    def _read(self, count: int, deadline: float) -> bytes:
        got = b""
        while len(got) < count and (left := deadline - time.monotonic()) > 0:
            self._bound(left)
            try:
                chunk = self._read_some()
            except OSError:
                break
            if not chunk and self.target.kind == "network":
                raise PrinterError("printer does not answer (it closed the connection)")
            got += chunk
        if len(got) < count:
            raise PrinterError(f"printer does not answer (connected, but no status reply within {self.timeout:g} s)")
        return got

    def _read_some(self) -> bytes:
        device = self.printer.device
        if self.target.kind == "serial":  # python-escpos reads 16 bytes, which waits out the timeout for 1
            return bytes(device.read(max(1, device.in_waiting)))
        return bytes(self.printer._read())

    def _bound(self, seconds: float) -> None:
        """Every wait on the device ends after `seconds`; each transport says so in its own way."""
        device = self.printer.device
        if self.target.kind == "network":
            device.settimeout(seconds)
        elif self.target.kind == "serial":
            device.timeout = device.write_timeout = seconds
        else:
            self.printer.timeout = device.default_timeout = max(1, int(seconds * 1000))

    def finish(self) -> None:
        """After the last byte of a job: on a network, half-close and read until the printer closes too, because
        closing a socket with unread bytes sends a reset that can throw away the end of the badge."""
        if self.target.kind == "network":
            _drain(self.printer.device, min(self.timeout, 1.0))

    def close(self) -> None:
        with contextlib.suppress(OSError, EscposError):  # the bytes are out or the error is already said
            self.printer.close()


def _escpos_printer(target: Target, timeout: float) -> Escpos:
    if target.kind == "network":
        return Network(resolve(target.host, timeout), target.port, timeout=timeout)  # its default would be 60 s
    if target.kind == "usb":  # pyusb counts milliseconds
        return Usb(target.vendor, target.product, timeout=int(timeout * 1000), in_ep=target.in_ep,
                   out_ep=target.out_ep)
    return Serial(target.device, target.baudrate, timeout=timeout)  # RuntimeError when pyserial is missing


def _drain(sock: Any, seconds: float) -> None:
    """Half-close, then read (and drop) whatever the printer still says until it closes or `seconds` pass."""
    deadline = time.monotonic() + seconds
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_WR)  # the printer sees the end of the job
        while (left := deadline - time.monotonic()) > 0:
            sock.settimeout(left)
            if not sock.recv(4096):
                return


# --- status in words ---------------------------------------------------------------------------------------


def status_words(online: int, cause: int, paper: int, error: int = 0) -> PrinterStatus:
    """DLE EOT 1 (bit 3 offline), 2 (bit 2 cover open, 3 feed button, 5 stopped at paper end, 6 error),
    4 (bits 2-3 paper near end, bits 5-6 paper end) and 3 (bit 3 cutter, 5 unrecoverable, 6 auto-recoverable)."""
    problems = []
    if cause & 0x04:
        problems.append("cover open")
    if paper & 0x60 or cause & 0x20:
        problems.append("paper out")
    if cause & 0x40:
        problems.append(_error_words(error))
    if problems:
        return PrinterStatus(False, ", ".join(problems))
    if online & 0x08:
        return PrinterStatus(False, "offline (paper is being fed)" if cause & 0x08 else "offline")
    return PrinterStatus(True, "ready, paper running low" if paper & 0x0C else "ready")


def _error_words(error: int) -> str:
    words = {0x08: "cutter jammed", 0x20: "printer error: switch it off and on",
             0x40: "printer error (head too hot?): it recovers by itself"}
    return next((text for bit, text in words.items() if error & bit), "printer error")


def _unreachable(exc: BaseException, target: Target, timeout: float) -> str:
    """Why the printer could not be opened, in words; python-escpos wraps the OSError it caught."""
    cause = exc.__context__ if isinstance(exc, DeviceNotFoundError) and exc.__context__ else exc
    if target.kind == "network":
        where = f"{target.host}:{target.port}"
        if isinstance(cause, ConnectionRefusedError):
            return f"printer does not answer (connection refused by {where}: is it switched on?)"
        if isinstance(cause, TimeoutError):
            return f"printer does not answer (no connection to {where} within {timeout:g} s)"
        if isinstance(cause, socket.gaierror):
            return f"printer does not answer (no computer called {target.host!r} on this network)"
        return f"printer does not answer ({where}: {_reason(cause)})"
    if isinstance(cause, RuntimeError):  # python-escpos says a driver package is missing
        package = "pyserial" if target.kind == "serial" else "pyusb"
        return f"{target.kind} ESC/POS printers need the {package} package, which is not installed here"
    if target.kind == "usb":
        usb_id = f"{target.vendor:04x}:{target.product:04x}"
        if isinstance(cause, OSError) and cause.strerror:  # found, but e.g. no permission
            return f"printer does not answer (USB printer {usb_id}: {_reason(cause)})"
        return f"printer does not answer (USB printer {usb_id} not found: is it plugged in and switched on?)"
    return f"printer does not answer (cannot open {target.device}: {_reason(cause)})"


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())  # python-escpos's messages carry line breaks


# --- the URL -----------------------------------------------------------------------------------------------


def _target(url: str, parts: urllib.parse.SplitResult, settings: dict[str, str]) -> Target:
    scheme = parts.scheme.lower()
    if scheme == "escpos":
        try:
            port = parts.port or 9100
        except ValueError:
            port = 0
        if not parts.hostname or not port:
            raise PrinterError(f"{url}: say which printer, e.g. escpos://192.168.1.50:9100?paper=80")
        return Target("network", host=parts.hostname, port=port)
    if scheme == "escpos+usb":
        ids = [_hex(url, i) for i in parts.netloc.split(":")]
        if len(ids) != 2 or not all(ids):
            raise PrinterError(f"{url}: give the USB vendor and product ids in hex, e.g. escpos+usb://04b8:0202")
        return Target("usb", vendor=ids[0], product=ids[1], in_ep=_hex(url, settings.get("in_ep", "82")),
                      out_ep=_hex(url, settings.get("out_ep", "01")))
    if scheme == "escpos+serial":
        device = urllib.parse.unquote(parts.netloc + parts.path)
        baudrate = _number(url, settings.get("baudrate", "9600"), "baudrate", "e.g. 9600 or 19200")
        if not device or baudrate not in BAUDRATES:
            raise PrinterError(f"{url}: say which serial port and speed, e.g. escpos+serial:///dev/ttyUSB0?"
                               f"baudrate=19200 (one of {', '.join(map(str, BAUDRATES))})")
        return Target("serial", device=device, baudrate=baudrate)
    raise PrinterError(f"{url}: not an ESC/POS address (use {', '.join(s + '://' for s in SCHEMES)})")


def _settings(url: str, query: str, known: set[str]) -> dict[str, str]:
    """The URL's settings; a misspelt one is an error, not silently the default."""
    settings = {k: v[-1].strip().lower() for k, v in urllib.parse.parse_qs(query).items()}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise PrinterError(f"{url}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(known))})")
    return settings


def _number(url: str, text: str, what: str, hint: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise PrinterError(f"{url}: {what}={text}? It must be a number ({hint})") from None


def _hex(url: str, text: str) -> int:
    try:
        return int(text, 16)
    except ValueError:
        raise PrinterError(f"{url}: USB ids and endpoints are hexadecimal, e.g. 04b8:0202 or in_ep=81") from None
