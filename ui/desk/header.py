"""The desk's top row: the event and day, who is at the desk, the two money buttons a volunteer needs
all day (Walk-in, Drawer), and a "More" menu for what staff open now and then."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton

from ui.desk.kiosk_switch import switch_to_kiosk

if TYPE_CHECKING:
    from ui.desk.window import DeskWindow


def header_row(window: DeskWindow) -> QHBoxLayout:
    header = QHBoxLayout()
    bold = window.title.font()
    bold.setBold(True)
    bold.setPointSizeF(max(bold.pointSizeF(), 9.0) * 1.3)
    window.title.setFont(bold)
    header.addWidget(window.title, 1)
    header.addWidget(QLabel(f"{window.shift.desk} · {window.shift.volunteer}"))
    header.addWidget(window.day_choice)
    for text, tip, action in (("Walk-in… (F3)", "Register, take payment and badge someone without a ticket",
                               window.cash.walk_in),
                              ("Drawer… (F4)", "This desk's cash drawer today", window.cash.open_drawer),
                              ("Treasurer…", "Every drawer, totals and reports (treasurer PIN)",
                               window.cash.open_treasurer)):
        header.addWidget(_button(text, tip, action))
    more = _button("More ▾", "Printers, sync hub, badge layout, PINs, kiosk mode", lambda: None)
    menu = QMenu(more)
    for text, action in (("Printers…", window.open_printer_settings),
                         ("Sync hub…", lambda: open_sync_hub(window)),
                         ("Sync conflicts…", lambda: open_sync_conflicts(window)),
                         ("Badge layout… (Ctrl+L)", window.open_layout_editor),
                         ("PINs…", window.cash.open_pin_settings),
                         ("Kiosk mode… (admin PIN)", lambda: switch_to_kiosk(window))):
        menu.addAction(text).triggered.connect(action)
    more.setMenu(menu)
    header.addWidget(more)
    return header


def open_sync_hub(window: DeskWindow) -> None:
    from ui.desk.hub_dialog import open_hub_dialog  # httpx and zeroconf load when it first opens, not at start

    open_hub_dialog(window)


def open_sync_conflicts(window: DeskWindow) -> None:
    from ui.desk.conflicts_dialog import open_conflicts_dialog  # loaded when first opened, not at start

    open_conflicts_dialog(window)


def _button(text: str, tip: str, action: object) -> QPushButton:
    button = QPushButton(text, toolTip=tip)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always lands in the search field
    button.clicked.connect(action)
    return button
