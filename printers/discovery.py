"""Printers this desk can find by itself: CUPS queues, label printers on USB (by vendor), and printers
announcing themselves on the LAN over mDNS. Each comes with the URL that opens it (printers.open_printer).

Bounded in time: the LAN is listened to for `timeout` seconds; nothing here prints or changes anything.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from pathlib import Path

# USB vendor ids → the scheme that speaks their label printers' language.
USB_VENDORS = {
    "04f9": ("Brother", "brother-ql+usb"),
    "0a5f": ("Zebra", "cups"),  # on USB through a raw CUPS queue; on the LAN zpl:// speaks to it directly
    "04b8": ("Epson", "escpos+usb"),
    "0519": ("Star", "escpos+usb"),
    "0922": ("DYMO", "cups"),  # DYMO LabelWriters print through their CUPS driver
}
MDNS_SERVICES = {
    "_pdl-datastream._tcp.local.": "raw",  # port 9100: Brother QL, Zebra and ESC/POS network printers
    "_ipp._tcp.local.": "ipp",
}


@dataclass(frozen=True, slots=True)
class Found:
    url: str
    description: str
    how: str  # "cups", "usb", "network"


def discover(timeout: float = 2.0, usb_root: Path = Path("/sys/bus/usb/devices")) -> list[Found]:
    return [*cups_queues(), *usb_printers(usb_root), *network_printers(timeout)]


def cups_queues() -> list[Found]:
    try:
        from printers.cups import queues
    except ImportError:
        return []
    try:
        return [Found(f"cups://{name}", f"{description or name} ({device})", "cups")
                for name, description, device in queues()]
    except Exception:  # no CUPS here, or it does not answer: nothing to offer from it
        return []


def usb_printers(root: Path = Path("/sys/bus/usb/devices")) -> list[Found]:
    """Label printers on USB, found from the kernel's device list (no driver or permission needed)."""
    found = []
    for device in sorted(root.glob("*")) if root.is_dir() else []:
        vendor, product = _read(device / "idVendor"), _read(device / "idProduct")
        if vendor in USB_VENDORS and product:
            maker, scheme = USB_VENDORS[vendor]
            name = _read(device / "product") or f"{maker} printer"
            url = f"{scheme}://{vendor}:{product}" if scheme != "cups" else "cups://"
            found.append(Found(url, f"{name} (USB {vendor}:{product})", "usb"))
    return found


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def network_printers(timeout: float = 2.0) -> list[Found]:
    """Printers that announce themselves over mDNS while we listen for `timeout` seconds."""
    try:
        from zeroconf import ServiceBrowser, ServiceListener, Zeroconf
    except ImportError:
        return []
    found: dict[str, Found] = {}

    class Listener(ServiceListener):
        def add_service(self, zc: Zeroconf, kind: str, name: str) -> None:
            info = zc.get_service_info(kind, name, timeout=int(timeout * 1000))
            if info is None or not info.addresses:
                return
            host = socket.inet_ntoa(info.addresses[0]) if len(info.addresses[0]) == 4 else info.server or ""
            label = name.removesuffix("." + kind)
            model = (info.properties.get(b"ty") or info.properties.get(b"product") or b"").decode(errors="replace")
            url = _network_url(host, info.port or 9100, f"{label} {model}", MDNS_SERVICES[kind])
            found[url] = Found(url, f"{label} {model}".strip() + f" ({host})", "network")

        def update_service(self, zc: Zeroconf, kind: str, name: str) -> None:
            self.add_service(zc, kind, name)

        def remove_service(self, zc: Zeroconf, kind: str, name: str) -> None:
            pass

    try:
        zeroconf = Zeroconf()
    except (OSError, RuntimeError):  # no interface to listen on (zeroconf raises RuntimeError with none at all)
        return []
    try:
        ServiceBrowser(zeroconf, list(MDNS_SERVICES), Listener())
        time.sleep(timeout)
    finally:
        zeroconf.close()
    return sorted(found.values(), key=lambda f: f.url)


def _network_url(host: str, port: int, text: str, protocol: str) -> str:
    """A best guess of the scheme from the announced name; the desk settings let a person correct it."""
    lowered = text.casefold()
    if protocol == "ipp":
        return f"ipp://{host}:{port}"
    if "brother" in lowered or "ql-" in lowered:
        return f"brother-ql://{host}:{port}"
    if "zebra" in lowered or "zd4" in lowered or "zd6" in lowered:
        return f"zpl://{host}:{port}"
    return f"escpos://{host}:{port}"
