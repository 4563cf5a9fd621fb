"""Finding the sync hub without typing its address: the hub announces itself on the venue LAN over mDNS
(DNS-SD service `_kiosk-hub._tcp.local.`) and a desk lists the hubs that answer; and reading the enrolment QR
of the hub's status page (kiosk.sync.hub.enrol_payload) when a desk scans it or a person pastes it.

mDNS is not authenticated: anyone on the LAN can announce a "hub". So nothing here enrols. A person picks a
hub, checks its event, address and certificate fingerprint against the hub's own screen, and types the code
(a desk sends the code to whatever it enrols with). The QR, read off the hub's own screen, is the trusted way.

Never in the way: no network, no multicast or a firewall only mean "not announced" / "nothing found", logged
as a warning; nothing here raises on network trouble. Bounded in time, like printers/discovery.py.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import queue
import re
import time
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kiosk.sync.http import normalise_fingerprint

if TYPE_CHECKING:
    from zeroconf import ServiceInfo, ServiceStateChange, Zeroconf

SERVICE = "_kiosk-hub._tcp.local."
PROTOCOL = "v1"  # the hub's HTTP API (kiosk.sync.http.API): a desk lists only hubs it can speak to
MAX_PAYLOAD = 2000  # a QR of the status page holds ~150 characters; anything far longer is not one
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FoundHub:
    url: str
    hub_id: str
    event: str
    fingerprint: str | None  # SHA-256 of the hub's TLS certificate, as the hub announced it
    name: str                # the mDNS instance name


@dataclass(frozen=True, slots=True)
class EnrolTarget:
    url: str
    code: str
    fingerprint: str | None


def _trouble(*more: type[BaseException]) -> tuple[type[BaseException], ...]:
    """What zeroconf raises when the network cannot do multicast: no interface (RuntimeError, OSError
    ENODEV), an interface that went away, a loop that did not answer in time (zeroconf.Error)."""
    from zeroconf import Error

    return OSError, RuntimeError, Error, *more


# --- the hub's side ----------------------------------------------------------------------------------------


class Advertisement:
    """The hub's announcement on the LAN. `close()` says goodbye, so listening desks drop it at once."""

    def __init__(self, zc: Zeroconf | None = None, info: ServiceInfo | None = None,
                 registering: Future[None] | None = None) -> None:
        self._zc, self.info, self._registering = zc, info, registering

    @property
    def active(self) -> bool:
        return self._zc is not None

    def wait(self, timeout_s: float = 5.0) -> bool:
        """True once announced. Probing that the name is unique on the LAN takes ~1.7 s (RFC 6762), which is
        why `advertise` does not wait: the hub serves meanwhile."""
        if self._registering is None:
            return False
        try:
            self._registering.result(timeout_s)
        except Exception:  # timed out, cancelled, or failed (already logged by _said)
            return False
        return True

    def close(self) -> None:
        zc, self._zc = self._zc, None
        if zc is None:
            return
        if self._registering is not None:
            self._registering.cancel()  # still probing: stop it (a no-op once announced)
        try:
            zc.close()  # unregisters what was announced: the goodbye packets
        except _trouble() as exc:
            log.warning("the hub's LAN announcement did not close cleanly: %s", exc)


def advertise(url: str, hub_id: str, event: str, fingerprint: str | None,
              interfaces: list[str] | None = None) -> Advertisement:
    """Announce the hub at `url` on the LAN; returns at once (the announcement follows within ~2 s).

    `interfaces` (addresses) default: only loopback for a hub that listens on loopback (no other machine could
    reach it), else every interface. No network or no multicast: a warning and an inactive Advertisement.
    """
    try:
        from zeroconf import InterfaceChoice, IPVersion, ServiceInfo, Zeroconf

        host, port, path = _split(url)
        ip = _ip(host)
        info = ServiceInfo(SERVICE, f"{_instance(event, hub_id)}.{SERVICE}", port=port,
                           properties=_txt(url, path, hub_id, event, fingerprint), server=_server(hub_id),
                           parsed_addresses=[host] if ip is not None else None)
        chosen = interfaces or (["127.0.0.1"] if ip is not None and ip.is_loopback else InterfaceChoice.All)
        version = IPVersion.All if ip is not None and ip.version == 6 and not ip.is_loopback else None
        # use_asyncio=False: zeroconf's own loop thread, even if a caller's asyncio loop runs (uvicorn)
        zc = Zeroconf(interfaces=chosen, ip_version=version, use_asyncio=False)
    except _trouble(ValueError) as exc:  # ValueError: not an address zeroconf can announce
        log.warning("the hub is not announced on the LAN (desks must be given its address): %s", exc)
        return Advertisement()
    assert zc.loop is not None  # started by the constructor
    registering = asyncio.run_coroutine_threadsafe(_register(zc, info), zc.loop)
    registering.add_done_callback(lambda done: _said(done, info))
    return Advertisement(zc, info, registering)


