"""Online backups (kiosk.sync.backup): a live store copied while another connection writes, then rotation."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

from kiosk.store import Store
from kiosk.sync import backup, log, settings
from tests.conftest import small_config
from tests.factories import add_attendees


def _count(path: Path) -> int:
    conn = sqlite3.connect(str(path))
    try:
        assert [r[0] for r in conn.execute("PRAGMA quick_check")] == ["ok"]
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def test_a_backup_of_a_store_being_written_is_whole_and_has_the_events(tmp_path: Path) -> None:
    live = Store.open(tmp_path / "conf.sqlite", "desk-a")
    writer = Store.open(tmp_path / "conf.sqlite", "desk-b")  # another connection, as a second process would be
    try:
        live.set_config(small_config(), actor="t")
        add_attendees(live, *(f"Person {i}" for i in range(200)))
        before = live.event_count()
        stop = threading.Event()

        def keep_writing() -> None:
            n = 0
            while not stop.is_set():
                add_attendees(writer, f"Late {n}")
                n += 1

        thread = threading.Thread(target=keep_writing)
        thread.start()
        try:
            folder = tmp_path / "backups"
            folder.mkdir()
            copies = [backup.backup(live, folder, now=dt.datetime(2026, 11, 27, 9, 0, i)) for i in range(3)]
        finally:
            stop.set()
            thread.join(timeout=10)
        counts = [_count(copy) for copy in copies]
        assert all(c >= before for c in counts) and counts == sorted(counts)
        assert copies[0].name == "conf-20261127-090000.sqlite"
        assert not list(folder.glob("*.part")) and not list(folder.glob("*-wal"))
        assert _count(backup.backup(tmp_path / "conf.sqlite", tmp_path / "one-file.sqlite")) >= counts[-1]
        reopened = Store.open(copies[-1], "check")  # a backup opens as a store again (migrations, config)
        assert reopened.config().name == "TestCon"
        reopened.close()
    finally:
        writer.close()
        live.close()


def test_rotation_keeps_the_newest_ten(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "conf.sqlite", "desk-a")
    try:
        add_attendees(store, "Ada Lovelace")
        folder = tmp_path / "backups"
        folder.mkdir()
        (folder / "other-20260101-000000.sqlite").write_bytes(b"")  # another event's: never touched
        start = dt.datetime(2026, 11, 27, 8, 0)
        written = [backup.backup(store, folder, now=start + dt.timedelta(minutes=15 * i)) for i in range(13)]
        twin = backup.backup(store, folder, now=start + dt.timedelta(minutes=15 * 12))  # same second again
        kept = backup.backups(folder, "conf")
        assert kept == [*written[4:], twin] and twin.name.endswith("-2.sqlite")
        assert (folder / "other-20260101-000000.sqlite").exists()
    finally:
        store.close()


def test_a_backup_carries_no_desk_token_and_says_it_is_a_copy(tmp_path: Path) -> None:
    live = Store.open(tmp_path / "conf.sqlite", "desk-a")
    try:
        live.set_config(small_config(), actor="t")
        with live.exclusive() as conn:
            for key, value in (("hub_url", "http://hub:8765"), ("hub_token", "secret-token"), ("hub_id", "h1")):
                log.set_state(conn, key, value)
        copy = backup.backup(live, tmp_path / "copy.sqlite")
        assert log.state(live, "hub_token") == "secret-token" and not log.state(live, log.RESTORED_COPY)
    finally:
        live.close()
    restored = Store.open(copy, "desk-a")
    try:
        assert log.state(restored, "hub_token") == "" and log.state(restored, "hub_url") == "http://hub:8765"
        assert log.state(restored, log.RESTORED_COPY) == str(tmp_path / "conf.sqlite")
        assert not settings.enrolled(restored)  # put back, the desk enrols again (and so revokes the old token)
    finally:
        restored.close()
