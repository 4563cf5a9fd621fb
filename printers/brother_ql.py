"""Brother QL label printers (QL-820NWB, QL-1110NWB on the LAN; QL-700/800 on USB) in their raster language.

    brother-ql://HOST[:PORT]?model=QL-820NWB&label=62[&red=1]      port 9100 by default
    brother-ql+usb://VID:PID?model=QL-800&label=62x100              e.g. 04f9:209d, through pyusb + libusb

`model` and `label` are brother-ql-next's names (labels: 62, 62red, 62x100, 29x90, 102, d24, …). `red=1` prints
bands and interest markers in red on black/red tape (62red) and needs a two-colour model (QL-8xx); `label=62red`
implies it, `red=0` prints black only on that tape.

The picture: the badge is drawn (not resampled: resampling a 1-bit picture smears QR modules) at the dpi that
makes it fill the label's printable width, turned the way that prints it largest, then brother-ql-next's
`convert` builds the raster. `encode()` gives those bytes without talking to anyone, so they can be timed.

What counts as printed (the confirmation rule):
1. Connect within `timeout` (at most CONNECT_TIMEOUT_S). Refused or unreachable → PrinterError "offline: …".
2. Send the status probe (invalidate + initialise + ESC i S) and wait `status_wait` for the 32-byte reply.
   A reply with an error, no media, other labels than the address names, or another model → PrinterError,
   and no raster is sent. No reply: QL network models are reported to give status only over SNMP (Brother OID
   1.3.6.1.4.1.2435.3.3.9.1.6.1.0, the same 32 bytes), not on port 9100, so the job goes on and the printer
   counts as silent (a USB printer always answers: there silence is an error).
3. Send the job; every chunk must move within `timeout`, else PrinterError (the printer stopped taking data).
4. Read replies for up to `confirm_wait`: "printing completed" → "printed …: confirmed by the printer";
   an error reply → PrinterError in words ("cover open while printing").
   A silent printer: the desk half-closes the connection; a printer closes its end once it has read the whole
   job (CUPS's socket backend waits for the same). Closed → "sent …; not confirmed: …, check that the badge
   came out". Still open at the end → PrinterError: it holds the connection but does not take the badge.
   A printer that answered the probe but says nothing more → "sent …, but it did not confirm …".
The confirmation never says "printed" unless the printer said so.
"""

from __future__ import annotations

import math
import re
import socket
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

from brother_ql import BrotherQLError, BrotherQLRaster
from brother_ql.conversion import convert
from brother_ql.labels import Color, FormFactor, Label, LabelsManager
from brother_ql.models import Model, ModelsManager
from brother_ql.reader import RESP_ERROR_INFORMATION_1_DEF as ERR1
from brother_ql.reader import RESP_ERROR_INFORMATION_2_DEF as ERR2
from brother_ql.reader import interpret_response
from PIL import Image

from kiosk.devices import CONNECT_TIMEOUT_S, Document, PrinterError, PrinterStatus, Unconfirmed
from printers import brother_hsv
from printers.net import resolve

brother_hsv.install()  # black/red in milliseconds instead of 0.4 s (printers/brother_hsv.py)

PORT = 9100
DPI = 300  # every QL head prints 300 dots per inch across the tape
STATUS_WAIT_S = 2.0  # a QL that answers at all answers within a fraction of a second
CONFIRM_WAIT_S = 6.0  # a badge comes out in 2–4 s; and `kiosk print` must answer within 10 s in all
CHUNK = 16384
REPLY_SIZE, REPLY_HEAD = 32, b"\x80\x20\x42"
EXAMPLE = "brother-ql://192.168.1.50?model=QL-820NWB&label=62"
# brother-ql-next calls model code 0x44 "QL-1100NWB" and lists wide labels for it; the printer sold is QL-1110NWB.
SAME_MODEL = {"QL-1100NWB": "QL-1110NWB"}
CONTINUOUS, DIE_CUT = "continuous tape", "die-cut labels"
MEDIA_KINDS = {0x0A: CONTINUOUS, 0x4A: CONTINUOUS, 0x0B: DIE_CUT, 0x4B: DIE_CUT}  # 0x4_: newer firmware
WORDS = {  # brother-ql-next's error names → what a volunteer can act on
    ERR1[0]: "paper out (no labels loaded)", ERR1[1]: "paper out (the label roll has ended)",
    ERR1[2]: "cutter jam", ERR1[4]: "printer busy with another job", ERR1[5]: "printer switched off",
    ERR1[6]: "wrong power adapter", ERR1[7]: "printer fan error",
    ERR2[0]: "wrong labels loaded (replace the roll)", ERR2[1]: "printer memory full",
    ERR2[2]: "communication error", ERR2[3]: "communication buffer full", ERR2[4]: "cover open",
    ERR2[5]: "cancelled at the printer", ERR2[6]: "labels cannot be fed (end of the roll or a jam)",
    ERR2[7]: "printer system error (switch it off and on)",
}


