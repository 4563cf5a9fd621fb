"""Who is writing: the desk's name (set once per laptop) and the volunteer on shift (set per shift)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kiosk.paths import write_atomically

_FILE = "desk.json"
MAX_NAME = 40


class InvalidName(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Shift:
    desk: str
    volunteer: str

    @property
    def actor(self) -> str:
        """What the audit trail records for every event written during this shift."""
        return f"{self.volunteer} @ {self.desk}"


def clean_name(text: str, what: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise InvalidName(f"the {what} needs a name")
    if len(name) > MAX_NAME:
        raise InvalidName(f"the {what}'s name is longer than {MAX_NAME} characters")
    return name


@dataclass(frozen=True, slots=True)
class DeskPrinters:
    """This laptop's printers, by URL (printers/__init__.py lists the schemes); "" = not chosen."""

    badge: str = ""
    receipt: str = ""


def _read(folder: Path) -> dict[str, object]:
    path = folder / _FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}  # an unreadable file: ask again rather than crash the desk
    return data if isinstance(data, dict) else {}


def _write(folder: Path, data: dict[str, object]) -> None:
    write_atomically(folder / _FILE, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def desk_name(folder: Path) -> str | None:
    """The name this laptop's desk was given at first start, or None before that."""
    name = _read(folder).get("name")
    return name if isinstance(name, str) and name.strip() else None


def set_desk_name(folder: Path, name: str) -> str:
    cleaned = clean_name(name, "desk")
    _write(folder, {**_read(folder), "name": cleaned})
    return cleaned


def desk_printers(folder: Path) -> DeskPrinters:
    data = _read(folder).get("printers")
    if not isinstance(data, dict):
        return DeskPrinters()
    return DeskPrinters(str(data.get("badge", "") or ""), str(data.get("receipt", "") or ""))


def set_desk_printers(folder: Path, printers: DeskPrinters) -> None:
    """Per laptop, not per event: the printer is on this desk's table whatever the event."""
    chosen = {"badge": printers.badge.strip(), "receipt": printers.receipt.strip()}
    _write(folder, {**_read(folder), "printers": chosen})


def start_shift(folder: Path, volunteer: str) -> Shift:
    desk = desk_name(folder)
    if desk is None:
        raise InvalidName("name this desk first (e.g. \"Desk 2\")")
    return Shift(desk=desk, volunteer=clean_name(volunteer, "volunteer"))
