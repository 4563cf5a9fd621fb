"""Opening the right store: which data folder, which event, which device."""

from __future__ import annotations

import os
from pathlib import Path

from kiosk import paths
from kiosk.store import Store

DEMO_SLUG = "demo"


class NoEvent(LookupError):
    """No event exists in the data folder yet."""


def open_store(data_dir: str | os.PathLike[str] | None = None, event: str | None = None,
               create: bool = False, check: bool = True) -> Store:
    """The store of `event`, else the active event; `create` makes the file when it does not exist."""
    folder = paths.data_dir(data_dir)
    slug = event or paths.active_event(folder)
    if slug is None:
        if not create:
            known = paths.list_events(folder)
            hint = (f"choose one with --event ({', '.join(known)})" if known
                    else "run `kiosk demo` or `kiosk import FILE`")
            raise NoEvent(f"no event selected in {folder}: {hint}")
        slug = "event"
    db_path = paths.event_db_path(folder, slug)
    if not db_path.exists() and not create:
        raise NoEvent(f"there is no event {slug!r} in {folder}")
    store = Store.open(db_path, paths.device_id(folder), check=check)
    paths.set_active_event(folder, slug)
    return store


def data_folder(data_dir: str | os.PathLike[str] | None = None) -> Path:
    return paths.data_dir(data_dir)
