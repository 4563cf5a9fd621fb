""""I need a ticket": register yourself; a free ticket ends with a badge, a paid one with a code to pay at the
desk. The form is three sections (you, your ticket, the privacy note) side by side on a landscape screen and
one under the other on a portrait one, in a scroll area so the on-screen keyboard never hides the field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk import attendees, money, self_service
from kiosk.registration import RegistrationRefused
from kiosk.self_service import SelfRegistration
from ui.cash.walk_in import dot_icon
from ui.kiosk.base import MIN_TOUCH_PX, Shell
from ui.kiosk.screens import Page, button, say, scrolling, text

CHOICE_COLUMNS = 2
DOT_PX = 40
PRIVACY_MIN_PX = 160            # the privacy note scrolls inside these heights: never a two-line slit
PRIVACY_MAX_PX = 320


@dataclass
class Field:
    key: str            # the core's name for it, as RegistrationRefused starts its message ("Email: …")
    kind: str           # the on-screen keyboard's kind
    caption: QLabel
    edit: QLineEdit
    error: QLabel


class RegisterScreen(Page):
    name = "register"
    back_to = "welcome"
    scrolls = False  # the form scrolls in its own area, the Register button stays in sight below it

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.config = shell.store.config()  # read in enter(): retranslate() never touches the store
        self.allowed: list[tuple[str, int]] = []
        self.fields = [self._field("Name", "name"), self._field("Email", "email"),
                       self._field("Organisation", "name"), self._field("Home town", "name")]
        self.about_title, self.ticket_title, self.interest_title, self.privacy_title = (
            text("heading") for _ in range(4))
        self.tickets = QButtonGroup(self)
        self.ticket_buttons: dict[str, QPushButton] = {}
        self.ticket_box = QGridLayout()
        self.interest_buttons: dict[str, QPushButton] = {}
        self.interest_box = QGridLayout()
        self.privacy = text()
        self.consent = QCheckBox()
        self.consent.setMinimumHeight(MIN_TOUCH_PX)
        self.consent.clicked.connect(self._done_typing)
        self.errors = {"Ticket type": text("error"), "Interests": text("error"), "Consent": text("error"),
                       "": text("error")}
        self.register_button = button("primary", size="big")
        self.register_button.clicked.connect(self.register)
        self.area = scrolling(self._sections())
        self.body.addWidget(self.area, 1)
        self.body.addWidget(self.errors[""])
        self.body.addWidget(self.register_button)
        self._load_choices()
        self.clear()  # and every error line hidden until there is one

    # --- building -------------------------------------------------------------------------------------------

    def _field(self, key: str, kind: str) -> Field:
        edit = QLineEdit()
        edit.setMaxLength(200)
        edit.installEventFilter(self)  # a tap on the field brings the keyboard for it
        field = Field(key, kind, text(), edit, text("error"))
        edit.returnPressed.connect(lambda f=field: self._next_after(f))
        edit.textChanged.connect(lambda _="", f=field: f.error.hide())
        return field

    def _sections(self) -> QWidget:
        about = QVBoxLayout()
        about.addWidget(self.about_title)
        for field in self.fields:
            about.addWidget(field.caption)
            about.addWidget(field.edit)
            about.addWidget(field.error)
        about.addStretch(1)
        ticket = QVBoxLayout()
        ticket.addWidget(self.ticket_title)
        ticket.addLayout(self.ticket_box)
        ticket.addWidget(self.errors["Ticket type"])
        ticket.addSpacing(16)
        ticket.addWidget(self.interest_title)
        ticket.addLayout(self.interest_box)
        ticket.addWidget(self.errors["Interests"])
        ticket.addStretch(1)
        privacy_holder = QWidget()
        note = QVBoxLayout(privacy_holder)
        note.addWidget(self.privacy)
        note.addStretch(1)  # the note starts at the top of its box
        privacy_area = scrolling(privacy_holder)
        privacy_area.setMinimumHeight(PRIVACY_MIN_PX)
        privacy_area.setMaximumHeight(PRIVACY_MAX_PX)
        privacy = QVBoxLayout()
        privacy.addWidget(self.privacy_title)
        privacy.addWidget(privacy_area, 1)
        privacy.addWidget(self.consent)
        privacy.addWidget(self.errors["Consent"])
        privacy.addStretch(1)
        content = QWidget()
        sections = self.flip(QHBoxLayout(content))
        sections.setContentsMargins(0, 0, 12, 0)
        sections.setSpacing(40)
        for section in (about, ticket, privacy):
            section.setSpacing(12)
            sections.addLayout(section, 1)
        return content

    def _load_choices(self) -> None:
        """Ticket types and interests as the event has them now (the settings may change between people)."""
        for old in (*self.ticket_buttons.values(), *self.interest_buttons.values()):
            self.tickets.removeButton(old)
            old.deleteLater()
        self.ticket_buttons, self.interest_buttons = {}, {}
        self.config = config = self.shell.store.config()
        self.allowed = self_service.allowed_ticket_types(self.shell.store)
        for index, (ticket, _) in enumerate(self.allowed):
            choice = button(size="ticket", checkable=True)
            self.tickets.addButton(choice)
            choice.clicked.connect(lambda _=False: self.errors["Ticket type"].hide())
            choice.clicked.connect(self._done_typing)
            self.ticket_box.addWidget(choice, index // CHOICE_COLUMNS, index % CHOICE_COLUMNS)
            self.ticket_buttons[ticket] = choice
        for index, interest in enumerate(config.interests):
            choice = button(size="choice", checkable=True)
            choice.setIcon(dot_icon(interest.colour, interest.letter, DOT_PX))
            choice.setIconSize(QSize(DOT_PX, DOT_PX))
            choice.clicked.connect(self._done_typing)
            self.interest_box.addWidget(choice, index // CHOICE_COLUMNS, index % CHOICE_COLUMNS)
            self.interest_buttons[interest.name] = choice
        self.interest_title.setVisible(bool(config.interests))
        if self.isVisible():  # children added to a shown screen are otherwise shown only on the next event loop
            for choice in (*self.ticket_buttons.values(), *self.interest_buttons.values()):
                choice.show()

    # --- the keyboard follows the person down the form ----------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            field = next((f for f in self.fields if f.edit is watched), None)
            if field is not None:
                self._type_in(field)
        return super().eventFilter(watched, event)

    def _type_in(self, field: Field) -> None:
        self.shell.use_keyboard(field.edit, field.kind)
        # after the keyboard took its room: the field must stay in sight above it
        QTimer.singleShot(0, lambda: self.area.ensureWidgetVisible(field.edit, 0, 40))

    def _next_after(self, field: Field) -> None:
        later = self.fields[self.fields.index(field) + 1:]
        if later:
            self._type_in(later[0])
            return
        self._done_typing()
        QTimer.singleShot(0, lambda: self.area.ensureWidgetVisible(self.ticket_title))

    def _done_typing(self) -> None:
        """A choice tapped, or the last field left: the keyboard goes and the form gets its room back."""
        hide = getattr(self.shell, "hide_keyboard", None)
        if callable(hide):
            hide()

    def oriented(self, landscape: bool) -> None:
        # with the keyboard up, a landscape screen has ~470 px: a plain-size Register button leaves the form more
        self.register_button.setProperty("touch", "" if landscape else "big")
        self.register_button.style().unpolish(self.register_button)
        self.register_button.style().polish(self.register_button)

    # --- the screen ---------------------------------------------------------------------------------------

    def enter(self, **context: Any) -> None:
        self._load_choices()
        self.retranslate()
        self.area.verticalScrollBar().setValue(0)
        self._type_in(self.fields[0])

    def clear(self) -> None:
        for field in self.fields:
            field.edit.clear()
            field.error.hide()
        self.tickets.setExclusive(False)  # an exclusive group cannot uncheck its last button
        for choice in (*self.ticket_buttons.values(), *self.interest_buttons.values()):
            choice.setChecked(False)
        self.tickets.setExclusive(True)
        self.consent.setChecked(False)
        for label in self.errors.values():
            label.hide()

    def entry(self) -> SelfRegistration:
        values = {f.key: f.edit.text() for f in self.fields}
        ticket = next((name for name, b in self.ticket_buttons.items() if b.isChecked()), "")
        return SelfRegistration(name=values["Name"], email=values["Email"], organisation=values["Organisation"],
                                city=values["Home town"], ticket_type=ticket,
                                interests=tuple(n for n, b in self.interest_buttons.items() if b.isChecked()),
                                consent=self.consent.isChecked())

    def register(self) -> None:
        for label in (*self.errors.values(), *(f.error for f in self.fields)):
            label.hide()
        kiosk = getattr(self.shell, "kiosk_name", "kiosk")
        try:
            done = self_service.register_self(self.shell.store, self.entry(), day=self.shell.day, kiosk=kiosk)
        except RegistrationRefused as exc:
            self.refused(str(exc))
            return
        attendee_id = done.attendee.id
        self.clear()
        if done.checkin is not None:
            self.shell.go("badge", attendee_id=attendee_id, words=self.shell.print_badge(attendee_id))
        elif done.attendee.price_minor:
            self.shell.go("pay_at_desk", attendee_id=attendee_id)
        else:  # a free ticket on a day that is not an event day: registered, the badge comes from the desk
            self.shell.go("notice", outcome="registered", message="Please ask at the desk.")

    def refused(self, message: str) -> None:
        """The core's refusal under the field it names ("Email: …"), in the kiosk's language."""
        key, _, rest = message.partition(":")
        field = next((f for f in self.fields if f.key == key), None)
        label = field.error if field is not None else self.errors.get(key, self.errors[""])
        say(label, self.refusal_words(key, rest.strip()) if label is not self.errors[""] else message)
        label.show()
        target: QWidget = field.edit if field is not None else label
        QTimer.singleShot(0, lambda: self.area.ensureWidgetVisible(target, 0, 80))

    def refusal_words(self, key: str, reason: str) -> str:
        if key == "Consent":
            return self.tr("Please read the privacy note and tick the box.")
        if key == "Ticket type":
            return self.tr("Please choose a ticket.")
        if key == "Email" and reason.startswith("we need"):
            return self.tr("We need your email address to find your registration again.")
        if key == "Email":
            return self.tr("This is not an email address. Please check it.")
        if key == "Name":
            return self.tr("Please type your name.")
        if "at most" in reason:
            return self.tr("That is too long: at most 200 characters.")
        return reason

    def retranslate(self) -> None:
        super().retranslate()
        config = self.config
        say(self.title, self.tr("Register for {}").format(config.name))
        say(self.about_title, self.tr("About you"))
        captions = {"Name": self.tr("Your name"), "Email": self.tr("Email address"),
                    "Organisation": self.tr("Organisation (optional)"), "Home town": self.tr("Home town (optional)")}
        for field in self.fields:
            say(field.caption, captions[field.key])
            field.edit.setAccessibleName(captions[field.key])
        say(self.ticket_title, self.tr("Your ticket"))
        for ticket, price in self.allowed:
            if ticket in self.ticket_buttons:
                cost = money.format_amount(price, config.currency) if price else self.tr("free")
                # two lines: a long name and its price both fit a half-width button on any screen
                say(self.ticket_buttons[ticket], f"{ticket}\n{cost}", self.tr("Ticket: {}").format(f"{ticket}, {cost}"))
        say(self.interest_title, self.tr("Your interests (optional)"))
        for interest in config.interests:
            if interest.name in self.interest_buttons:
                say(self.interest_buttons[interest.name], interest.name,
                    self.tr("Interest: {} (badge mark {})").format(interest.name, interest.letter))
        say(self.privacy_title, self.tr("Your data"))
        say(self.privacy, config.self_service.privacy_text)
        self.consent.setText(self.tr("I agree to the privacy note"))
        self.consent.setAccessibleName(self.tr("I agree to the privacy note"))
        say(self.register_button, self.tr("Register"))


class PayAtDeskScreen(Page):
    """A paid ticket registered here: pay at the desk, where scanning this code opens the payment."""

    name = "pay_at_desk"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.restart.hide()  # the last screen of a path: "Done" starts again
        self.code, self.ticket, self.slip = "", "", False
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explain = text("heading", centre=True)
        self.code_label = text("code", centre=True)
        self.ticket_label = text(centre=True)
        self.slip_label = text("heading", centre=True)
        self.done_button = button("primary", size="big")
        self.done_button.clicked.connect(self.done)
        self.body.addStretch(1)
        for widget in (self.explain, self.code_label, self.ticket_label, self.slip_label, self.done_button):
            self.body.addWidget(widget)
        self.body.addStretch(2)

    def enter(self, **context: Any) -> None:
        attendee = attendees.get(self.shell.store.conn, str(context.get("attendee_id", "")))
        if attendee is None:
            self.code, self.ticket, self.slip = "", "", False
        else:
            self.code = attendee.code
            price = money.format_amount(attendee.price_minor or 0, attendee.currency)
            self.ticket = f"{attendee.ticket_type} — {price}"
            self.slip = self.shell.print_pay_slip(attendee.id)
        self.retranslate()

    def clear(self) -> None:
        self.code, self.ticket, self.slip = "", "", False

    def retranslate(self) -> None:
        super().retranslate()
        say(self.title, self.tr("Almost done: please pay at the desk"))
        say(self.explain, self.tr("Please pay at the registration desk. Show them this code:"))
        say(self.code_label, self.code, self.tr("Your code: {}").format(" ".join(self.code)))
        say(self.ticket_label, self.tr("Your ticket: {}").format(self.ticket))
        say(self.slip_label, self.tr("Take your slip from the printer") if self.slip else "")
        self.slip_label.setVisible(self.slip)
        say(self.done_button, self.tr("Done"))
