"""Walks through every kiosk screen: nothing of another attendee shows anywhere (privacy), every control is
named and big enough (accessibility), the German texts are complete; and screenshots of every screen in
portrait and landscape (tests/ui/screenshots/kiosk-<screen>-<portrait|landscape>.png), on the real window."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk import self_service
from kiosk.attendees import Attendee
from kiosk.badges.layout import default_layout
from kiosk.demo import install_demo
from kiosk.store import Store
from printers.pdf import PdfFolderPrinter
from tests.ui.kiosk.fake_shell import FakeShell
from tests.ui.kiosk.test_screens import allow_free_ticket, everyone, person, visible_texts
from ui.kiosk import i18n
from ui.kiosk.base import BASE_POINT_SIZE, MIN_TOUCH_PX, Shell
from ui.tasks import run_synchronously

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
BEFORE_PROOF = {"ticket", "confirm", "scanned"}  # nobody proved who they are yet: KioskHit only


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "events" / "democon.sqlite", device="kiosk-1")
    install_demo(store, today=dt.date.today())
    allow_free_ticket(store)
    yield store
    store.close()


Step = tuple[str, str, Callable[[], None]]  # (state, whose screen it is, how to get there)


def steps(shell: Shell, store: Store) -> list[Step]:
    """Every screen and state of the three paths, in an order a person could take them."""
    jana, michael = person(store, "Jana Wagner"), person(store, "Michael Robinson")
    jana_hit = next(h for h in self_service.find(store, "Jana W") if h.attendee_id == jana.id)
    screens = shell.screens  # type: ignore[attr-defined]

    def wrong_answer() -> None:
        shell.go("confirm", hit=jana_hit)
        screens["confirm"].field.setText("not it")
        screens["confirm"].check()

    def register(ticket: str, *, consent: bool = True) -> Callable[[], None]:
        def fill() -> None:
            shell.go("register")
            form = screens["register"]
            for field, value in zip(form.fields, ("Ann Lee", "ann@lee.com", "ACME", "Ulm"), strict=True):
                field.edit.setText(value)
            form.ticket_buttons[ticket].click()
            form.interest_buttons["Science"].click()
            form.consent.setChecked(consent)
            form.register()
        return fill

    return [
        ("welcome", "", lambda: shell.go("welcome")),
        ("ticket", "", lambda: (shell.go("ticket"), screens["ticket"].field.setText("Jan"))),
        ("confirm", jana.id, wrong_answer),
        ("preview", jana.id, lambda: shell.go("preview", attendee_id=jana.id)),
        ("preview-fix", jana.id, lambda: screens["preview"].open_fix()),
        ("badge", jana.id, lambda: screens["preview"].print_badge()),
        ("scanned", michael.id, lambda: shell.go("scanned", code=michael.code)),
        ("notice-already", jana.id, lambda: (shell.go("preview", attendee_id=jana.id),
                                             screens["preview"].print_badge())),
        ("scanned-unknown", "", lambda: shell.go("scanned", code="NO-SUCH-TICKET")),
        ("ask-desk", "", lambda: shell.go("ask_desk", message="That did not match three times. Please ask at the "
                                                                   "desk.")),
        ("register-error", "new", register("Regular", consent=False)),
        ("register", "new", lambda: (shell.reset(), shell.go("register"))),
        ("pay-at-desk", "new", register("Regular")),
        ("badge-registered", "new", lambda: (shell.reset(), register("Community")())),
        ("badge-stickers", jana.id, lambda: (use_stickers(store), shell.go("badge", attendee_id=jana.id,
                                                                          words="Your badge is printing."))),
    ]


def use_stickers(store: Store) -> None:
    """The event's layout in sticker mode: the volunteer (here: the attendee) adds the interest dots."""
    store.set_config(dataclasses.replace(store.config(), badge=dataclasses.replace(default_layout(),
                                                                                   markers="stickers")), actor="t")


def forbidden(store: Store, served: set[str], shown: str) -> list[str]:
    """What of the other attendees appears in `shown`: emails, order codes, home towns (as words; a town that
    is part of an organisation's name, "Universität Wien", is the organisation's)."""
    others = [a for a in everyone(store) if a.id not in served]
    organisations = sorted({a.organisation for a in everyone(store) if a.organisation}, key=len, reverse=True)
    without_organisations = shown
    for organisation in organisations:
        without_organisations = without_organisations.replace(organisation, "")
    leaks = [a.email for a in others if a.email and a.email.casefold() in shown.casefold()]
    leaks += [a.order_code for a in others if a.order_code and re.search(rf"\b{re.escape(a.order_code)}\b", shown)]
    leaks += [a.city for a in others if a.city and re.search(rf"(?<!\w){re.escape(a.city)}(?!\w)",
                                                             without_organisations)]
    return leaks


def last_names_shown(people: list[Attendee], shown: str) -> list[str]:
    return [a.last_name for a in people if len(a.last_name) > 1 and a.last_name in shown]


