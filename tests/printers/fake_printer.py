"""A fake network printer on 127.0.0.1 for backend tests: it records what it was sent and can be
offline, slow, or answer status queries (paper out, cover open) the way its protocol does.

    with FakePrinter(answer=my_status_answerer) as printer:
        ... send to 127.0.0.1:printer.port ...
        printer.received  # every byte, all connections

`answer(data_so_far) -> bytes | None` is called after each chunk read: return bytes to send back (a status
reply), or None. `mode`: "ok", "slow" (accepts, reads nothing for `delay` seconds), "offline" (the port is
closed: connection refused), "black_hole" (accepts and never reads: the sender's timeout must fire).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable

Answer = Callable[[bytes], bytes | None]


class FakePrinter:
    def __init__(self, answer: Answer | None = None, mode: str = "ok", delay: float = 0.0) -> None:
        self.answer, self.mode, self.delay = answer, mode, delay
        self.received = bytearray()
        self.connections = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> FakePrinter:
        if self.mode == "offline":
            self._server.close()  # nothing listens: connection refused
            return self
        self._server.listen(8)
        self._server.settimeout(0.2)
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server.close()

    def wait_for(self, count: int, timeout: float = 5.0) -> bytes:
        """Block until at least `count` bytes arrived (or the timeout); what arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.received) >= count:
                    break
            time.sleep(0.01)
        with self._lock:
            return bytes(self.received)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            if self.mode == "black_hole":
                self._stop.wait(30)
                return
            if self.mode == "slow":
                self._stop.wait(self.delay)
            conn.settimeout(0.2)
            seen = bytearray()
            while not self._stop.is_set():
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                seen += chunk
                with self._lock:
                    self.received += chunk
                reply = self.answer(bytes(seen)) if self.answer else None
                if reply:
                    try:
                        conn.sendall(reply)
                    except OSError:
                        return
