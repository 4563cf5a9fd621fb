"""`kiosk enrol / sync / conflicts / backup` end to end: two desks (two data folders, two devices) and a hub
on 127.0.0.1 (the fake of the /v1 contract from the HTTP client's tests)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.checkin import check_in
from kiosk.cli import main
from kiosk.cli_sync_desk import sync_loop
from kiosk.session import open_store
from kiosk.store import Store
from kiosk.sync import log
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


def check_in_ada(folder: Path | None, desk: str) -> None:
    store = open_store(folder)
    try:
        assert check_in(store, attendee_fields("Ada Lovelace")["code"], day=1, desk=desk).outcome == "checked_in"
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

    check_in_ada(None, "Desk 1")  # both desks offline from each other: the same attendee twice on day 1
    check_in_ada(other, "Desk 2")
    for _ in range(2):
        assert run(capsys, "sync", "--once")[0] == 0
        assert run(capsys, "--data-dir", str(other), "sync", "--once")[0] == 0
    code, out, _ = run(capsys, "conflicts", "--json")
    found = json.loads(out)
    assert code == 0 and found["quarantined"] == []
    (double,) = found["double_checkins"]
    assert double["name"] == "Ada Lovelace" and {w["desk"] for w in double["where"]} == {"Desk 1", "Desk 2"}
    assert "checked in twice on day 1" in run(capsys, "conflicts")[1]

    copy = tmp_path / "backup.sqlite"
    code, out, err = run(capsys, "backup", str(copy))
    assert code == 0 and "backed up 5 events" in out and "quick_check ok" in out, err
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 5
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
