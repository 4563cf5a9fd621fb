"""`zpl://HOST[:PORT]?dpi=203`: a badge on a Zebra (or ZPL-speaking) label printer over TCP, port 9100.

The badge goes as a picture, not as ZPL text: the printer's own fonts have no Arabic, CJK or most accents,
and a picture prints every script the badge renderer draws. The picture is cut into horizontal strips, one
`^GFA` graphic field each, because a single large graphic overruns what some firmwares (and zplkit, which the
tests render with) accept in one field. Plain ASCII hex, uncompressed: every ZPL II printer and clone reads it,
and a few hundred kB is nothing on a LAN. `encode(document)` makes the bytes without any printer;
`print_document` asks the printer's host status (`~HS`) first and refuses in words when it cannot print.
"""

from __future__ import annotations

import re
import socket
import time
import urllib.parse

from PIL import Image

from kiosk.devices import CONNECT_TIMEOUT_S, Document, PrinterError, PrinterStatus, Unconfirmed
from printers.net import resolve

DPIS = (203, 300, 600)
STRIP_BYTES = 24_000  # one ^GF field's data (zplkit renders at most 25 000 bytes per graphic)
CHUNK = 16_384  # bytes per write: each is bounded by the timeout, so a printer that stops reading is noticed
HOST_STATUS = b"~HS"
_FRAME = re.compile(rb"\x02([^\x02\x03]*)\x03")  # ~HS answers three lines, each STX … ETX CR LF


class ZplPrinter:
    def __init__(self, host: str, port: int = 9100, dpi: int = 203, *, timeout: float = CONNECT_TIMEOUT_S) -> None:
        if dpi not in DPIS:
            raise PrinterError(f"dpi={dpi}: Zebra printers print at {', '.join(map(str, DPIS))} dpi")
        self.host, self.port, self.dpi = host, port, dpi
        self.timeout = min(timeout, CONNECT_TIMEOUT_S)  # a dead printer must not hold a print worker
        self.name = f"zpl://{host}:{port}?dpi={dpi}"

    @classmethod
    def from_url(cls, url: str, *, timeout: float = CONNECT_TIMEOUT_S) -> ZplPrinter:
        parts = urllib.parse.urlsplit(url.strip())
        if parts.scheme.lower() != "zpl" or not parts.hostname:
            raise PrinterError(f"{url}: say which printer, e.g. zpl://192.168.1.60:9100?dpi=203")
        settings = {k: v[-1].strip() for k, v in urllib.parse.parse_qs(parts.query).items()}
        unknown = sorted(set(settings) - {"dpi"})
        if unknown:
            raise PrinterError(f"{url}: unknown setting {unknown[0]!r} (the only one is dpi=203, 300 or 600)")
        try:
            port, dpi = parts.port or 9100, int(settings.get("dpi", "203"))
        except ValueError:
            raise PrinterError(f"{url}: the port and dpi must be numbers, e.g. zpl://192.168.1.60:9100?dpi=300") \
                from None
        return cls(parts.hostname, port, dpi, timeout=timeout)

    def encode(self, document: Document) -> bytes:
        return label_zpl(document.raster(dpi=self.dpi, ink="black").layers["black"])

    def print_document(self, document: Document) -> str:
        data = self.encode(document)  # drawn before connecting: the printer is held only while bytes flow
        deadline = time.monotonic() + self.timeout  # connecting and the status reply share one timeout
        with self._connect() as sock:
            state = host_status_words(_ask_status(sock, deadline, self.timeout))
            if not state.ready:
                raise PrinterError(state.message)
            _send(sock, data, self.timeout)
            _drain(sock, min(self.timeout, 1.0))
        return Unconfirmed(f"{len(data)} bytes sent to {self.name}")

    def status(self) -> PrinterStatus:
        deadline = time.monotonic() + self.timeout
        try:
            with self._connect() as sock:
                return host_status_words(_ask_status(sock, deadline, self.timeout))
        except PrinterError as exc:
            return PrinterStatus(False, str(exc))

    def _connect(self) -> socket.socket:
        where = f"{self.host}:{self.port}"
        try:
            return socket.create_connection((resolve(self.host, self.timeout), self.port), timeout=self.timeout)
        except ConnectionRefusedError:
            raise PrinterError(f"printer does not answer (connection refused by {where}: is it switched on?)") \
                from None
        except TimeoutError:
            raise PrinterError(f"printer does not answer (no connection to {where} within {self.timeout:g} s)") \
                from None
        except socket.gaierror:
            raise PrinterError(f"printer does not answer (no computer called {self.host!r} on this network)") \
                from None
        except OSError as exc:
            raise PrinterError(f"printer does not answer ({where}: {exc.strerror or exc})") from exc


