"""`kiosk enrol / sync / conflicts / backup` end to end: two desks (two data folders, two devices) and a hub
on 127.0.0.1 (the fake of the /v1 contract from the HTTP client's tests)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.checkin import check_in
from kiosk.cli import main
from kiosk.cli_sync import hub_path
from kiosk.cli_sync_desk import sync_loop
from kiosk.editing import edit_attendee
from kiosk.session import open_store
from kiosk.store import Store
from kiosk.sync import discovery, enrolment, log
from kiosk.sync.discovery import advertise, find_hubs
from kiosk.sync.hub import enrol_payload
from tests.conftest import small_config
from tests.factories import add_attendees, attendee_fields
from tests.kiosk.sync.test_http_client import CODE, FakeHub


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[FakeHub]:
    store = Store.open(tmp_path / "hub.sqlite", "hub")
    fake = FakeHub(store)
    yield fake
    fake.stop()
    store.close()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def make_event(folder: Path | None = None) -> None:
    store = open_store(folder, create=True)
    try:
        store.set_config(small_config(), actor="t")
        add_attendees(store, "Ada Lovelace", "Grace Hopper")
    finally:
        store.close()


def check_in_ada(folder: Path | None, desk: str, city: str = "") -> None:
    store = open_store(folder)
    try:
        done = check_in(store, attendee_fields("Ada Lovelace")["code"], day=1, desk=desk)
        assert done.outcome == "checked_in" and done.attendee is not None
        if city:
            edit_attendee(store, done.attendee.id, {"city": city}, actor=f"Sam @ {desk}")
    finally:
        store.close()


def test_two_desks_enrol_sync_level_see_a_double_checkin_and_back_up(
        capsys: pytest.CaptureFixture[str], hub: FakeHub, tmp_path: Path, data_dir: Path) -> None:
    other = tmp_path / "desk2"
    make_event()
    code, out, err = run(capsys, "enrol", hub.url, CODE, "--desk", "Desk 1")
    assert code == 0, err
    assert out.startswith("enrolled Desk 1 with hub hub-test")
    code, out, err = run(capsys, "sync", "--once")
    assert code == 0 and out.strip().endswith(": level"), err
    assert run(capsys, "--data-dir", str(other), "enrol", hub.url, CODE, "--desk", "Desk 2")[0] == 0
    code, out, _ = run(capsys, "--data-dir", str(other), "sync", "--once")
    assert code == 0 and "pulled 3" in out

    check_in_ada(None, "Desk 1", "Graz")  # both desks offline from each other: the same attendee twice on day 1
    check_in_ada(other, "Desk 2", "Wien")  # ...and her town changed on both to different values
    for _ in range(2):
        assert run(capsys, "sync", "--once")[0] == 0
        assert run(capsys, "--data-dir", str(other), "sync", "--once")[0] == 0
    code, out, _ = run(capsys, "conflicts", "--json")
    found = json.loads(out)
    assert code == 0 and found["quarantined"] == []
    (double,) = found["double_checkins"]
    assert double["name"] == "Ada Lovelace" and {w["desk"] for w in double["where"]} == {"Desk 1", "Desk 2"}
    (edit,) = found["concurrent_edits"]
    assert edit["field"] == "city" and {e["value"] for e in edit["edits"]} == {"Graz", "Wien"}
    said = run(capsys, "conflicts")[1]
    assert "checked in twice on day 1" in said and "Ada Lovelace: city was changed to 'Graz' by Sam @ Desk 1" in said

    copy = tmp_path / "backup.sqlite"
    code, out, err = run(capsys, "backup", str(copy))
    assert code == 0 and "backed up 7 events" in out and "quick_check ok" in out, err
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 7
    code, _, err = run(capsys, "backup", str(copy))
    assert code == 2 and "--force" in err
    assert run(capsys, "backup", str(copy), "--force")[0] == 0


def test_sync_says_why_it_did_not_happen(capsys: pytest.CaptureFixture[str], hub: FakeHub) -> None:
    make_event()
    code, _, err = run(capsys, "sync", "--once")
    assert code == 2 and "enrol first: kiosk enrol URL CODE" in err
    code, _, err = run(capsys, "enrol", hub.url, "wrong-code")
    assert code == 1 and "wrong enrolment code" in err
    assert run(capsys, "enrol", hub.url, CODE)[0] == 0
    hub.tokens.clear()
    code, _, err = run(capsys, "sync", "--once")
    assert code == 1 and "token was revoked: enrol again" in err
    hub.stop()
    code, _, err = run(capsys, "sync", "--once")
    assert code == 1 and "cannot be reached" in err and "3 events waiting" in err


def test_the_sync_loop_backs_off_while_offline_until_ctrl_c(
        capsys: pytest.CaptureFixture[str], hub: FakeHub) -> None:
    make_event()
    assert run(capsys, "enrol", hub.url, CODE)[0] == 0
    hub.stop()
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 5:
            raise KeyboardInterrupt

    store = open_store(None)
    try:
        assert sync_loop(store, interval_s=5.0, sleep=sleep) == 0
        assert waits == [10.0, 20.0, 40.0, 60.0, 60.0] and log.to_push(store)
    finally:
        store.close()


# --- finding the hub and enrolling from its QR --------------------------------------------------------------


def test_kiosk_hubs_lists_a_hub_on_this_network_and_enrol_takes_its_address(
        capsys: pytest.CaptureFixture[str], hub: FakeHub) -> None:
    hub_id = uuid.uuid4().hex  # ours alone: another hub may answer on this network too
    advert = advertise(hub.url, hub_id, "TestCon", None)
    try:
        assert advert.wait(5.0)
        code, out, err = run(capsys, "hubs", "--timeout", "2", "--json")
        (found,) = [h for h in json.loads(out) if h["hub"] == hub_id]
        assert code == 0 and found["url"] == hub.url and found["event"] == "TestCon", err
        code, out, _ = run(capsys, "hubs", "--timeout", "2")
        assert code == 0 and f"TestCon: {hub.url} (hub {hub_id})" in out and f"kiosk enrol {hub.url} CODE" in out
        assert "against the hub's own screen" in out
    finally:
        advert.close()
    make_event()
    code, out, err = run(capsys, "enrol", found["url"], CODE, "--desk", "Desk 1")
    assert code == 0 and out.startswith("enrolled Desk 1 with hub hub-test"), err


def test_kiosk_hubs_says_when_none_answered(capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # the real search, on an interface this machine does not have: nothing can answer
    monkeypatch.setattr(discovery, "find_hubs", lambda timeout_s: find_hubs(timeout_s, interfaces=["198.51.100.254"]))
    code, out, err = run(capsys, "hubs", "--timeout", "0.5")
    assert code == 1 and out == "" and "no hub answered on this network within 0.5 s" in err
    assert "--host 0.0.0.0" in err and "kiosk enrol URL CODE" in err
    code, out, _ = run(capsys, "hubs", "--json", "--timeout", "0.5")
    assert code == 1 and json.loads(out) == []
    code, _, err = run(capsys, "hubs", "--timeout", "0")
    assert code == 2 and "--timeout wants seconds above 0" in err


def test_enrol_from_the_qr_text(capsys: pytest.CaptureFixture[str], hub: FakeHub) -> None:
    make_event()
    code, _, err = run(capsys, "enrol", "--payload", enrol_payload(hub.url, "wrong-code", None))
    assert code == 1 and "wrong enrolment code" in err
    code, out, err = run(capsys, "enrol", "--payload", enrol_payload(hub.url, CODE, None), "--desk", "Desk 1")
    assert code == 0 and out.startswith(f"enrolled Desk 1 with hub hub-test at {hub.url}"), err
    code, out, err = run(capsys, "sync", "--once")
    assert code == 0 and out.strip().endswith(": level"), err


@pytest.mark.parametrize(("args", "words"), [
    (["--payload", "A0001-XK3F"], "kiosk enrol: this is not a hub's enrolment QR: give the QR's text, or"),
    (["--payload", '{"url":"http://10.0.0.2:8765","co'], "cut off or garbled"),
    (["--payload", '{"url":"http://10.0.0.2:8765"}'], "the enrolment code is missing"),
    (["http://10.0.0.2:8765", "--payload", '{"url":"http://10.0.0.2:8765","code":"X"}'], "not both"),
    ([], "give the hub's address and the enrolment code (kiosk enrol URL CODE) or the QR's text"),
    (["http://10.0.0.2:8765"], "kiosk hubs lists the hubs on this network"),
    (["10.0.0.2:8765", CODE], "starts with http:// or https://"),
])
def test_enrol_says_what_is_wrong_with_its_input(capsys: pytest.CaptureFixture[str], args: list[str],
                                                 words: str) -> None:
    code, out, err = run(capsys, "enrol", *args)
    assert code == 2 and out == "" and words in err


def test_the_organiser_lists_and_revokes_desks_of_the_hub(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "hub-laptop"
    assert run(capsys, "--data-dir", str(folder), "--event", "conf", "hub-desks")[0] == 2  # no hub ran here
    path = hub_path(folder, "conf")
    path.parent.mkdir(parents=True)
    store = Store.open(path, "hub")
    try:
        token = enrolment.enrol(store, "Desk 1", "dev-1")
        enrolment.enrol(store, "Desk 2", "dev-2")
    finally:
        store.close()
    code, out, _ = run(capsys, "--data-dir", str(folder), "--event", "conf", "hub-desks")
    assert code == 0 and "Desk 1\tdev-1\tactive" in out and "Desk 2\tdev-2\tactive" in out
    code, _, err = run(capsys, "--data-dir", str(folder), "--event", "conf", "hub-desks", "--revoke", "Desk 9")
    assert code == 2 and "'Desk 9' is not an enrolled desk; enrolled: Desk 1 (dev-1), Desk 2 (dev-2)" in err
    code, out, _ = run(capsys, "--data-dir", str(folder), "--event", "conf", "hub-desks", "--revoke", "Desk 1")
    assert code == 0 and out.startswith("revoked Desk 1 (dev-1)")
    store = Store.open(path, "hub")
    try:
        assert enrolment.device_for(store, token) is None  # the stolen laptop's token no longer works
    finally:
        store.close()
    assert "Desk 1\tdev-1\trevoked" in run(capsys, "--data-dir", str(folder), "--event", "conf", "hub-desks")[1]