@dataclass(frozen=True, slots=True)
class Reply:
    raw: bytes
    info: dict[str, Any]  # brother_ql.reader.interpret_response

    @property
    def media(self) -> tuple[int, int, str]:
        return self.raw[10], self.raw[17], MEDIA_KINDS.get(self.raw[11], "no labels")


class BrotherQLPrinter:
    def __init__(self, name: str, model: str, label: str, *, host: str = "", port: int = PORT, usb: str = "",
                 red: bool | None = None, timeout: float = CONNECT_TIMEOUT_S, status_wait: float = STATUS_WAIT_S,
                 confirm_wait: float = CONFIRM_WAIT_S) -> None:
        self.name = name
        self.model, self.label, self.red = checked(model, label, red)
        self.host, self.port, self.usb = host, port, usb
        self.timeout = min(timeout, CONNECT_TIMEOUT_S)
        self.status_wait = min(status_wait, CONNECT_TIMEOUT_S)
        self.confirm_wait = confirm_wait
        self.where = f"USB {usb}" if usb else f"{host}:{port}"

    @classmethod
    def from_url(cls, url: str, **options: Any) -> BrotherQLPrinter:
        parts = urllib.parse.urlsplit(url.strip())
        query = urllib.parse.parse_qs(parts.query, keep_blank_values=True)
        if unknown := sorted(set(query) - {"model", "label", "red"}):
            raise PrinterError(f"{url}: unknown setting {', '.join(unknown)} (use model, label and red)")
        model, label = (query.get(key, [""])[-1].strip() for key in ("model", "label"))
        if not model or not label:
            raise PrinterError(f"{url}: say the printer model and the label, e.g. {EXAMPLE}")
        red = flag(query["red"][-1], url) if "red" in query else None
        if parts.scheme.lower() == "brother-ql+usb":
            return cls(url.strip(), model, label, usb=usb_id(parts.netloc, url), red=red, **options)
        try:
            host, port = parts.hostname or "", parts.port or PORT
        except ValueError as exc:
            raise PrinterError(f"{url}: the port must be a number, e.g. {EXAMPLE.replace('50', '50:9100')}") from exc
        if not host:
            raise PrinterError(f"{url}: say the printer's network address, e.g. {EXAMPLE}")
        return cls(url.strip(), model, label, host=host, port=port, red=red, **options)

    def encode(self, document: Document) -> bytes:
        """The job exactly as it goes on the wire after the status probe."""
        raster = BrotherQLRaster(self.model.identifier)
        raster.exception_on_warning = True  # convert() skips what a model lacks only when told by an exception
        try:
            data = convert(raster, [self.picture(document)], self.label.identifier, cut=True, dither=False,
                           red=self.red, compress=self.model.compression, rotate=0)
        except (BrotherQLError, ValueError) as exc:
            raise PrinterError(f"cannot turn the badge into a {self.label.name} raster: {exc}") from exc
        return bytes(data)

    def picture(self, document: Document) -> Image.Image:
        """What convert() wants: the printable width (and length, die-cut) in dots, red ink pure red."""
        ink = "black-red" if self.red else "black"
        first = document.raster(dpi=DPI, ink=ink)
        rotate, dpi = fitted(first.size, self.label)
        raster = first if (rotate, dpi) == (0, DPI) else document.raster(dpi=dpi, ink=ink, rotate=rotate)
        across, along = self.label.dots_printable
        length = along or max(raster.size[1], self.model.min_max_length_dots[0])
        return composed(raster.layers, (across, length))

    def print_document(self, document: Document) -> str:
        job = self.encode(document)  # before connecting: a badge that cannot be drawn never holds the printer
        with self.connect() as link:
            answered = self.probe(link)
            link.send(job)
            return self.confirm(link, answered)

    def status(self) -> PrinterStatus:
        try:
            with self.connect() as link:
                link.send(self.status_request())
                reply = link.reply(time.monotonic() + self.status_wait)
        except PrinterError as exc:
            return PrinterStatus(False, str(exc))
        if reply is None and link.always_answers:
            return PrinterStatus(False, f"the printer on {self.where} does not answer")
        if reply is None:
            return PrinterStatus(True, "reachable; it gives no status over the network (paper and cover unchecked)")
        problem = self.problem(reply)
        return PrinterStatus(problem is None, problem or f"ready: {media_words(*reply.media)} loaded")

    def connect(self) -> Link:
        return UsbLink(self.usb, self.timeout) if self.usb else TcpLink(self.host, self.port, self.timeout)

    def status_request(self) -> bytes:
        raster = BrotherQLRaster(self.model.identifier)
        raster.add_invalidate()
        raster.add_initialize()
        raster.add_status_information()
        return bytes(raster.data)

    def probe(self, link: Link) -> bool:
        """Whether the printer answered; PrinterError (before any raster is sent) when it is not ready."""
        link.send(self.status_request())
        reply = link.reply(time.monotonic() + self.status_wait)
        if reply is None and link.always_answers:
            raise PrinterError(f"the printer on {self.where} does not answer")
        if reply is not None and (problem := self.problem(reply)):
            raise PrinterError(f"{problem} ({self.model.identifier} at {self.where})")
        return reply is not None

    def confirm(self, link: Link, answered: bool) -> str:
        printer = f"the {self.model.identifier} at {self.where} ({self.label.name})"
        deadline = time.monotonic() + self.confirm_wait
        if not answered:
            link.half_close()  # a silent printer shows it read the whole job by closing its end
        while (reply := link.reply(deadline)) is not None:
            if reply.info["errors"]:
                raise PrinterError(f"{error_words(reply.info['errors'])} while printing on {printer}")
            if reply.info["status_type"] == "Printing completed":
                return f"printed on {printer}: confirmed by the printer"
        if answered:
            return Unconfirmed(f"sent to {printer}, but it did not confirm printing within {self.confirm_wait:g} s: "
                               "check that the badge came out")
        if link.closed:
            return Unconfirmed(f"sent to {printer}; not confirmed: this printer gives no status over the network, "
                               "so check that the badge came out")
        raise PrinterError(f"{printer} took the connection but not the badge (it did not read it in "
                           f"{self.confirm_wait:g} s): switch the printer off and on")

    def problem(self, reply: Reply) -> str | None:
        """What stops this printer printing our label, in words; None when it is ready."""
        if reply.info["errors"]:
            return error_words(reply.info["errors"])
        said = reply.info["model_name"]
        same = {SAME_MODEL.get(name, name) for name in str(said).split("/")}
        if isinstance(said, str) and SAME_MODEL.get(self.model.identifier, self.model.identifier) not in same:
            return f"this printer says it is a {said}, but its address says model={self.model.identifier}"
        width, length, kind = reply.media
        if kind == "no labels":
            return "paper out (no labels loaded)"
        wanted = expected_media(self.label)
        if (width, length, kind) != wanted:
            return f"wrong labels loaded: {media_words(width, length, kind)}, expected {media_words(*wanted)}"
        return None


