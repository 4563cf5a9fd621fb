"""The desk's HTTP client against a real server on 127.0.0.1: a small fake of the hub's /v1 contract over a
kiosk Store (kiosk.sync.log.accept / since), so the client is tested on real sockets, timeouts and TLS."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import secrets
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from kiosk.events import Event
from kiosk.store import Store
from kiosk.sync import log, pages, settings
from kiosk.sync.client import sync_once
from kiosk.sync.http import BatchTooLarge, HttpHub, HubRefused, HubUnreachable
from kiosk.sync.wire import read_batch, read_page
from tests.conftest import small_config
from tests.factories import add_attendees

CODE = "4711-0815"


class FakeHub:
    """The /v1 contract over a Store, served by one thread (one request at a time, like a small hub)."""

    def __init__(self, store: Store, tls: ssl.SSLContext | None = None) -> None:
        self.store = store
        self.tokens: dict[str, str] = {}  # token → device
        self.max_push: int | None = None  # a hub of an older version took smaller batches
        self.batches: list[int] = []      # the size of each push it took
        self.spoil: Any = None            # when set, applied to each page before it is sent (a broken hub)
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:  # keep pytest's output clean
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
                if self.path == "/v1/enrol":
                    if body.get("code") != CODE:
                        return self._send(403, {"detail": "wrong enrolment code"})
                    token = secrets.token_urlsafe(16)
                    hub.tokens[token] = str(body["device"])
                    return self._send(200, {"token": token, "hub": "hub-test", "cursor": 0})
                if self.path == "/v1/push" and hub.max_push is not None and len(body["events"]) > hub.max_push:
                    return self._send(413, {"detail": f"at most {hub.max_push} events per push"})
                if self.path == "/v1/push" and self._authorised():
                    hub.batches.append(len(body["events"]))
                    pushed = log.accept(hub.store, read_batch(json.dumps(body)))
                    status = 409 if "conflict" in pushed.verdicts.values() else 200
                    return self._send(status, {"verdicts": pushed.verdicts})
                return None

            def do_GET(self) -> None:
                url = urlparse(self.path)
                if url.path == "/v1/pull" and self._authorised():
                    query = parse_qs(url.query)
                    page = pages.since(hub.store, int(query["after"][0]), int(query.get("limit", ["1000"])[0]))
                    sent = {"events": [e.to_json() for e in page.events], "cursor": page.cursor, "more": page.more}
                    return self._send(200, sent if hub.spoil is None else hub.spoil(sent))
                if url.path == "/v1/status" and self._authorised():
                    return self._send(200, {"events": hub.store.event_count()})
                return None

            def _authorised(self) -> bool:
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if token not in hub.tokens:
                    self._send(401, {"detail": "unknown or revoked token"})
                    return False
                return True

            def _send(self, status: int, data: Any) -> None:
                raw = data if isinstance(data, bytes) else json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[FakeHub]:
    store = Store.open(tmp_path / "hub.sqlite", "hub")
    fake = FakeHub(store)
    yield fake
    fake.stop()
    store.close()


def desk(tmp_path: Path, name: str) -> Store:
    return Store.open(tmp_path / f"{name}.sqlite", name)


def _two_desks(hub: FakeHub, tmp_path: Path) -> tuple[Store, Store]:
    """Desk 1 with the configuration and 25 attendees, desk 2 empty, both enrolled with the hub."""
    a, b = desk(tmp_path, "desk-a"), desk(tmp_path, "desk-b")
    a.set_config(small_config(), actor="t")
    add_attendees(a, *(f"Person {n}" for n in range(25)))
    settings.enrol(a, hub.url, CODE, "Desk 1")
    settings.enrol(b, hub.url, CODE, "Desk 2")
    return a, b


def _hub_of(store: Store) -> HttpHub:
    http = settings.hub_for(store)
    assert http is not None
    return http


def test_a_hub_that_takes_smaller_batches_gets_them_in_halves(hub: FakeHub, tmp_path: Path) -> None:
    a, b = _two_desks(hub, tmp_path)
    try:
        hub.max_push = 4
        with _hub_of(a) as http:
            assert sync_once(a, http).level
        assert hub.batches and max(hub.batches) <= 4 and sum(hub.batches) == a.event_count() == 26
        with _hub_of(b) as http:
            sync_once(b, http)
        assert {e.id for e in b.events()} == {e.id for e in a.events()}
        hub.max_push = 0  # not even one event: that is said, not halved for ever
        add_attendees(a, "Ada Lovelace")
        with _hub_of(a) as http, pytest.raises(BatchTooLarge, match="too large"):
            sync_once(a, http)
    finally:
        a.close()
        b.close()


def test_two_desks_converge_through_the_server_and_a_clone_gets_409(hub: FakeHub, tmp_path: Path) -> None:
    a, b = _two_desks(hub, tmp_path)
    try:
        for store in (a, b):
            with _hub_of(store) as http:
                assert sync_once(store, http).level
        assert {e.id for e in b.events()} == {e.id for e in a.events()} and hub.store.event_count() == 26
        http = settings.hub_for(b)
        assert http is not None
        with http:
            clone = dataclasses.replace(next(a.events()), id="01a2ffff-0000-7000-8000-000000000000")
            answer = http.push([clone])  # same device + seq, another id: 409, still read
            assert answer.verdicts == {clone.id: "conflict"} and answer.conflicts == [clone.id]
            assert http.status() == {"events": 26}
    finally:
        a.close()
        b.close()


def test_a_wrong_code_and_a_revoked_token_are_refused_in_words(hub: FakeHub, tmp_path: Path) -> None:
    a = desk(tmp_path, "desk-a")
    try:
        with pytest.raises(HubRefused, match="wrong enrolment code"):
            settings.enrol(a, hub.url, "0000-0000", "Desk 1")
        assert settings.hub_for(a) is None
        settings.enrol(a, hub.url, CODE, "Desk 1")
        hub.tokens.clear()  # the organiser revoked every desk
        http = settings.hub_for(a)
        assert http is not None
        with http, pytest.raises(HubRefused, match="revoked: enrol again"):
            http.pull(0)
    finally:
        a.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_closed_port_is_unreachable_quickly() -> None:
    started = time.monotonic()
    with HttpHub(f"http://127.0.0.1:{_free_port()}", "t", timeout_s=2.0) as http, \
            pytest.raises(HubUnreachable, match="cannot be reached"):
        http.push([])
    assert time.monotonic() - started < 6


def test_a_hub_that_never_answers_is_unreachable_after_the_read_timeout() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)  # the kernel completes the handshake; nobody ever reads or answers
        started = time.monotonic()
        with HttpHub(f"http://127.0.0.1:{silent.getsockname()[1]}", "t", timeout_s=0.5) as http, \
                pytest.raises(HubUnreachable, match="did not answer in time"):
            http.pull(0)
        assert 0.4 < time.monotonic() - started < 3


@pytest.fixture
def tls_hub(tmp_path: Path) -> Iterator[tuple[FakeHub, str]]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a self-signed certificate")
    cert, key = tmp_path / "hub.crt", tmp_path / "hub.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=hub",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=30)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    fingerprint = hashlib.sha256(ssl.PEM_cert_to_DER_cert(cert.read_text())).hexdigest()
    store = Store.open(tmp_path / "hub.sqlite", "hub")
    fake = FakeHub(store, context)
    yield fake, fingerprint
    fake.stop()
    store.close()


def test_tls_works_with_the_pinned_fingerprint_and_refuses_another(tls_hub: tuple[FakeHub, str],
                                                                   tmp_path: Path) -> None:
    hub, fingerprint = tls_hub
    a = desk(tmp_path, "desk-a")
    try:
        shown = ":".join(fingerprint[i:i + 2] for i in range(0, len(fingerprint), 2)).upper()  # as openssl shows it
        done = settings.enrol(a, hub.url, CODE, "Desk 1", fingerprint=shown)
        assert done.fingerprint == fingerprint and len(hub.tokens) == 1
        http = settings.hub_for(a)
        assert http is not None
        with http:
            assert http.pull(0).events == []
        with pytest.raises(HubUnreachable, match="different certificate"):
            settings.enrol(a, hub.url, CODE, "Desk 1", fingerprint="00" * 32)
        assert len(hub.tokens) == 1  # the impostor check ran before the request was sent
    finally:
        a.close()


def test_events_survive_the_json_round_trip() -> None:
    event = Event("id-1", "dev", 3, "1764234000000-000000001", "checkin.recorded", {"day": 1, "ä": ["x"]},
                  "Ann @ Desk 1", "2026-11-27T09:00:00.000+00:00")
    assert read_batch(json.dumps({"events": [event.to_json()]})) == [event]
    page = read_page(json.dumps({"events": [event.to_json()], "cursor": 7, "more": True}))
    assert (page.events, page.cursor, page.more, page.hub) == ([event], 7, True, "")


@pytest.mark.parametrize("spoil", [
    lambda page: b"<html>captive portal</html>",                                   # not JSON at all
    lambda page: {**page, "cursor": "later"},                                      # not a page
    lambda page: {**page, "events": [{**e, "hlc": "noon"} for e in page["events"]]},  # an event that is not one
    lambda page: {**page, "events": [{k: v for k, v in e.items() if k != "seq"} for e in page["events"]]},
], ids=["not-json", "bad-cursor", "bad-hlc", "no-seq"])
def test_a_page_the_desk_cannot_read_is_refused_whole_and_stores_nothing(hub: FakeHub, tmp_path: Path,
                                                                         spoil: Any) -> None:
    a, b = Store.open(tmp_path / "a.sqlite", "desk-a"), Store.open(tmp_path / "b.sqlite", "desk-b")
    try:
        a.set_config(small_config(), actor="t")
        add_attendees(a, "Ada Lovelace")
        settings.enrol(a, hub.url, CODE, "Desk A")
        settings.enrol(b, hub.url, CODE, "Desk B")
        with settings.hub_for(a) as http:  # type: ignore[union-attr]
            assert sync_once(a, http).level
        hub.spoil = spoil
        with settings.hub_for(b) as http, pytest.raises(HubUnreachable, match="page this desk cannot read"):  # type: ignore[union-attr]
            sync_once(b, http)
        assert b.event_count() == 0 and log.state(b, "pull_cursor", "0") == "0"
        hub.spoil = None
        with settings.hub_for(b) as http:  # type: ignore[union-attr]
            assert sync_once(b, http).level
        assert b.event_count() == a.event_count()
    finally:
        a.close()
        b.close()
