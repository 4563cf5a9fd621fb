"""The treasurer's audit trail: every PIN try and PIN change, every void, refund and reopened drawer, newest
first, in words. Read straight from the event log (the record itself), so nothing here can disagree with it.
PIN hashes are never read out."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kiosk import money
from kiosk.store import Store

AUDITED = ("pin.tried", "pin.set", "payment.voided", "payment.recorded", "drawer.reopened", "kiosk.confirm_failed")
KINDS = {"pin.tried": "PIN try", "pin.set": "PIN set", "payment.voided": "Void", "payment.recorded": "Refund",
         "drawer.reopened": "Reopen", "kiosk.confirm_failed": "Kiosk check"}


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: str          # wall-clock time the event was written (UTC, ISO)
    type: str        # the event type
    kind: str        # the same in words: "PIN try", "Void"…
    actor: str
    device: str
    what: str        # one line a treasurer reads
    ok: bool = True  # False for a wrong PIN or a try refused during a lock-out: shown as an alert


def audit_trail(store: Store, limit: int = 500) -> list[AuditEntry]:
    placeholders = ", ".join("?" * len(AUDITED))
    # Sales are not audit items; refunds are payment.recorded events of kind "refund".
    rows = store.conn.execute(
        f"SELECT type, body, actor, device, at FROM events WHERE type IN ({placeholders}) "
        "AND (type != 'payment.recorded' OR json_extract(body, '$.kind') = 'refund') "
        "ORDER BY hlc DESC, device DESC, seq DESC LIMIT ?", (*AUDITED, limit)).fetchall()
    receipts = _receipts(store)
    return [_entry(type_, json.loads(body), actor, device, at, receipts) for type_, body, actor, device, at in rows]


def _receipts(store: Store) -> dict[str, str]:
    return {pid: number for pid, number in store.conn.execute("SELECT id, receipt_no FROM payments")}


def _entry(type_: str, body: dict[str, Any], actor: str, device: str, at: str, receipts: dict[str, str]) -> AuditEntry:
    what, ok = _words(type_, body, receipts)
    return AuditEntry(at, type_, KINDS[type_], actor, device, what, ok)


def _words(type_: str, body: dict[str, Any], receipts: dict[str, str]) -> tuple[str, bool]:
    role = str(body.get("role", ""))
    if type_ == "pin.tried":
        if body.get("purpose") == "locked":
            return f"{role} PIN refused during a lock-out — for {body.get('refused_while_waiting_for', '')}", False
        ok = bool(body.get("ok"))
        return f"{role} PIN {'right' if ok else 'WRONG'} — for {body.get('purpose', '')}", ok
    if type_ == "pin.set":
        return f"{role} PIN set", True
    if type_ == "kiosk.confirm_failed":
        return (f"Wrong order code or email for ticket {body.get('target_id', '')} at {body.get('kiosk', '')} "
                f"(try {body.get('try', '')})"), False
    if type_ == "payment.voided":
        receipt = receipts.get(str(body.get("payment_id", "")), str(body.get("payment_id", "")))
        return f"{receipt} voided — {body.get('reason', '')} (authorised by {body.get('authorised_by', '')})", True
    if type_ == "payment.recorded":
        details = body.get("details", {})
        original = receipts.get(str(details.get("refund_of", "")), "")
        amount = money.format_amount(int(body.get("amount_minor", 0)), str(body.get("currency", "EUR")))
        cancelled = ", ticket cancelled" if body.get("cancel_ticket") else ""
        return (f"{body.get('receipt_no', '')}: {amount} refunded by {body.get('method', '')} for {original}"
                f"{cancelled} — {details.get('reason', '')} (authorised by {details.get('authorised_by', '')})"), True
    return (f"Drawer {body.get('drawer_id', '')} reopened — {body.get('reason', '')} "
            f"(authorised by {body.get('authorised_by', '')})"), True
