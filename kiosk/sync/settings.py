"""Which hub this desk syncs with, per event store: URL, token, hub id and pinned TLS fingerprint.

They live in the store's `sync_state` table, beside the cursors: local to this desk and never synced (a
token is this desk's own and revocable), and an event's file carries its own hub.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.store import Store
from kiosk.sync import log
from kiosk.sync.http import HttpHub, HubUnreachable, client, normalise_fingerprint, request

URL, TOKEN, HUB_ID, FINGERPRINT, DESK = "hub_url", log.DESK_TOKEN, log.HUB_ID, "hub_fingerprint", "hub_desk"


@dataclass(frozen=True, slots=True)
class Enrolment:
    url: str
    hub_id: str
    desk: str
    fingerprint: str  # "" without TLS pinning
    fresh_hub: bool   # another hub than before: the cursors were reset so everything is exchanged


def enrol(store: Store, url: str, code: str, desk: str, fingerprint: str | None = None,
          timeout_s: float = 5.0) -> Enrolment:
    """Ask the hub for this desk's own token with the enrolment code; remember the hub in the store."""
    pin = normalise_fingerprint(fingerprint) if fingerprint else ""
    with client(url, None, timeout_s, pin or None) as http:
        answer = request(http, "POST", "/enrol", json={"code": code, "desk": desk, "device": store.device})
    try:
        token, hub_id, cursor = str(answer["token"]), str(answer["hub"]), int(answer.get("cursor", 0))
    except (KeyError, TypeError, ValueError) as exc:
        raise HubUnreachable(f"{url} answered the enrolment with something this desk cannot read") from exc
    fresh = log.state(store, HUB_ID) != hub_id
    with store.exclusive() as conn:
        for key, value in ((URL, url.rstrip("/")), (TOKEN, token), (HUB_ID, hub_id), (FINGERPRINT, pin),
                           (DESK, desk)):
            log.set_state(conn, key, value)
        if fresh:
            # Cursors of another hub mean nothing here: push everything again (the hub takes each id once)
            # and pull from where this hub says to start.
            log.set_state(conn, "pushed_seq", "0")
            log.set_state(conn, "pull_cursor", str(cursor))
    return Enrolment(url.rstrip("/"), hub_id, desk, pin, fresh)


def enrolled(store: Store) -> bool:
    return bool(log.state(store, URL) and log.state(store, TOKEN))


def hub_for(store: Store, timeout_s: float = 5.0) -> HttpHub | None:
    """The hub this desk enrolled with, or None before `kiosk enrol`."""
    if not enrolled(store):
        return None
    return HttpHub(log.state(store, URL), log.state(store, TOKEN), timeout_s, log.state(store, FINGERPRINT) or None)


def describe(store: Store) -> dict[str, str]:
    """What the desk lead may see (never the token)."""
    return {"url": log.state(store, URL), "hub": log.state(store, HUB_ID), "desk": log.state(store, DESK),
            "fingerprint": log.state(store, FINGERPRINT)}