# --- the label ---------------------------------------------------------------------------------------------


def label_zpl(image: Image.Image) -> bytes:
    """One label the size of `image` (mode "1", 0 = ink): ^PW/^LL from its size, the picture in ^GFA strips."""
    width, height = image.size
    # ^GF prints set bits; PIL's mode "1" sets them for white. Inverting the image (not the bytes) keeps the
    # padding at the end of each row unset, so it stays white.
    ink = image.convert("1").point(lambda v: 0 if v else 255)
    row_bytes = (width + 7) // 8
    rows = max(1, STRIP_BYTES // row_bytes)
    # ^LH0,0 and ^PON undo a home or an upside-down print that an earlier job may have left set
    parts = [f"^XA^LH0,0^PON^PW{width}^LL{height}"]
    for top in range(0, height, rows):
        data = ink.crop((0, top, width, min(height, top + rows))).tobytes()
        parts.append(f"^FO0,{top}^GFA,{len(data)},{len(data)},{row_bytes},{data.hex().upper()}^FS")
    parts.append("^XZ\n")  # one label: ^PQ is per format and defaults to 1
    return "\n".join(parts).encode("ascii")


# --- the printer's answer ----------------------------------------------------------------------------------


def host_status_words(frames: list[list[str]]) -> PrinterStatus:
    """~HS line 1: aaa,b paper out,c pause,dddd,eee formats waiting,f buffer full,g,h,iii,j corrupt RAM,
    k under temperature,l over temperature; line 2: mmm,n,o head up,p ribbon out,q thermal transfer,r,s,
    t label waiting,…; line 3: password, static RAM."""
    first, second = frames[0], frames[1]
    problems = [word for word, on in (
        ("head open", _flag(second, 2)),
        ("paper out", _flag(first, 1)),
        ("ribbon out", _flag(second, 3) and _flag(second, 4)),  # a direct-thermal printer has no ribbon to run out
        ("paused", _flag(first, 2)),
        ("head too hot", _flag(first, 11)),
        ("head too cold", _flag(first, 10)),
        ("memory error: switch it off and on", _flag(first, 9)),
    ) if on]
    if problems:
        return PrinterStatus(False, ", ".join(problems))
    if _flag(second, 7):
        return PrinterStatus(True, "ready (a label waits to be taken off)")
    if _flag(first, 5):
        return PrinterStatus(True, "ready (busy: its buffer is full)")
    return PrinterStatus(True, "ready")


def _flag(fields: list[str], index: int) -> bool:
    return len(fields) > index and fields[index].strip() == "1"


def _ask_status(sock: socket.socket, deadline: float, timeout: float) -> list[list[str]]:
    _send(sock, HOST_STATUS, timeout)
    got = b""
    while len(_FRAME.findall(got)) < 3:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(left)
        try:
            chunk = sock.recv(1024)
        except TimeoutError:
            break
        except OSError as exc:
            raise PrinterError(f"printer does not answer (connection lost: {exc.strerror or exc})") from exc
        if not chunk:
            raise PrinterError("printer does not answer (it closed the connection)")
        got += chunk
    frames = [frame.decode("ascii", "replace").split(",") for frame in _FRAME.findall(got)]
    if len(frames) < 3:
        if not got:
            raise PrinterError(f"printer does not answer (connected, but no status reply within {timeout:g} s)")
        raise PrinterError("printer does not answer like a ZPL printer (its status reply makes no sense)")
    return frames


def _send(sock: socket.socket, data: bytes, timeout: float) -> None:
    start = 0
    try:
        for start in range(0, len(data), CHUNK):
            sock.settimeout(timeout)
            sock.sendall(data[start:start + CHUNK])
    except OSError as exc:
        partly = " part way: the label may be cut short" if start else ""
        raise PrinterError(f"printer does not answer (it stopped taking data{partly}: "
                           f"{exc.strerror or exc})") from exc


def _drain(sock: socket.socket, seconds: float) -> None:
    """After the last byte: half-close and read until the printer closes too. Closing a socket with unread bytes
    sends a reset, and a reset can throw away the end of the label still in our send buffer."""
    try:
        sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            sock.settimeout(left)
            if not sock.recv(4096):
                return
    except OSError:
        return