def checked(model_name: str, label_name: str, red: bool | None) -> tuple[Model, Label, bool]:
    """The model and label from brother-ql-next's lists, refused in words when they cannot work together."""
    models, labels = ModelsManager(), LabelsManager()
    model = models.get(model_name.strip().upper())
    if model is None:
        raise PrinterError(f"unknown Brother model {model_name!r} (known: {', '.join(models.identifiers())})")
    label = labels.get(label_name.strip().lower())
    if label is None:
        raise PrinterError(f"unknown label {label_name!r}: use brother-ql's names, e.g. 62 (62 mm continuous), "
                           f"62x100 (die-cut), 62red (black/red); known: {', '.join(labels.identifiers())}")
    red = label.color == Color.BLACK_RED_WHITE if red is None else red
    if red and label.color != Color.BLACK_RED_WHITE:
        red_label = labels.get(f"{label.identifier}red")
        if red_label is None:
            raise PrinterError(f"red=1 needs black/red tape, and there is none for label {label.identifier} "
                               "(use label=62red)")
        label = red_label
    if red and not model.two_color:
        two = ", ".join(m.identifier for m in models.iter_elements() if m.two_color)
        raise PrinterError(f"red printing needs a two-colour printer ({two}); the {model.identifier} prints black "
                           "only (drop red=1)")
    if not fits(model, label):
        raise PrinterError(f"{label.name} labels ({label.identifier}) do not fit the {model.identifier}: they need "
                           f"one of {', '.join(wide_models(label))}")
    return model, label, red


