"""Hubs announced and found over real mDNS (zeroconf's sockets, no fakes), and the enrolment QR's text read back.

Each test announces a hub id of its own and looks only for that one: other hubs (another test run, a real hub on
this network) may answer too. Where this machine has no LAN, the hub's "LAN" address is loopback and the test
still runs: zeroconf then listens on 127.0.0.1, which every machine has (tests/ never skip discovery).
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx
import pytest
from zeroconf import ServiceInfo, Zeroconf

from kiosk.cli_sync import lan_address
from kiosk.sync.discovery import (
    SERVICE,
    EnrolTarget,
    FoundHub,
    advertise,
    enrol_target,
    find_hubs,
    parse_enrol_payload,
)
from kiosk.sync.hub import enrol_payload

FINGERPRINT = "ab" * 32
NOWHERE = "198.51.100.254"  # TEST-NET-2: an interface no test machine has
SLACK_S = 1.5  # zeroconf's start and close on top of the listening time, on a slow CI machine


def _ours(hub_id: str, timeout_s: float = 2.0, interfaces: list[str] | None = None) -> list[FoundHub]:
    return [h for h in find_hubs(timeout_s, interfaces) if h.hub_id == hub_id]


def _new_id() -> str:
    return uuid.uuid4().hex


def test_a_hub_on_loopback_is_found_within_the_timeout() -> None:
    hub_id = _new_id()
    advert = advertise("http://127.0.0.1:18765", hub_id, "TestCon 2026", None)
    try:
        assert advert.active and advert.wait(5.0), "announcing on 127.0.0.1 must work on any machine"
        started = time.monotonic()
        found = _ours(hub_id, 2.0)
        took = time.monotonic() - started
        assert found == [FoundHub("http://127.0.0.1:18765", hub_id, "TestCon 2026", None, found[0].name)]
        assert found[0].name.startswith("TestCon 2026 hub ") and took < 2.0 + SLACK_S
        # Listening on loopback only is slower when hub and desk share this machine: the first query asks for a
        # unicast answer, which the kernel hands to one of the two sockets on port 5353; the next one is multicast.
        assert _ours(hub_id, 2.0, interfaces=["127.0.0.1"]), "found when listening on loopback only, too"
    finally:
        advert.close()
    assert _ours(hub_id, 1.0) == []  # closed: it said goodbye and answers no more


def test_a_hub_on_the_lan_is_found_with_its_certificate() -> None:
    hub_id, address = _new_id(), lan_address()  # 127.0.0.1 when this machine has no LAN: still tested
    url = f"https://{address}:18766"
    advert = advertise(url, hub_id, "Lan.Con", FINGERPRINT.upper())
    try:
        assert advert.wait(5.0)
        (found,) = _ours(hub_id, 2.0)
        assert (found.url, found.event, found.fingerprint) == (url, "Lan.Con", FINGERPRINT)
    finally:
        advert.close()


def test_one_entry_per_hub_and_announcements_a_desk_cannot_use_are_left_out() -> None:
    hub_id = _new_id()
    # one hub under two names (a renamed event, a second announcement): listed once
    twice = [advertise(f"http://127.0.0.1:{port}", hub_id, event, None)
             for port, event in ((18767, "Twice"), (18768, "Twice again"))]
    junk = {f"junk-{i}-{_new_id()}": text for i, text in enumerate((
        {"proto": "v2", "url": "http://127.0.0.1:1"},                   # a protocol this desk cannot speak
        {"proto": "v1", "url": "ftp://127.0.0.1:1"},                    # not a hub's address
        {"proto": "v1", "url": "http://127.0.0.1:1", "fp": "xyz"},      # not a fingerprint
    ))}
    zc = Zeroconf(interfaces=["127.0.0.1"])
    try:
        for junk_id, text in junk.items():
            info = ServiceInfo(SERVICE, f"{junk_id}.{SERVICE}", port=1, properties={**text, "hub": junk_id},
                               server="junk.local.", parsed_addresses=["127.0.0.1"])
            zc.register_service(info, cooperating_responders=True)
        assert all(a.wait(5.0) for a in twice)
        everything = find_hubs(2.0)
        assert len([h for h in everything if h.hub_id == hub_id]) == 1
        assert not [h for h in everything if h.hub_id in junk]
    finally:
        zc.close()
        for advert in twice:
            advert.close()


def test_no_usable_interface_is_a_warning_not_a_crash(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="kiosk.sync.discovery")
    advert = advertise("http://127.0.0.1:18769", _new_id(), "Offline", None, interfaces=[NOWHERE])
    assert not advert.active and not advert.wait(0.1)
    advert.close()  # a no-op, and safe
    assert "not announced on the LAN" in caplog.text
    started = time.monotonic()
    assert find_hubs(2.0, interfaces=[NOWHERE]) == []
    assert time.monotonic() - started < 1.0 and "cannot look for hubs" in caplog.text
    assert not advertise("not a url", _new_id(), "x", None).active


# --- the hub process announces itself ----------------------------------------------------------------------


def _lines(stream: IO[str]) -> queue.Queue[str]:
    found: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [found.put(line) for line in stream], daemon=True).start()
    return found


@pytest.fixture
def hub_process(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[subprocess.Popen[str], str]]:
    extra: list[str] = getattr(request, "param", [])
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "data")}
    hub = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "hub", "--port", "0", "--enrol-code", "ABCD2345",
                            "--event", "conf", *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
    try:
        assert hub.stdout is not None
        first = _lines(hub.stdout).get(timeout=20)
        assert first.startswith("hub: http://127.0.0.1:"), first
        yield hub, first.split(" ", 1)[1].strip()
    finally:
        if hub.poll() is None:
            hub.kill()
            hub.wait(timeout=5)
        for stream in (hub.stdout, hub.stderr):
            if stream:
                stream.close()


@pytest.mark.skipif(sys.platform == "win32", reason="stops the hub with SIGTERM")
def test_kiosk_hub_announces_itself_and_says_goodbye(hub_process: tuple[subprocess.Popen[str], str]) -> None:
    hub, url = hub_process
    with httpx.Client(base_url=url, timeout=5) as http:  # the hub's id, as a desk learns it by enrolling
        hub_id = http.post("/v1/enrol", json={"code": "ABCD2345", "desk": "D", "device": "d"}).json()["hub"]
    deadline, found = time.monotonic() + 10, []
    while not found and time.monotonic() < deadline:  # the announcement follows the start by ~2 s
        found = _ours(hub_id, 1.0)
    assert [(h.url, h.event) for h in found] == [(url, "conf")]
    hub.send_signal(signal.SIGTERM)
    assert hub.wait(timeout=15) == 0
    assert _ours(hub_id, 1.0) == []


@pytest.mark.parametrize("hub_process", [["--no-mdns"]], indirect=True)
def test_kiosk_hub_no_mdns_stays_quiet(hub_process: tuple[subprocess.Popen[str], str]) -> None:
    _, url = hub_process
    time.sleep(2.0)  # longer than an announcement would take
    assert [h for h in find_hubs(1.0) if h.url == url] == []


# --- the enrolment QR --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    (enrol_payload("http://192.168.1.20:8765", "ABCD2345", None),
     EnrolTarget("http://192.168.1.20:8765", "ABCD2345", None)),
    (enrol_payload("https://[fd00::2]:8765/", "ABCD-2345", ":".join(["AB"] * 32)),
     EnrolTarget("https://[fd00::2]:8765", "ABCD-2345", FINGERPRINT)),
    ("  http://hub.local:8765 abcd2345\n", EnrolTarget("http://hub.local:8765", "abcd2345", None)),
    (f"https://10.0.0.2:8765 ABCD2345 {FINGERPRINT}", EnrolTarget("https://10.0.0.2:8765", "ABCD2345", FINGERPRINT)),
])
def test_the_qr_text_or_address_and_code_are_read(text: str, expected: EnrolTarget) -> None:
    assert parse_enrol_payload(text) == expected


@pytest.mark.parametrize(("text", "words"), [
    ("", "nothing to read"),
    ("   ", "nothing to read"),
    ("A0001-XK3F", "the hub's address and the enrolment code"),  # an attendee's badge, scanned by mistake
    ('{"url":"http://10.0.0.2:8765","code":"AB', "cut off or garbled"),
    ('{"url"Ö"http://10.0.0.2:8765"}', "keyboard layout"),
    ("[1, 2]", "no address and code"),
    ('["http://10.0.0.2:8765", "ABCD2345"]', "no address and code"),
    ('{"url":"ftp://10.0.0.2","code":"ABCD2345"}', "must start with http:// or https://"),
    ('{"url":"http://","code":"ABCD2345"}', "not a usable hub address"),
    ('{"url":"http://10.0.0.2:99999","code":"ABCD2345"}', "not a usable hub address"),
    ('{"url":"http://10.0.0.2:8765","code":""}', "enrolment code is missing"),
    ('{"url":"http://10.0.0.2:8765","code":12345678}', "enrolment code is missing"),
    ('{"url":"https://10.0.0.2:8765","code":"ABCD2345","fingerprint":"abc"}', "64 hex digits"),
    ('{"url":"https://10.0.0.2:8765","code":"ABCD2345","fingerprint":7}', "64 hex digits"),
    ("x" * 5000, "far too long"),
])
def test_junk_is_refused_in_words(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=r"^(nothing to read|this is not a hub's enrolment QR)") as refused:
        parse_enrol_payload(text)
    assert words in str(refused.value)


def test_typed_fields_are_checked_the_same_way() -> None:
    assert enrol_target(" http://10.0.0.2:8765/ ", " ABCD2345 ", "") == EnrolTarget("http://10.0.0.2:8765",
                                                                                      "ABCD2345", None)
    with pytest.raises(ValueError, match=r"^the enrolment code is missing"):
        enrol_target("http://10.0.0.2:8765", "  ")
