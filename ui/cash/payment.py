"""Taking money at the desk: one panel (amount due, how they pay, change due) shared by the walk-in dialog
and the dialog that takes payment from a pre-registered attendee who has not paid yet.

The panel only reads (the drawer's state) and checks what was typed; the write is the dialog's one call to
a core operation, which checks everything again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk import money
from kiosk.cash import drawer
from kiosk.cash.payments import METHODS, Method, PaymentRefused, Tender, details_for
from kiosk.store import Store

# Short words for the big buttons (payments.METHOD_NAMES is the receipt's wording).
BUTTON_WORDS: dict[Method, str] = {"cash": "Cash", "card": "Card terminal", "comp": "Complimentary",
                                   "invoice": "Pay later"}
DRAWER_CLOSED = "Open the cash drawer first (F4) — card, complimentary and pay later still work"
GREEN, RED, AMBER, GREY = "#1b5e20", "#b71c1c", "#8d4f00", "#546e7a"
QUICK_AMOUNTS = 3  # besides "Exact": more buttons than that are read, not pressed


def scaled(widget: QWidget, factor: float, bold: bool = True) -> None:
    """Bigger type relative to the platform's, so the desk's zoom and high-contrast mode still apply."""
    font = widget.font()
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * factor)
    font.setBold(bold)
    widget.setFont(font)


def plain_button(text: str, height: int = 40) -> QPushButton:
    """A button that Enter never presses by accident: the dialogs decide what Enter does."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    button.setMinimumHeight(height)
    return button


def confirm_words(method: Method | None, amount_minor: int, currency: str, before: str = "") -> str:
    """The confirm button says what will happen to the money, so a wrong method is caught before Enter:
    "Take €250.00 cash", or after `before`: "Register · take €250.00 cash"."""
    amount = money.format_amount(amount_minor, currency)
    words = {None: "", "cash": f"take {amount} cash", "card": f"{amount} paid by card",
             "comp": "complimentary, no charge", "invoice": "pay later by invoice"}[method]
    if before:
        return f"{before} · {words}" if words else before
    return words[:1].upper() + words[1:] if words else "Take payment"


