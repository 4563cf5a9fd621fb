"""Money as integer minor units with an ISO currency (rule 5): parsing what a volunteer types, and
printing amounts the way a cash desk reads them. Never a float."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

# ISO 4217 currencies whose minor unit is not 1/100 (the rest, EUR, USD, GBP, CHF…, have two decimals).
_DIGITS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "VND": 0, "HUF": 2, "BHD": 3, "KWD": 3, "JOD": 3,
           "OMR": 3, "TND": 3}
_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF", "INR": "₹"}
MAX_AMOUNT_MINOR = 10**11  # a billion in a two-decimal currency: anything larger is a typo


class AmountError(ValueError):
    """What was typed is not an amount of money; the message says why in words."""


def digits(currency: str) -> int:
    return _DIGITS.get(currency.upper(), 2)


def parse_amount(text: str, currency: str) -> int:
    """Minor units from "12.50", "12,50", "12", "€ 1 250.00" or "1,250.00"; refuses more decimals than the
    currency has, negative amounts and nonsense."""
    cleaned = re.sub(r"[\s€$£¥₹']", "", text.strip().upper().replace(currency.upper(), ""))
    if not cleaned:
        raise AmountError("type an amount")
    cleaned = _one_decimal_mark(cleaned)
    try:
        amount = Decimal(cleaned)
    except InvalidOperation as exc:
        raise AmountError(f"{text!r} is not an amount of money") from exc
    if amount < 0:
        raise AmountError("an amount cannot be negative")
    minor = amount.scaleb(digits(currency))
    if minor != minor.to_integral_value():
        raise AmountError(f"{text!r} has more than {digits(currency)} decimals")
    if minor > MAX_AMOUNT_MINOR:
        raise AmountError(f"{text!r} is too large")
    return int(minor)


def _one_decimal_mark(text: str) -> str:
    """"1.250,50" and "1,250.50" both mean 1250.50; "12,50" is 12.50 (a comma is the decimal mark in much
    of Europe). The last mark is the decimal one when two kinds appear."""
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        return text.replace(thousands, "").replace(decimal_mark, ".")
    if text.count(",") == 1:
        return text.replace(",", ".")
    if text.count(",") > 1 or text.count(".") > 1:
        separator = "," if "," in text else "."
        return text.replace(separator, "")  # 1,000,000
    return text


def format_amount(minor: int, currency: str, symbol: bool = True) -> str:
    """1250 EUR → "€12.50"; -500 → "−€5.00"; thousands grouped with a space, read at a glance."""
    places = digits(currency)
    sign = "−" if minor < 0 else ""
    whole, fraction = divmod(abs(minor), 10**places)
    grouped = f"{whole:,}".replace(",", " ")
    number = f"{grouped}.{fraction:0{places}d}" if places else grouped
    if not symbol:
        return f"{sign}{number}"
    mark = _SYMBOLS.get(currency.upper(), currency.upper() + " ")
    return f"{sign}{mark}{number}" if len(mark) == 1 else f"{sign}{mark.strip()} {number}"


def plain(minor: int, currency: str) -> str:
    """For CSV and machine-read text: "-5.00", no symbol, no grouping."""
    places = digits(currency)
    sign = "-" if minor < 0 else ""
    whole, fraction = divmod(abs(minor), 10**places)
    return f"{sign}{whole}.{fraction:0{places}d}" if places else f"{sign}{whole}"


def vat_included(amount_minor: int, percent: str) -> int:
    """The VAT inside a gross amount at `percent`, rounded half up to the minor unit (19 % of €250.00 gross
    is €39.92)."""
    from decimal import ROUND_HALF_UP

    rate = Decimal(percent)
    return int((Decimal(amount_minor) * rate / (100 + rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def counts_total(counts: Mapping[int, int]) -> int:
    """The value of a count by denomination {minor unit value: how many}."""
    return sum(int(value) * int(number) for value, number in counts.items())


def clean_counts(counts: Mapping[int, int] | Mapping[str, int], denominations: tuple[int, ...]) -> dict[int, int]:
    """A count as stored in an event: only the event's denominations, whole non-negative numbers,
    zeros left out. JSON keys are text, hence int(value)."""
    known = set(denominations)
    cleaned: dict[int, int] = {}
    for value, number in counts.items():
        denomination = int(value)
        if denomination not in known:
            raise AmountError(f"{denomination} is not one of the event's denominations")
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise AmountError(f"the number of {denomination} pieces must be a whole number ≥ 0, not {number!r}")
        if number > 100_000:
            raise AmountError(f"{number} pieces of {denomination} is not a real count")
        if number:
            cleaned[denomination] = number
    return dict(sorted(cleaned.items(), reverse=True))


def counts_from_json(data: Mapping[str, int]) -> dict[int, int]:
    return {int(k): int(v) for k, v in data.items()}


def counts_to_json(counts: Mapping[int, int]) -> dict[str, int]:
    return {str(k): int(v) for k, v in counts.items()}
