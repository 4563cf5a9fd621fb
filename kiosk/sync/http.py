"""The desk's side of the hub over HTTP (ARCHITECTURE.md, Sync): `HttpHub` is the `Hub` that
kiosk.sync.client.sync_once talks to on the venue LAN.

Never hang the desk: every call has short connect and read timeouts, and every way the network can fail
becomes one of two exceptions with words a volunteer understands:
- `HubUnreachable`: try again later (refused connection, timeout, unknown name, TLS trouble);
- `HubRefused`: the hub answered no, and trying again will not help (revoked token, wrong code).

TLS: the hub's certificate is self-signed, so it is pinned by the SHA-256 fingerprint of its DER bytes
(shown by the hub beside the enrolment code) instead of a certificate authority. The check runs inside the
TLS handshake, before a single byte of the request (and its token) is sent to an impostor.
"""

from __future__ import annotations

import hashlib
import hmac
import ssl
from typing import Any

import httpx
import pydantic_core

from kiosk.events import Event
from kiosk.sync import wire
from kiosk.sync.log import PULL_BATCH, Page, Pushed, Verdict
from kiosk.sync.pages import NOTHING_HELD, Held

API = "/v1"
_VERDICTS: frozenset[str] = frozenset({"added", "duplicate", "conflict", "refused"})


class HubError(Exception):
    """Sync with the hub did not happen; `words` says why, for the volunteer."""

    def __init__(self, words: str) -> None:
        super().__init__(words)
        self.words = words


class HubUnreachable(HubError):
    """The hub could not be reached (or did not answer in time): the desk keeps working offline."""


class HubRefused(HubError):
    """The hub answered and said no: retrying will not help until someone acts (enrol again, …)."""


class BatchTooLarge(HubRefused):
    """HTTP 413: a hub of an older version takes smaller batches (the desk halves its batch and goes on)."""


class _FingerprintMismatch(ssl.SSLCertVerificationError):
    pass


def fingerprint_of(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def normalise_fingerprint(text: str) -> str:
    """"AB:CD:…" (as browsers and openssl show it) or "abcd…": the same pin."""
    return text.replace(":", "").replace(" ", "").strip().lower()


def pinned_context(fingerprint: str) -> ssl.SSLContext:
    """A TLS context that accepts exactly the certificate with this SHA-256 fingerprint."""
    expected = normalise_fingerprint(fingerprint)

    class PinnedSocket(ssl.SSLSocket):
        # wrap_socket() calls do_handshake() on this class: refusing here means the request never leaves.
        def do_handshake(self, block: bool = False) -> None:
            super().do_handshake(block)
            der = self.getpeercert(binary_form=True) or b""
            if not hmac.compare_digest(fingerprint_of(der), expected):
                raise _FingerprintMismatch("the hub's certificate fingerprint does not match the pinned one")

    context = ssl.create_default_context()
    context.check_hostname = False       # a LAN address in a self-signed certificate: the pin is the check
    context.verify_mode = ssl.CERT_NONE
    context.sslsocket_class = PinnedSocket
    return context


def client(url: str, token: str | None = None, timeout_s: float = 5.0,
           fingerprint: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    verify: ssl.SSLContext | bool = pinned_context(fingerprint) if fingerprint else True
    # No retries here: sync_once is idempotent and the caller decides when to try again (backoff).
    return httpx.Client(base_url=url.rstrip("/"), headers=headers, verify=verify,
                        timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 3.0)), trust_env=False)


def request(http: httpx.Client, method: str, path: str, ok: tuple[int, ...] = (200,), **kwargs: Any) -> Any:
    """One call to the hub: the JSON answer, or HubUnreachable / HubRefused with words."""
    response = answer(http, method, path, ok, **kwargs)
    try:
        return response.json()
    except ValueError as exc:
        raise HubUnreachable(f"{http.base_url} answered something that is not the hub (no JSON)") from exc


def answer(http: httpx.Client, method: str, path: str, ok: tuple[int, ...] = (200,), **kwargs: Any) -> httpx.Response:
    """One call to the hub: its answer when the status is one of `ok`, or HubUnreachable / HubRefused."""
    where = str(http.base_url)
    try:
        response = http.request(method, API + path, **kwargs)
    except httpx.TimeoutException as exc:
        raise HubUnreachable(f"the hub at {where} did not answer in time: check the network") from exc
    except httpx.ConnectError as exc:
        raise HubUnreachable(_connect_words(where, exc)) from exc
    except httpx.TransportError as exc:  # reset mid-answer, protocol garbage
        raise HubUnreachable(f"the connection to the hub at {where} broke off ({exc.__class__.__name__})") from exc
    if response.status_code not in ok:
        raise _refusal(where, response)
    return response


