"""A fake serial ESC/POS printer on a pseudo-terminal (POSIX): escpos+serial:// opens the pty's name like a
/dev/ttyUSB0, and the printer end records the bytes and answers status queries through `answer`, as
tests/printers/fake_printer.py does over TCP."""

from __future__ import annotations

import os
import select
import threading
import tty

from tests.printers.fake_printer import Answer


class FakeSerialPrinter:
    def __init__(self, answer: Answer | None = None) -> None:
        self.answer = answer
        self.received = bytearray()
        self._stop = threading.Event()
        self._printer_end, self._port_end = os.openpty()
        for fd in (self._printer_end, self._port_end):
            tty.setraw(fd)  # no echo, no line editing: bytes go through as they are
        self.device = os.ttyname(self._port_end)
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> FakeSerialPrinter:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        os.close(self._printer_end)
        os.close(self._port_end)

    def _serve(self) -> None:
        while not self._stop.is_set():
            if not select.select([self._printer_end], [], [], 0.05)[0]:
                continue
            try:
                chunk = os.read(self._printer_end, 65536)
            except OSError:
                return
            self.received += chunk
            reply = self.answer(bytes(self.received)) if self.answer else None
            if reply:
                os.write(self._printer_end, reply)
