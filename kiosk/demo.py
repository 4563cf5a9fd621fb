"""The bundled demo event: its configuration and ~300 attendees, imported like any pretix export."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from assets import asset
from kiosk import config as config_mod
from kiosk.importers import parse_bytes
from kiosk.importing import ImportSummary, Progress, import_parsed
from kiosk.store import Store


def demo_config(today: dt.date | None = None) -> config_mod.EventConfig:
    """The demo's configuration with its days moved to start today (in the event's time zone)."""
    base = config_mod.from_toml(asset("demo", "event.toml").read_text(encoding="utf-8"))
    start = today or base.today()
    days = tuple(start + dt.timedelta(days=i) for i in range(len(base.days)))
    return dataclasses.replace(base, days=days)


def install_demo(store: Store, progress: Progress | None = None, today: dt.date | None = None) -> ImportSummary:
    """Create or refresh the demo event; re-running it writes only what changed."""
    wanted = demo_config(today)
    if not store.has_config() or store.config().days != wanted.days:
        merged = wanted if not store.has_config() else dataclasses.replace(store.config(), days=wanted.days)
        store.set_config(merged, actor="demo")
    data = asset("demo", "attendees.csv").read_bytes()
    parsed = parse_bytes(data, str(Path("assets/demo/attendees.csv")))
    return import_parsed(store, parsed, actor="demo", progress=progress)
