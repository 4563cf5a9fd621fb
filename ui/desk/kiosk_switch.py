"""From a desk to the self-service kiosk and back, with the admin PIN both ways.

While the kiosk runs, the desk is hidden and deaf: its scanner listener and its print queue are paused
(one pump per table; a scan must check in at the kiosk, not at the hidden desk). When staff leave the
kiosk with the admin PIN, the desk comes back as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.desk.window import DeskWindow
    from ui.kiosk.shell import KioskWindow


def switch_to_kiosk(desk: DeskWindow, kiosk_mode: bool = True) -> KioskWindow | None:
    from kiosk import pins
    from ui.cash.pin_pad import PinDialog
    from ui.kiosk.shell import KioskWindow

    if not pins.has_pin(desk.store, "admin"):
        desk.banner.show_outcome("info", "Set the admin PIN first (More ▾ → “PINs…”): it is the only way out "
                                         "of kiosk mode")
        return None
    pin = PinDialog(desk, desk.store, "admin", desk.shift.actor, "switch this desk to kiosk mode")
    desk.cash.run_dialog(pin)
    if pin.authorisation is None:
        return None
    _pause(desk)
    kiosk = KioskWindow(desk.store, desk.shift.desk, desk.day, runner=desk.runner, kiosk_mode=kiosk_mode)
    kiosk.left.connect(lambda: _resume(desk))
    desk.kiosk_window = kiosk
    desk.hide()
    kiosk.start()
    return kiosk


def _pause(desk: DeskWindow) -> None:
    """The kiosk takes over this laptop: no scans and no printing at the hidden desk until it is left."""
    for scan_filter in desk.scan_filters:
        scan_filter.scanned.disconnect(desk.check_in_scanned)
    desk.print_queue.timer.stop()


def _resume(desk: DeskWindow) -> None:
    for scan_filter in desk.scan_filters:
        scan_filter.scanned.connect(desk.check_in_scanned)
    desk.print_queue.timer.start()
    desk.show()
    desk.refresh()
    desk.banner.show_outcome("info", "Back at the desk: kiosk mode ended")
