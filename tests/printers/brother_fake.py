"""A Brother QL as the fake TCP printer plays it: 32-byte status replies laid out as in Brother's raster command
reference (and brother_ql.reader.interpret_response), answered the way a QL answers on USB, plus a decoder that
turns what arrived back into PNG images with brother-ql-next's own reader.
"""

from __future__ import annotations

import contextlib
import io
import threading
from pathlib import Path

from brother_ql.reader import OPCODES, BrotherQLReader, chunker, match_opcode
from PIL import Image

OUTPUT = Path(__file__).resolve().parent / "output"  # git-ignored: decoded prints for a person to look at

QL_820NWB, QL_700 = 0x41, 0x35  # model codes (byte 4)
CONTINUOUS, DIE_CUT = 0x0A, 0x0B
REPLY, PRINTING_COMPLETED, ERROR_OCCURRED, PHASE_CHANGE = 0x00, 0x01, 0x02, 0x06


def status_reply(*, model: int = QL_820NWB, error1: int = 0, error2: int = 0, width: int = 62,
                 media: int = CONTINUOUS, length: int = 0, kind: int = REPLY, phase: int = 0,
                 notification: int = 0) -> bytes:
    reply = bytearray(32)
    reply[0:8] = bytes([0x80, 0x20, 0x42, 0x34, model, 0x30, 0x30, 0x00])  # head mark, size, "B", series "4"
    reply[8], reply[9] = error1, error2
    reply[10], reply[11], reply[17] = width, media, length
    reply[14] = 0x3F  # reserved, fixed
    reply[18], reply[19], reply[22] = kind, phase, notification
    return bytes(reply)


READY_62 = status_reply()
READY_62X100 = status_reply(media=DIE_CUT, length=100)
NO_MEDIA = status_reply(error1=0x01, width=0, media=0x00)
COVER_OPEN = status_reply(error2=0x10)
WRONG_29 = status_reply(width=29)
WRONG_KIND = status_reply(media=DIE_CUT, length=100)  # die-cut 62 × 100 where continuous 62 mm is expected
OTHER_MODEL = status_reply(model=QL_700)
# What a QL sends once a page is printed: phase "printing", "printing completed", phase "waiting to receive".
AFTER_PRINT = (status_reply(kind=PHASE_CHANGE, phase=1), status_reply(kind=PRINTING_COMPLETED),
               status_reply(kind=PHASE_CHANGE, phase=0))
COVER_OPENED_WHILE_PRINTING = (status_reply(kind=PHASE_CHANGE, phase=1),
                               status_reply(kind=ERROR_OCCURRED, error2=0x10))


class BrotherAnswers:
    """`answer` for FakePrinter: a status reply for every ESC i S, `after_print` for every print command.

    FakePrinter hands over all bytes of the connection so far, from the connection's own thread: how far this
    connection has been read is kept per thread."""

    def __init__(self, status: bytes = READY_62, after_print: tuple[bytes, ...] = AFTER_PRINT) -> None:
        self.status, self.after_print = status, after_print
        self._read = threading.local()

    def __call__(self, data: bytes) -> bytes | None:
        out, offset = b"", getattr(self._read, "offset", 0)
        while (size := instruction_size(data, offset)) is not None:
            name = OPCODES[match_opcode(data[offset:offset + 5])][0]
            offset += size
            if name == "status request":
                out += self.status
            elif name == "print":
                out += b"".join(self.after_print)
        self._read.offset = offset
        return out or None


def instruction_size(data: bytes, at: int) -> int | None:
    """Bytes in the whole instruction at `at`, or None while it has not all arrived."""
    head = data[at:at + 5]
    try:
        opcode = match_opcode(head)
    except AssertionError:  # unknown, or too few bytes to tell
        return 1 if len(head) == 5 else None
    name, extra, _ = OPCODES[opcode]
    size = len(opcode) + max(extra, 0)
    if "raster" in name:
        if len(data) < at + 3:
            return None
        size += data[at + 2] + 2
    return size if len(data) >= at + size else None


def instruction_names(data: bytes) -> list[str]:
    return [OPCODES[match_opcode(i)][0] for i in chunker(data)]


def decoded_prints(data: bytes, stem: str) -> list[Image.Image]:
    """Every page in `data` as brother-ql-next's reader draws it (black/red pages in colour), saved as PNG."""
    OUTPUT.mkdir(exist_ok=True)
    for old in OUTPUT.glob(f"{stem}-*.png"):
        old.unlink()
    reader = BrotherQLReader(io.BytesIO(data))  # type: ignore[arg-type,unused-ignore]  # it only calls .read()
    reader.filename_fmt = str(OUTPUT / f"{stem}-{{counter}}.png")
    with contextlib.redirect_stdout(io.StringIO()):  # it prints "Page saved as …" for every page
        reader.analyse()
    return [Image.open(path).copy() for path in sorted(OUTPUT.glob(f"{stem}-*.png"))]
