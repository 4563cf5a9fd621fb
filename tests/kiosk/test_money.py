"""Amounts as a volunteer types them, and as the desk prints them: integer minor units only."""

from __future__ import annotations

import pytest

from kiosk.money import AmountError, clean_counts, counts_total, format_amount, parse_amount, plain


@pytest.mark.parametrize(("typed", "minor"), [
    ("300", 30000), ("300.00", 30000), ("300,00", 30000), ("€ 300", 30000), ("12.5", 1250), ("0,05", 5),
    ("1,250.50", 125050), ("1.250,50", 125050), ("1 250", 125000), ("1,000,000", 100000000), ("EUR 20", 2000),
])
def test_typed_amounts_become_minor_units(typed: str, minor: int) -> None:
    assert parse_amount(typed, "EUR") == minor


@pytest.mark.parametrize(("typed", "why"), [
    ("", "type an amount"), ("abc", "not an amount"), ("-5", "negative"), ("1.005", "more than 2 decimals"),
    ("1e12", "too large"),
])
def test_nonsense_is_refused_in_words(typed: str, why: str) -> None:
    with pytest.raises(AmountError, match=why):
        parse_amount(typed, "EUR")


def test_currencies_without_cents_and_with_three_decimals() -> None:
    assert parse_amount("1500", "JPY") == 1500
    with pytest.raises(AmountError):
        parse_amount("15.5", "JPY")
    assert parse_amount("1.250", "KWD") == 1250
    assert format_amount(1500, "JPY") == "¥1 500" and plain(1250, "KWD") == "1.250"


def test_formatting_for_people_and_for_files() -> None:
    assert format_amount(125050, "EUR") == "€1 250.50"
    assert format_amount(-500, "EUR") == "−€5.00"
    assert format_amount(2000, "CHF") == "CHF 20.00"
    assert format_amount(2000, "SEK") == "SEK 20.00"
    assert plain(-500, "EUR") == "-5.00" and plain(7, "EUR") == "0.07"


def test_counts_by_denomination() -> None:
    notes = (5000, 2000, 100)
    assert clean_counts({"5000": 2, 100: 0, 2000: 3}, notes) == {5000: 2, 2000: 3}
    assert counts_total({5000: 2, 2000: 3}) == 16000
    for bad in ({300: 1}, {100: -1}, {100: 1.5}, {100: True}):
        with pytest.raises(AmountError):
            clean_counts(bad, notes)  # type: ignore[arg-type]


def test_vat_inside_a_gross_price_is_rounded_half_up() -> None:
    from kiosk.money import vat_included

    assert vat_included(25000, "19") == 3992      # 250.00 gross at 19 %: 39.92
    assert vat_included(9000, "7") == 589         # 90.00 at 7 %: 5.888… → 5.89
    assert vat_included(10000, "7.7") == 715      # Swiss rate
    assert vat_included(0, "19") == 0
