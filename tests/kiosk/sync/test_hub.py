"""The hub's HTTP contract (kiosk.sync.hub) through FastAPI's TestClient, then once through a real `kiosk hub`."""

from __future__ import annotations

import dataclasses
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from kiosk.checkin import check_in
from kiosk.editing import edit_attendee
from kiosk.store import Store
from kiosk.sync import log
from kiosk.sync.hub import MAX_PUSH, create_app
from kiosk.sync.log import Page
from tests.conftest import small_config
from tests.factories import add_attendees

CODE = "TESTC0DE"


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "hub" / "event.sqlite", "hub-device")
    yield store
    store.close()


@pytest.fixture
def client(hub: Store) -> TestClient:
    # as the organiser on the hub laptop itself (the only place the page shows the enrolment code)
    return TestClient(create_app(hub, CODE, public_url="http://hub.test:8765"), client=("127.0.0.1", 50000))


def _desk(tmp_path: Path, device: str) -> Store:
    store = Store.open(tmp_path / f"{device}.sqlite", device)
    store.set_config(small_config(), actor="t")
    return store


def _enrol(client: TestClient, device: str, desk: str = "Desk 1") -> dict[str, str]:
    answer = client.post("/v1/enrol", json={"code": CODE, "desk": desk, "device": device})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["cursor"] == 0 and body["hub"]
    return {"Authorization": f"Bearer {body['token']}"}


def _events(store: Store) -> list[dict[str, Any]]:
    return [e.to_json() for e in log.to_push(store)]


def _page(body: dict[str, Any]) -> Page:
    return Page([log._event(e) for e in body["events"]], body["cursor"], body["more"])


def test_a_wrong_code_is_refused_and_enrolling_again_revokes_the_old_token(client: TestClient) -> None:
    wrong = client.post("/v1/enrol", json={"code": "NOPE", "desk": "Desk 1", "device": "desk-a"})
    assert wrong.status_code == 403 and "code" in wrong.json()["detail"]
    first = _enrol(client, "desk-a")
    assert client.get("/v1/pull", headers=first).status_code == 200
    second = _enrol(client, "desk-a")
    assert second != first
    assert client.get("/v1/pull", headers=first).status_code == 401
    assert client.get("/v1/pull", headers=second).status_code == 200
    lower = client.post("/v1/enrol", json={"code": "testc0de", "desk": "Desk 2", "device": "desk-b"})
    assert lower.status_code == 200  # typed in lower case from the page: still the code


def test_events_travel_from_one_desk_to_another_through_the_hub(client: TestClient, tmp_path: Path) -> None:
    a, b = _desk(tmp_path, "desk-a"), _desk(tmp_path, "desk-b")
    try:
        auth_a, auth_b = _enrol(client, "desk-a"), _enrol(client, "desk-b", "Desk 2")
        (ada,) = add_attendees(a, "Ada Lovelace")
        assert check_in(a, ada, day=1, desk="Desk 1", volunteer="v").ok
        sent = log.to_push(a)
        answer = client.post("/v1/push", headers=auth_a, json={"events": _events(a)})
        assert answer.status_code == 200 and set(answer.json()["verdicts"].values()) == {"added"}
        log.acknowledged(a, sent, log.Pushed(answer.json()["verdicts"]))
        assert log.to_push(a) == []
        pulled = client.get("/v1/pull", headers=auth_b, params={"after": 0, "limit": 2})
        assert pulled.status_code == 200 and pulled.json()["more"] is True
        log.take_page(b, _page(pulled.json()))
        rest = client.get("/v1/pull", headers=auth_b, params={"after": pulled.json()["cursor"]})
        log.take_page(b, _page(rest.json()))
        assert rest.json()["more"] is False
        assert {e.id for e in a.events()} <= {e.id for e in b.events()}  # b also has its own config event
        # held_upto leaves out the asker's own events only (the device comes from the token, not the desk)
        high = max(e.seq for e in sent)
        assert client.get("/v1/pull", headers=auth_a, params={"held_upto": high}).json()["events"] == []
        assert len(client.get("/v1/pull", headers=auth_b, params={"held_upto": high}).json()["events"]) == len(sent)
        status = client.get("/v1/status", headers=auth_b).json()
        by_device = {d["device"]: d for d in status["desks"]}
        assert by_device["desk-a"]["pushed"] == len(sent) and by_device["desk-a"]["checkins"] == 1
        assert by_device["desk-b"]["last_seen"] and status["events"] == len(sent)
    finally:
        a.close()
        b.close()


