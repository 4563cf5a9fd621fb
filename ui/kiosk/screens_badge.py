"""The badge: a preview to check (and fix the name, where the event allows), print, take it; or a polite
word when the kiosk cannot check this ticket in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout

from kiosk import printing, self_service
from kiosk.editing import EditRefused
from ui.desk.preview import render_pdf_page
from ui.kiosk.base import Shell
from ui.kiosk.screens import Page, Picture, button, core_words, say, text

PREVIEW_PX = 1000     # rendered this wide: sharp when scaled down to a portrait screen's width
TAKE_BADGE_S = 15     # the "take your badge" screen resets by itself: the next person is waiting


def render_preview(job: printing.PrintPlan) -> QImage:
    """For a worker: the badge's PDF as the printer gets it, as a picture (as ui/desk/preview.py does)."""
    return render_pdf_page(printing.proof(job).pdf, PREVIEW_PX)


def run(shell: Shell, work: Callable[[], Any], callback: Callable[[Any, BaseException | None], None]) -> None:
    """On the shell's worker runner when it has one (rule 6: rendering is slow), else right here."""
    runner = getattr(shell, "runner", None)
    if callable(runner):
        runner(work, callback)
        return
    try:
        result = work()
    except Exception as exc:  # the same (result, error) path as a worker
        callback(None, exc)
    else:
        callback(result, None)


class PreviewScreen(Page):
    """The badge as it will print. "Print my badge" checks in and prints; "Fix my name" edits it first."""

    name = "preview"  # no "Back": after proving who you are, "Start again" is the way out

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.attendee_id = ""
        self._question = ""  # what the status line asked before "Fix my name" replaced it
        self._generation = 0  # a render that finishes after the person moved on is dropped
        self.picture = Picture()
        self.status = text("heading")  # the question the person answers by printing or fixing
        self.print_button = button("primary", size="big")
        self.print_button.clicked.connect(self.print_badge)
        self.fix_button = button(size="big")
        self.fix_button.clicked.connect(self.open_fix)
        self.name_field = QLineEdit()
        self.name_field.returnPressed.connect(self.save_name)
        self.save_button = button("primary")
        self.save_button.clicked.connect(self.save_name)
        self.cancel_fix = button("quiet")
        self.cancel_fix.clicked.connect(self.close_fix)
        self.error = text("error")
        fix_row = QHBoxLayout()
        fix_row.addWidget(self.cancel_fix)
        fix_row.addWidget(self.save_button, 1)
        side = QVBoxLayout()
        side.setSpacing(20)
        side.addWidget(self.status)
        side.addWidget(self.print_button)
        side.addWidget(self.fix_button)
        side.addWidget(self.name_field)
        side.addLayout(fix_row)
        side.addWidget(self.error)
        side.addStretch(1)
        self.fix_widgets = (self.name_field, self.save_button, self.cancel_fix)
        sides = self.flip(QHBoxLayout())
        sides.setSpacing(40)
        sides.addWidget(self.picture, 3)
        sides.addLayout(side, 2)
        self.body.addLayout(sides, 1)
        self.close_fix()

    @property
    def can_fix(self) -> bool:
        return self.shell.store.config().self_service.allow_name_fix

    def enter(self, **context: Any) -> None:
        self.attendee_id = str(context.get("attendee_id", ""))
        self.error.clear()
        self.close_fix()
        self.fix_button.setVisible(self.can_fix)
        self.render()

    def clear(self) -> None:
        self.attendee_id = ""
        self._generation += 1
        self.picture.set_image(None)
        self.name_field.clear()
        self.error.clear()
        self.close_fix()

    def render(self) -> None:
        self._generation += 1
        generation, attendee_id = self._generation, self.attendee_id
        self.picture.set_image(None)
        say(self.status, self.tr("Preparing your badge…"))
        self.print_button.setEnabled(False)
        job = printing.plan(self.shell.store, attendee_id, preview=True)  # fast: read on this thread

        def shown(image: QImage | None, error: BaseException | None) -> None:
            if generation != self._generation:
                return
            self.print_button.setEnabled(True)
            if error is not None or image is None:
                say(self.status, self.tr("The preview is not available, but your badge can still print."))
                return
            self.picture.set_image(image)
            self.picture.setAccessibleName(self.tr("Badge preview"))
            say(self.status, self.tr("Is everything right on your badge?"))

        run(self.shell, lambda: render_preview(job), shown)

    def print_badge(self) -> None:
        kiosk = getattr(self.shell, "kiosk_name", "kiosk")
        result = self_service.check_in_self(self.shell.store, self.attendee_id, day=self.shell.day, kiosk=kiosk)
        if result.outcome == "checked_in":
            words = self.shell.print_badge(self.attendee_id)
            self.shell.go("badge", attendee_id=self.attendee_id, words=words)
        else:
            self.shell.go("notice", outcome=result.outcome, message=result.message)

    def open_fix(self) -> None:
        attendee_name = printing.plan(self.shell.store, self.attendee_id, preview=True).attendee.name
        self.name_field.setText(attendee_name)
        for widget in self.fix_widgets:
            widget.show()
        self.fix_button.hide()
        self.print_button.hide()  # one thing to do while fixing: save (it fits above the keyboard, too)
        self._question = self.status.text()
        say(self.status, self.tr("Type your name as it should be on your badge:"))
        self.type_in(self.name_field, "name")

    def close_fix(self) -> None:
        if self.name_field.isVisibleTo(self):
            say(self.status, self._question)
        for widget in self.fix_widgets:
            widget.hide()
        self.print_button.show()
        self.fix_button.setVisible(bool(self.attendee_id) and self.can_fix)
        hide = getattr(self.shell, "hide_keyboard", None)
        if callable(hide):
            hide()

    def save_name(self) -> None:
        typed = " ".join(self.name_field.text().split())
        if not typed:
            say(self.error, self.tr("Please type your name."))
            return
        kiosk = getattr(self.shell, "kiosk_name", "kiosk")
        try:
            self_service.fix_name(self.shell.store, self.attendee_id, typed, kiosk=kiosk)
        except EditRefused as exc:
            say(self.error, core_words(str(exc)))
            return
        self.error.clear()
        self.close_fix()
        self.render()

    def retranslate(self) -> None:
        super().retranslate()
        say(self.title, self.tr("Your badge"))
        say(self.print_button, self.tr("Print my badge"))
        say(self.fix_button, self.tr("Fix my name"))
        self.name_field.setAccessibleName(self.tr("Your name as it should be on the badge"))
        self.name_field.setPlaceholderText(self.tr("Your name"))
        say(self.save_button, self.tr("Save my name"))
        say(self.cancel_fix, self.tr("Cancel"))
        self.picture.setAccessibleName(self.tr("Badge preview"))


