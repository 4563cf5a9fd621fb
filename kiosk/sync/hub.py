"""The hub's HTTP face (FastAPI): enrolment, push, pull, status, and a status page for the organiser.

All the protocol is in kiosk.sync.log (accept, since); this module only checks who is asking and what they
sent. Every store access holds one lock: FastAPI runs these handlers on a thread pool and the store has one
SQLite connection, whose reads must not interleave with another thread's open transaction. A push is
answered only after accept() committed durably.
"""

from __future__ import annotations

import html
import ipaddress
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from kiosk.badges import qr
from kiosk.events import Event
from kiosk.store import Store
from kiosk.sync import conflicts, enrolment, log, pages, wire
from kiosk.sync.wire import EventWire, Text

MAX_PUSH = 2000
MAX_PULL = 5000
SEEN_EVERY_S = 5.0  # "last seen" is written at most this often per desk: not one fsync per request
# What a pushed event of a known type but an impossible body raises while it is projected: the whole batch is
# rolled back and refused (422); anything else (disk full, a bug) stays a 500.
_BAD_EVENT = (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError, sqlite3.IntegrityError,
              sqlite3.InterfaceError)

class EnrolIn(BaseModel):
    code: Annotated[str, Field(max_length=64)]
    desk: Text
    device: Text


class EnrolOut(BaseModel):
    token: str
    hub: str
    cursor: int


class PushIn(BaseModel):
    events: list[EventWire]  # no max_length here: more than MAX_PUSH is a 413, not a 422


# The push and relay bodies, for the schema (they are read by kiosk.sync.wire): PushIn, its events referring
# to EventWire among the schema's components (PullOut puts it there).
_PUSH_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {k: v for k, v in PushIn.model_json_schema(ref_template="#/components/schemas/{model}").items()
               if k != "$defs"}}}}}


class PushOut(BaseModel):
    verdicts: dict[str, Literal["added", "duplicate", "conflict", "refused"]]
    hub: str   # the hub's id: a desk that sees another one than before sends everything again
    high: int  # the highest seq the hub holds of the pushing desk: where its restored events move to


class PullOut(BaseModel):
    events: list[EventWire]
    cursor: int
    more: bool
    hub: str


class Detail(BaseModel):
    detail: str


@dataclass
class HubState:
    store: Store
    enrol_code: str
    public_url: str | None = None   # what the QR tells desks; None: the URL the page was asked at
    fingerprint: str | None = None  # SHA-256 of the TLS certificate (DER), hex, when TLS is on

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.seen_at: dict[str, float] = {}
        self.hub_id = enrolment.hub_id(self.store)


_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": Detail, "description": "unknown or revoked token"}}
_bearer = HTTPBearer(auto_error=False)  # not auto_error: a missing token is a 401 like a wrong one, not a 403


def _hub(request: Request) -> HubState:
    hub: HubState = request.app.state.hub
    return hub


def _device(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> str:
    """The enrolled device the request's token belongs to; 401 otherwise."""
    hub = _hub(request)
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "give the desk's token: Authorization: Bearer TOKEN",
                            headers={"WWW-Authenticate": "Bearer"})
    with hub.lock:
        found = enrolment.device_for(hub.store, credentials.credentials)
        if found is None:
            raise HTTPException(401, "unknown or revoked token: enrol this desk again",
                                headers={"WWW-Authenticate": "Bearer"})
        _seen(hub, found)
    return found


Device = Annotated[str, Depends(_device)]


