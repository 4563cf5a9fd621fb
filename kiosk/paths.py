"""Where the desk keeps its files: one SQLite file per event under the user data dir."""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path

import platformdirs

APP_NAME = "conference-kiosk"
DATA_DIR_ENV = "KIOSK_DATA_DIR"
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the explicit override, else $KIOSK_DATA_DIR, else the platform's user data dir."""
    chosen = override or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME, appauthor=False)
    path = Path(chosen).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def check_slug(slug: str) -> str:
    if not _SLUG_RE.match(slug):
        raise ValueError(f"event name {slug!r} must be lower-case letters, digits, '-' or '_' (max 64)")
    return slug


def event_db_path(folder: Path, slug: str) -> Path:
    return folder / "events" / f"{check_slug(slug)}.sqlite"


def list_events(folder: Path) -> list[str]:
    events = folder / "events"
    return sorted(p.stem for p in events.glob("*.sqlite")) if events.is_dir() else []


def active_event(folder: Path) -> str | None:
    """The event the desk last worked on, or the only one there is."""
    marker = folder / "active-event"
    if marker.is_file():
        slug = marker.read_text(encoding="utf-8").strip()
        if slug and event_db_path(folder, slug).exists():
            return slug
    known = list_events(folder)
    return known[0] if len(known) == 1 else None


def set_active_event(folder: Path, slug: str) -> None:
    write_atomically(folder / "active-event", check_slug(slug) + "\n")


def device_id(folder: Path) -> str:
    """A stable id for this installation: written once, then read back on every start.

    It lives beside the databases, not in them, so every event on this laptop is written by the same
    device; a cloned laptop carries the same id and sync will notice (same device+seq, other event id).
    """
    marker = folder / "device-id"
    if marker.is_file():
        existing = marker.read_text(encoding="utf-8").strip()
        if existing:
            return existing
    new_id = uuid.uuid4().hex[:16]
    write_atomically(marker, new_id + "\n")
    return new_id


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
