"""The kiosk's touch style sheets: normal, large text, high contrast (either or both).

One style sheet on the kiosk window cascades to every screen, the keyboard and the idle prompt, so a screen
never sets a font or a colour itself; it marks what a widget is with a dynamic property and the sheet says how
it looks:

    label.setProperty("role", "title")      # the screen's question, largest
    label.setProperty("role", "heading")    # a section
    label.setProperty("role", "hint")       # small print (still ≥ the base size)
    label.setProperty("role", "error")      # what went wrong, in words
    button.setProperty("role", "primary")   # the one thing to do next
    button.setProperty("role", "quiet")     # "Back", "Start again"

Sizes are in points from base.BASE_POINT_SIZE; "Large text" multiplies every one by LARGE_FACTOR. Every
button and field is at least base.MIN_TOUCH_PX tall (a fingertip), whatever the text size.
"""

from __future__ import annotations

from dataclasses import dataclass

from ui.kiosk.base import BASE_POINT_SIZE, MIN_TOUCH_PX

LARGE_FACTOR = 1.35


@dataclass(frozen=True, slots=True)
class Palette:
    background: str
    text: str
    muted: str
    field: str
    border: str
    button: str
    button_text: str
    primary: str
    primary_text: str
    error: str
    focus: str
    key: str
    overlay: str


NORMAL = Palette(background="#f5f7fa", text="#1b1f24", muted="#4a5563", field="#ffffff", border="#8a96a3",
                 button="#e3e8ee", button_text="#1b1f24", primary="#0b5cad", primary_text="#ffffff",
                 error="#b71c1c", focus="#0b5cad", key="#ffffff", overlay="rgba(0, 0, 0, 150)")
# Pure black and white, yellow for the action and the focus: WCAG AAA contrast everywhere.
HIGH_CONTRAST = Palette(background="#000000", text="#ffffff", muted="#ffffff", field="#000000", border="#ffffff",
                        button="#000000", button_text="#ffffff", primary="#ffd600", primary_text="#000000",
                        error="#ff8a80", focus="#ffd600", key="#000000", overlay="rgba(0, 0, 0, 220)")


def points(scale: float) -> dict[str, int]:
    """Text sizes (pt) by role."""
    base = BASE_POINT_SIZE * scale
    return {"body": round(base), "title": round(base * 1.8), "heading": round(base * 1.3),
            "hint": round(base * 0.9), "key": round(base * 1.2), "code": round(base * 2.4)}


def style_sheet(large_text: bool = False, high_contrast: bool = False) -> str:
    """The whole kiosk's style sheet for these two options."""
    p = HIGH_CONTRAST if high_contrast else NORMAL
    pt = points(LARGE_FACTOR if large_text else 1.0)
    border = 3 if high_contrast else 2
    return f"""
QWidget {{ font-size: {pt['body']}pt; color: {p.text}; }}
KioskWindow, QStackedWidget, Screen {{ background: {p.background}; }}
QLabel {{ background: transparent; }}
QLabel[role="title"] {{ font-size: {pt['title']}pt; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {pt['heading']}pt; font-weight: bold; }}
QLabel[role="hint"] {{ font-size: {pt['hint']}pt; color: {p.muted}; }}
QLabel[role="error"] {{ color: {p.error}; font-weight: bold; }}
QLabel[role="code"] {{ font-size: {pt['code']}pt; font-weight: bold; letter-spacing: 2px; }}
QLineEdit, QComboBox {{ min-height: {MIN_TOUCH_PX}px; padding: 0 12px; background: {p.field};
    border: {border}px solid {p.border}; border-radius: 8px; }}
QLineEdit:focus {{ border: {border + 1}px solid {p.focus}; }}
QPushButton {{ min-height: {MIN_TOUCH_PX}px; min-width: {MIN_TOUCH_PX}px; padding: 0 20px; background: {p.button};
    color: {p.button_text}; border: {border}px solid {p.border}; border-radius: 10px; }}
QPushButton:pressed, QPushButton:checked {{ background: {p.primary}; color: {p.primary_text}; }}
QPushButton:disabled {{ color: {p.muted}; border-style: dashed; }}
QPushButton[role="primary"] {{ background: {p.primary}; color: {p.primary_text}; font-weight: bold;
    border-color: {p.primary}; }}
QPushButton[role="quiet"] {{ background: transparent; }}
QCheckBox, QRadioButton {{ min-height: {MIN_TOUCH_PX}px; spacing: 16px; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 44px; height: 44px; }}
OnScreenKeyboard {{ background: {p.button}; border-top: {border}px solid {p.border}; }}
OnScreenKeyboard QPushButton {{ font-size: {pt['key']}pt; padding: 0 4px; background: {p.key}; }}
OnScreenKeyboard QPushButton[role="function"] {{ background: {p.button}; font-size: {pt['body']}pt; }}
OnScreenKeyboard QPushButton:pressed, OnScreenKeyboard QPushButton:checked {{ background: {p.primary};
    color: {p.primary_text}; }}
AccentPopup {{ background: {p.background}; border: {border + 1}px solid {p.focus}; border-radius: 12px; }}
AccentPopup QPushButton {{ font-size: {pt['key']}pt; padding: 0 4px; background: {p.key}; }}
IdleOverlay {{ background: {p.overlay}; }}
IdleOverlay QFrame#panel {{ background: {p.background}; border: {border + 1}px solid {p.focus};
    border-radius: 16px; }}
IdleOverlay QPushButton {{ min-height: {MIN_TOUCH_PX * 2}px; font-size: {pt['title']}pt; }}
StatusLine QLabel {{ font-size: {pt['hint']}pt; color: {p.muted}; }}
StatusLine QPushButton {{ font-size: {pt['hint']}pt; padding: 0 14px; }}
"""