def create_app(store: Store, enrol_code: str, public_url: str | None = None,
               fingerprint: str | None = None) -> FastAPI:
    hub = HubState(store, enrol_code, public_url, fingerprint)
    app = FastAPI(title="kiosk hub", version="1")
    app.state.hub = hub

    @app.post("/v1/enrol", response_model=EnrolOut, responses={403: {"model": Detail}})
    def enrol(request: EnrolIn) -> EnrolOut:
        if not enrolment.code_matches(hub.enrol_code, request.code):
            raise HTTPException(403, "wrong enrolment code: read it from the hub's status page")
        with hub.lock:
            token = enrolment.enrol(hub.store, request.desk, request.device)
        return EnrolOut(token=token, hub=hub.hub_id, cursor=0)

    # A batch is read from the request's bytes by kiosk.sync.wire (one pass of pydantic's core), not by FastAPI
    # through PushIn: the schema still documents PushIn, whose events are checked against the same types.
    @app.post("/v1/push", response_model=PushOut, openapi_extra=_PUSH_BODY,
              responses={**_AUTH_ERRORS, 403: {"model": Detail}, 409: {"model": PushOut},
                         413: {"model": Detail}, 422: {"model": Detail}})
    async def push(request: Request, me: Device) -> Any:
        return await run_in_threadpool(_take, await request.body(), me)

    @app.post("/v1/relay", response_model=PushOut, openapi_extra=_PUSH_BODY,
              responses={**_AUTH_ERRORS, 409: {"model": PushOut}, 413: {"model": Detail}, 422: {"model": Detail}})
    async def relay(request: Request, me: Device) -> Any:
        """Other desks' events from a desk that held them when this hub replaced the old one (a restored
        backup): each id is taken once, so only what this hub lacks is added."""
        return await run_in_threadpool(_take, await request.body(), None)

    def _take(raw: bytes, pusher: str | None) -> Any:
        """A batch pushed by device `pusher` (its own events only), or relayed (None: anyone's)."""
        try:
            events = wire.read_batch(raw)
        except wire.BadBatch as exc:
            raise RequestValidationError(exc.errors) from exc
        if len(events) > MAX_PUSH:
            raise HTTPException(413, f"at most {MAX_PUSH} events per push, not {len(events)}")
        strangers = sorted({e.device for e in events if e.device != pusher}) if pusher is not None else []
        if strangers:
            raise HTTPException(403, f"a desk pushes only its own events; this token is device {pusher}, "
                                     f"not {', '.join(strangers[:3])}")
        try:
            with hub.lock:
                pushed = log.accept(hub.store, events, hub.hub_id)
        except _BAD_EVENT as exc:  # rolled back: nothing of this batch was stored
            raise HTTPException(422, f"an event of this batch cannot be applied ({type(exc).__name__}: "
                                     f"{exc}); nothing was stored") from exc
        body = {"verdicts": pushed.verdicts, "hub": pushed.hub, "high": pushed.high}
        return JSONResponse(body, status_code=409) if "conflict" in pushed.verdicts.values() else body

    @app.get("/v1/pull", response_model=None, responses={200: {"model": PullOut}, **_AUTH_ERRORS})
    def pull(me: Device, after: Annotated[int, Query(ge=0, le=2**62)] = 0,
             limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = log.PULL_BATCH,
             held_upto: Annotated[int, Query(ge=0, le=2**62, description="the asking desk's own events up to "
                                             "this seq are left out: it holds them")] = 0) -> Response:
        with hub.lock:
            # written by SQLite, not through PullOut: re-validating 5,000 events would cost more than reading them
            page = pages.since_json(hub.store, after, limit, hub.hub_id, pages.Held(me, held_upto))
            return Response(page, media_type="application/json")

    @app.get("/v1/status", responses=_AUTH_ERRORS)
    def status(me: Device) -> dict[str, Any]:
        with hub.lock:
            return hub_status(hub)

    @app.get("/", response_class=HTMLResponse)
    def page(request: Request) -> str:
        with hub.lock:
            state = hub_status(hub)
            quarantine = log.quarantined(hub.store, settled=True)  # with what a restored desk sent again
        url = hub.public_url or str(request.base_url).rstrip("/")
        # The enrolment code only on the hub laptop's own screen: anyone on the venue Wi-Fi can open this
        # page, and the code is what lets a laptop enrol as a desk.
        here = request.client is not None and _is_loopback(request.client.host)
        return status_page(state, quarantine, hub.enrol_code if here else None, url, hub.fingerprint)

    return app


def _seen(hub: HubState, device: str) -> None:
    now = time.monotonic()
    if now - hub.seen_at.get(device, -SEEN_EVERY_S) >= SEEN_EVERY_S:
        enrolment.seen(hub.store, device)
        hub.seen_at[device] = now


