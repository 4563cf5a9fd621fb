from __future__ import annotations

import datetime as dt

import pytest

from kiosk.config import ConfigError, from_toml, parse_money, to_toml
from kiosk.store import Store
from tests.conftest import small_config


def test_toml_round_trip_keeps_money_exact() -> None:
    config = small_config()
    assert from_toml(to_toml(config)) == config
    assert parse_money("0.10", "x") + parse_money("0.20", "x") == 30


@pytest.mark.parametrize(("text", "complaint"), [
    ('name = "X"\ndays = []', "days"),
    ('days = [2026-01-01]', "name"),
    ('name = "X"\ndays = [2026-01-01]\ntimezone = "Mars/Olympus"', "timezone"),
    ('name = "X"\ndays = [2026-01-01]\n[[ticket_types]]\nname = "A"\nprice = 12.5', "not 12.5"),
    ('name = "X"\ndays = [2026-01-01]\n[[ticket_types]]\nname = "A"\nprice = "1.005"', "at most 2 decimals"),
    ('name = "X"\ndays = [2026-01-01]\n[[interests]]\nname="Web"\ncolour="#00f"\nletter="W"\n'
     '[[interests]]\nname="Wood"\ncolour="#0f0"\nletter="W"', "share the letter"),
    ("name = ", "not valid TOML"),
])
def test_bad_configuration_says_what_is_wrong(text: str, complaint: str) -> None:
    with pytest.raises(ConfigError, match=complaint):
        from_toml(text)


def test_new_interests_get_their_own_colour_and_letter() -> None:
    config = small_config().with_interests(["Games", "Science", "Gardening", "Data"])
    letters = {i.name: i.letter for i in config.interests}
    colours = [i.colour for i in config.interests]
    assert letters == {"Science": "S", "Web": "W", "Games": "G", "Gardening": "A", "Data": "D"}
    assert len(set(colours)) == len(colours)


def test_config_is_an_event_and_last_writer_wins(store: Store) -> None:
    store.set_config(small_config(days=3), actor="organiser")
    assert len(store.config().days) == 3
    assert store.config().day_of(dt.date(2026, 11, 29)) == 3
    assert store.conn.execute("SELECT count(*) FROM events WHERE type = 'config.set'").fetchone()[0] == 2


def test_self_service_and_vat_settings_round_trip_and_are_checked() -> None:
    text = ('name = "X"\ndays = [2026-01-01]\nvat_percent = "7.7"\n[[ticket_types]]\nname = "A"\nprice = "10"\n'
            '[self_service]\nallow_name_fix = false\nticket_types = ["A"]\nprivacy_text = "We keep it."\n')
    config = from_toml(text)
    assert config.vat_percent == "7.7"
    assert (config.self_service.allow_name_fix, config.self_service.ticket_types) == (False, ("A",))
    assert from_toml(to_toml(config)) == config
    for bad, why in (('[self_service]\nticket_types = ["B"]', "not one of the event's ticket types"),
                     ('vat_percent = "abc"', "not a percentage"), ("vat_percent = 19.0", "string")):
        with pytest.raises(ConfigError, match=why):
            from_toml(f'name = "X"\ndays = [2026-01-01]\n{bad}\n')
