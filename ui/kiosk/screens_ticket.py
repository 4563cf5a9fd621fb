""""I have a ticket": scan it or find it by name, prove it is yours, or be sent to the desk.

What a screen shows of a ticket before its holder proved it is theirs is a KioskHit's label (first name and
last initial) and organisation, nothing else: the privacy test walks these screens for anything more.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk import self_service
from kiosk.self_service import KioskHit
from ui.kiosk.base import Shell
from ui.kiosk.screens import Page, button, core_words, say, scan_picture, text


def hit_words(hit: KioskHit) -> str:
    """The only words a stranger's ticket may show: "Ann L." and the organisation on a second line."""
    return f"{hit.label}\n{hit.organisation}" if hit.organisation else hit.label


class TicketScreen(Page):
    """Scan the ticket, or type three letters of your name and tap yourself among at most five."""

    name = "ticket"
    back_to = "welcome"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.scan_title = text("heading")
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setPixmap(scan_picture(140))
        scan = QHBoxLayout()
        scan.setSpacing(24)
        scan.addWidget(self.picture)
        scan.addWidget(self.scan_title, 1)
        self.search_title = text("heading")
        self.field = QLineEdit()
        self.field.textChanged.connect(self.search)
        self.hint = text("hint")
        finding = QVBoxLayout()
        finding.setSpacing(16)
        for part in (scan, self.search_title, self.field, self.hint):
            finding.addWidget(part) if isinstance(part, QWidget) else finding.addLayout(part)
        finding.addStretch(1)
        self.results: list[tuple[KioskHit, QPushButton]] = []
        self.result_box = QVBoxLayout()
        self.result_box.setSpacing(12)
        found = QVBoxLayout()
        found.addLayout(self.result_box)
        found.addStretch(1)
        self.sides = self.flip(QHBoxLayout())
        self.sides.setSpacing(40)
        self.sides.addLayout(finding, 0)
        self.sides.addLayout(found, 1)
        self.body.addLayout(self.sides, 1)

    def oriented(self, landscape: bool) -> None:
        # landscape: the field on the left, five one-line results on the right, all above the keyboard;
        # portrait: everything in one column, the results (two lines each) take the room that is left
        self.sides.setStretch(0, 2 if landscape else 0)
        self.sides.setStretch(1, 3 if landscape else 1)
        if self.results:
            self.search(self.field.text())

    def enter(self, **context: Any) -> None:
        self.type_in(self.field, "name")
        self.search(self.field.text())

    def clear(self) -> None:
        self.field.clear()

    def search(self, typed: str) -> None:
        hits = self_service.find(self.shell.store, typed)
        for _, old in self.results:
            old.deleteLater()
        self.results = []
        for hit in hits:
            choice = button(size="" if self.landscape else "big")
            words = hit_words(hit).replace("\n", " · ") if self.landscape else hit_words(hit)
            say(choice, words, self.tr("This is me: {}").format(hit_words(hit).replace("\n", ", ")))
            choice.clicked.connect(lambda _=False, h=hit: self.shell.go("confirm", hit=h))
            self.result_box.addWidget(choice)
            choice.show()  # a child added to a shown screen is otherwise shown only on the next event loop
            self.results.append((hit, choice))
        self._hint(typed, bool(hits))

    def _hint(self, typed: str, found: bool) -> None:
        letters = len(typed.replace(" ", ""))
        if letters < self_service.MIN_LETTERS:
            words = self.tr("Type at least 3 letters of your first or last name.")
        elif not found:
            words = self.tr("Nobody found with that name. Check the spelling, or ask at the desk.")
        else:
            words = self.tr("Tap your name.")
        say(self.hint, words)

    def retranslate(self) -> None:
        super().retranslate()
        say(self.title, self.tr("Find your ticket"))
        say(self.scan_title, self.tr("Scan your ticket's QR code at the scanner"))
        self.picture.setAccessibleName(self.tr("A ticket held to the scanner"))
        say(self.search_title, self.tr("Or search by name"))
        self.field.setPlaceholderText(self.tr("Your name"))
        self.field.setAccessibleName(self.tr("Your name"))
        self._hint(self.field.text(), bool(self.results))