async def _register(zc: Zeroconf, info: ServiceInfo) -> None:
    # allow_name_change: a second hub of the same event (or a restart) becomes "… (2)" instead of failing
    announced = await zc.async_register_service(info, allow_name_change=True)
    await announced


def _said(done: Future[None], info: ServiceInfo) -> None:
    if done.cancelled():
        return
    error = done.exception()
    if error is not None:
        log.warning("the hub is not announced on the LAN (desks must be given its address): %s", error)
    else:
        log.info("announced on the LAN as %r", info.name)


def _split(url: str) -> tuple[str, int, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not a hub address: {url!r}")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), parts.path or "/"


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None  # a host name: desks use the URL in the TXT record


def _instance(event: str, hub_id: str) -> str:
    """The name a browser shows: "<event> hub <id>", within a DNS label's 63 bytes; dots would split it."""
    suffix = f" hub {hub_id[:8]}"
    room = 63 - len(suffix.encode())
    head = event.replace(".", " ").strip().encode()[: max(room, 0)].decode(errors="ignore") or "kiosk"
    return head + suffix


def _server(hub_id: str) -> str:
    label = re.sub(r"[^a-z0-9-]", "-", hub_id.lower())[:40].strip("-") or "hub"
    return f"kiosk-hub-{label}.local."


def _txt(url: str, path: str, hub_id: str, event: str, fingerprint: str | None) -> dict[str, str]:
    # A TXT string holds at most 255 bytes; the event name is the only free text, so it is cut.
    text = {"proto": PROTOCOL, "url": url, "path": path, "hub": hub_id,
            "event": event.encode()[:200].decode(errors="ignore")}
    if fingerprint:
        text["fp"] = normalise_fingerprint(fingerprint)
    return text


# --- the desk's side ---------------------------------------------------------------------------------------


def find_hubs(timeout_s: float = 2.0, interfaces: list[str] | None = None) -> list[FoundHub]:
    """The hubs that answer on the LAN within `timeout_s`, one per hub id; [] on any network trouble."""
    from zeroconf import InterfaceChoice, ServiceBrowser, ServiceStateChange, Zeroconf

    deadline = time.monotonic() + max(timeout_s, 0.0)
    heard: queue.SimpleQueue[str] = queue.SimpleQueue()

    def on_change(zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange) -> None:
        if state_change in (ServiceStateChange.Added, ServiceStateChange.Updated):
            heard.put(name)  # resolved on the caller's thread: the browser's thread must not wait

    try:
        zc = Zeroconf(interfaces=interfaces or InterfaceChoice.All, use_asyncio=False)
    except _trouble() as exc:
        log.warning("cannot look for hubs on the LAN: %s", exc)
        return []
    found: dict[str, FoundHub] = {}
    try:
        browser = ServiceBrowser(zc, SERVICE, handlers=[on_change])
        try:
            while (left := deadline - time.monotonic()) > 0:
                try:
                    name = heard.get(timeout=left)
                except queue.Empty:
                    break
                info = zc.get_service_info(SERVICE, name, timeout=max(1, int(left * 1000)))
                hub = _found(info) if info is not None else None
                if hub is not None:
                    found.setdefault(hub.hub_id, hub)  # one hub on two interfaces or names: listed once
        finally:
            browser.cancel()
    except _trouble() as exc:
        log.warning("looking for hubs on the LAN failed: %s", exc)
    finally:
        zc.close()
    return sorted(found.values(), key=lambda h: (h.event.casefold(), h.url))


def _found(info: ServiceInfo) -> FoundHub | None:
    """A hub from its announcement, or None for one this desk cannot use (another protocol, junk)."""
    text = info.decoded_properties
    hub_id, event = (text.get("hub") or "").strip(), (text.get("event") or "").strip()
    fingerprint = normalise_fingerprint(text.get("fp") or "") or None
    if text.get("proto") != PROTOCOL or not hub_id or (fingerprint and not _HEX64.match(fingerprint)):
        return None
    url = text.get("url") or _url_from(info, text.get("path") or "/", https=fingerprint is not None)
    if not url or not url.startswith(("http://", "https://")):
        return None
    return FoundHub(url.rstrip("/"), hub_id, event or info.name.removesuffix("." + SERVICE), fingerprint, info.name)


def _url_from(info: ServiceInfo, path: str, https: bool) -> str:
    """The URL from the address records when the TXT record has none (another implementation's hub)."""
    addresses = info.parsed_scoped_addresses()
    if not addresses or not info.port:
        return ""
    host = f"[{addresses[0]}]" if ":" in addresses[0] else addresses[0]
    return f"{'https' if https else 'http'}://{host}:{info.port}{path.rstrip('/')}"


# --- the enrolment QR ------------------------------------------------------------------------------------

_NOT_A_QR = "this is not a hub's enrolment QR"


def parse_enrol_payload(text: str) -> EnrolTarget:
    """The enrolment QR's text (JSON: url, code, fingerprint), or "URL CODE [FINGERPRINT]" as typed or pasted.

    ValueError with words a volunteer can act on for anything else.
    """
    text = text.strip()
    if not text:
        raise ValueError("nothing to read: scan the QR on the hub's status page, or paste its text")
    if len(text) > MAX_PAYLOAD:
        raise ValueError(f"{_NOT_A_QR}: far too long ({len(text)} characters)")
    if text.startswith(("{", "[")):  # JSON, as the status page's QR holds it
        try:
            data = json.loads(text)
        except ValueError:
            raise ValueError(f"{_NOT_A_QR}: its text is cut off or garbled (a scanner that types it needs the "
                             "same keyboard layout as this laptop)") from None
        if not isinstance(data, dict):
            raise ValueError(f"{_NOT_A_QR}: no address and code in it")
        url, code, fingerprint = data.get("url"), data.get("code"), data.get("fingerprint")
    else:
        words = text.split()
        if len(words) not in (2, 3):
            raise ValueError(f"{_NOT_A_QR}: give the QR's text, or the hub's address and the enrolment code")
        url, code, fingerprint = words[0], words[1], words[2] if len(words) == 3 else None
    try:
        return enrol_target(url, code, fingerprint)
    except ValueError as exc:
        raise ValueError(f"{_NOT_A_QR}: {exc}") from None


def enrol_target(url: object, code: object, fingerprint: object = None) -> EnrolTarget:
    """What a desk enrols with, checked before anything is sent; ValueError in words for a volunteer."""
    if not isinstance(url, str) or not url.strip().startswith(("http://", "https://")):
        raise ValueError("the hub's address must start with http:// or https://")
    try:
        _split(url.strip())
    except ValueError:
        raise ValueError(f"{url.strip()[:80]!r} is not a usable hub address") from None
    if not isinstance(code, str) or not code.strip():
        raise ValueError("the enrolment code is missing: it is on the hub's screen")
    if fingerprint is None or fingerprint == "":
        return EnrolTarget(url.strip().rstrip("/"), code.strip(), None)
    pin = normalise_fingerprint(fingerprint) if isinstance(fingerprint, str) else ""
    if not _HEX64.match(pin):
        raise ValueError("the certificate fingerprint is not a SHA-256 (64 hex digits, as the hub shows it)")
    return EnrolTarget(url.strip().rstrip("/"), code.strip(), pin)
