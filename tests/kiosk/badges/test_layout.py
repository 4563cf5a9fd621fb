"""Layouts are data: presets, their default designs, and the `[badge]` table of the event configuration."""

from __future__ import annotations

import base64
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.badges.layout import PRESETS, SHEETS, SLACK_MM, Layout, LayoutError, default_layout, fitted_to, to_dict
from kiosk.badges.layout import from_dict as layout_from_dict
from kiosk.config import ConfigError, from_toml, to_toml
from kiosk.store import Store
from tests.kiosk.badges.hard_names import demo_config

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR4nGNgYAAAAAMAASsJTYQAAAAASUVORK5CYII="
)


@pytest.mark.parametrize("preset", PRESETS)
def test_every_preset_has_a_default_layout_inside_its_page(preset: str) -> None:
    layout = default_layout(preset)
    assert (layout.width, layout.height) == (PRESETS[preset].width, PRESETS[preset].height)
    kinds = [e.kind for e in layout.elements]
    assert {"first_name", "role_band", "interests", "qr", "organisation", "city"} <= set(kinds)
    for e in layout.elements:
        assert e.x >= 0 and e.y >= 0 and e.x + e.w <= layout.width + SLACK_MM and e.y + e.h <= layout.height + SLACK_MM
    qr = layout.element("qr")
    assert qr is not None and min(qr.w, qr.h) >= 18  # room for 37 modules of ≥ 3 dots at 203 dpi (13.9 mm)


def test_the_first_name_is_very_large_on_a_4x3_badge_and_scaled_elsewhere() -> None:
    sizes = {key: default_layout(key).element("first_name").size for key in PRESETS}  # type: ignore[union-attr]
    assert 60 <= sizes["fanfold-4x3"] <= 72
    assert sizes["cr80"] < sizes["ql-62x100"] < sizes["fanfold-4x3"] <= sizes["a6"]


@pytest.mark.parametrize("preset", PRESETS)
def test_a_layout_survives_the_trip_through_the_event_configuration(preset: str) -> None:
    layout = replace(default_layout(preset), ink="black-red", markers="stickers", logo=PNG_1PX)
    config = replace(demo_config(), badge=layout)
    assert from_toml(to_toml(config)).badge == layout


def test_a_preset_alone_is_a_complete_layout() -> None:
    text = to_toml(demo_config()) + '\n[badge]\npreset = "a6"\n'
    assert from_toml(text).badge == default_layout("a6")
    assert demo_config().badge is None and demo_config().badge_layout() == default_layout("fanfold-4x3")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "hologram"}, r"badge.elements\[0\].kind: 'hologram' is not one of"),
        ({"x": 90.0}, r"badge.elements\[0\] \(role_band\): lies outside the 101.6 × 76.2 mm badge"),
        ({"w": 0}, "width and height must be more than 0 mm"),
        ({"colour": "red"}, "'red' is not a colour like #1565c0"),
        ({"font": "Comic Sans"}, "font: 'Comic Sans' is not one of"),
        ({"size": 10, "min_size": 12}, "0 < min_size ≤ size"),
        ({"lines": 3}, "lines: 1 or 2"),
        ({"y": "top"}, "y: expected a number, got 'top'"),
    ],
)
def test_a_broken_layout_says_which_element_and_why(change: dict[str, object], message: str) -> None:
    data = to_dict(default_layout())
    data["elements"][0].update(change)
    with pytest.raises(LayoutError, match=message):
        layout_from_dict(data)
    config_text = to_toml(replace(demo_config(), badge=default_layout()))
    broken = config_text.replace('kind = "role_band"', 'kind = "hologram"')
    with pytest.raises(ConfigError, match=r"badge\.elements"):
        from_toml(broken)


def test_layout_level_options_are_checked() -> None:
    data = to_dict(default_layout())
    with pytest.raises(LayoutError, match=r"badge\.ink"):
        layout_from_dict({**data, "ink": "gold"})
    with pytest.raises(LayoutError, match=r"badge\.logo is not a PNG or JPEG image"):
        layout_from_dict({**data, "logo": base64.b64encode(b"GIF89a...").decode()})
    with pytest.raises(LayoutError, match="not a badge size"):
        layout_from_dict({**data, "width": 5000})
    with pytest.raises(LayoutError, match="unknown preset"):
        default_layout("napkin")


def test_moving_to_another_preset_keeps_the_layout_wide_choices() -> None:
    layout: Layout = replace(default_layout(), ink="black", markers="stickers", logo=PNG_1PX)
    moved = fitted_to(layout, "cr80")
    assert (moved.width, moved.height, moved.ink, moved.markers, moved.logo) == (85.6, 53.98, "black", "stickers",
                                                                                   PNG_1PX)


