"""Treasurer and admin PINs: Argon2id hashes kept as events (so every desk knows them after sync), and
every try in the audit trail. Wrong tries slow the next one down, and five in a row lock the role on
this desk for a while that doubles with each further lock-out.

Volunteers need no PIN. A PIN authorises one act (a refund, a void, a reopened drawer, the treasurer
screen): `verify` returns an `Authorisation` that the core operations ask for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kiosk.store import Store

Role = Literal["treasurer", "admin"]
ROLES: tuple[Role, ...] = ("treasurer", "admin")
MAX_TRIES = 5                       # wrong tries in a row before the lock-out
DELAYS_S = (0, 1, 2, 4, 8)          # wait after the 1st…4th wrong try before the next one is taken
FIRST_LOCKOUT_S = 60                # the 5th wrong try locks for a minute, the next lock-out for two…
LONGEST_LOCKOUT_S = 3600
MIN_LENGTH, MAX_LENGTH = 4, 12
_hasher = PasswordHasher()          # Argon2id, RFC 9106's low-memory parameters


class PinRefused(ValueError):
    """The PIN cannot be set (too short, too easy, not allowed); the message says why."""


@dataclass(frozen=True, slots=True)
class Authorisation:
    """Proof that someone typed the role's PIN just now: the `pin.tried` event that says so."""

    role: Role
    event_id: str
    actor: str


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    message: str
    wait_s: float = 0.0                    # how long until another try is taken
    locked: bool = False                   # the role is locked out on this desk (5 wrong tries)
    failures: int = 0                      # wrong tries in a row now
    authorisation: Authorisation | None = None


def has_pin(store: Store, role: Role) -> bool:
    return store.conn.execute("SELECT 1 FROM pins WHERE role = ?", (role,)).fetchone() is not None


def check_strength(pin: str) -> None:
    if not pin.isdigit() or not pin.isascii():
        raise PinRefused("a PIN is digits only")
    if not MIN_LENGTH <= len(pin) <= MAX_LENGTH:
        raise PinRefused(f"a PIN has {MIN_LENGTH} to {MAX_LENGTH} digits")
    if len(set(pin)) == 1 or pin in "01234567890123456789" or pin in "98765432109876543210":
        raise PinRefused("that PIN is too easy to guess (all one digit, or a run like 1234)")


def set_pin(store: Store, role: Role, pin: str, *, actor: str, authorisation: Authorisation | None = None) -> None:
    """Set a role's PIN. The first time anyone may (first start); changing it takes the role's own PIN
    or the admin PIN."""
    if role not in ROLES:
        raise PinRefused(f"unknown role {role!r}")
    check_strength(pin)
    if has_pin(store, role) and (authorisation is None or authorisation.role not in (role, "admin")):
        raise PinRefused(f"the {role} PIN is set: changing it takes the {role} or the admin PIN")
    digest = _hasher.hash(pin)
    with store.write(actor=actor) as writer:
        writer.append("pin.set", {"role": role, "hash": digest})


def _recent_tries(store: Store, role: Role) -> list[tuple[bool, str]]:
    rows = store.conn.execute("SELECT ok, at FROM pin_tries WHERE device = ? AND role = ? AND purpose != 'locked' "
                              "ORDER BY sort_key DESC LIMIT 64", (store.device, role)).fetchall()
    return [(bool(ok), at) for ok, at in rows]


def lockout_s(failures: int) -> float:
    """How long a role stays locked after `failures` wrong tries in a row (≥ MAX_TRIES)."""
    lockouts = failures - MAX_TRIES  # 0 for the first lock-out
    return float(min(LONGEST_LOCKOUT_S, FIRST_LOCKOUT_S * 2 ** max(0, lockouts)))


def wait_after(failures: int) -> float:
    if failures <= 0:
        return 0.0
    if failures < MAX_TRIES:
        return float(DELAYS_S[failures])
    return lockout_s(failures)


def state(store: Store, role: Role, now: dt.datetime | None = None) -> Verdict:
    """Where this desk stands with the role's PIN before a try: free, waiting, or locked out."""
    moment = now or dt.datetime.now(dt.UTC)
    tries = _recent_tries(store, role)
    failures = 0
    for ok, _ in tries:
        if ok:
            break
        failures += 1
    if failures == 0:
        return Verdict(False, "", failures=0)
    last = dt.datetime.fromisoformat(tries[0][1])
    remaining = max(0.0, wait_after(failures) - (moment - last).total_seconds())
    locked = failures >= MAX_TRIES and remaining > 0
    if locked:
        message = f"Locked after {failures} wrong PINs: try again in {_duration(remaining)}"
    elif remaining > 0:
        message = f"Wrong PIN ({failures} of {MAX_TRIES}): wait {_duration(remaining)}"
    else:
        message = f"{failures} wrong PIN{'s' if failures > 1 else ''} in a row on this desk"
    return Verdict(False, message, remaining, locked, failures)


def verify(store: Store, role: Role, pin: str, *, actor: str, purpose: str,
           now: dt.datetime | None = None) -> Verdict:
    """Check a PIN for one purpose ("treasurer screen", "void R-0007"). Every try, right, wrong or refused
    while waiting, is a `pin.tried` event: the audit trail shows who tried what, and when."""
    before = state(store, role, now)
    if before.wait_s > 0:
        _record(store, role, ok=False, purpose="locked", actor=actor, why=purpose)
        return before
    (stored,) = store.conn.execute("SELECT hash FROM pins WHERE role = ?", (role,)).fetchone() or (None,)
    if stored is None:
        return Verdict(False, f"No {role} PIN is set yet: set one with More ▾ → “PINs…” at the top of the desk")
    ok: bool
    try:
        ok = bool(_hasher.verify(stored, pin))
    except (VerificationError, InvalidHashError):
        ok = False
    event_id = _record(store, role, ok=ok, purpose=purpose, actor=actor, why="")
    if ok:
        return Verdict(True, "PIN accepted", authorisation=Authorisation(role, event_id, actor))
    after = state(store, role, now)
    if after.locked:
        return Verdict(False, f"Wrong PIN. {after.message}", after.wait_s, True, after.failures)
    left = MAX_TRIES - after.failures
    wait = f"; wait {_duration(after.wait_s)}" if after.wait_s > 0 else ""
    return Verdict(False, f"Wrong PIN: {left} tr{'ies' if left > 1 else 'y'} left before a lock-out{wait}",
                   after.wait_s, False, after.failures)


def _record(store: Store, role: Role, *, ok: bool, purpose: str, actor: str, why: str) -> str:
    body: dict[str, object] = {"role": role, "ok": ok, "purpose": purpose}
    if why:
        body["refused_while_waiting_for"] = why
    with store.write(actor=actor) as writer:
        return writer.append("pin.tried", body).id


def _duration(seconds: float) -> str:
    whole = max(1, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest:02d} s" if rest else f"{minutes} min"
