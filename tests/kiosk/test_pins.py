"""Treasurer and admin PINs: Argon2id, growing delays, a lock-out after five, every try in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk import pins
from kiosk.pins import PinRefused
from kiosk.rebuild import rebuild
from kiosk.store import Store


def _later(seconds: float) -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)


def test_pins_are_hashed_with_argon2id_and_weak_ones_refused(store: Store) -> None:
    for weak, why in (("12", "4 to 12 digits"), ("1234", "too easy"), ("0000", "too easy"), ("12a4", "digits only")):
        with pytest.raises(PinRefused, match=why):
            pins.set_pin(store, "treasurer", weak, actor="Olga")
    pins.set_pin(store, "treasurer", "2580", actor="Olga")
    (event,) = [e for e in store.events() if e.type == "pin.set"]
    assert event.body["hash"].startswith("$argon2id$") and "2580" not in event.body["hash"]


def test_changing_a_pin_takes_that_role_or_the_admin(store: Store) -> None:
    pins.set_pin(store, "treasurer", "2580", actor="Olga")
    with pytest.raises(PinRefused, match="takes the treasurer or the admin PIN"):
        pins.set_pin(store, "treasurer", "3691", actor="Mallory")
    pins.set_pin(store, "admin", "97531", actor="Olga")
    admin = pins.verify(store, "admin", "97531", actor="Olga", purpose="change PINs").authorisation
    pins.set_pin(store, "treasurer", "3691", actor="Olga", authorisation=admin)
    assert pins.verify(store, "treasurer", "3691", actor="Tess", purpose="screen").ok


def test_wrong_pins_slow_down_then_lock_out_for_a_growing_time(store: Store) -> None:
    pins.set_pin(store, "treasurer", "2580", actor="Olga")
    # Each try is written at the real time; `now` says when the next one comes (10 s later: past every delay).
    assert [pins.wait_after(n) for n in range(1, 7)] == [1, 2, 4, 8, 60, 120]
    for attempt in range(1, 6):
        verdict = pins.verify(store, "treasurer", "1111", actor="Mallory", purpose="screen", now=_later(10))
        assert not verdict.ok and verdict.failures == attempt
    assert verdict.locked and "Locked" in verdict.message and 45 < verdict.wait_s < 52
    # While locked even the right PIN is refused, and the refused try is in the audit trail too.
    refused = pins.verify(store, "treasurer", "2580", actor="Tess", purpose="screen")
    assert not refused.ok and refused.locked
    # After the lock-out another wrong PIN locks for twice as long.
    again = pins.verify(store, "treasurer", "1111", actor="Mallory", purpose="screen", now=_later(61))
    assert again.locked and again.failures == 6 and 55 < again.wait_s < 62
    ok = pins.verify(store, "treasurer", "2580", actor="Tess", purpose="screen", now=_later(200))
    assert ok.ok and ok.authorisation is not None and ok.authorisation.role == "treasurer"
    assert pins.state(store, "treasurer", _later(201)).failures == 0
    tries = [(e.body["ok"], e.body["purpose"], e.actor) for e in store.events() if e.type == "pin.tried"]
    assert tries.count((False, "screen", "Mallory")) == 6
    assert (False, "locked", "Tess") in tries and tries[-1] == (True, "screen", "Tess")
    assert rebuild(store, verify=True).identical


def test_a_lock_out_is_per_desk_and_survives_a_restart(store: Store) -> None:
    pins.set_pin(store, "treasurer", "2580", actor="Olga")
    for attempt in range(5):
        pins.verify(store, "treasurer", "1111", actor="Mallory", purpose="screen", now=_later(attempt * 3600))
    path = store.path
    reopened = Store.open(path, device="desk-a")
    other_desk = Store.open(path, device="desk-b")
    try:
        assert pins.state(reopened, "treasurer").locked
        assert not pins.state(other_desk, "treasurer").locked
    finally:
        reopened.close()
        other_desk.close()


def test_no_pin_set_says_where_to_set_it(store: Store) -> None:
    verdict = pins.verify(store, "treasurer", "2580", actor="Tess", purpose="screen")
    assert not verdict.ok and "PINs…" in verdict.message