def test_a_repeated_push_is_a_duplicate_and_a_clone_is_409_and_shown(client: TestClient, tmp_path: Path) -> None:
    a = _desk(tmp_path, "desk-a")
    try:
        auth = _enrol(client, "desk-a")
        add_attendees(a, "Ada Lovelace")
        events = _events(a)
        assert client.post("/v1/push", headers=auth, json={"events": events}).status_code == 200
        again = client.post("/v1/push", headers=auth, json={"events": events})
        assert again.status_code == 200 and set(again.json()["verdicts"].values()) == {"duplicate"}
        clone = {**events[0], "id": "01a2ffff-0000-7000-8000-000000000000"}  # same device and seq
        answer = client.post("/v1/push", headers=auth, json={"events": [clone]})
        assert answer.status_code == 409 and answer.json()["verdicts"] == {clone["id"]: "conflict"}
        assert answer.json()["high"] == len(events)  # where the restored desk moves its clashing event to
        status = client.get("/v1/status", headers=auth).json()
        assert status["quarantined"] == 1
        page = client.get("/").text
        assert "Quarantined events (1)" in page and "is already event" in page
    finally:
        a.close()


def test_a_desk_pushes_only_its_own_events(client: TestClient, tmp_path: Path) -> None:
    b = _desk(tmp_path, "desk-b")
    try:
        auth_a = _enrol(client, "desk-a")
        add_attendees(b, "Grace Hopper")
        answer = client.post("/v1/push", headers=auth_a, json={"events": _events(b)})
        assert answer.status_code == 403 and "own events" in answer.json()["detail"]
    finally:
        b.close()


def test_tokens_are_checked(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp5"}):
        for method, url in (("GET", "/v1/pull"), ("GET", "/v1/status"), ("POST", "/v1/push")):
            answer = client.request(method, url, headers=headers, json={"events": []})
            assert answer.status_code == 401, (method, url, headers)


def test_too_many_events_or_malformed_ones_are_refused(client: TestClient, tmp_path: Path) -> None:
    a = _desk(tmp_path, "desk-a")
    try:
        auth = _enrol(client, "desk-a")
        (event,) = _events(a)[:1]
        many = [{**event, "id": f"id-{i}", "seq": i + 1} for i in range(MAX_PUSH + 1)]
        assert client.post("/v1/push", headers=auth, json={"events": many}).status_code == 413
        assert client.post("/v1/push", headers=auth, json={"events": [{**event, "seq": "x"}]}).status_code == 422
        late = client.post("/v1/push", headers=auth, json={"events": [event, {**event, "hlc": "yesterday"}]})
        assert late.status_code == 422  # says which event and field, as FastAPI's own checks do
        assert [e["loc"] for e in late.json()["detail"]] == [["body", "events", 1, "hlc"]]
        assert client.post("/v1/push", headers=auth, json={"events": [{k: v for k, v in event.items() if k != "at"}]}
                           ).status_code == 422
        assert client.post("/v1/relay", headers=auth, json=[event]).status_code == 422
        assert client.post("/v1/push", headers=auth, content=b"{not json").status_code == 422
        assert client.post("/v1/push", headers=auth, content=b"\x80\xff").status_code == 422  # not even text
        broken = {**event, "type": "checkin.recorded", "body": {}}  # a known type its projection cannot read
        assert client.post("/v1/push", headers=auth, json={"events": [broken]}).status_code == 422
        assert client.get("/v1/pull", headers=auth, params={"limit": 5001}).status_code == 422
    finally:
        a.close()


def test_the_status_page_escapes_what_desks_send(client: TestClient, tmp_path: Path) -> None:
    _enrol(client, "<b>dev</b>", desk='<script>alert("x")</script>')
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<script>alert" not in page.text and "&lt;script&gt;alert(&quot;x&quot;)" in page.text
    assert "&lt;b&gt;dev&lt;/b&gt;" in page.text and CODE in page.text and "<svg" in page.text


def test_double_checkins_from_two_desks_are_conflicts_on_the_page(client: TestClient, tmp_path: Path) -> None:
    a, b = _desk(tmp_path, "desk-a"), _desk(tmp_path, "desk-b")
    try:
        auth_a, auth_b = _enrol(client, "desk-a"), _enrol(client, "desk-b", "Desk 2")
        (ada,) = add_attendees(a, "Ada Lovelace", email="ada@example.org")
        client.post("/v1/push", headers=auth_a, json={"events": _events(a)})
        log.take_page(b, _page(client.get("/v1/pull", headers=auth_b).json()))
        assert check_in(a, ada, day=1, desk="Desk 1", volunteer="v").ok
        assert check_in(b, ada, day=1, desk="Desk 2", volunteer="w").ok
        edit_attendee(a, ada, {"city": "Graz"}, actor="Sam @ Desk 1")  # and her town on both, differently
        edit_attendee(b, ada, {"city": "Wien"}, actor="Kim @ Desk 2")
        a_new = [e for e in _events(a) if e["type"] in ("checkin.recorded", "attendee.edited")]
        client.post("/v1/push", headers=auth_a, json={"events": a_new})
        client.post("/v1/push", headers=auth_b, json={"events": _events(b)})
        status = client.get("/v1/status", headers=auth_a).json()
        assert [(c["name"], c["day"]) for c in status["conflicts"]] == [("Ada Lovelace", 1)]
        (edit,) = status["edits"]
        assert edit["field"] == "city" and edit["now"] == "Wien"  # the later edit in total order shows
        page = client.get("/").text
        assert "Ada Lovelace" in page and "ada@example.org" not in page
        assert "Changed on two desks at once (1)" in page and "Graz (Sam @ Desk 1" in page
    finally:
        a.close()
        b.close()


def _lines(stream: Any) -> queue.Queue[str]:
    found: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [found.put(line) for line in stream], daemon=True).start()
    return found


