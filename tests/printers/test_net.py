"""Printer name lookups are bounded in time and said in words."""

from __future__ import annotations

import socket
import time

import pytest

from kiosk.devices import PrinterError
from printers import open_printer
from printers.net import resolve


def test_addresses_pass_through_and_names_resolve() -> None:
    assert resolve("127.0.0.1", 1.0) == "127.0.0.1"
    assert resolve("localhost", 2.0) in ("127.0.0.1", "::1")


def test_an_unknown_name_is_said_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(PrinterError, match=r"no printer called 'badges\.local' on this network"):
        resolve("badges.local", 1.0)


def test_a_dead_name_server_costs_the_timeout_not_twenty_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    def dead_name_server(*args: object, **kwargs: object) -> list[tuple[object, ...]]:
        time.sleep(3)  # a real one would hang for 10–20 s
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.9", 0))]

    monkeypatch.setattr(socket, "getaddrinfo", dead_name_server)
    for url in ("zpl://zebra.venue.lan:9100", "escpos://thermal.venue.lan?paper=80",
                "brother-ql://ql.venue.lan?model=QL-820NWB&label=62"):
        printer = open_printer(url)
        printer.timeout = 0.5  # type: ignore[attr-defined]
        started = time.monotonic()
        status = printer.status()
        assert time.monotonic() - started < 2.5, url
        assert not status.ready and "name server does not answer" in status.message, (url, status)