def form_label(text: str, height: int = 34) -> QLabel:
    """A form's label centred on its field (QFormLayout puts it at the field's top edge otherwise)."""
    label = QLabel(text, alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    label.setMinimumHeight(height)
    return label


def quick_amounts(price_minor: int, denominations: Sequence[int], currency: str) -> list[int]:
    """The round sums a customer hands over for this price: the next multiple of each note that is not
    tiny beside the price (€250 → €300, €400, €500; a €20 note makes €260, which nobody hands over)."""
    smallest_note = max(5 * 10 ** money.digits(currency), price_minor // 10)
    sums = {-(-price_minor // note) * note for note in denominations if note >= smallest_note}
    return sorted(s for s in sums if s > price_minor)[:QUICK_AMOUNTS]


class PaymentPanel(QWidget):
    """Amount due, how they pay (Alt+1…4) and what that way needs; `tender()` is what to hand the core."""

    changed = Signal()  # anything the volunteer did: the dialog updates its confirm button

    def __init__(self, store: Store, day: int, amount_minor: int, default_email: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.day, self.amount_minor = store, day, amount_minor
        self.currency = store.config().currency
        self.drawer_open = False
        self.amount_label = QLabel()
        self.amount_label.setAccessibleName("Amount due")
        scaled(self.amount_label, 2.2)
        self.method_buttons: dict[Method, QPushButton] = {}
        self.cash_field = QLineEdit(placeholderText="e.g. 300 or 300,00")
        self.quick_row = QHBoxLayout()
        self.quick_buttons: list[QPushButton] = []
        self.change_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.change_label.setAccessibleName("Change due")
        self.drawer_warning = QLabel(DRAWER_CLOSED, wordWrap=True)
        self.terminal_field = QLineEdit(placeholderText="the reference printed on the terminal's slip")
        self.reason_field = QLineEdit(placeholderText="e.g. press, sponsor guest, speaker's partner")
        self.authorised_field = QLineEdit(placeholderText="who allowed it (name)")
        self.billing_field = QLineEdit(default_email, placeholderText="where the invoice goes")
        self.message = QLabel(wordWrap=True)
        self.message.setAccessibleName("Payment problem")
        self._pages: dict[Method | None, QWidget] = {}
        self.pages = QVBoxLayout()  # only the chosen way's page is shown: the message sits right under it
        self._build()
        self.refresh_drawer()
        self.set_amount(amount_minor)
        self.choose("cash" if self.drawer_open else None, focus=False)

    # --- layout ---------------------------------------------------------------------------------------

    def _build(self) -> None:
        buttons = QHBoxLayout()
        for number, method in enumerate(METHODS, start=1):
            button = plain_button(f"{BUTTON_WORDS[method]}\nAlt+{number}", height=56)
            button.setCheckable(True)
            button.setAccessibleName(BUTTON_WORDS[method])
            button.clicked.connect(lambda _=False, m=method: self.choose(m))
            self.method_buttons[method] = button
            buttons.addWidget(button)
            QShortcut(QKeySequence(f"Alt+{number}"), self, lambda m=method: self.choose(m))
        self.setStyleSheet("QPushButton:checked { background: #0d47a1; color: white; font-weight: bold;"
                           " border: 2px solid #002171; border-radius: 4px; }")
        card = self._form_page("<b>Only the terminal's reference — never the card number.</b>",
                               ("Terminal reference", self.terminal_field))
        comp = self._form_page("Free of charge: the price waived is kept in the day report.",
                               ("Reason", self.reason_field), ("Authorised by", self.authorised_field))
        invoice = self._form_page("They come in now; the invoice goes to this address.",
                                  ("Billing email", self.billing_field))
        pages: tuple[tuple[QWidget, Method | None], ...] = (
            (self._choose_page(), None), (self._cash_page(), "cash"), (card, "card"), (comp, "comp"),
            (invoice, "invoice"))
        for page, way in pages:
            self._pages[way] = page
            self.pages.addWidget(page)
        for field in (self.cash_field, self.terminal_field, self.reason_field, self.authorised_field,
                      self.billing_field):
            field.textChanged.connect(self._edited)
        self.message.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.amount_label)
        layout.addLayout(buttons)
        layout.addLayout(self.pages)
        layout.addWidget(self.message)

    def _choose_page(self) -> QWidget:
        hint = QLabel("How do they pay? Press a button above, or Alt+1 cash · Alt+2 card · Alt+3 complimentary · "
                      "Alt+4 pay later.", wordWrap=True)
        hint.setStyleSheet(f"color: {GREY};")
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addStretch(1)  # at the top, where the eye is after the buttons
        return page

    def _cash_page(self) -> QWidget:
        self.drawer_warning.setStyleSheet(f"background: #fff3e0; color: {AMBER}; border: 2px solid {AMBER};"
                                          " border-radius: 4px; padding: 6px; font-weight: bold;")
        scaled(self.cash_field, 1.5)
        self.cash_field.setAccessibleName("Amount handed over")
        self.change_label.setMinimumHeight(96)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.drawer_warning)
        form = QFormLayout()
        form.addRow(form_label("Amount handed over", 40), self.cash_field)
        layout.addLayout(form)
        layout.addLayout(self.quick_row)
        layout.addWidget(self.change_label)
        return page

    def _form_page(self, hint: str, *rows: tuple[str, QLineEdit]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 4, 0, 0)
        for label, field in rows:
            field.setAccessibleName(label)
            field.setMinimumHeight(34)
            form.addRow(form_label(label), field)
        words = QLabel(hint, wordWrap=True)
        words.setStyleSheet(f"color: {GREY};")
        form.addRow("", words)
        return page

    # --- state ----------------------------------------------------------------------------------------

    @property
    def method(self) -> Method | None:
        return next((m for m, b in self.method_buttons.items() if b.isChecked()), None)

    def set_amount(self, amount_minor: int) -> None:
        """The price changed (another ticket type): amount, quick buttons and change follow."""
        self.amount_minor = amount_minor
        self._show_amount()
        while self.quick_buttons:
            button = self.quick_buttons.pop()
            self.quick_row.removeWidget(button)
            button.hide()  # gone from the screen now, deleted at the next event loop turn
            button.deleteLater()
        sums = [amount_minor, *quick_amounts(amount_minor, self.store.config().denominations, self.currency)]
        for value in sums:
            words = money.format_amount(value, self.currency)
            button = plain_button(f"Exact {words}" if value == amount_minor else words)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field → next field, not through sums
            button.setEnabled(self.drawer_open)
            button.clicked.connect(lambda _=False, v=value: self._hand_over(v))
            self.quick_row.addWidget(button)
            self.quick_buttons.append(button)
        self._show_change()

    def _show_amount(self) -> None:
        """What is owed now, in the chosen way's words (a waived ticket does not say "To pay")."""
        amount = money.format_amount(self.amount_minor, self.currency)
        words = {"comp": f"Free: {amount} waived", "invoice": f"Invoice: {amount} owed"}
        self.amount_label.setText(words.get(self.method or "", f"To pay: {amount}"))

    def refresh_drawer(self) -> None:
        """Cash needs this desk's drawer open for the day (opened on the desk with F4)."""
        current = drawer.current(self.store, self.day)
        self.drawer_open = current is not None and current.state == "open"
        self.drawer_warning.setVisible(not self.drawer_open)
        self.cash_field.setEnabled(self.drawer_open)
        for button in self.quick_buttons:
            button.setEnabled(self.drawer_open)
        self.method_buttons["cash"].setToolTip("" if self.drawer_open else DRAWER_CLOSED)

    def choose(self, method: Method | None, focus: bool = True) -> None:
        if method == "cash":
            self.refresh_drawer()
        for name, button in self.method_buttons.items():
            button.setChecked(name == method)
        for shown, page in self._pages.items():
            page.setVisible(shown == method)
        self._show_amount()
        self.message.hide()
        fields = self.fields()
        if focus and fields and fields[0].isEnabled():
            fields[0].setFocus()
            fields[0].selectAll()
        self.changed.emit()

    def fields(self) -> list[QLineEdit]:
        """The chosen way's fields, top to bottom: Enter moves through them, then confirms."""
        return {None: [], "cash": [self.cash_field], "card": [self.terminal_field],
                "comp": [self.reason_field, self.authorised_field], "invoice": [self.billing_field]}[self.method]

    def focus_chain(self) -> list[QWidget]:
        """Every focusable widget of the panel in Tab order (hidden pages are skipped by Qt)."""
        return [*self.method_buttons.values(), self.cash_field, self.terminal_field, self.reason_field,
                self.authorised_field, self.billing_field]

    def can_confirm(self) -> bool:
        """False only where no typing helps: cash while the drawer is closed."""
        return not (self.method == "cash" and not self.drawer_open)

    def set_default_email(self, email: str) -> None:
        """The walk-in's own email is the billing email unless the volunteer typed another."""
        if not self.billing_field.isModified():
            self.billing_field.setText(email)

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _edited(self) -> None:
        self.message.hide()
        self._show_change()
        self.changed.emit()

    def _hand_over(self, value: int) -> None:
        self.cash_field.setText(money.plain(value, self.currency))
        self.cash_field.setModified(True)
        self.cash_field.setFocus()

    # --- what was typed -------------------------------------------------------------------------------

    def tender(self) -> Tender | None:
        """What the core is given, or None when something is missing (`missing()` says what)."""
        return self._checked()[0]

    def missing(self) -> str:
        return self._checked()[1]

    def _checked(self) -> tuple[Tender | None, str]:
        method = self.method
        if method is None:
            return None, "Choose how they pay: cash, card, complimentary or pay later"
        if method == "cash":
            return self._cash_tender()
        tender = Tender(method, terminal_ref=self.terminal_field.text(), reason=self.reason_field.text(),
                        authorised_by=self.authorised_field.text(), billing_email=self.billing_field.text())
        try:
            details_for(tender, self.amount_minor, self.amount_minor)  # the core's own check, said before writing
        except PaymentRefused as exc:
            return None, str(exc)
        return tender, ""

    def _cash_tender(self) -> tuple[Tender | None, str]:
        if not self.drawer_open:
            return None, DRAWER_CLOSED
        try:
            handed = money.parse_amount(self.cash_field.text(), self.currency)
        except money.AmountError as exc:
            return None, f"Amount handed over: {exc}"
        if handed < self.amount_minor:
            short = money.format_amount(self.amount_minor - handed, self.currency)
            return None, f"That is {short} less than the price: ask for {short} more"
        return Tender("cash", tendered_minor=handed), ""

    def _show_change(self) -> None:
        """Live as they type: the change to give back in very large type, or how much is still missing."""
        text = self.cash_field.text().strip()
        if not text:
            self._change("Type what they hand over, or press a sum above", GREY, "transparent", "")
            return
        try:
            handed = money.parse_amount(text, self.currency)
        except money.AmountError as exc:
            self._change(f"Not an amount: {exc}", AMBER, "#fff3e0", "")
            return
        difference = handed - self.amount_minor
        words = money.format_amount(abs(difference), self.currency)
        if difference < 0:  # never a big bare amount here: it would read as change to give
            self._change("✖ NOT ENOUGH — they still owe", "#ffffff", RED, f"{words} more")
        elif difference == 0:
            self._change("✔ Exact — no change", "#ffffff", GREEN, "")
        else:
            self._change("CHANGE DUE", "#ffffff", GREEN, words)

    def _change(self, caption: str, colour: str, background: str, amount: str) -> None:
        size = self.font().pointSizeF() if self.font().pointSizeF() > 0 else 10.0
        big = f"<br><span style='font-size:{size * 3.6:.0f}pt; font-weight:bold'>{amount}</span>" if amount else ""
        self.change_label.setText(f"<span style='font-size:{size * 1.3:.0f}pt; font-weight:bold'>{caption}</span>"
                                  f"{big}")
        self.change_label.setStyleSheet(f"color: {colour}; background: {background}; border-radius: 6px;"
                                        " padding: 4px;")


def handle_enter(dialog: QDialog, event: QKeyEvent, chain: Sequence[QWidget], confirm: Callable[[], None]) -> bool:
    """Enter moves down the fields in `chain` and confirms after the last; on a button it presses it.
    True when the key was handled (the dialog's default-button behaviour is not wanted here)."""
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return False
    focused = dialog.focusWidget()
    if isinstance(focused, QPushButton):
        focused.click()
        return True
    live = [w for w in chain if w.isVisible() and w.isEnabled()]
    if focused in live and focused is not live[-1]:
        live[live.index(focused) + 1].setFocus()
    elif focused in live or not live:
        confirm()
    else:
        dialog.focusNextChild()
    return True