def test_privacy_every_screen_of_every_path(qtbot: QtBot, demo: Store) -> None:
    shell = FakeShell(demo)
    qtbot.addWidget(shell)
    shell.resize(1080, 1920)
    shell.show()
    walked = []
    for state, served, reach in steps(shell, demo):
        reach()
        # "new": the person registering here (twice in this walk: paid, then free)
        served_ids = {a.id for a in everyone(demo) if a.name == "Ann Lee"} if served == "new" else {served}
        shown = "\n".join(visible_texts(shell))
        assert forbidden(demo, served_ids, shown) == [], state
        if shell.current.name in BEFORE_PROOF:  # not even the full last name of the people found
            assert last_names_shown(everyone(demo), shown.replace("Jana Wagner", "")) == [], state
        walked.append(shell.current.name)
    assert set(walked) == set(shell.screens), "every screen walked"


def check_controls(root: QWidget, state: str) -> None:
    for control in root.findChildren(QWidget):
        if not control.isVisibleTo(root) or not isinstance(control, QAbstractButton | QLineEdit):
            continue
        assert control.accessibleName(), f"{state}: {control} has no accessible name"
        big = control.height() >= MIN_TOUCH_PX and control.width() >= MIN_TOUCH_PX
        assert big or (isinstance(control, QCheckBox) and control.height() >= MIN_TOUCH_PX), \
            f"{state}: {control.accessibleName()!r} is {control.width()}×{control.height()}"
    for label in root.findChildren(QLabel):
        if label.isVisibleTo(root) and label.text():
            smallest = BASE_POINT_SIZE * 0.9 if label.property("role") == "hint" else BASE_POINT_SIZE
            assert label.font().pointSizeF() >= smallest - 0.5, f"{state}: {label.text()!r} too small"
            if label.property("role") == "title":
                assert label.font().pointSizeF() >= 32, state


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def test_every_control_is_named_big_and_readable(qtbot: QtBot, demo: Store, size: tuple[int, int]) -> None:
    shell = FakeShell(demo)
    qtbot.addWidget(shell)
    shell.resize(*size)
    shell.show()
    for state, _, reach in steps(shell, demo):
        reach()
        qtbot.wait(40)
        check_controls(shell, state)


def test_welcome_options_reach_the_shell(qtbot: QtBot, demo: Store) -> None:
    shell = FakeShell(demo)
    qtbot.addWidget(shell)
    shell.show()
    welcome = shell.screens["welcome"]
    for control in (welcome.languages["de"], welcome.large, welcome.contrast, welcome.languages["en"]):  # type: ignore[attr-defined]
        control.click()
    assert shell.options == [("language", "de"), ("large_text", True), ("high_contrast", True), ("language", "en")]
    assert welcome.large.isChecked() and welcome.languages["en"].isChecked()  # type: ignore[attr-defined]


def test_the_badge_screen_starts_again_by_itself(qtbot: QtBot, demo: Store) -> None:
    shell = FakeShell(demo)
    qtbot.addWidget(shell)
    shell.show()
    badge = shell.screens["badge"]
    badge.timer.setInterval(50)  # type: ignore[attr-defined]
    shell.go("badge", attendee_id=person(demo, "Jana Wagner").id, words="Your badge is printing.")
    qtbot.waitUntil(lambda: shell.current.name == "welcome", timeout=2000)


def test_the_german_translation_is_complete_and_compiles(tmp_path: Path) -> None:
    source = i18n.ts_file("de").read_text(encoding="utf-8")
    unfinished = re.findall(r'<source>(.*?)</source>\s*<translation type="unfinished"', source, re.S)
    assert unfinished == []
    subprocess.run([str(i18n.qt_tool("lrelease")), str(i18n.ts_file("de")), "-qm", str(tmp_path / "de.qm")],
                   check=True, capture_output=True, timeout=60)


# --- screenshots on the real kiosk window ----------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def test_screenshots_of_every_screen(qtbot: QtBot, demo: Store, tmp_path: Path, size: tuple[int, int]) -> None:
    from ui.kiosk.shell import KioskWindow

    window = KioskWindow(demo, "Kiosk 1", 1, printer=PdfFolderPrinter(tmp_path / "badges"),
                         runner=run_synchronously, translations=tmp_path / "qm")
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    shape = "portrait" if size[0] < size[1] else "landscape"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for state, _, reach in steps(window, demo):
            reach()
            qtbot.wait(40)  # the keyboard docks and the layout settles before the picture
            window.grab().save(str(SCREENSHOTS / f"kiosk-{state}-{shape}.png"))
        window.reset()
        window.set_language("de")
        assert window.language == "de"
        for state in ("welcome", "register", "ticket"):
            window.go(state)
            qtbot.wait(40)  # the keyboard docks and the layout settles before the picture
            window.grab().save(str(SCREENSHOTS / f"kiosk-{state}-de-{shape}.png"))
        window.reset()
        window.set_large_text(True)
        window.go("register")
        qtbot.wait(40)
        window.grab().save(str(SCREENSHOTS / f"kiosk-register-large-{shape}.png"))
    finally:
        window.reset()
        window.leaving = True
        window.close()
