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


def desk_name(folder: Path) -> str | None:
    """The name this laptop's desk was given at first start, or None before that."""
    path = folder / _FILE
    if not path.is_file():
        return None
    try:
        name = json.loads(path.read_text(encoding="utf-8")).get("name")
    except (ValueError, AttributeError):
        return None  # an unreadable file: ask again rather than crash the desk
    return name if isinstance(name, str) and name.strip() else None


def set_desk_name(folder: Path, name: str) -> str:
    cleaned = clean_name(name, "desk")
    write_atomically(folder / _FILE, json.dumps({"name": cleaned}, ensure_ascii=False) + "\n")
    return cleaned


def start_shift(folder: Path, volunteer: str) -> Shift:
    desk = desk_name(folder)
    if desk is None:
        raise InvalidName("name this desk first (e.g. \"Desk 2\")")
    return Shift(desk=desk, volunteer=clean_name(volunteer, "volunteer"))
