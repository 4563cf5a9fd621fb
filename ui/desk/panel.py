"""The attendee panel: everything about the selected attendee, and what the volunteer can do about it."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from kiosk.attendees import Attendee, Checkin
from kiosk.checkin import local_time
from kiosk.config import EventConfig
from kiosk.money import format_amount
from kiosk.printing import BadgePrint

if TYPE_CHECKING:
    from kiosk.cash.payments import Payment

ATTENTION_WORDS = ("access", "wheelchair", "mobility", "hearing", "vision", "allerg", "dietary", "diet")


def attention_flags(attendee: Attendee) -> list[str]:
    """What the volunteer should notice first: VIP, speaker, accessibility or dietary needs."""
    flags = []
    if "vip" in f"{attendee.ticket_type} {attendee.role}".casefold():
        flags.append("★ VIP")
    if attendee.role:
        flags.append(f"◆ {attendee.role}")
    for question, answer in attendee.answers.items():
        if answer and any(word in question.casefold() for word in ATTENTION_WORDS):
            flags.append(f"⚑ {question.rstrip('?.: ')}: {answer}")
    return flags


class AttendeePanel(QWidget):
    check_in_requested = Signal()
    undo_requested = Signal()
    edit_requested = Signal()
    print_requested = Signal()
    preview_requested = Signal()
    pay_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.details = QTextBrowser()
        self.details.setAccessibleName("Attendee details")
        self.check_in_button = QPushButton("Check in (Enter)")
        self.undo_button = QPushButton("Undo check-in…")
        self.edit_button = QPushButton("Fix details…")
        self.print_button = QPushButton("Print badge")
        self.preview_button = QPushButton("Preview")
        self.pay_button = QPushButton("€ Take payment…")
        for button, signal in ((self.pay_button, self.pay_requested), (self.preview_button, self.preview_requested),
                               (self.check_in_button, self.check_in_requested),
                               (self.undo_button, self.undo_requested), (self.edit_button, self.edit_requested),
                               (self.print_button, self.print_requested)):
            button.clicked.connect(signal.emit)
            button.setMinimumHeight(40)
        buttons = QGridLayout()  # two rows: five buttons side by side get cut at 1366 px
        for position, button in enumerate((self.check_in_button, self.undo_button, self.edit_button,
                                           self.preview_button, self.print_button, self.pay_button)):
            buttons.addWidget(button, position // 3, position % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.show_attendee(None, [], None, None)

    def show_attendee(self, attendee: Attendee | None, history: list[Checkin], config: EventConfig | None,
                      day: int | None, prints: list[BadgePrint] | None = None,
                      payments: list[Payment] | None = None) -> None:
        self.attendee = attendee
        self.pay_button.setEnabled(attendee is not None and attendee.status == "unpaid")
        self.print_button.setEnabled(attendee is not None)
        self.preview_button.setEnabled(attendee is not None)
        self.print_button.setText("Reprint badge…" if prints else "Print badge")
        standing = any(c.day == day and not c.undone for c in history)
        self.check_in_button.setEnabled(attendee is not None and not standing)
        self.undo_button.setEnabled(attendee is not None and standing)
        self.edit_button.setEnabled(attendee is not None)
        if attendee is None or config is None:
            self.details.setHtml("<p style='color:gray'>Select an attendee to see the details.</p>")
            return
        self.details.setHtml(_details_html(attendee, history, config, prints or [], payments or []))


def _details_html(a: Attendee, history: list[Checkin], config: EventConfig, prints: list[BadgePrint],
                  payments: list[Payment]) -> str:
    e = html.escape
    rows = [("Organisation", a.organisation), ("Home town", ", ".join(p for p in (a.city, a.country) if p)),
            ("Email", a.email), ("Ticket", a.ticket_type), ("Order", a.order_code), ("Status", a.status),
            ("Code", a.code)]
    dots = " ".join(_dot(config, name) for name in a.interests) or "—"
    flags = "".join(f"<div style='font-weight:bold;color:#b71c1c'>{e(f)}</div>" for f in attention_flags(a))
    table = "".join(f"<tr><td style='color:gray;padding-right:8px'>{e(k)}</td><td>{e(v)}</td></tr>"
                    for k, v in rows if v)
    answers = "".join(f"<tr><td style='color:gray;padding-right:8px'>{e(q)}</td><td>{e(v)}</td></tr>"
                      for q, v in a.answers.items())
    checkins = "".join(
        f"<li>{'<s>' if c.undone else ''}Day {c.day}, {e(local_time(c.at, config.timezone))} at {e(c.desk)}"
        f"{(' by ' + e(c.volunteer)) if c.volunteer else ''}{'</s> (undone)' if c.undone else ''}</li>"
        for c in history
    ) or "<li>Not checked in yet</li>"
    notes = f"<p><b>Notes:</b> {e(a.notes)}</p>" if a.notes else ""
    printed = "".join(
        f"<li>{e(local_time(p.at, config.timezone))} on {e(p.printer)} by {e(p.actor)}"
        f"{(' — reprint: ' + e(p.reason)) if p.reprint else ''}</li>" for p in prints
    ) or "<li>No badge printed yet</li>"
    paid = "".join(f"<li>{_payment_line(p, config)}</li>" for p in payments)
    paid_section = f"<p><b>Payments</b></p><ul>{paid}</ul>" if paid else ""
    return (f"<h1 style='margin:0'>{e(a.first_name or a.name)}</h1><h3 style='margin-top:0'>{e(a.name)}</h3>"
            f"{flags}<p>{dots}</p><table>{table}{answers}</table>{notes}"
            f"<p><b>Check-ins</b></p><ul>{checkins}</ul><p><b>Badge</b></p><ul>{printed}</ul>{paid_section}")


def _payment_line(p: Payment, config: EventConfig) -> str:
    from kiosk.cash.payments import METHOD_NAMES

    text = (f"{p.receipt_no}: {'refund ' if p.kind == 'refund' else ''}{METHOD_NAMES.get(p.method, p.method)} "
            f"{format_amount(p.amount_minor, p.currency)}, {local_time(p.at, config.timezone)} at {p.desk}")
    if p.method == "invoice":
        text += f" — invoice to {p.details.get('billing_email', '')}"
    text = html.escape(text)
    return f"<s>{text}</s> (voided: {html.escape(p.void_reason)})" if p.voided else text


def _dot(config: EventConfig, name: str) -> str:
    interest = config.interest(name)
    colour, letter = (interest.colour, interest.letter) if interest else ("#757575", "?")
    return (f"<span style='background:{colour};color:white;font-weight:bold'>&nbsp;{html.escape(letter)}&nbsp;"
            f"</span>&nbsp;{html.escape(name)}")