class ConfirmScreen(Page):
    """Before anything happens to a ticket found by name: its order code or email address."""

    name = "confirm"
    back_to = "ticket"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.hit: KioskHit | None = None
        self.who = text("heading")
        self.why = text()
        self.field = QLineEdit()
        self.field.returnPressed.connect(self.check)
        self.error = text("error")
        self.check_button = button("primary", size="big")
        self.check_button.clicked.connect(self.check)
        for widget in (self.who, self.why, self.field, self.error, self.check_button):
            self.body.addWidget(widget)
        self.body.addStretch(1)

    def enter(self, **context: Any) -> None:
        self.hit = context.get("hit")
        self.field.clear()
        self.error.clear()
        say(self.who, hit_words(self.hit).replace("\n", " — ") if self.hit else "")
        self.type_in(self.field, "email")

    def clear(self) -> None:
        self.hit = None
        self.field.clear()
        self.error.clear()
        self.who.clear()

    def check(self) -> None:
        if self.hit is None or not self.field.text().strip():
            return
        answer = self.shell.confirmation.confirm(self.hit.attendee_id, self.field.text())
        if answer.answer == "ok":
            self.shell.go("preview", attendee_id=self.hit.attendee_id)
        elif answer.answer == "wrong":
            self.field.clear()
            say(self.error, self.tr("That does not match this ticket. Tries left: {}").format(answer.tries_left))
        else:
            self.shell.go("ask_desk", message=answer.message)

    def retranslate(self) -> None:
        super().retranslate()
        say(self.title, self.tr("Is this your ticket?"))
        say(self.why, self.tr("To protect your data, type the order code or the email address of this ticket."))
        self.field.setPlaceholderText(self.tr("Order code or email address"))
        self.field.setAccessibleName(self.tr("Order code or email address"))
        say(self.check_button, self.tr("Check"))


class ScannedScreen(Page):
    """A scanned ticket: "Is this you?" (holding the ticket is the proof) or "We could not find this ticket"."""

    name = "scanned"
    back_to = "welcome"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.hit: KioskHit | None = None
        self.who = text("heading", centre=True)
        self.yes = button("primary", size="big")
        self.yes.clicked.connect(self.confirmed)
        self.no = button(size="big")
        self.no.clicked.connect(lambda: self.shell.go("ask_desk", message=""))
        self.explain = text(centre=True)
        self.again = button("primary", size="big")
        self.again.clicked.connect(lambda: self.shell.go("ticket"))
        self.desk = button(size="big")
        self.desk.clicked.connect(lambda: self.shell.go("ask_desk", message=""))
        answers = self.flip(QHBoxLayout())
        answers.setSpacing(32)
        for choice in (self.yes, self.no, self.again, self.desk):
            answers.addWidget(choice, 1)
        self.body.addStretch(1)
        self.body.addWidget(self.who)
        self.body.addWidget(self.explain)
        self.body.addLayout(answers)
        self.body.addStretch(2)

    def enter(self, **context: Any) -> None:
        found = self_service.scanned(self.shell.store, str(context.get("code", "")))
        self.hit = found.hit if found.kind == "found" else None
        self._show()

    def clear(self) -> None:
        self.hit = None
        self._show()

    def confirmed(self) -> None:
        if self.hit is not None:
            self.shell.go("preview", attendee_id=self.hit.attendee_id)

    def _show(self) -> None:
        known = self.hit is not None
        for widget in (self.who, self.yes, self.no):
            widget.setVisible(known)
        for widget in (self.explain, self.again, self.desk):
            widget.setVisible(not known)
        say(self.who, hit_words(self.hit).replace("\n", " — ") if self.hit else "")
        if known:
            say(self.title, self.tr("Is this you?"))
        else:
            say(self.title, self.tr("We could not find this ticket"))

    def retranslate(self) -> None:
        super().retranslate()
        say(self.yes, self.tr("Yes, that's me"))
        say(self.no, self.tr("No"))
        say(self.explain, self.tr("Try scanning it again, or search for your name."))
        say(self.again, self.tr("Try again"))
        say(self.desk, self.tr("Ask at the desk"))
        self._show()


class AskDeskScreen(Page):
    """Where the kiosk stops and a volunteer takes over: three wrong answers, someone else's ticket, …"""

    name = "ask_desk"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.restart.hide()  # the last screen of a path: "Done" starts again
        self.message = ""
        self.words = text("heading", centre=True)
        self.done_button = button("primary", size="big")
        self.done_button.clicked.connect(self.done)
        self.body.addStretch(1)
        self.body.addWidget(self.words)
        self.body.addWidget(self.done_button)
        self.body.addStretch(2)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def enter(self, **context: Any) -> None:
        self.message = str(context.get("message", ""))
        self.retranslate()

    def clear(self) -> None:
        self.message = ""

    def retranslate(self) -> None:
        super().retranslate()
        say(self.title, self.tr("Please ask at the desk"))
        say(self.words, core_words(self.message) if self.message
            else self.tr("A volunteer at the registration desk will help you straight away."))
        say(self.done_button, self.tr("Done"))
