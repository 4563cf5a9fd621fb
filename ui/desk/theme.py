"""Colours and words for every outcome and status: colour is never the only signal (icon + words too)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Look:
    icon: str
    background: str
    foreground: str


# Banner looks per check-in outcome (kiosk.checkin.Outcome) plus the scanner's "unknown".
OUTCOME_LOOK = {
    "checked_in": Look("✔", "#1b5e20", "#ffffff"),
    "already": Look("⚠", "#ffb300", "#000000"),
    "cancelled": Look("✖", "#b71c1c", "#ffffff"),
    "blocked": Look("⛔", "#b71c1c", "#ffffff"),
    "pending": Look("✖", "#b71c1c", "#ffffff"),
    "unknown": Look("?", "#b71c1c", "#ffffff"),
    "not_a_day": Look("✖", "#b71c1c", "#ffffff"),
    "unpaid": Look("€", "#0d47a1", "#ffffff"),
    "info": Look("ℹ", "#37474f", "#ffffff"),
}

# Status chips in the results list.
STATUS_CHIP = {
    "valid": ("Not yet", "#eceff1", "#263238"),
    "unpaid": ("€ Unpaid", "#0d47a1", "#ffffff"),
    "pending": ("? Not confirmed", "#e65100", "#ffffff"),
    "cancelled": ("✖ Cancelled", "#b71c1c", "#ffffff"),
    "blocked": ("⛔ Blocked", "#b71c1c", "#ffffff"),
}
CHECKED_IN_CHIP = ("#1b5e20", "#ffffff")
TWICE_CHIP = ("#ffb300", "#000000")

HIGH_CONTRAST_STYLE = """
QWidget { background: #000000; color: #ffffff; }
QLineEdit, QTableView, QTextBrowser { background: #000000; color: #ffffff; border: 2px solid #ffff00; }
QTableView::item:selected { background: #ffff00; color: #000000; }
QPushButton { background: #000000; color: #ffff00; border: 2px solid #ffff00; padding: 6px; }
QHeaderView::section { background: #000000; color: #ffff00; }
"""
