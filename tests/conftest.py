"""Shared fixtures. Qt must be told it has no screen before anything imports it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", os.path.join(os.path.dirname(__file__), ".escpos-cache"))

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import EventConfig, Interest, TicketType
from kiosk.store import Store

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PRETIX_EXPORT = SHARED_DATA / "pretix" / "orderlist-positions.csv"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test ever touches the real user data folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def data_dir(_isolated_data_dir: Path) -> Path:
    return _isolated_data_dir


def small_config(days: int = 2) -> EventConfig:
    start = dt.date(2026, 11, 27)
    return EventConfig(
        name="TestCon",
        days=tuple(start + dt.timedelta(days=i) for i in range(days)),
        timezone="Europe/Berlin",
        ticket_types=(TicketType("Regular", 25000),),
        interests=(Interest("Science", "#2e7d32", "S"), Interest("Web", "#1565c0", "W")),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "event.sqlite", device="desk-a")
    opened.set_config(small_config(), actor="test")
    yield opened
    opened.close()