class BadgeScreen(Page):
    """"Take your badge from the printer", with the sticker dots where the event uses stickers; it resets
    by itself after TAKE_BADGE_S so that the kiosk is ready for the next person."""

    name = "badge"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.restart.hide()  # the last screen of a path: "Done" starts again
        self.words = ""
        self.stickers: tuple[str, ...] = ()
        self.printing_ok = True
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.said = text("heading", centre=True)
        self.sticker_title = text("heading", centre=True)
        self.sticker_list = text("heading", centre=True)
        self.done_button = button("primary", size="big")
        self.done_button.clicked.connect(self.done)
        self.soon = text("hint", centre=True)
        self.timer = QTimer(self, singleShot=True, interval=TAKE_BADGE_S * 1000)
        self.timer.timeout.connect(self._time_up)
        self.body.addStretch(1)
        for widget in (self.said, self.sticker_title, self.sticker_list, self.done_button, self.soon):
            self.body.addWidget(widget)
        self.body.addStretch(2)

    def enter(self, **context: Any) -> None:
        attendee_id = str(context.get("attendee_id", ""))
        self.words = str(context.get("words", ""))
        # The shell answers in words; only its "printing" sentence means a badge is on its way.
        printing_words = QCoreApplication.translate("KioskWindow", "Your badge is printing.")
        self.printing_ok = not self.words or self.words == printing_words
        self.stickers = printing.plan(self.shell.store, attendee_id, preview=True).stickers if attendee_id else ()
        self.retranslate()
        self.timer.start()

    def clear(self) -> None:
        self.timer.stop()
        self.words, self.stickers, self.printing_ok = "", (), True

    def _time_up(self) -> None:
        if self.isVisible():
            self.shell.reset()

    def retranslate(self) -> None:
        super().retranslate()
        if self.printing_ok:
            say(self.title, self.tr("Take your badge from the printer"))
        else:
            say(self.title, self.tr("You are checked in"))
        say(self.said, self.words or self.tr("Your badge is printing."))
        say(self.sticker_title, self.tr("Add these dots to your badge:"))
        say(self.sticker_list, "\n".join(self.stickers))
        self.sticker_title.setVisible(bool(self.stickers) and self.printing_ok)
        self.sticker_list.setVisible(bool(self.stickers) and self.printing_ok)
        say(self.done_button, self.tr("Done"))
        say(self.soon, self.tr("Have a great event! This screen starts again by itself in a few seconds."))


class NoticeScreen(Page):
    """What "Print my badge" may say instead of printing: already checked in, not paid, ask at the desk."""

    name = "notice"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.restart.hide()  # the last screen of a path: "Done" starts again
        self.outcome, self.message = "", ""
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words = text("heading", centre=True)
        self.done_button = button("primary", size="big")
        self.done_button.clicked.connect(self.done)
        self.body.addStretch(1)
        self.body.addWidget(self.words)
        self.body.addWidget(self.done_button)
        self.body.addStretch(2)

    def enter(self, **context: Any) -> None:
        self.outcome = str(context.get("outcome", ""))
        self.message = str(context.get("message", ""))
        self.retranslate()

    def clear(self) -> None:
        self.outcome, self.message = "", ""

    def retranslate(self) -> None:
        super().retranslate()
        titles = {"already": self.tr("You are already checked in"),
                  "pay_at_desk": self.tr("Please pay at the desk"), "registered": self.tr("You are registered")}
        say(self.title, titles.get(self.outcome, self.tr("Please ask at the desk")))
        say(self.words, core_words(self.message))
        say(self.done_button, self.tr("Done"))
