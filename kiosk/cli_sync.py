"""`kiosk hub`: serve an event's log to the desks on the venue LAN (FastAPI on uvicorn, in this process).

The hub's store is an ordinary event store at `<data dir>/hub/<event>.sqlite`, so `kiosk --data-dir X/hub`
tools and backups work on it as on a desk's. It prints the URL and the enrolment code on stdout (scripts and
tests read them there); uvicorn logs to stderr. Backups every --backup-every minutes and once more on the
way out, so a hub laptop that is closed at the end of the day leaves a fresh copy behind.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import re
import signal
import socket
import ssl
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import paths
from kiosk.store import Store
from kiosk.sync import backup, enrolment

if TYPE_CHECKING:
    from kiosk.sync.discovery import Advertisement

AddCommand = Callable[[str, str], argparse.ArgumentParser]
EXIT_OK = 0
_PEM_CERT = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


class HubUserError(Exception):
    """A mistake the user can fix (exit code 2)."""


def add_parsers(command: AddCommand) -> None:
    p = command("hub", "run the sync hub the desks push to and pull from (FastAPI on uvicorn)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: the whole LAN)")
    p.add_argument("--port", type=int, default=8765, help="TCP port (0: any free port, printed)")
    p.add_argument("--enrol-code", help="the code desks enrol with (default: a new one, printed)")
    p.add_argument("--backup-every", type=float, default=15, metavar="MIN",
                   help="minutes between backups into <data dir>/hub/backups (0: only on shutdown)")
    p.add_argument("--tls-cert", type=Path, metavar="FILE", help="PEM certificate: serve HTTPS")
    p.add_argument("--tls-key", type=Path, metavar="FILE", help="PEM private key of --tls-cert")
    p.add_argument("--no-mdns", action="store_true",
                   help="do not announce the hub on the LAN over mDNS (desks then need its URL or QR)")


    p = command("hub-desks", "the desks enrolled with this laptop's hub; --revoke stops one desk's token")
    p.add_argument("--revoke", metavar="DESK", help="the desk's name or device id (a lost or stolen laptop)")


def hub_path(folder: Path, slug: str) -> Path:
    return folder / "hub" / f"{paths.check_slug(slug)}.sqlite"


def cert_fingerprint(cert: Path) -> str:
    """SHA-256 of the certificate's DER bytes, lower-case hex: what a desk pins."""
    try:
        match = _PEM_CERT.search(cert.read_text(encoding="ascii", errors="replace"))
    except OSError as exc:
        raise HubUserError(f"cannot read {cert}: {exc.strerror or exc}") from exc
    if match is None:
        raise HubUserError(f"{cert} holds no PEM certificate")
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(match[0])).hexdigest()


def lan_address() -> str:
    """This laptop's address on the LAN (what the QR gives desks when the hub listens on every interface)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # UDP: sends nothing, only picks the outgoing interface
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def _bind(host: str, port: int) -> socket.socket:
    """Bind before uvicorn starts, so --port 0 has its real port to print before the first request."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # restart at once after a crash
        sock.bind((host, port))
        # Listening now, not when uvicorn starts: the URL is printed before that, and a desk (or a script)
        # that connects at once must wait in the kernel's queue rather than be refused.
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise HubUserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


def _url(scheme: str, host: str, port: int) -> str:
    shown = lan_address() if host in ("0.0.0.0", "::", "") else host
    return f"{scheme}://[{shown}]:{port}" if ":" in shown else f"{scheme}://{shown}:{port}"


def _log_config() -> dict[str, Any]:
    import uvicorn.config

    config: dict[str, Any] = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"  # stdout carries only the URL and the code
    return config


class _Backups:
    """Backs the hub's file up every `minutes` on a thread of its own (its own connection, via the path)."""

    def __init__(self, source: Path, folder: Path, minutes: float) -> None:
        self.source, self.folder, self.minutes = source, folder, minutes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hub-backups", daemon=True)

    def start(self) -> None:
        if self.minutes > 0:
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.minutes * 60):
            self.take()

    def take(self) -> None:
        try:
            written = backup.backup(self.source, self.folder)
            print(f"kiosk hub: backup {written}", file=sys.stderr, flush=True)
        except Exception as exc:  # a failed backup must not stop the hub; say so where the organiser looks
            print(f"kiosk hub: BACKUP FAILED: {exc}", file=sys.stderr, flush=True)

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=60)


