"""The kiosk's screens end to end on the demo event, on a fake shell: find a ticket by name (and prove it),
scan one, register free and paid; the tap counts; the privacy walk; accessible names and touch sizes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk import attendees
from kiosk.attendees import Attendee
from kiosk.config import TicketType
from kiosk.demo import install_demo
from kiosk.store import Store
from tests.ui.kiosk.fake_shell import FakeShell
from ui.kiosk.screens_badge import BadgeScreen, PreviewScreen
from ui.kiosk.screens_register import PayAtDeskScreen, RegisterScreen
from ui.kiosk.screens_ticket import ConfirmScreen, ScannedScreen, TicketScreen


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "events" / "democon.sqlite", device="kiosk-1")
    install_demo(store, today=dt.date.today())
    yield store
    store.close()


@pytest.fixture
def shell(qtbot: QtBot, demo: Store) -> FakeShell:
    window = FakeShell(demo)
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    return window


class Taps:
    """Every button the attendee touches, counted (typing on the on-screen keyboard counts in its own taps)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, control: QAbstractButton) -> None:
        assert control.isVisible() and control.isEnabled(), control.accessibleName()
        self.count += 1
        control.click()


def person(store: Store, name: str) -> Attendee:
    row = store.conn.execute("SELECT id FROM attendees WHERE name = ?", (name,)).fetchone()
    found = attendees.get(store.conn, row[0])
    assert found is not None
    return found


def everyone(store: Store) -> list[Attendee]:
    ids = [r[0] for r in store.conn.execute("SELECT id FROM attendees")]
    return [a for a in (attendees.get(store.conn, i) for i in ids) if a is not None]