def test_sheets_fit_their_paper_and_number_their_cells() -> None:
    for sheet in SHEETS.values():
        assert sheet.columns * sheet.badge_width <= sheet.paper_width + 0.01
        assert sheet.rows * sheet.badge_height <= sheet.paper_height + 0.01
        cells = {sheet.cell(i) for i in range(sheet.per_page)}
        assert len(cells) == sheet.per_page and sheet.cell(sheet.per_page) == sheet.cell(0)
    assert SHEETS["a4-8"].per_page == 8 and SHEETS["letter-6"].per_page == 6


def test_a_saved_layout_is_an_event_and_reaches_the_store_config(store: Store) -> None:
    from kiosk.badges.selection import save_layout

    before = store.event_count()
    save_layout(store, default_layout("a6"), actor="Organiser")
    assert store.event_count() == before + 1
    assert store.config().badge == default_layout("a6")
    last = list(store.events())[-1]
    assert last.type == "config.set" and last.actor == "Organiser"


def test_an_invalid_layout_never_reaches_the_log(store: Store) -> None:
    from kiosk.badges.selection import save_layout

    before = store.event_count()
    broken = default_layout().replace_element(1, replace(default_layout().elements[1], size=10, min_size=30))
    with pytest.raises(LayoutError, match="min_size"):
        save_layout(store, broken, actor="Organiser")
    with pytest.raises(ConfigError):  # the store refuses any configuration it could not read back
        store.set_config(replace(store.config(), badge=replace(default_layout(), preset="napkin")))
    assert store.event_count() == before


def test_a_logo_keeps_its_place_when_the_badge_changes_size() -> None:
    base = default_layout("fanfold-4x3")
    logo = replace(base.elements[0], kind="logo", x=80, y=60, w=20, h=10)
    moved = fitted_to(replace(base, elements=(*base.elements, logo), logo=PNG_1PX), "a6")
    box = moved.element("logo")
    assert box is not None and moved.logo == PNG_1PX
    assert box.x == round(80 * 105 / 101.6, 2) and box.y == round(60 * 148 / 76.2, 2)
    assert box.x + box.w <= moved.width and box.y + box.h <= moved.height


def test_a_big_logo_is_refused() -> None:
    from kiosk.badges.layout import MAX_LOGO_BYTES, check_logo

    with pytest.raises(LayoutError, match="a logo must be under"):
        check_logo(PNG_1PX + b"\0" * MAX_LOGO_BYTES)


def test_a_layout_and_an_import_made_apart_both_survive_sync(tmp_path: Path) -> None:
    """Desk A saves a layout while offline desk B imports new interests: after syncing, both desks have both."""
    from kiosk.badges.selection import save_layout
    from tests.conftest import small_config

    a = Store.open(tmp_path / "a.sqlite", device="desk-a")
    a.set_config(small_config(), actor="setup")
    b = Store.open(tmp_path / "b.sqlite", device="desk-b")
    b.ingest(list(a.events()))
    save_layout(a, default_layout("a6"), actor="Organiser @ A")
    b.set_config(b.config().with_interests(["Robotics"]), actor="import @ B")
    a.ingest(list(b.events()))
    b.ingest(list(a.events()))
    for desk in (a, b):
        config = desk.config()
        assert config.badge == default_layout("a6")
        assert config.interest("Robotics") is not None
    a.close()
    b.close()


def test_a_config_change_that_leaves_the_layout_alone_writes_no_layout_event(store: Store) -> None:
    from kiosk.badges.selection import save_layout

    save_layout(store, default_layout("cr80"), actor="Organiser")
    before = store.event_count()
    store.set_config(store.config().with_interests(["Robotics"]), actor="import")
    store.set_config(store.config(), actor="nobody")  # nothing changed: nothing written
    assert store.event_count() == before + 1
    assert [e.body["key"] for e in list(store.events())[-2:]] == ["badge", "event"]


@pytest.mark.parametrize(
    ("toml_change", "message"),
    [
        (('colour = "#2e7d32"', 'colour = "green"'), r"interests\.Science\.colour: 'green' is not a colour"),
        (('letter = "S"', 'letter = ""'), r"interests\.Science\.letter: give the one letter"),
        (('colour = "#c62828"\n\n[[roles]]', 'colour = "red"\n\n[[roles]]'), r"roles\.Staff\.colour: 'red'"),
    ],
)
def test_colours_and_letters_that_would_break_every_badge_are_refused(toml_change: tuple[str, str],
                                                                      message: str) -> None:
    from assets import asset

    text = asset("demo", "event.toml").read_text(encoding="utf-8")
    assert toml_change[0] in text
    with pytest.raises(ConfigError, match=message):
        from_toml(text.replace(toml_change[0], toml_change[1], 1))


def test_odd_but_valid_values_are_tamed() -> None:
    data = to_dict(default_layout())
    data["elements"][0]["x"] = float("nan")
    with pytest.raises(LayoutError, match="expected a number, got nan"):
        layout_from_dict(data)
    text = to_toml(demo_config()).replace('letter = "S"', 'letter = "ß"', 1)
    assert from_toml(text).interest("Science").letter == "S"  # type: ignore[union-attr]