def cmd_hub(args: argparse.Namespace) -> int:
    import uvicorn

    from kiosk.sync.hub import create_app

    if (args.tls_cert is None) != (args.tls_key is None):
        raise HubUserError("TLS needs both --tls-cert and --tls-key")
    if args.backup_every < 0:
        raise HubUserError("--backup-every wants minutes ≥ 0")
    code = enrolment.normalise_code(args.enrol_code) if args.enrol_code is not None else enrolment.new_code()
    if not code:
        raise HubUserError("--enrol-code must not be empty")
    fingerprint = cert_fingerprint(args.tls_cert) if args.tls_cert else None
    folder = paths.data_dir(args.data_dir)
    slug = args.event or paths.active_event(folder) or "event"
    try:
        db_path = hub_path(folder, slug)
    except ValueError as exc:
        raise HubUserError(str(exc)) from exc
    sock = _bind(args.host, args.port)
    url = _url("https" if fingerprint else "http", args.host, sock.getsockname()[1])
    store = Store.open(db_path, paths.device_id(folder))
    backups = _Backups(db_path, db_path.parent / "backups", args.backup_every)
    advert: Advertisement | None = None
    try:
        backups.folder.mkdir(parents=True, exist_ok=True)
        app = create_app(store, code, public_url=url, fingerprint=fingerprint)
        config = uvicorn.Config(app, log_config=_log_config(), ssl_certfile=args.tls_cert, ssl_keyfile=args.tls_key,
                                timeout_graceful_shutdown=5)
        print(f"hub: {url}\nenrolment code: {code}", flush=True)
        if fingerprint:
            print(f"certificate sha256: {fingerprint}", flush=True)
        print(f"store: {db_path}", flush=True)
        advert = None if args.no_mdns else _announce(url, enrolment.hub_id(store), slug, fingerprint)
        backups.start()
        _serve(uvicorn.Server(config), sock)
    finally:
        if advert is not None:
            advert.close()  # first: desks stop listing this hub before the last backup, which takes a while
        backups.stop()
        backups.take()
        store.close()
        sock.close()
    return EXIT_OK


def _announce(url: str, hub_id: str, event: str, fingerprint: str | None) -> Advertisement:
    """mDNS, so desks find the hub with `kiosk hubs` or the desk's "Sync hub…" dialog. Returns at once; no
    network or no multicast is only a warning: desks can still be given the URL or scan the QR."""
    from kiosk.sync.discovery import advertise

    advert = advertise(url, hub_id, event, fingerprint)
    if advert.active and ("://127." in url or "://[::1]" in url):
        print("kiosk hub: announced on this laptop only; --host 0.0.0.0 serves and announces it on the LAN",
              file=sys.stderr, flush=True)
    elif advert.active:
        print("kiosk hub: announcing itself on the LAN (desks: kiosk hubs); --no-mdns to stop",
              file=sys.stderr, flush=True)
    return advert


def cmd_hub_desks(args: argparse.Namespace) -> int:
    """List or revoke on the hub's own file; safe while the hub runs (another SQLite connection)."""
    folder = paths.data_dir(args.data_dir)
    db_path = hub_path(folder, args.event or paths.active_event(folder) or "event")
    if not db_path.is_file():
        raise HubUserError(f"no hub has run here for this event ({db_path} does not exist)")
    store = Store.open(db_path, paths.device_id(folder))
    try:
        known = enrolment.desks(store)
        if args.revoke is not None:
            chosen = [d for d in known if args.revoke in (d.device, d.desk) and d.revoked_at is None]
            if len(chosen) != 1:
                names = ", ".join(f"{d.desk} ({d.device})" for d in known if d.revoked_at is None) or "none"
                how = "matches more than one desk: give its device id" if chosen else "is not an enrolled desk"
                raise HubUserError(f"{args.revoke!r} {how}; enrolled: {names}")
            enrolment.revoke(store, chosen[0].device)
            print(f"revoked {chosen[0].desk} ({chosen[0].device}): it can enrol again with the code")
            return EXIT_OK
        for desk in known:
            state = f"revoked {desk.revoked_at[:16]}" if desk.revoked_at else "active"
            print(f"{desk.desk}\t{desk.device}\t{state}\tlast seen {(desk.last_seen or 'never')[:16]}")
        if not known:
            print("no desk has enrolled yet")
    finally:
        store.close()
    return EXIT_OK


def _serve(server: Any, sock: socket.socket) -> None:
    """Run until Ctrl-C or SIGTERM, both a normal stop: the caller still backs up and closes the store.

    uvicorn shuts down gracefully, then raises the signal again under the handler it found. SIGTERM's default
    handler would end the process there, before any `finally`; ours makes it a KeyboardInterrupt like Ctrl-C.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
