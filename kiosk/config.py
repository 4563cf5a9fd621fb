"""Event configuration: written as TOML, stored in the database by a `config.set` event.

Money is integer minor units (rule 5). In TOML a price may be written as a decimal string
("250.00") or as an integer number of minor units (25000); floats are refused.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import zoneinfo
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import tomli_w

if TYPE_CHECKING:  # imported when a badge layout is first read: the desk's cold start does not pay for it
    from kiosk.badges import layout

# Colour-blind-friendly, distinct at a glance, dark enough for white letters on top.
INTEREST_PALETTE = (
    "#2e7d32",  # green
    "#1565c0",  # blue
    "#6a1b9a",  # purple
    "#e65100",  # orange
    "#c62828",  # red
    "#00838f",  # teal
    "#ad1457",  # pink
    "#4e342e",  # brown
    "#283593",  # indigo
    "#558b2f",  # olive
    "#37474f",  # slate
    "#f9a825",  # amber
)

DEFAULT_ROLES = (
    ("Staff", "#c62828"),
    ("Speaker", "#1565c0"),
    ("Volunteer", "#2e7d32"),
    ("Organiser", "#6a1b9a"),
)


class ConfigError(ValueError):
    """The event configuration is not valid; the message says which key and why."""


@dataclass(frozen=True, slots=True)
class TicketType:
    name: str
    price_minor: int


# Shapes for black-only printers, where every marker is black: the shape and the letter carry the meaning.
SHAPES = ("circle", "square", "diamond", "triangle", "hexagon")


@dataclass(frozen=True, slots=True)
class Interest:
    name: str
    colour: str
    letter: str
    shape: str = "circle"


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    colour: str


DEFAULT_PRIVACY_TEXT = (
    "We use your name, organisation, home town and interests to print your badge, and your email to find "
    "your registration and to send you the invoice or information about this event. Your details stay with "
    "the organisers and are deleted after the event's accounts are closed.")


@dataclass(frozen=True, slots=True)
class SelfService:
    """The self-service kiosk: what attendees may do there without a volunteer."""

    allow_name_fix: bool = True            # "fix my name" before the badge prints
    privacy_text: str = DEFAULT_PRIVACY_TEXT
    ticket_types: tuple[str, ...] = ()     # sold at the kiosk; () = every ticket type with a price


@dataclass(frozen=True, slots=True)
class EventConfig:
    name: str
    days: tuple[dt.date, ...]
    timezone: str = "UTC"
    currency: str = "EUR"
    denominations: tuple[int, ...] = (50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1)
    ticket_types: tuple[TicketType, ...] = ()
    interests: tuple[Interest, ...] = ()
    roles: tuple[Role, ...] = field(default_factory=lambda: tuple(Role(n, c) for n, c in DEFAULT_ROLES))
    badge: layout.Layout | None = None  # None: the default layout of the 4 × 3 in preset
    drawer_limit_minor: int = 0  # most cash a desk's drawer should hold before notes go to the safe; 0 = none
    receipt_footer: str = ""     # the organiser's name, address and tax number, printed under every receipt
    vat_percent: str = ""        # VAT included in ticket prices, e.g. "19" (receipts state the amount); "" = none
    self_service: SelfService = SelfService()

    def ticket_type(self, name: str) -> TicketType | None:
        folded = name.casefold()
        return next((t for t in self.ticket_types if t.name.casefold() == folded), None)

    def badge_layout(self) -> layout.Layout:
        from kiosk.badges import layout

        return self.badge or layout.default_layout()

    def day_of(self, date: dt.date) -> int | None:
        """1-based day number of a calendar date, or None when the event does not run that day."""
        return self.days.index(date) + 1 if date in self.days else None

    def today(self, now: dt.datetime | None = None) -> dt.date:
        zone = zoneinfo.ZoneInfo(self.timezone)
        return (now or dt.datetime.now(dt.UTC)).astimezone(zone).date()

    def role(self, name: str) -> Role | None:
        folded = name.casefold()
        return next((r for r in self.roles if r.name.casefold() == folded), None)

    def interest(self, name: str) -> Interest | None:
        folded = name.casefold()
        return next((i for i in self.interests if i.name.casefold() == folded), None)

    def with_interests(self, names: list[str]) -> EventConfig:
        """This config plus any interests it does not know yet, each with its own colour and letter."""
        interests = list(self.interests)
        for name in names:
            if name and not any(i.name.casefold() == name.casefold() for i in interests):
                interests.append(_new_interest(name, interests))
        return replace(self, interests=tuple(interests))

    def with_ticket_types(self, prices: dict[str, int | None]) -> EventConfig:
        known = {t.name.casefold() for t in self.ticket_types}
        added = tuple(
            TicketType(name, price or 0) for name, price in prices.items() if name and name.casefold() not in known
        )
        return replace(self, ticket_types=self.ticket_types + added) if added else self


def _new_interest(name: str, taken: list[Interest]) -> Interest:
    used_letters = {i.letter for i in taken}
    used_colours = {i.colour for i in taken}
    candidates = [c.upper() for c in name if c.isalnum()] + [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    letter = next((c for c in candidates if c not in used_letters), "?")
    colour = next((c for c in INTEREST_PALETTE if c not in used_colours), INTEREST_PALETTE[len(taken) % 12])
    return Interest(name=name, colour=colour, letter=letter, shape=SHAPES[len(taken) % len(SHAPES)])


# --- TOML -------------------------------------------------------------------------------------------


def parse_money(value: Any, where: str, places: int = 2) -> int:
    """Minor units from an int (already minor units) or a decimal string; never from a float."""
    if isinstance(value, bool | float):
        raise ConfigError(f"{where}: write money as a string like \"12.50\" or as whole cents, not {value!r}")
    if isinstance(value, int):
        return value
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ConfigError(f"{where}: {value!r} is not an amount of money") from exc
    minor = amount.scaleb(places)
    if minor != minor.to_integral_value() or minor < 0:
        raise ConfigError(f"{where}: {value!r} is not an amount of at most {places} decimals")
    return int(minor)


def format_money(minor: int, currency: str = "EUR") -> str:
    from kiosk.money import plain

    return plain(minor, currency)


def from_toml(text: str) -> EventConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"event configuration is not valid TOML: {exc}") from exc
    return from_dict(data)


def from_dict(data: dict[str, Any]) -> EventConfig:
    name = str(data.get("name", "")).strip()
    if not name:
        raise ConfigError("name: the event needs a name")
    days = tuple(_parse_day(d) for d in data.get("days", []))
    if not days:
        raise ConfigError("days: list at least one date, e.g. days = [2026-11-27]")
    timezone = str(data.get("timezone", "UTC"))
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"timezone: unknown time zone {timezone!r}") from exc
    currency = str(data.get("currency", "EUR")).upper()
    if len(currency) != 3 or not currency.isalpha():
        raise ConfigError(f"currency: {currency!r} is not an ISO 4217 code")
    from kiosk.money import digits

    places = digits(currency)
    denominations = tuple(
        sorted({parse_money(v, "denominations", places) for v in data.get("denominations", [])}, reverse=True)
    )
    if 0 in denominations:
        raise ConfigError("denominations: a coin or note of 0 is not a denomination")
    tickets = tuple(
        TicketType(str(t["name"]), parse_money(t.get("price", 0), f"ticket_types.{t['name']}.price", places))
        for t in data.get("ticket_types", [])
    )
    limit = parse_money(data.get("drawer_limit", 0), "drawer_limit", places)
    footer = str(data.get("receipt_footer", ""))
    vat = _vat(data.get("vat_percent", ""))
    kiosk = _self_service(data.get("self_service", {}), {t.name for t in tickets})
    interests = tuple(_interest(i, n) for n, i in enumerate(data.get("interests", [])))
    roles = tuple(_role(r, n) for n, r in enumerate(data.get("roles", []))) or EventConfig(
        name, days
    ).roles
    config = EventConfig(name, days, timezone, currency, denominations or EventConfig(name, days).denominations,
                         tickets, interests, roles, _badge(data.get("badge")), limit, footer, vat, kiosk)
    _check_unique_letters(config)
    return config


def _self_service(data: Any, ticket_names: set[str]) -> SelfService:
    if not isinstance(data, dict):
        raise ConfigError("self_service: expected a table ([self_service])")
    allow = data.get("allow_name_fix", True)
    if not isinstance(allow, bool):
        raise ConfigError("self_service.allow_name_fix: true or false")
    chosen = tuple(str(t) for t in data.get("ticket_types", []))
    unknown = [t for t in chosen if t not in ticket_names]
    if unknown:
        raise ConfigError(f"self_service.ticket_types: {unknown[0]!r} is not one of the event's ticket types")
    text = str(data.get("privacy_text", "")).strip() or DEFAULT_PRIVACY_TEXT
    return SelfService(allow, text, chosen)


def _vat(value: Any) -> str:
    if value in ("", None):
        return ""
    if isinstance(value, bool | float):
        raise ConfigError(f"vat_percent: write the rate as a string like \"19\" or \"7.7\", not {value!r}")
    try:
        rate = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ConfigError(f"vat_percent: {value!r} is not a percentage") from exc
    if not 0 <= rate < 100:
        raise ConfigError(f"vat_percent: {value!r} is not between 0 and 100")
    return str(rate)


def _interest(data: dict[str, Any], index: int) -> Interest:
    name = str(data.get("name", "")).strip()
    if not name:
        raise ConfigError(f"interests[{index}]: an interest needs a name")
    shape = str(data.get("shape") or SHAPES[index % len(SHAPES)])
    if shape not in SHAPES:
        raise ConfigError(f"interests.{name}.shape: {shape!r} is not one of {', '.join(SHAPES)}")
    letter = str(data.get("letter", "")).strip()[:1].upper()[:1]  # "ß".upper() is "SS": one letter on a dot
    if not letter:
        raise ConfigError(f"interests.{name}.letter: give the one letter drawn on its dot")
    return Interest(name, _colour(data.get("colour"), f"interests.{name}.colour"), letter, shape)


def _role(data: dict[str, Any], index: int) -> Role:
    name = str(data.get("name", "")).strip()
    if not name:
        raise ConfigError(f"roles[{index}]: a role needs a name")
    return Role(name, _colour(data.get("colour"), f"roles.{name}.colour"))


_HEX_COLOUR = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _colour(value: Any, where: str) -> str:
    """A colour as #rrggbb (#0f0 is written out): badges, stickers and the desk all read that form."""
    if not isinstance(value, str) or not _HEX_COLOUR.match(value):
        raise ConfigError(f"{where}: {value!r} is not a colour like \"#2e7d32\"")
    digits = value[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def _badge(data: Any) -> layout.Layout | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise ConfigError("badge: expected a table ([badge])")
    from kiosk.badges import layout

    try:
        return layout.from_dict(data)
    except layout.LayoutError as exc:
        raise ConfigError(str(exc)) from exc


def _parse_day(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigError(f"days: {value!r} is not a date (YYYY-MM-DD)") from exc


def _check_unique_letters(config: EventConfig) -> None:
    seen: dict[str, str] = {}
    for interest in config.interests:
        if interest.letter in seen:
            raise ConfigError(
                f"interests: {interest.name!r} and {seen[interest.letter]!r} share the letter {interest.letter}"
            )
        seen[interest.letter] = interest.name


def to_toml(config: EventConfig) -> str:
    data: dict[str, Any] = {
        "name": config.name,
        "days": list(config.days),
        "timezone": config.timezone,
        "currency": config.currency,
        "denominations": [format_money(d, config.currency) for d in config.denominations],
        "ticket_types": [{"name": t.name, "price": format_money(t.price_minor, config.currency)}
                         for t in config.ticket_types],
        "drawer_limit": format_money(config.drawer_limit_minor, config.currency),
        "receipt_footer": config.receipt_footer,
        "vat_percent": config.vat_percent,
        "self_service": {"allow_name_fix": config.self_service.allow_name_fix,
                         "privacy_text": config.self_service.privacy_text,
                         "ticket_types": list(config.self_service.ticket_types)},
        "interests": [{"name": i.name, "colour": i.colour, "letter": i.letter, "shape": i.shape}
                      for i in config.interests],
        "roles": [{"name": r.name, "colour": r.colour} for r in config.roles],
    }
    if config.badge is not None:
        from kiosk.badges import layout

        data["badge"] = layout.to_dict(config.badge)
    return tomli_w.dumps(data)


def badge_to_toml(badge: layout.Layout) -> str:
    """The badge layout on its own: stored under its own configuration key, so that a layout saved on one
    desk and an import on another (which changes the interests) do not overwrite each other on sync."""
    from kiosk.badges import layout

    return tomli_w.dumps(layout.to_dict(badge))


def badge_from_toml(text: str) -> layout.Layout:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"badge layout is not valid TOML: {exc}") from exc
    parsed = _badge(data)
    assert parsed is not None
    return parsed


def default_config(name: str, today: dt.date | None = None) -> EventConfig:
    return EventConfig(name=name, days=(today or dt.date.today(),))
