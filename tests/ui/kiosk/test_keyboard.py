"""The on-screen keyboard, tapped like a touch screen: accents by long-press and by the "àé" page, the email
row, capitals for names, maxLength, Next; every key big enough and named. Screenshots of both layouts in a
portrait and a landscape kiosk go to tests/ui/screenshots/kiosk-keyboard-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.kiosk.test_shell import kiosk_store as kiosk_store  # the fixtures, shared
from tests.ui.kiosk.test_shell import shell as shell
from ui.kiosk.base import MIN_TOUCH_PX
from ui.kiosk.keyboard import Key, OnScreenKeyboard
from ui.kiosk.shell import KioskWindow

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"


@pytest.fixture
def typing(qtbot: QtBot) -> Iterator[tuple[OnScreenKeyboard, QLineEdit]]:
    host = QWidget()
    field = QLineEdit()
    keyboard = OnScreenKeyboard()
    layout = QVBoxLayout(host)
    layout.addWidget(field)
    layout.addWidget(keyboard)
    qtbot.addWidget(host)
    host.resize(1080, 700)
    host.show()
    keyboard.attach(field, "text")
    yield keyboard, field


def tap(qtbot: QtBot, keyboard: OnScreenKeyboard, *labels: str) -> None:
    for label in labels:
        qtbot.mouseClick(keyboard.key_for(label), Qt.MouseButton.LeftButton)


def hold(qtbot: QtBot, keyboard: OnScreenKeyboard, letter: str, variant: str) -> None:
    """Press a letter until its variants show, lift the finger, tap the variant."""
    key = keyboard.key_for(letter)
    qtbot.mousePress(key, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: keyboard.popup is not None and keyboard.popup.isVisible(), timeout=2000)
    qtbot.mouseRelease(key, Qt.MouseButton.LeftButton)
    assert keyboard.popup is not None
    qtbot.mouseClick(keyboard.popup.key_for(variant), Qt.MouseButton.LeftButton)


def test_zoe_by_long_press_types_the_variant_not_the_letter(qtbot: QtBot,
                                                            typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    keyboard, field = typing
    tap(qtbot, keyboard, "⇧", "Z", "o")  # shift is for one letter
    hold(qtbot, keyboard, "e", "ë")
    assert field.text() == "Zoë"
    assert keyboard.taps == 5  # shift, Z, o, the held e, ë
    assert not keyboard.popup.isVisible()  # type: ignore[union-attr]
    hold(qtbot, keyboard, "o", "ö")  # o has its own variants (ö ø ő …)
    assert field.text() == "Zoëö"


def test_the_accent_page_types_accented_letters_in_one_tap(qtbot: QtBot,
                                                          typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    keyboard, field = typing
    tap(qtbot, keyboard, "⇧", "Z", "o", "àé", "ë", "abc", "l")
    assert field.text() == "Zoël"
    assert keyboard.taps == 7


def test_a_name_field_starts_each_word_with_a_capital(qtbot: QtBot,
                                                      typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    keyboard, field = typing
    keyboard.attach(field, "name")
    tap(qtbot, keyboard, "A", "n", "n", "Space", "L", "e", "e")
    assert field.text() == "Ann Lee"
    tap(qtbot, keyboard, "⌫")
    assert field.text() == "Ann Le"


def test_an_email_field_has_the_at_and_domain_row(qtbot: QtBot, typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    keyboard, field = typing
    keyboard.attach(field, "email")
    assert not keyboard.space_key.isVisible()
    tap(qtbot, keyboard, "a", "n", "n", "@", "l", "e", "e", ".com")
    assert field.text() == "ann@lee.com"
    assert keyboard.taps == 8


def test_typing_goes_in_at_the_cursor_and_respects_max_length(qtbot: QtBot,
                                                              typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    keyboard, field = typing
    field.setText("ac")
    field.setCursorPosition(1)
    tap(qtbot, keyboard, "b")
    assert field.text() == "abc" and field.cursorPosition() == 2
    field.setMaxLength(5)
    keyboard.attach(field, "email")
    field.end(False)
    tap(qtbot, keyboard, ".com")
    assert field.text() == "abc.c"


def test_next_presses_return_in_the_field_and_says_next(qtbot: QtBot,
                                                        typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    keyboard, field = typing
    returned: list[bool] = []
    field.returnPressed.connect(lambda: returned.append(True))
    with qtbot.waitSignal(keyboard.next_requested, timeout=1000):
        qtbot.mouseClick(keyboard.enter_key, Qt.MouseButton.LeftButton)
    assert returned == [True]


def test_every_key_is_big_enough_and_named(typing: tuple[OnScreenKeyboard, QLineEdit]) -> None:
    keyboard, field = typing
    for kind in ("text", "email"):
        keyboard.attach(field, kind)
        keys = [k for k in keyboard.findChildren(Key) if k.isVisible()]
        assert len(keys) > 35
        for key in keys:
            assert key.width() >= MIN_TOUCH_PX and key.height() >= MIN_TOUCH_PX, key.text()
            assert key.accessibleName(), key.text()
    assert keyboard.key_for("a").accessibleName() == "Letter a"
    assert keyboard.backspace_key.accessibleName() == "Backspace"


@pytest.mark.parametrize(("width", "height", "orientation"), [(1080, 1920, "portrait"), (1920, 1080, "landscape")])
def test_screenshots_of_both_layouts(qtbot: QtBot, shell: KioskWindow, width: int, height: int,
                                     orientation: str) -> None:
    shell.idle.timeout_s = 60  # no idle prompt over these pictures
    shell.resize(width, height)
    shell.go("form")
    form = shell.screens["form"]
    fields = form.fields  # type: ignore[attr-defined]
    SCREENSHOTS.mkdir(exist_ok=True)
    shell.use_keyboard(fields["name"], "name")
    fields["name"].setText("Zoë Lee")
    qtbot.wait(50)
    shell.grab().save(str(SCREENSHOTS / f"kiosk-keyboard-text-{orientation}.png"))
    shell.use_keyboard(fields["email"], "email")
    fields["email"].setText("zoe@lee")
    qtbot.wait(50)
    assert shell.keyboard.email_row.isVisible()
    assert shell.keyboard.geometry().bottom() == shell.height() - 1  # docked at the bottom
    shell.grab().save(str(SCREENSHOTS / f"kiosk-keyboard-email-{orientation}.png"))
    shell.use_keyboard(fields["name"], "name")
    key = shell.keyboard.key_for("e")
    qtbot.mousePress(key, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.keyboard.popup is not None and shell.keyboard.popup.isVisible(), timeout=2000)
    qtbot.mouseRelease(key, Qt.MouseButton.LeftButton)
    shell.grab().save(str(SCREENSHOTS / f"kiosk-keyboard-accents-{orientation}.png"))
