"""Name lookups with a deadline. `socket.create_connection(..., timeout=)` bounds the connection but not
the lookup before it (`getaddrinfo`), which a dead DNS server at a venue can hold for 10–20 s."""

from __future__ import annotations

import ipaddress
import socket
import threading

from kiosk.devices import PrinterError


def resolve(host: str, timeout: float) -> str:
    """`host` as an IP address, looked up within `timeout` seconds; PrinterError in words otherwise."""
    try:
        ipaddress.ip_address(host)
        return host  # already an address: nothing to look up
    except ValueError:
        pass
    found: dict[str, object] = {}

    def lookup() -> None:
        try:
            answers = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError as exc:
            found["error"] = exc
            return
        if answers:
            found["address"] = answers[0][4][0]
        else:
            found["error"] = OSError(f"no address for {host}")

    worker = threading.Thread(target=lookup, daemon=True)  # left behind if the resolver hangs: it ends later
    worker.start()
    worker.join(timeout)
    if "address" in found:
        return str(found["address"])
    if "error" in found:
        raise PrinterError(f"no printer called {host!r} on this network (name lookup failed)")
    raise PrinterError(f"no printer called {host!r} found within {timeout:g} s (the name server does not "
                       "answer: use the printer's IP address)")
