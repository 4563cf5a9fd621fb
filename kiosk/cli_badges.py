"""`kiosk badges`, `kiosk badge CODE` and `kiosk layout`: badges from the command line, e.g. the night before.

Part of the CLI (kiosk/cli.py registers these); no Qt. Warnings about a badge (a character no font has,
text shrunk very small) are printed so a person can fix the name before the badges are cut.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from kiosk import attendees
from kiosk.attendees import Attendee
from kiosk.badges.layout import INKS, PRESETS, SHEETS, fitted_to
from kiosk.badges.selection import SORTS, record_pre_printed, save_layout, select_for_batch
from kiosk.config import EventConfig
from kiosk.store import Store

AddCommand = Callable[[str, str], argparse.ArgumentParser]
Progress = Callable[[int, int], None]


class BadgeUserError(Exception):
    """A mistake the user can fix (exit code 2), raised to kiosk.cli which prints it."""


def add_parsers(command: AddCommand) -> None:
    p = command("badges", "all badges as sheets in one PDF, to pre-print the night before")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every attendee expected at the door (default)")
    which.add_argument("--unprinted", action="store_true", help="only attendees whose badge was never printed")
    p.add_argument("--sheet", choices=tuple(SHEETS), default="a4-8",
                   help="; ".join(f"{k}: {s.label}" for k, s in SHEETS.items()))
    p.add_argument("--sort", choices=tuple(SORTS), default="name")
    p.add_argument("--ink", choices=INKS, help="default: the layout's")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--mark-printed", action="store_true",
                   help="record these badges as printed, so check-in prints no second one")
    p.add_argument("--volunteer", default="", help="who printed them (for the audit trail)")
    p = command("badge", "one attendee's badge as a PDF or PNG")
    p.add_argument("code", help="ticket code (or the attendee id)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf|FILE.png")
    p.add_argument("--dpi", type=int, default=300, help="PNG resolution (203 and 300 are label printers'); "
                   "a PDF is vector and has none")
    p.add_argument("--ink", choices=INKS, help="default: the layout's")
    p = command("layout", "show the badge layout, or start over from a preset")
    p.add_argument("--preset", choices=tuple(PRESETS), help="; ".join(f"{k}: {v.label}" for k, v in PRESETS.items()))
    p.add_argument("--ink", choices=INKS)
    p.add_argument("--stickers", choices=("on", "off"), help="on: print no interest markers; volunteers add dots")
    p.add_argument("--volunteer", default="", help="who changed the layout (for the audit trail)")


def cmd_badges(store: Store, args: argparse.Namespace, progress: Progress, actor: str) -> int:
    from kiosk.badges.sheets import render_sheets  # reportlab loads only for badge commands

    if args.out.suffix.lower() != ".pdf":
        raise BadgeUserError(f"{args.out}: sheets are a PDF; the file name must end in .pdf")
    _check_writable(args.out)  # before minutes of rendering, not after
    selection = select_for_batch(store, unprinted=args.unprinted, sort=args.sort)
    if not selection.attendees:
        raise BadgeUserError("no badges to make: nobody matches" + (" (all printed already)" if args.unprinted else ""))
    config = store.config()
    pdf, warnings = render_sheets(selection.attendees, config, args.sheet, ink=args.ink, progress=progress)
    _write(args.out, pdf)
    skipped = [f"{n} {status}" for status, n in sorted(selection.skipped_status.items())]
    if selection.skipped_printed:
        skipped.append(f"{selection.skipped_printed} printed already")
    sheet = SHEETS[args.sheet]
    pages = -(-len(selection.attendees) // sheet.per_page)
    print(f"{len(selection.attendees)} badges on {pages} pages ({sheet.label}) written to {args.out}"
          + (f"; left out: {', '.join(skipped)}" if skipped else ""))
    if config.badge_layout().markers == "stickers":
        stickers = args.out.with_suffix(".stickers.txt")
        _write(stickers, _sticker_list(selection.attendees, config, sheet.per_page).encode("utf-8"))
        print(f"sticker mode: which dots go on which badge is in {stickers}")
    if args.mark_printed:
        recorded = record_pre_printed(store, selection.attendees, f"sheets:{args.out.resolve()}", actor)
        print(f"{recorded} badges recorded as printed (check-in will not print them again)")
    _warn(warnings)
    return 0


def _sticker_list(people: list[Attendee], config: EventConfig, per_page: int) -> str:
    from kiosk.badges.markers import sticker_instructions

    lines = []
    for index, person in enumerate(people):
        page, position = divmod(index, per_page)
        dots = "; ".join(sticker_instructions(person.interests, config)) or "no dots"
        lines.append(f"page {page + 1}, badge {position + 1}: {person.name} — {dots}")
    return "\n".join(lines) + "\n"


def cmd_badge(store: Store, args: argparse.Namespace) -> int:
    attendee = attendees.by_id_or_code(store.conn, args.code)
    if attendee is None:
        raise BadgeUserError(f"no attendee with code {args.code!r}")
    config = store.config()
    suffix = args.out.suffix.lower()
    if suffix == ".png":
        from kiosk.badges.raster import render_raster

        if not 72 <= args.dpi <= 1200:
            raise BadgeUserError(f"--dpi {args.dpi}: choose between 72 and 1200")
        raster = render_raster(attendee, config, dpi=args.dpi, ink=args.ink)
        data, warnings = raster.png(), raster.warnings
    elif suffix == ".pdf":
        from kiosk.badges.compose import compose
        from kiosk.badges.pdf import composition_pdf

        composition = compose(attendee, config, config.badge_layout(), ink=args.ink)
        data, warnings = composition_pdf(composition, f"Badge — {attendee.name}"), composition.warnings
    else:
        raise BadgeUserError(f"{args.out}: the file name must end in .pdf or .png")
    _write(args.out, data)
    print(f"{attendee.name}'s badge written to {args.out}")
    if config.badge_layout().markers == "stickers":
        from kiosk.badges.markers import sticker_instructions

        print("add stickers: " + ("; ".join(sticker_instructions(attendee.interests, config)) or "none"))
    _warn([f"{attendee.name}: {w}" for w in warnings])
    return 0


def cmd_layout(store: Store, args: argparse.Namespace, actor: str) -> int:
    config = store.config()
    layout = config.badge_layout()
    if args.preset:  # a layout of the new size: its default, keeping ink, sticker mode and logo
        layout = fitted_to(layout, args.preset)
    if args.ink:
        layout = replace(layout, ink=args.ink)
    if args.stickers:
        layout = replace(layout, markers="stickers" if args.stickers == "on" else "print")
    changed = layout != config.badge_layout()
    if changed:
        save_layout(store, layout, actor)
    preset = PRESETS.get(layout.preset)
    print(f"{'saved' if changed else 'badge layout'}: {preset.label if preset else layout.preset}, "
          f"{layout.width:g} × {layout.height:g} mm, ink {layout.ink}, interest markers {layout.markers}")
    for e in layout.elements:
        hidden = "" if e.visible else " (hidden)"
        print(f"  {e.kind:<13} at {e.x:6.1f},{e.y:6.1f} mm  {e.w:5.1f} × {e.h:5.1f} mm  {e.font} {e.size:g} pt{hidden}")
    return 0


def _check_writable(path: Path) -> None:
    if path.is_dir():
        raise BadgeUserError(f"cannot write {path}: it is a folder; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        probe = path.with_name(path.name + ".part")
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise BadgeUserError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".part")
        temporary.write_bytes(data)
        temporary.replace(path)  # never a half-written PDF under the real name
    except OSError as exc:
        raise BadgeUserError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _warn(warnings: list[str] | tuple[str, ...]) -> None:
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
