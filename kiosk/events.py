"""Events: the immutable facts every piece of state is derived from (ARCHITECTURE.md, Event log)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# Every type the core writes today; sync refuses anything else it does not know how to project.
EVENT_TYPES = frozenset(
    {
        "config.set",
        "attendee.imported",
        "attendee.registered",
        "attendee.edited",
        "checkin.recorded",
        "checkin.undone",
        "badge.printed",
        "payment.recorded",
        "payment.voided",
        "drawer.opened",
        "drawer.paid_in",
        "drawer.paid_out",
        "drawer.no_sale",
        "drawer.dropped",
        "drawer.counted",
        "drawer.closed",
        "drawer.reopened",
        "pin.set",
        "pin.tried",
        "kiosk.confirm_failed",
    }
)

EVENT_COLUMNS = ("id", "device", "seq", "hlc", "type", "body", "actor", "at")


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    device: str
    seq: int
    hlc: str
    type: str
    body: dict[str, Any]
    actor: str
    at: str

    @property
    def sort_key(self) -> str:
        """The total order (hlc, device, seq) as one sortable string."""
        return sort_key(self.hlc, self.device, self.seq)

    def to_row(self) -> tuple[str, str, int, str, str, str, str, str]:
        return (self.id, self.device, self.seq, self.hlc, self.type, dump_body(self.body), self.actor, self.at)

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in EVENT_COLUMNS}

    @classmethod
    def from_row(cls, row: tuple[Any, ...] | Any) -> Event:
        id_, device, seq, hlc, type_, body, actor, at = row
        return cls(id_, device, int(seq), hlc, type_, json.loads(body), actor, at)


def sort_key(hlc: str, device: str, seq: int) -> str:
    return f"{hlc}|{device}|{seq:012d}"


# sort_keys so the same fact is always the same bytes (stable exports, comparable rebuilds). Sync encodes
# every event it takes, so the C encoder that JSONEncoder(ensure_ascii=False, sort_keys=True,
# separators=(",", ":")).encode builds on every call is built once here (6.1 µs a body → 3.3 µs; the same
# bytes, which a test checks). Without the circular-reference check: a body is parsed JSON or plain values.
_BODY_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))
_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_C_BODY_ENCODER = None if _make_encoder is None else _make_encoder(
    None, _BODY_ENCODER.default, json.encoder.encode_basestring, None, ":", ",", True, False, True)


def dump_body(body: dict[str, Any]) -> str:
    if _C_BODY_ENCODER is None:  # a Python without the C accelerator
        return _BODY_ENCODER.encode(body)
    return "".join(_C_BODY_ENCODER(body, 0))