def hub_status(hub: HubState) -> dict[str, Any]:
    """What /v1/status answers and the status page shows (the caller holds the lock)."""
    conn = hub.store.conn
    pushed = dict(conn.execute("SELECT device, count(*) FROM events GROUP BY device").fetchall())
    checkins = dict(conn.execute("SELECT device, count(*) FROM checkins WHERE undone_by IS NULL "
                                 "GROUP BY device").fetchall())
    desks = [{"desk": d.desk, "device": d.device, "last_seen": d.last_seen, "enrolled_at": d.enrolled_at,
              "revoked": d.revoked_at is not None, "pushed": pushed.get(d.device, 0),
              "checkins": checkins.get(d.device, 0)} for d in enrolment.desks(hub.store)]
    doubles = [{"attendee_id": c.attendee_id, "name": c.name, "day": c.day,
                "where": [{"desk": desk, "at": at} for desk, at in c.where], "words": c.words}
               for c in conflicts.double_checkins(hub.store)]
    edits = [{"attendee_id": c.attendee_id, "name": c.name, "field": c.field, "now": c.now,
              "edits": [{"value": v, "actor": a, "at": at} for v, a, at in c.edits], "words": c.words}
             for c in conflicts.concurrent_edits(hub.store)]
    (quarantined,) = conn.execute("SELECT count(*) FROM quarantine WHERE taken_as IS NULL").fetchone()
    return {"hub": hub.hub_id, "events": hub.store.event_count(), "desks": desks,
            "quarantined": int(quarantined), "conflicts": doubles, "edits": edits}


# --- the organiser's page ---------------------------------------------------------------------------------


def enrol_payload(url: str, code: str, fingerprint: str | None) -> str:
    """What the QR on the status page holds: a desk scans it instead of typing URL, code and fingerprint."""
    return json.dumps({"url": url, "code": code, "fingerprint": fingerprint}, separators=(",", ":"))


def qr_svg(text: str, module_px: int = 4) -> str:
    symbol = qr.symbol(text)
    side = symbol.size_with_quiet_zone
    rects = "".join(f'<rect x="{c + qr.QUIET_ZONE}" y="{r + qr.QUIET_ZONE}" width="{n}" height="1"/>'
                    for r, c, n in qr.dark_runs(symbol.modules))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" width="{side * module_px}" '
            f'height="{side * module_px}" shape-rendering="crispEdges" role="img" aria-label="enrolment QR">'
            f'<rect width="{side}" height="{side}" fill="#fff"/><g fill="#000">{rects}</g></svg>')


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _table(headers: tuple[str, ...], rows: list[tuple[object, ...]], empty: str) -> str:
    if not rows:
        return f"<p>{_e(empty)}</p>"
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _enrol_part(code: str | None, url: str, fingerprint: str | None) -> str:
    if code is None:
        return ("<p>The enrolment code and its QR show only on the hub laptop itself: open this page there "
                "(http://127.0.0.1 and the same port).</p>")
    return f"<p>Enrolment code: <code>{_e(code)}</code></p>{qr_svg(enrol_payload(url, code, fingerprint))}"


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def status_page(state: dict[str, Any], quarantine: list[tuple[Event, str, str]], code: str | None, url: str,
                fingerprint: str | None) -> str:
    """Everything escaped; no attendee e-mail, no event bodies (a quarantined event shows only its place)."""
    desks = _table(("Desk", "Device", "Last seen", "Events pushed", "Check-ins", "Token"),
                   [(d["desk"], d["device"], d["last_seen"] or "never", d["pushed"], d["checkins"],
                     "revoked" if d["revoked"] else "active") for d in state["desks"]], "No desk has enrolled yet.")
    doubles = _table(("Attendee", "Day", "Checked in at"),
                     [(c["name"], c["day"], "; ".join(f"{w['desk']} {w['at']}" for w in c["where"]))
                      for c in state["conflicts"]], "No double check-ins.")
    edits = _table(("Attendee", "Field", "Changed to", "Now"),
                   [(c["name"], c["field"], "; ".join(f"{e['value']} ({e['actor']} {e['at']})" for e in c["edits"]),
                     c["now"]) for c in state["edits"]], "No field changed on two desks at once.")
    held = _table(("Device", "Seq", "Type", "Why", "Seen"),
                  [(e.device, e.seq, e.type, reason, seen) for e, reason, seen in quarantine],
                  "No quarantined events.")
    pin = f"<p>Certificate SHA-256: <code>{_e(fingerprint)}</code></p>" if fingerprint else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10">
<title>kiosk hub</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left}}code{{font-size:1.4em}}</style></head>
<body><h1>Sync hub</h1>
<p>Hub {_e(state["hub"])} at <a href="{_e(url)}">{_e(url)}</a>: {_e(state["events"])} events.</p>
<h2>Enrol a desk</h2>{_enrol_part(code, url, fingerprint)}{pin}
<h2>Desks</h2>{desks}
<h2>Double check-ins ({len(state["conflicts"])})</h2>{doubles}
<h2>Changed on two desks at once ({len(state["edits"])})</h2>{edits}
<h2>Quarantined events ({_e(state["quarantined"])})</h2>{held}
</body></html>"""