@pytest.mark.skipif(sys.platform == "win32", reason="stops the hub with SIGTERM")
def test_a_real_hub_process_serves_a_push_and_a_pull(tmp_path: Path) -> None:
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "data")}
    hub = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "hub", "--port", "0", "--enrol-code", CODE,
                            "--data-dir", str(tmp_path / "data"), "--event", "conf"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    a = _desk(tmp_path, "desk-a")
    try:
        out = _lines(hub.stdout)
        first = out.get(timeout=20)
        assert first.startswith("hub: http://127.0.0.1:"), first
        url = first.split(" ", 1)[1].strip()
        with httpx.Client(base_url=url, timeout=5) as http:
            token = http.post("/v1/enrol", json={"code": CODE, "desk": "Desk 1", "device": "desk-a"}).json()["token"]
            auth = {"Authorization": f"Bearer {token}"}
            add_attendees(a, "Ada Lovelace")
            pushed = http.post("/v1/push", headers=auth, json={"events": _events(a)})
            assert pushed.status_code == 200 and set(pushed.json()["verdicts"].values()) == {"added"}
            pulled = http.get("/v1/pull", headers=auth).json()
            assert [e["id"] for e in pulled["events"]] == [e.id for e in log.to_push(a)]
        hub.send_signal(signal.SIGTERM)
        assert hub.wait(timeout=15) == 0
        saved = list((tmp_path / "data" / "hub" / "backups").glob("conf-*.sqlite"))
        assert len(saved) == 1  # the backup taken on the way out
    finally:
        a.close()
        if hub.poll() is None:
            hub.kill()
            hub.wait(timeout=5)
        for stream in (hub.stdout, hub.stderr):
            if stream:
                stream.close()


def test_event_json_round_trips_through_the_pull(client: TestClient, tmp_path: Path) -> None:
    a = _desk(tmp_path, "desk-a")
    try:
        auth = _enrol(client, "desk-a")
        add_attendees(a, "Zoë Ünal")
        client.post("/v1/push", headers=auth, json={"events": _events(a)})
        pulled = _page(client.get("/v1/pull", headers=auth).json())
        assert [dataclasses.asdict(e) for e in pulled.events] == [dataclasses.asdict(e) for e in log.to_push(a)]
        assert json.loads(json.dumps(pulled.events[0].to_json())) == pulled.events[0].to_json()
    finally:
        a.close()


def test_the_page_shows_the_enrolment_code_only_on_the_hub_laptop(hub: Store) -> None:
    app = create_app(hub, CODE, public_url="http://hub.test:8765")
    elsewhere = TestClient(app, client=("192.168.1.77", 50000)).get("/").text
    assert CODE not in elsewhere and "<svg" not in elsewhere and "only on the hub laptop itself" in elsewhere
    here = TestClient(app, client=("::1", 50000)).get("/").text
    assert CODE in here and "<svg" in here


def test_a_desk_relays_another_desks_events_to_a_hub_that_lacks_them(client: TestClient, tmp_path: Path) -> None:
    b = _desk(tmp_path, "desk-b")
    try:
        auth_a = _enrol(client, "desk-a")
        add_attendees(b, "Grace Hopper")
        events = _events(b)  # desk-b's events, held by desk-a (it pulled them from the hub before this one)
        assert client.post("/v1/relay", json={"events": events}).status_code == 401
        first = client.post("/v1/relay", headers=auth_a, json={"events": events})
        assert first.status_code == 200 and set(first.json()["verdicts"].values()) == {"added"}
        again = client.post("/v1/relay", headers=auth_a, json={"events": events})
        assert set(again.json()["verdicts"].values()) == {"duplicate"}
        pulled = client.get("/v1/pull", headers=auth_a).json()
        assert [e["id"] for e in pulled["events"]] == [e["id"] for e in events]
    finally:
        b.close()