def fits(model: Model, label: Label) -> bool:
    # Label.works_with_model() only asks whether the model exists at all, so the check is ours.
    wide = wide_models(label)
    return label.dots_printable[0] <= model.number_bytes_per_row * 8 and (not wide or model.identifier in wide)


def wide_models(label: Label) -> list[str]:
    return sorted(set(label.restricted_to_models) | {SAME_MODEL.get(m, m) for m in label.restricted_to_models})


def flag(value: str, url: str) -> bool:
    if value.strip().lower() not in ("1", "yes", "true", "on", "0", "no", "false", "off", ""):
        raise PrinterError(f"{url}: red must be 1 or 0, not {value!r}")
    return value.strip().lower() in ("1", "yes", "true", "on")


def usb_id(netloc: str, url: str) -> str:
    if not re.fullmatch(r"[0-9a-fA-F]{4}:[0-9a-fA-F]{4}", netloc):
        raise PrinterError(f"{url}: a USB printer is VENDOR:PRODUCT in hex, e.g. "
                           "brother-ql+usb://04f9:209d?model=QL-800&label=62 (see lsusb)")
    return netloc.lower()


def fitted(size: tuple[int, int], label: Label) -> tuple[int, int]:
    """(rotation, dpi) that print a badge of `size` dots at DPI largest on `label`; rows run across the tape."""
    across, along = label.dots_printable
    choices = []
    for rotate, (width, height) in ((0, size), (90, size[::-1])):
        scale = across / width if not along else min(across / width, along / height)
        choices.append((math.floor(DPI * scale), -rotate))  # on a tie, turn nothing
    dpi, rotate = max(choices)
    return -rotate, dpi


