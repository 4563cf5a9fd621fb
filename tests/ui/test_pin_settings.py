"""Setting and changing the treasurer and admin PINs, and the first-start dialog."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kiosk import pins
from kiosk.pins import Authorisation, Role
from kiosk.store import Store
from ui.settings.pins import FirstPinsDialog, PinSettings, needs_first_pins

SCREENSHOTS = Path(__file__).parent / "screenshots"


def type_twice(settings: PinSettings, role: Role, first: str, second: str) -> None:
    settings.fields[role].new.setText(first)
    settings.fields[role].repeat.setText(second)


def test_set_then_change_with_the_admin_pin(qtbot: QtBot, store: Store) -> None:
    settings = PinSettings(None, store, "Org")
    qtbot.addWidget(settings)
    settings.show()
    type_twice(settings, "treasurer", "2580", "2581")
    assert not settings.save("treasurer") and "differ" in settings.messages["treasurer"].text()
    type_twice(settings, "treasurer", "1234", "1234")
    assert not settings.save("treasurer") and "too easy" in settings.messages["treasurer"].text()
    type_twice(settings, "treasurer", "2580", "2580")
    assert settings.save("treasurer") and pins.has_pin(store, "treasurer")
    assert "Set" in settings.status["treasurer"].text()
    assert settings.save_buttons["treasurer"].text() == "Change the treasurer PIN…"

    asked: list[Role] = []
    settings.ask_authorisation = lambda role, purpose: asked.append(role) or None  # type: ignore[func-returns-value]
    type_twice(settings, "treasurer", "4826", "4826")
    assert not settings.save("treasurer") and "not given" in settings.messages["treasurer"].text()
    assert asked == ["treasurer"]

    pins.set_pin(store, "admin", "7391", actor="Org")

    def admin_pin(role: Role, purpose: str) -> Authorisation | None:
        return pins.verify(store, "admin", "7391", actor="Org", purpose=purpose).authorisation

    settings.ask_authorisation = admin_pin
    type_twice(settings, "treasurer", "4826", "4826")
    assert settings.save("treasurer")
    assert pins.verify(store, "treasurer", "4826", actor="x", purpose="check").ok
    SCREENSHOTS.mkdir(exist_ok=True)
    settings.grab().save(str(SCREENSHOTS / "pin-settings.png"))


def test_first_start_asks_both_or_later(qtbot: QtBot, store: Store) -> None:
    assert needs_first_pins(store)
    dialog = FirstPinsDialog(None, store, "Org")
    qtbot.addWidget(dialog)
    dialog.fields["treasurer"].new.setText("2580")
    dialog.fields["treasurer"].repeat.setText("2580")
    dialog.fields["admin"].new.setText("2580")
    dialog.fields["admin"].repeat.setText("2580")
    dialog.save()
    assert "two different PINs" in dialog.message.text() and not pins.has_pin(store, "treasurer")
    dialog.fields["admin"].new.setText("7391")
    dialog.fields["admin"].repeat.setText("7391")
    dialog.save()
    assert dialog.result() == FirstPinsDialog.DialogCode.Accepted
    assert not needs_first_pins(store)
    later = FirstPinsDialog(None, store, "Org")
    qtbot.addWidget(later)
    assert later.fields == {}  # both set: nothing asked
    later.later_button.click()
    assert later.result() == FirstPinsDialog.DialogCode.Rejected
