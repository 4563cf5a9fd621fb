"""Turning cleaned cell text into typed values: money, names, interests, roles and stable keys.

The functions taking only text are cached: exports repeat the same prices, ticket types and interest
lists on every row, so a 100,000-row file hits the cache almost every time.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "zł": "PLN"}
_AMOUNT = re.compile(
    r"(?P<neg1>-)?\s*(?P<pre>[A-Za-z]{3}|US\$|zł|[$€£¥₹₩])?\s*(?P<neg2>-)?\s*"
    r"(?P<num>\d(?:[\d.,' \u00a0\u202f]*\d)?)\s*(?P<post>[A-Za-z]{3}|zł|[$€£¥₹₩])?"
)
_GROUPING = str.maketrans({" ": None, "'": None, "\u00a0": None, "\u202f": None})
_HEADER_CURRENCY = re.compile(r"\(([A-Za-z]{3})\)")
_FREE = frozenset({"free", "gratis", "kostenlos"})


@lru_cache(maxsize=1024)
def parse_amount(text: str) -> tuple[int, str] | None:
    """("1.234,50" → (123450, ""), "$0.00" → (0, "USD")); None when the text is no amount.

    The value is always multiplied by 100 (cents, pence, ...), whatever the currency.
    """
    if text.casefold() in _FREE:
        return 0, ""
    match = _AMOUNT.fullmatch(text)
    if match is None:
        return None
    value = _number(match["num"])
    if value is None:
        return None
    minor = value.scaleb(2)
    if minor != minor.to_integral_value():
        return None  # a third decimal place is a misread separator, not a price
    sign = -1 if match["neg1"] or match["neg2"] else 1
    return sign * int(minor), currency_code(match["pre"] or match["post"] or "")


def _number(num: str) -> Decimal | None:
    digits = num.translate(_GROUPING)
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        # Whichever separator comes last is the decimal one: "1.234,50" and "1,234.50".
        thousands = "." if digits.rfind(".") < digits.rfind(",") else ","
        digits = digits.replace(thousands, "").replace(",", ".")
    elif dots + commas > 1:
        digits = digits.replace(".", "").replace(",", "")  # "1.234.567": grouping only
    elif dots + commas == 1:
        whole, _, fraction = digits.replace(",", ".").partition(".")
        # "1,234" / "12.500" are grouped thousands; "0.500", "12,5" and "1234.567" are decimals.
        grouped = len(fraction) == 3 and 1 <= len(whole) <= 3 and whole != "0"
        digits = whole + fraction if grouped else f"{whole}.{fraction}"
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def currency_code(text: str) -> str:
    """An ISO 4217 code from a code or a symbol; "" when it is neither."""
    text = text.strip()
    if len(text) == 3 and text.isascii() and text.isalpha():
        return text.upper()
    return _SYMBOLS.get(text, "")


def header_currency(header: str) -> str:
    """ "USD" for a header like "Amount (USD)"."""
    match = _HEADER_CURRENCY.search(header)
    return match[1].upper() if match else ""


# --- names -----------------------------------------------------------------------------------------

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq"})


def person(full: str, first: str, last: str) -> tuple[str, str, str]:
    """(name, first_name, last_name) from a full-name cell and/or first/last cells (all cleaned)."""
    if full:
        flipped = _unflip(full) if "," in full else None
        if flipped is not None:
            full, split = flipped
        elif first or last:
            return full, first, last
        else:
            split = split_name(full)
        return full, first or split[0], last or split[1]
    if first and last:
        return f"{first} {last}", first, last
    return first or last, first, last


def _unflip(full: str) -> tuple[str, tuple[str, str]] | None:
    """ "Example, Bob" → ("Bob Example", ("Bob", "Example")); None unless exactly one such comma."""
    if full.count(",") != 1:
        return None
    last, first = (part.strip() for part in full.split(","))
    if not first or not last or first.rstrip(".").casefold() in _SUFFIXES:
        return None  # "King, Jr." is not "Jr. King"
    return f"{first} {last}", (first, last)


NAME_TITLES = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame", "herr", "frau", "dipl", "ing", "mag"})
# Arabic names built on a prefix are one name: عبد الرحمن ("servant of the Merciful"), أبو بكر, Abdul Rahman.
NAME_PREFIXES = frozenset({"عبد", "أبو", "ابو", "abd", "abdul", "abdel", "abu", "abou"})


@lru_cache(maxsize=65536)
def split_name(full: str) -> tuple[str, str]:
    """First and last name of a full name: the first word is the name people call you by, the rest the family.

    Right for the names a last-word split gets wrong: double surnames (Álvaro | Núñez Ortega), particles
    (Jan | van der Berg), Arabic (كريم | عبد الله). A title is skipped (Dr. Jane | Doe) and an Arabic
    prefix keeps its word (عبد الرحمن | الحداد). Middle names go with the family ("Mary Ann" is rarer than
    all of those); the badge's large name is first_name, and a volunteer can fix it before printing.
    A CJK/Hangul name written without a space cannot be split reliably (박지훈 is 박 + 지훈,
    but a two-character surname also exists), so it stays whole in first_name.
    """
    words = full.split(" ")
    while len(words) > 1 and words[0].rstrip(".").casefold() in NAME_TITLES:
        words = words[1:]
    taken = 2 if len(words) > 2 and words[0].casefold() in NAME_PREFIXES else 1
    return " ".join(words[:taken]), " ".join(words[taken:])


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, for keys; stable across releases on purpose."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


# --- keys and codes --------------------------------------------------------------------------------


def derived_code(external_id: str) -> str:
    """A short code for files without one, the same on every import of the same attendee."""
    digest = hashlib.sha1(external_id.encode("utf-8")).digest()  # a label, not a secret
    return "C-" + base64.b32encode(digest).decode("ascii")[:10]


def person_key(email: str, name: str) -> str:
    if email:
        return f"{email.casefold()}|{fold(name)}"
    return name


def url_tail(url: str) -> str:
    """The last path segment of a URL: "https://ti.to/tickets/FAKE0001/" → "FAKE0001"."""
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return path.rsplit("/", 1)[-1] if "/" in path else ""


def query_param(url: str, name: str) -> str:
    query = url.split("#", 1)[0].partition("?")[2]
    for pair in query.split("&"):
        key, _, value = pair.partition("=")
        if key == name:
            return value
    return ""


# --- interests and roles ---------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def split_interests(text: str) -> tuple[str, ...]:
    """ "Science, Data" or one per line → ("Science", "Data"); duplicates dropped, order kept."""
    parts = (" ".join(p.split()) for p in text.replace("\r", "\n").replace("\n", ",").split(","))
    return tuple(dict.fromkeys(p for p in parts if p))


_ROLE_WORD = re.compile(r"\b(speaker|staff|crew|volunteer|organi[sz]er)", re.IGNORECASE)
_ROLE_OF = {"speaker": "Speaker", "staff": "Staff", "crew": "Staff", "volunteer": "Volunteer"}


@lru_cache(maxsize=1024)
def role_from(text: str) -> str:
    """The desk role a role name or ticket type stands for: "Speakers (free)" → "Speaker"."""
    match = _ROLE_WORD.search(text)
    if match is None:
        return ""
    return _ROLE_OF.get(match[1].casefold(), "Organiser")
