"""Online backups of an event's store with SQLite's backup API, while desks keep writing.

Copying the file would not do: with WAL the newest commits live in the -wal file, and a copy taken during a
checkpoint is torn. `Connection.backup` copies a consistent snapshot page by page through SQLite itself.
All pages go in one step: in steps, every write by another connection would restart the copy. The copy
is written beside its final name, checked with `PRAGMA quick_check`, made durable, then renamed, so a
backup file that exists is a whole one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from pathlib import Path

from kiosk.db import StoreCorrupt
from kiosk.store import Store
from kiosk.sync.log import DESK_TOKEN, RESTORED_COPY

KEEP = 10
_STAMP = "%Y%m%d-%H%M%S"


def backup(source: Store | Path | str, target: Path | str, keep: int = KEEP,
           now: dt.datetime | None = None) -> Path:
    """Back `source` up to `target` and return the file written.

    `target` an existing folder: `<folder>/<event>-YYYYmmdd-HHMMSS.sqlite`, then only the newest `keep`
    backups of that event stay. Anything else: that file (replaced if it exists), no rotation.
    """
    path = Path(source.path if isinstance(source, Store) else source)
    if not path.is_file():
        raise FileNotFoundError(f"there is no store at {path}")
    target = Path(target)
    if not target.is_dir():
        _copy(path, target)
        return target
    event = path.stem
    written = _copy(path, _free_name(target, event, now or dt.datetime.now()))
    rotate(target, event, keep)
    return written


def _free_name(folder: Path, event: str, when: dt.datetime) -> Path:
    base = f"{event}-{when.strftime(_STAMP)}"
    candidate, n = folder / f"{base}.sqlite", 1
    while candidate.exists():  # two backups in one second (shutdown right after a scheduled one)
        n += 1
        candidate = folder / f"{base}-{n}.sqlite"
    return candidate


def _copy(source: Path, target: Path) -> Path:
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(str(source), timeout=5)
    try:
        dst = sqlite3.connect(str(tmp))
        try:
            src.backup(dst, pages=-1)  # one step: a consistent snapshot, never restarted by a writer
            # The copy is a single file to carry away: no -wal beside it (the store sets WAL again on open).
            dst.execute("PRAGMA journal_mode = DELETE")
            _mark_as_copy(dst, source)
            problems = [row[0] for row in dst.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise StoreCorrupt(f"the backup of {source} failed its check: {'; '.join(problems[:5])}")
        finally:
            dst.close()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    _fsync(tmp)
    os.replace(tmp, target)
    _fsync_dir(target.parent)
    return target


def _mark_as_copy(copy: sqlite3.Connection, source: Path) -> None:
    """A hub put back from this file must not reuse the original's hub id (kiosk.sync.enrolment.hub_id), and
    the desk's token stays out of it: a backup on a USB stick must not let anyone push as this desk (a desk
    put back from it enrols again, which also revokes the old token)."""
    if copy.execute("SELECT 1 FROM sqlite_master WHERE name = 'sync_state'").fetchone() is None:
        return  # a file from before sync existed: nothing of it can be mistaken for a hub
    with copy:
        copy.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                     "value = excluded.value", (RESTORED_COPY, str(source)))
        copy.execute("DELETE FROM sync_state WHERE key = ?", (DESK_TOKEN,))


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    # the rename itself must survive a power cut; Windows cannot open a folder, and NTFS journals renames
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backups(folder: Path | str, event: str) -> list[Path]:
    """The event's backups in `folder`, oldest first."""
    pattern = re.compile(rf"^{re.escape(event)}-(\d{{8}}-\d{{6}})(?:-(\d+))?\.sqlite$")
    found = []
    for entry in Path(folder).iterdir():
        match = pattern.match(entry.name)
        if match and entry.is_file():
            found.append(((match[1], int(match[2] or 1)), entry))
    return [p for _, p in sorted(found)]


def rotate(folder: Path | str, event: str, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest `keep` backups of `event`; returns the ones deleted."""
    old = backups(folder, event)[:-keep] if keep > 0 else []
    for path in old:
        path.unlink(missing_ok=True)
    return old
