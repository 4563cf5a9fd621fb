"""Printer backends, one module per protocol, each opened from a URL (see ARCHITECTURE.md):

    pdf:///folder                                   printers/pdf.py
    cups://Queue                                    printers/cups.py
    brother-ql://HOST[:PORT]?model=QL-820NWB&label=62[&red=1]    printers/brother_ql.py
    brother-ql+usb://VID:PID?model=…                (the same, over USB)
    zpl://HOST[:PORT]?dpi=203                       printers/zpl.py
    escpos://HOST[:PORT]?paper=80, escpos+usb://VID:PID, escpos+serial:///dev/ttyUSB0    printers/escpos.py

The core only ever sees the Printer protocol (kiosk/devices.py); only the faces call `open_printer`.
"""

from __future__ import annotations

import importlib
import urllib.parse

from kiosk.devices import Printer, PrinterError

SCHEMES = {
    "pdf": "printers.pdf:PdfFolderPrinter",
    "cups": "printers.cups:CupsPrinter",
    "brother-ql": "printers.brother_ql:BrotherQLPrinter",
    "brother-ql+usb": "printers.brother_ql:BrotherQLPrinter",
    "zpl": "printers.zpl:ZplPrinter",
    "escpos": "printers.escpos:EscposPrinter",
    "escpos+usb": "printers.escpos:EscposPrinter",
    "escpos+serial": "printers.escpos:EscposPrinter",
}


def open_printer(url: str) -> Printer:
    """The backend for `url`; PrinterError in words when the URL names no printer we know."""
    scheme = urllib.parse.urlsplit(url.strip()).scheme.lower()
    if scheme not in SCHEMES:
        known = ", ".join(f"{s}://" for s in SCHEMES)
        raise PrinterError(f"{url!r} is not a printer address we know (use one of {known})")
    module_name, class_name = SCHEMES[scheme].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise PrinterError(f"{scheme}:// printers are not available here ({exc.name} is missing)") from exc
    printer: Printer = getattr(module, class_name).from_url(url.strip())
    return printer
