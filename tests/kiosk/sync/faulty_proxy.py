"""A small fault-injecting proxy between desks and the hub, on 127.0.0.1 only (tests of sync over a bad LAN).

One event loop on a daemon thread serves any number of listeners ("links", one per desk), all forwarding to
the same upstream port (the hub, which may be killed and restarted on that port meanwhile). Each link has
its own faults, switchable at any time from the test's thread:

- latency: every request and every answer waits up to `latency_s` (uniform jitter);
- drop: a request is answered by a TCP reset before it reaches the hub;
- reset after response: the hub's complete answer arrived (a push: committed durably), and the desk gets a
  reset instead of it. The desk must send again and the hub must take each event once;
- partition: "refuse" resets every connection at once; "hang" takes the request and never answers (until
  the partition ends or HANG_MAX_S passed, then a reset), so the desk runs into its read timeout.

It is a TCP proxy that knows just enough HTTP/1.1 to see where a message ends (Content-Length; the hub
always sends it): that is what "after the full response" needs. Anything it cannot frame is counted as
`unframed` and reset, so a test can assert the proxy never had to guess.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import random
import socket
import struct
import threading
from dataclasses import dataclass, field
from typing import Literal

Partition = Literal["", "refuse", "hang"]

CONNECT_S = 2.0      # connecting to the hub
IDLE_S = 10.0        # waiting for the next request on a kept-alive connection
ANSWER_S = 15.0      # waiting for the hub's answer (the desk gives up long before)
HANG_MAX_S = 30.0    # longest a "hang" partition holds one connection
MAX_BODY = 64 << 20  # bigger than any push or pull page


@dataclass(frozen=True, slots=True)
class Faults:
    latency_s: float = 0.0
    drop: float = 0.0         # probability per request
    reset_after: float = 0.0  # probability per request
    partition: Partition = ""


@dataclass(slots=True)
class Counts:
    """What a link did; only the proxy's thread writes these (read them after the fact)."""

    connections: int = 0
    requests: int = 0
    answered: int = 0
    dropped: int = 0                 # reset before forwarding
    reset_after: int = 0             # hub answered, desk got a reset
    reset_after_push: int = 0        # ... of which pushes
    unacknowledged_added: int = 0    # events the hub added in those pushes: committed, never heard of
    duplicate_verdicts: int = 0      # "duplicate" in push answers (delivered or not): re-sends the hub caught
    partitioned: int = 0             # connections/requests refused or hung by a partition
    hub_down: int = 0                # the hub was not there (killed, restarting)
    unframed: int = 0                # a message the proxy could not frame (should stay 0)
    by_path: dict[str, int] = field(default_factory=dict)


class Link:
    """One listener: its own port, faults and counts."""

    def __init__(self, name: str, rng: random.Random) -> None:
        self.name = name
        self.faults = Faults()
        self.counts = Counts()
        self.rng = rng
        self.port = 0
        self.server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set(self, faults: Faults) -> None:
        self.faults = faults  # one reference assignment: the loop sees the old or the new, never a mix


class _Unframed(Exception):
    pass