def confirm_failures(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM events WHERE type = 'kiosk.confirm_failed'").fetchone()[0])


def visible_texts(root: QWidget) -> list[str]:
    """All an onlooker (or a screen reader) gets from the window: texts, placeholders, names, tooltips."""
    found = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        found += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        if isinstance(widget, QLineEdit):
            found += [widget.text(), widget.placeholderText()]
    return [t for t in found if t]


def results(shell: FakeShell) -> list[QAbstractButton]:
    screen = shell.screens["ticket"]
    assert isinstance(screen, TicketScreen)
    return [b for _, b in screen.results]


def search_and_choose(shell: FakeShell, taps: Taps, typed: str, wanted: Attendee) -> None:
    taps(shell.screens["welcome"].have)  # type: ignore[attr-defined]
    screen = shell.screens["ticket"]
    assert isinstance(screen, TicketScreen) and shell.keyboard_for == (screen.field, "name")
    screen.field.setText(typed[:2])
    assert results(shell) == []  # fewer than three letters: nobody
    screen.field.setText(typed)
    assert 1 <= len(results(shell)) <= 5
    choice = next(b for h, b in screen.results if h.attendee_id == wanted.id)
    taps(choice)
    assert shell.current.name == "confirm"


def answer(shell: FakeShell, taps: Taps, typed: str) -> None:
    screen = shell.screens["confirm"]
    assert isinstance(screen, ConfirmScreen) and shell.keyboard_for == (screen.field, "email")
    screen.field.setText(typed)
    taps(screen.check_button)


def test_by_name_two_wrong_answers_then_the_order_code_prints(shell: FakeShell, demo: Store) -> None:
    jana, taps = person(demo, "Jana Wagner"), Taps()
    search_and_choose(shell, taps, "Jan", jana)
    answer(shell, taps, "nope")
    answer(shell, taps, "jana@wrong.example")
    screen = shell.screens["confirm"]
    assert isinstance(screen, ConfirmScreen)
    assert shell.current.name == "confirm" and "Tries left: 1" in screen.error.text()
    answer(shell, taps, jana.order_code.lower())
    assert shell.current.name == "preview"
    preview = shell.screens["preview"]
    assert isinstance(preview, PreviewScreen) and preview.picture.image is not None
    taps(preview.print_button)
    assert shell.current.name == "badge" and shell.printed == [jana.id]
    assert [c.day for c in attendees.checkins(demo.conn, jana.id)] == [1]
    assert "Take your badge from the printer" in visible_texts(shell)
    assert confirm_failures(demo) == 2


def test_by_name_the_email_works_as_well(shell: FakeShell, demo: Store) -> None:
    jana, taps = person(demo, "Jana Wagner"), Taps()
    search_and_choose(shell, taps, "Jana W", jana)
    answer(shell, taps, jana.email.upper())
    assert shell.current.name == "preview"


def test_three_wrong_answers_send_to_the_desk_and_are_in_the_log(shell: FakeShell, demo: Store) -> None:
    jana, taps = person(demo, "Jana Wagner"), Taps()
    search_and_choose(shell, taps, "Wag", jana)
    for typed in ("one", "two", "three"):
        answer(shell, taps, typed)
    assert shell.current.name == "ask_desk"
    assert "That did not match three times. Please ask at the desk." in visible_texts(shell)
    assert confirm_failures(demo) == 3
    assert attendees.checkins(demo.conn, jana.id) == [] and shell.printed == []


def test_a_scan_needs_at_most_three_taps_to_a_printed_badge(shell: FakeShell, demo: Store) -> None:
    michael, taps = person(demo, "Michael Robinson"), Taps()
    shell.scan(michael.code)
    scanned = shell.screens["scanned"]
    assert isinstance(scanned, ScannedScreen) and shell.current is scanned
    assert "Michael R. — University of Toronto" in visible_texts(shell)
    taps(scanned.yes)
    preview = shell.screens["preview"]
    assert isinstance(preview, PreviewScreen)
    taps(preview.print_button)
    assert shell.printed == [michael.id] and attendees.checkins(demo.conn, michael.id)
    badge = shell.screens["badge"]
    assert isinstance(badge, BadgeScreen) and shell.current is badge
    taps(badge.done_button)
    assert shell.current.name == "welcome"
    print(f"\nTAP COUNT self check-in after the scan: {taps.count} (badge printing after {taps.count - 1})")
    assert taps.count <= 3


def test_an_unknown_scan_and_an_already_checked_in_ticket(shell: FakeShell, demo: Store) -> None:
    shell.scan("NOT-A-TICKET-42")
    assert shell.current.name == "scanned"
    assert "We could not find this ticket" in visible_texts(shell)
    michael, taps = person(demo, "Michael Robinson"), Taps()
    shell.scan(michael.code)  # scanning again from the "could not find" screen
    taps(shell.screens["scanned"].yes)  # type: ignore[attr-defined]
    taps(shell.screens["preview"].print_button)  # type: ignore[attr-defined]
    shell.reset()
    shell.scan(michael.code)
    taps(shell.screens["scanned"].yes)  # type: ignore[attr-defined]
    taps(shell.screens["preview"].print_button)  # type: ignore[attr-defined]
    assert shell.current.name == "notice"
    assert "You are already checked in" in visible_texts(shell) and shell.printed == [michael.id]


def test_no_on_the_is_this_you_screen_sends_to_the_desk(shell: FakeShell, demo: Store) -> None:
    shell.scan(person(demo, "Michael Robinson").code)
    Taps()(shell.screens["scanned"].no)  # type: ignore[attr-defined]
    assert shell.current.name == "ask_desk" and shell.printed == []


def test_fix_my_name_saves_and_renders_again(shell: FakeShell, demo: Store) -> None:
    michael, taps = person(demo, "Michael Robinson"), Taps()
    shell.scan(michael.code)
    taps(shell.screens["scanned"].yes)  # type: ignore[attr-defined]
    preview = shell.screens["preview"]
    assert isinstance(preview, PreviewScreen)
    taps(preview.fix_button)
    assert shell.keyboard_for == (preview.name_field, "name") and preview.name_field.text() == "Michael Robinson"
    preview.name_field.setText("Mike Robinson")
    taps(preview.save_button)
    assert person(demo, "Mike Robinson").first_name == "Mike" and preview.picture.image is not None


def test_fix_my_name_is_hidden_where_the_event_does_not_allow_it(shell: FakeShell, demo: Store) -> None:
    config = demo.config()
    demo.set_config(dataclasses.replace(config, self_service=dataclasses.replace(config.self_service,
                                                                                 allow_name_fix=False)), actor="t")
    shell.scan(person(demo, "Michael Robinson").code)
    Taps()(shell.screens["scanned"].yes)  # type: ignore[attr-defined]
    assert not shell.screens["preview"].fix_button.isVisible()  # type: ignore[attr-defined]


# --- registration ---------------------------------------------------------------------------------------------


def allow_free_ticket(store: Store) -> None:
    config = store.config()
    store.set_config(dataclasses.replace(
        config, ticket_types=(*config.ticket_types, TicketType("Community", 0)),
        self_service=dataclasses.replace(config.self_service, ticket_types=("Regular", "Community"))), actor="test")


def fill_in(screen: RegisterScreen, taps: Taps, ticket: str, *, consent: bool = True) -> None:
    for field, value in zip(screen.fields, ("Ann Lee", "ann@lee.com", "ACME", ""), strict=True):
        field.edit.setText(value)
    taps(screen.ticket_buttons[ticket])
    taps(screen.interest_buttons["Science"])
    if consent:
        taps(screen.consent)


def test_a_free_ticket_ends_with_a_badge(shell: FakeShell, demo: Store) -> None:
    allow_free_ticket(demo)
    taps = Taps()
    taps(shell.screens["welcome"].need)  # type: ignore[attr-defined]
    screen = shell.screens["register"]
    assert isinstance(screen, RegisterScreen) and set(screen.ticket_buttons) == {"Regular", "Community"}
    assert "Community\nfree" in visible_texts(shell)
    fill_in(screen, taps, "Community")
    taps(screen.register_button)
    ann = person(demo, "Ann Lee")
    assert shell.current.name == "badge" and shell.printed == [ann.id]
    assert ann.status == "valid" and ann.interests == ("Science",) and attendees.checkins(demo.conn, ann.id)
    assert screen.fields[0].edit.text() == ""  # nothing left behind for the next person


def test_a_paid_ticket_ends_at_the_desk_with_a_code_and_a_slip(shell: FakeShell, demo: Store) -> None:
    taps = Taps()
    taps(shell.screens["welcome"].need)  # type: ignore[attr-defined]
    screen = shell.screens["register"]
    assert isinstance(screen, RegisterScreen)
    fill_in(screen, taps, "Regular")
    taps(screen.register_button)
    ann = person(demo, "Ann Lee")
    assert ann.status == "unpaid" and attendees.checkins(demo.conn, ann.id) == []
    pay = shell.screens["pay_at_desk"]
    assert isinstance(pay, PayAtDeskScreen) and shell.current is pay
    assert pay.code_label.text() == ann.code and ann.code.startswith("W-")
    assert shell.slips == [ann.id] and shell.printed == []
    assert "Take your slip from the printer" in visible_texts(shell)
    taps(pay.done_button)
    assert shell.current.name == "welcome"


def test_refusals_show_next_to_their_field(shell: FakeShell, demo: Store) -> None:
    taps = Taps()
    taps(shell.screens["welcome"].need)  # type: ignore[attr-defined]
    screen = shell.screens["register"]
    assert isinstance(screen, RegisterScreen)
    fill_in(screen, taps, "Regular", consent=False)
    taps(screen.register_button)
    assert screen.errors["Consent"].isVisible() and "tick the box" in screen.errors["Consent"].text()
    taps(screen.consent)
    screen.fields[1].edit.setText("ann@lee")
    taps(screen.register_button)
    email_error = screen.fields[1].error
    assert email_error.isVisible() and "not an email address" in email_error.text()
    assert shell.current is screen and attendees.count_expected(demo.conn) == 289


def test_a_scripted_registration_takes_at_most_40_taps(qtbot: QtBot, demo: Store) -> None:
    """Typing on the real on-screen keyboard: every key is a tap, as is every button on the screens."""
    shell = FakeShell(demo, keyboard=True)
    qtbot.addWidget(shell)
    shell.resize(1080, 1920)
    shell.show()
    keyboard, taps = shell.keyboard, Taps()
    assert keyboard is not None

    def key(label: str) -> None:
        qtbot.mouseClick(keyboard.key_for(label), Qt.MouseButton.LeftButton)

    def type_on_keyboard(words: str) -> None:
        for char in re.findall(r"\.com|.", words):
            if char == " ":
                qtbot.mouseClick(keyboard.space_key, Qt.MouseButton.LeftButton)
            else:
                try:
                    key(char)  # a name field shows capitals at the start of a word by itself
                except StopIteration:
                    key("⇧")
                    key(char)

    taps(shell.screens["welcome"].need)  # type: ignore[attr-defined]
    screen = shell.screens["register"]
    assert isinstance(screen, RegisterScreen)
    type_on_keyboard("Ann Lee")
    qtbot.mouseClick(keyboard.enter_key, Qt.MouseButton.LeftButton)  # "Next": on to the email field
    assert shell.keyboard_for == (screen.fields[1].edit, "email")
    type_on_keyboard("ann@lee.com")
    qtbot.mouseClick(keyboard.enter_key, Qt.MouseButton.LeftButton)
    type_on_keyboard("ACME")
    taps(screen.ticket_buttons["Regular"])  # the home town is skipped
    taps(screen.interest_buttons["Web"])
    taps(screen.consent)
    taps(screen.register_button)
    ann = person(demo, "Ann Lee")
    assert (ann.email, ann.organisation, ann.interests) == ("ann@lee.com", "ACME", ("Web",))
    total = taps.count + keyboard.taps
    print(f"\nTAP COUNT scripted self-registration: {total} ({keyboard.taps} keys, {taps.count} buttons)")
    assert total <= 40