def composed(layers: dict[str, Image.Image], size: tuple[int, int]) -> Image.Image:
    """One picture, centred on a white `size`: black ink black, red ink pure red (convert() tells red by hue)."""
    black = layers["black"]
    badge = Image.new("RGB" if "red" in layers else "L", black.size, "white")
    if "red" in layers:
        badge.paste((255, 0, 0), mask=ink_mask(layers["red"]))
    badge.paste((0, 0, 0) if "red" in layers else 0, mask=ink_mask(black))
    out = Image.new(badge.mode, size, "white")
    out.paste(badge, ((size[0] - black.width) // 2, (size[1] - black.height) // 2))  # ±1 dot of rounding: cropped
    return out


def ink_mask(layer: Image.Image) -> Image.Image:
    return layer.convert("L").point(lambda v: 255 - v)  # layers have 0 = ink; a paste mask wants 255 there


def expected_media(label: Label) -> tuple[int, int, str]:
    width, length = label.tape_size
    return width, length, CONTINUOUS if label.form_factor == FormFactor.ENDLESS else DIE_CUT


def media_words(width: int, length: int, kind: str) -> str:
    return f"{width} mm {kind}" if kind == CONTINUOUS else f"{width} × {length} mm {kind}"


def error_words(errors: list[str]) -> str:
    return ", ".join(dict.fromkeys(WORDS.get(e, e.lower()) for e in errors))


class Link:
    """A connection to one printer: bounded sends, and 32-byte status replies read with a deadline."""

    always_answers = False

    def __init__(self) -> None:
        self.buffer = b""
        self.closed = False  # the printer closed its end

    def __enter__(self) -> Link:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reply(self, deadline: float) -> Reply | None:
        """The next status reply, or None when the deadline passes or the printer closed the connection."""
        while True:
            start = self.buffer.find(REPLY_HEAD)
            if start >= 0 and len(self.buffer) - start >= REPLY_SIZE:
                raw, self.buffer = self.buffer[start:start + REPLY_SIZE], self.buffer[start + REPLY_SIZE:]
                return Reply(raw, interpret_response(raw))
            left = deadline - time.monotonic()
            if left <= 0 or self.closed:
                return None
            chunk = self.read(left)
            if chunk is None:
                self.closed = True
            self.buffer += chunk or b""

    def read(self, timeout: float) -> bytes | None: ...  # b"": nothing in time; None: the printer hung up
    def send(self, data: bytes) -> None: ...
    def half_close(self) -> None: ...
    def close(self) -> None: ...


class TcpLink(Link):
    # Our own socket: brother-ql-next's network backend connects with no timeout, sends with 10 s and never reads.
    def __init__(self, host: str, port: int, timeout: float) -> None:
        super().__init__()
        self.timeout, self.where = timeout, f"{host}:{port}"
        try:
            self.sock = socket.create_connection((resolve(host, timeout), port), timeout=timeout)
        except socket.gaierror as exc:
            raise PrinterError(f"printer address {host!r} not found ({exc.strerror})") from exc
        except ConnectionRefusedError as exc:
            raise PrinterError(f"offline: {self.where} refused the connection (is the printer on?)") from exc
        except TimeoutError as exc:
            raise PrinterError(f"offline: no answer from {self.where} in {timeout:g} s") from exc
        except OSError as exc:
            raise PrinterError(f"offline: cannot reach {self.where} ({exc.strerror or exc})") from exc
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, data: bytes) -> None:
        self.sock.settimeout(self.timeout)
        try:
            for start in range(0, len(data), CHUNK):  # the timeout bounds each chunk: a slow LAN is not a failure
                self.sock.sendall(data[start:start + CHUNK])
        except TimeoutError as exc:
            raise PrinterError(f"the printer at {self.where} stopped taking data ({self.timeout:g} s)") from exc
        except OSError as exc:
            raise PrinterError(f"lost the printer at {self.where} while sending ({exc.strerror or exc})") from exc

    def read(self, timeout: float) -> bytes | None:
        self.sock.settimeout(max(timeout, 0.001))
        try:
            return self.sock.recv(4096) or None
        except TimeoutError:
            return b""
        except OSError:
            return None

    def half_close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            self.closed = True

    def close(self) -> None:
        self.sock.close()


class UsbLink(Link):
    always_answers = True  # over USB every QL answers a status request

    def __init__(self, ids: str, timeout: float) -> None:
        super().__init__()
        try:
            import usb.core
            from brother_ql.backends.pyusb import BrotherQLBackendPyUSB
        except ImportError as exc:
            raise PrinterError(f"USB printing needs pyusb ({exc.name} is missing)") from exc
        try:
            self.backend = BrotherQLBackendPyUSB(f"usb://0x{ids.replace(':', ':0x')}")
        except usb.core.NoBackendError as exc:
            raise PrinterError("USB printing needs the libusb library (Debian: apt install libusb-1.0-0, "
                               "macOS: brew install libusb)") from exc
        except ValueError as exc:
            raise PrinterError(f"no Brother printer {ids} on USB: is it plugged in and switched on?") from exc
        except usb.core.USBError as exc:
            raise PrinterError(f"cannot open the USB printer {ids}: {exc.strerror} (on Linux a udev rule must "
                               "let the desk's user use it)") from exc
        self.backend.write_timeout = timeout * 1000  # ms; its default of 15 s would hold a worker too long

    def send(self, data: bytes) -> None:
        try:
            self.backend.write(data)
        except Exception as exc:  # pyusb raises USBError / USBTimeoutError, libusb's words in exc.strerror
            raise PrinterError(f"the USB printer stopped taking data ({exc})") from exc

    def read(self, timeout: float) -> bytes | None:
        import usb.core

        try:  # the endpoint itself: the backend's read() waits pyusb's default second, past our deadline
            return bytes(self.backend.read_dev.read(REPLY_SIZE, max(1, round(timeout * 1000))))
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError:
            return None

    def close(self) -> None:
        self.backend.dispose()