class FaultyProxy:
    """Links on 127.0.0.1 to `upstream_port`, served by one asyncio loop on its own thread."""

    def __init__(self, upstream_port: int, seed: int = 0) -> None:
        self.upstream_port = upstream_port
        self.links: list[Link] = []
        self._rng = random.Random(seed)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="faulty-proxy", daemon=True)
        self._thread.start()

    def listen(self, name: str) -> Link:
        link = Link(name, random.Random(self._rng.random()))
        future = asyncio.run_coroutine_threadsafe(self._start(link), self._loop)
        future.result(timeout=10)
        self.links.append(link)
        return link

    def set_all(self, faults: Faults) -> None:
        for link in self.links:
            link.set(faults)

    def close(self) -> None:
        if not self._loop.is_running():
            return
        with contextlib.suppress(Exception, asyncio.CancelledError, concurrent.futures.CancelledError):
            asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self._loop.close()

    def __enter__(self) -> FaultyProxy:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- on the loop's thread ------------------------------------------------------------------------------

    async def _start(self, link: Link) -> None:
        async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                await self._serve(link, reader, writer)
            except asyncio.CancelledError:  # close() while a desk is connected: end quietly (asyncio's
                _reset(writer)              # streams would log a cancelled handler as an error)

        link.server = await asyncio.start_server(serve, "127.0.0.1", 0, limit=1 << 20)
        link.port = link.server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        for link in self.links:
            if link.server is not None:
                link.server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=5)

    async def _serve(self, link: Link, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        counts = link.counts
        counts.connections += 1
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            if link.faults.partition == "refuse":
                counts.partitioned += 1
                _reset(writer)
                return
            while True:
                try:
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE_S)
                except (asyncio.IncompleteReadError, TimeoutError):
                    _close(writer)  # the desk closed its kept-alive connection (or went quiet)
                    return
                body = await asyncio.wait_for(reader.readexactly(_body_length(head, request=True)), IDLE_S)
                path = _path(head)
                counts.requests += 1
                counts.by_path[path] = counts.by_path.get(path, 0) + 1
                faults = link.faults
                if faults.partition:
                    counts.partitioned += 1
                    if faults.partition == "hang":
                        await _hang(link, reader)
                    _reset(writer)
                    return
                if link.rng.random() < faults.drop:
                    counts.dropped += 1
                    _reset(writer)
                    return
                await _delay(link, faults)
                if upstream is None:
                    try:
                        upstream = await asyncio.wait_for(
                            asyncio.open_connection("127.0.0.1", self.upstream_port, limit=1 << 20), CONNECT_S)
                    except (OSError, TimeoutError):
                        counts.hub_down += 1
                        _reset(writer)
                        return
                up_reader, up_writer = upstream
                try:
                    up_writer.write(head + body)
                    await asyncio.wait_for(up_writer.drain(), ANSWER_S)
                    answer_head = await asyncio.wait_for(up_reader.readuntil(b"\r\n\r\n"), ANSWER_S)
                    answer_body = await asyncio.wait_for(
                        up_reader.readexactly(_body_length(answer_head, request=False)), ANSWER_S)
                except (OSError, asyncio.IncompleteReadError, TimeoutError):
                    counts.hub_down += 1  # killed mid-request, or its side of a kept-alive connection closed
                    _reset(writer)
                    return
                pushed = _push_verdicts(path, answer_head, answer_body)
                counts.duplicate_verdicts += sum(1 for v in pushed if v == "duplicate")
                faults = link.faults  # may have changed while the hub worked
                if link.rng.random() < faults.reset_after:
                    counts.reset_after += 1
                    if path == "/v1/push":
                        counts.reset_after_push += 1
                        counts.unacknowledged_added += sum(1 for v in pushed if v == "added")
                    _reset(writer)
                    return
                await _delay(link, faults)
                writer.write(answer_head + answer_body)
                await asyncio.wait_for(writer.drain(), ANSWER_S)
                counts.answered += 1
                if b"\r\nconnection: close" in answer_head.lower():
                    _close(writer)
                    return
        except _Unframed:
            counts.unframed += 1
            _reset(writer)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            _reset(writer)  # the desk hung up mid-request, or took too long to read its answer
        finally:
            if upstream is not None:
                upstream[1].transport.abort()


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST (SO_LINGER 0), not a FIN: what a crashed router or a dead Wi-Fi link looks like."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


def _close(writer: asyncio.StreamWriter) -> None:
    writer.transport.close()


async def _delay(link: Link, faults: Faults) -> None:
    if faults.latency_s > 0:
        await asyncio.sleep(link.rng.uniform(0, faults.latency_s))


async def _hang(link: Link, reader: asyncio.StreamReader) -> None:
    """Hold the request unanswered while the partition lasts (bounded), or until the desk gave up."""
    loop = asyncio.get_running_loop()
    until = loop.time() + HANG_MAX_S
    while link.faults.partition == "hang" and loop.time() < until and not reader.at_eof():
        await asyncio.sleep(0.05)


def _headers(head: bytes) -> dict[str, str]:
    lines = head.decode("latin-1").split("\r\n")[1:]
    return {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines if line)}


def _body_length(head: bytes, request: bool) -> int:
    headers = _headers(head)
    if "transfer-encoding" in headers:
        raise _Unframed(headers["transfer-encoding"])
    if "content-length" not in headers:
        if request:
            return 0  # a GET
        raise _Unframed("an answer without Content-Length")
    length = int(headers["content-length"])
    if not 0 <= length <= MAX_BODY:
        raise _Unframed(f"Content-Length {length}")
    return length


def _path(head: bytes) -> str:
    parts = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")
    return parts[1].split("?", 1)[0] if len(parts) >= 2 else ""


def _push_verdicts(path: str, head: bytes, body: bytes) -> list[str]:
    """The verdicts of a push answer (200 or 409), to count what a reset made the desk miss."""
    if path != "/v1/push" or not head.startswith((b"HTTP/1.1 200", b"HTTP/1.1 409")):
        return []
    try:
        verdicts = json.loads(body).get("verdicts", {})
    except (ValueError, AttributeError):
        return []
    return [str(v) for v in verdicts.values()] if isinstance(verdicts, dict) else []