def _connect_words(where: str, exc: httpx.ConnectError) -> str:
    text = str(exc)
    if "fingerprint" in text:
        return (f"the hub at {where} shows a different certificate than the one this desk trusts: "
                "do not sync; ask the organiser (enrol again if the hub was reinstalled)")
    if "SSL" in text or "TLS" in text or "certificate" in text:
        return f"could not talk securely to the hub at {where} ({text})"
    if "Name or service" in text or "nodename" in text or "getaddrinfo" in text:
        return f"the hub's address {where} is unknown on this network"
    return f"the hub at {where} cannot be reached: is it running and is this desk on the venue network?"


def _refusal(where: str, response: httpx.Response) -> HubError:
    try:
        detail = str(response.json().get("detail", ""))
    except (ValueError, AttributeError):
        detail = ""
    status = response.status_code
    if status == 401:
        return HubRefused("this desk's token was revoked: enrol again (kiosk enrol URL CODE)")
    if status == 403:
        return HubRefused(f"the hub refused: {detail or 'wrong enrolment code'}")
    if status == 413:
        return BatchTooLarge("the hub refused a batch as too large")
    if status >= 500:  # the hub is up but broken: likely passing, so treat like an outage
        return HubUnreachable(f"the hub at {where} had an internal error (HTTP {status}): try again later")
    return HubRefused(f"the hub refused (HTTP {status}{': ' + detail if detail else ''})")


class HttpHub:
    """A hub on the network, speaking the /v1 contract; usable with kiosk.sync.client.sync_once."""

    pipelined = True  # a push may run on another thread while the desk reads its next batch (client._push)

    def __init__(self, url: str, token: str, timeout_s: float = 5.0, fingerprint: str | None = None) -> None:
        self.url = url.rstrip("/")
        self._http = client(url, token, timeout_s, fingerprint)

    def push(self, events: list[Event]) -> Pushed:
        return self._send("/push", events)

    def relay(self, events: list[Event]) -> Pushed:
        """Other desks' events, to a hub that replaced the old one (kiosk.sync.log.to_relay)."""
        return self._send("/relay", events)

    def _send(self, path: str, events: list[Event]) -> Pushed:
        """One batch; in halves when the hub says it is too large (a hub of an older version, with a lower
        limit: the volunteer should not have to know). A 409 carries the verdicts too: a clone was quarantined
        there, the rest were still taken."""
        try:
            answer = request(self._http, "POST", path, ok=(200, 409), **_json_body(events))
        except BatchTooLarge:
            if len(events) < 2:
                raise
            half = len(events) // 2
            first, second = self._send(path, events[:half]), self._send(path, events[half:])
            return Pushed({**first.verdicts, **second.verdicts}, second.hub or first.hub, max(first.high, second.high))
        return Pushed(_verdicts(self.url, answer), *_hub_and_high(self.url, answer))

    def pull(self, cursor: int, held: Held = NOTHING_HELD, limit: int = PULL_BATCH) -> Page:
        # the hub knows the device from the token: only how far its own events are held goes along
        response = answer(self._http, "GET", "/pull", params={"after": cursor, "limit": limit, "held_upto": held.upto})
        try:
            return wire.read_page(response.content)
        except ValueError as exc:  # pydantic's ValidationError: not JSON, or not a page of well-formed events
            raise HubUnreachable(f"the hub at {self.url} sent a page this desk cannot read "
                                 f"({_first_line(exc)})") from exc

    def status(self) -> dict[str, Any]:
        answer = request(self._http, "GET", "/status")
        return dict(answer) if isinstance(answer, dict) else {"status": answer}

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HttpHub:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _json_body(events: list[Event]) -> dict[str, Any]:
    """A batch as the request's JSON, encoded by pydantic's core (Rust): json.dumps took ~17 ms per 1,000
    events, this ~1.5 ms, and a desk coming back online pushes hundreds of batches."""
    payload = pydantic_core.to_json({"events": [e.to_json() for e in events]})
    return {"content": payload, "headers": {"Content-Type": "application/json"}}


def _hub_and_high(where: str, answer: Any) -> tuple[str, int]:
    """The hub's id and its highest seq of this desk (a hub from before they were said: "", 0)."""
    try:
        return str(answer.get("hub", "")), int(answer.get("high", 0))
    except (TypeError, ValueError) as exc:
        raise HubUnreachable(f"the hub at {where} sent an answer this desk cannot read ({exc!r})") from exc


def _verdicts(where: str, answer: Any) -> dict[str, Verdict]:
    raw = answer.get("verdicts") if isinstance(answer, dict) else None
    if not isinstance(raw, dict) or not all(v in _VERDICTS for v in raw.values()):
        raise HubUnreachable(f"the hub at {where} sent verdicts this desk cannot read")
    return {str(k): v for k, v in raw.items()}


def _first_line(exc: Exception) -> str:
    lines = str(exc).splitlines()
    return " ".join(lines[:2]) if lines else type(exc).__name__
