"""What goes on a badge and where: text fits its box on every preset, markers, bands, warnings."""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import replace

import pytest

from kiosk.badges.compose import Marker, Qr, Rect, Text, big_name, compose, day_label
from kiosk.badges.fit import PT_PER_MM, fit, split_points
from kiosk.badges.fonts import missing_characters, pil_font, runs, visual
from kiosk.badges.layout import PRESETS, Layout, default_layout
from kiosk.badges.markers import colour_name, markers_for, sticker_instructions
from tests.kiosk.badges.hard_names import HARD, TODAY, attendee, demo_config

EPS = 0.05  # mm


def inked(t: Text) -> tuple[float, float]:
    """Ems above and below the baseline that a line's glyphs really cover (FreeType's bounding boxes)."""
    above, below = 0.0, 0.0
    for face, part in t.runs:
        left, top, right, bottom = pil_font(face, 400.0).getbbox(part, anchor="ls")
        if right > left:
            above, below = max(above, -top / 400), max(below, bottom / 400)
    return above, below


def texts(composition_ops: tuple[object, ...]) -> list[Text]:
    return [op for op in composition_ops if isinstance(op, Text)]


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("who", HARD)
def test_every_line_fits_its_box_on_every_preset(preset: str, who: str) -> None:
    composition = compose(HARD[who], demo_config(), default_layout(preset), today=TODAY)
    assert not [w for w in composition.warnings if "no bundled font" in w]
    lines = texts(composition.ops)
    assert any(big_name(HARD[who]) in "".join(part for _, part in t.runs) or t.size > 20 for t in lines)
    for t in lines:
        x, y, w, h = t.box
        above, below = inked(t)  # measured on the glyphs, not taken from the layout code's own constants
        top = t.baseline - t.size * above / PT_PER_MM
        bottom = t.baseline + t.size * below / PT_PER_MM
        assert x - EPS <= t.x and t.x + t.width <= x + w + EPS, (t, "wider than its box")
        assert y - EPS <= top and bottom <= y + h + EPS, (t, "taller than its box")
        assert t.size >= 3.0


def test_a_long_first_name_shrinks_then_wraps_and_keeps_every_word() -> None:
    layout = default_layout("fanfold-4x3")
    box = layout.element("first_name")
    assert box is not None
    short = fit("Anna", box.font, box.w, box.h, box.size, box.min_size, box.lines)
    assert short.lines == ("Anna",) and 60 <= short.size <= box.size
    long = fit("Maria del Carmen Fernández", box.font, box.w, box.h, box.size, box.min_size, box.lines)
    assert len(long.lines) == 2 and " ".join(long.lines) == "Maria del Carmen Fernández"
    assert long.size >= box.min_size and not long.shrunk_below_min
    hyphen = fit("Bartholomew-Maximilian", box.font, box.w, box.h, box.size, box.min_size, box.lines)
    assert "".join(hyphen.lines) == "Bartholomew-Maximilian"
    assert split_points("Anne-Marie Smith") == [("Anne-", "Marie Smith"), ("Anne-Marie", "Smith")]


def test_a_name_that_cannot_fit_at_its_minimum_is_drawn_whole_and_warned_about() -> None:
    person = attendee("Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessen Smith",
                      "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessen")
    composition = compose(person, demo_config(), default_layout("cr80"))
    (big,) = [t for t in texts(composition.ops) if "".join(p for _, p in t.runs) == person.first_name]
    assert "".join(part for _, part in big.runs) == person.first_name  # whole, not cut
    assert big.x >= big.box[0] - EPS and big.x + big.width <= big.box[0] + big.box[2] + EPS
    assert any(w.startswith("First name is long: shrunk to") for w in composition.warnings)


def test_a_character_no_font_has_is_a_warning_not_a_silent_box() -> None:
    assert missing_characters("Anna 王芳 Ελένη ليلى נועה 박지훈 Đặng") == []
    assert missing_characters("𓀀 Test") == ["𓀀"]
    composition = compose(attendee("𓀀 Test", "𓀀"), demo_config(), default_layout())
    assert any("First name: no bundled font has 𓀀 (U+13000)" in w for w in composition.warnings)


def test_scripts_are_shaped_and_fall_back_per_character() -> None:
    assert runs("王芳", "sans-bold") == (("cjk", "王芳"),)
    assert runs("Anna 王", "sans-bold") == (("sans-bold", "Anna "), ("cjk", "王"))
    assert runs("Ελένη", "serif") == (("serif", "Ελένη"),)
    assert runs("ليلى", "serif")[0][0] == "sans"  # DejaVu Serif has no Arabic: the sans of the same weight
    assert visual("ليلى") != "ليلى"  # joined letter forms, right to left
    assert visual("נועה") == "העונ"  # Hebrew in the order it is drawn
    assert visual("מכון (ויצמן) למדע") == "עדמל (ןמציו) ןוכמ"  # brackets mirrored, not ")ןמציו("
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    assert visual(decomposed) == "Nguyễn" and len(visual(decomposed)) == 6  # composed: no stacked marks
    # Arabic harakat (optional vowel marks) are left out, as names are usually printed: neither renderer
    # can place a mark over its letter without a shaping engine, and a mark beside it is worse.
    assert visual("عمّان") == visual("عمان") and missing_characters("عمّان") == []


def test_cjk_names_are_shown_whole_as_the_large_name() -> None:
    assert big_name(HARD["japanese"]) == "佐々木 美咲"
    assert big_name(HARD["korean"]) == "박지훈"
    assert big_name(HARD["arabic"]) == "عبد الرحمن"
    assert big_name(attendee("Anna Lee", "")) == "Anna"


def test_the_role_band_has_the_role_colour_and_attendees_get_the_event_name() -> None:
    config = demo_config()
    speaker = compose(HARD["double-barrelled"], config, default_layout())
    band = next(op for op in speaker.ops if isinstance(op, Rect))
    assert band.colour == config.role("Speaker").colour and band.accent  # type: ignore[union-attr]
    assert any("".join(p for _, p in t.runs) == "SPEAKER" for t in texts(speaker.ops))
    vip = compose(replace(HARD["korean"], role="VIP"), config, default_layout())
    assert next(op for op in vip.ops if isinstance(op, Rect)).colour == "#455a64"  # not in the event: slate
    guest = compose(HARD["korean"], config, default_layout())
    assert not any(isinstance(op, Rect) for op in guest.ops)
    assert any("".join(p for _, p in t.runs) == config.name for t in texts(guest.ops))


def test_markers_keep_the_event_order_with_colour_letter_and_shape() -> None:
    config = demo_config()
    specs = markers_for(["Design", "science", "Juggling", "Web"], config)
    assert [(m.name, m.letter) for m in specs] == [("Science", "S"), ("Web", "W"), ("Design", "N"), ("Juggling", "J")]
    assert specs[-1].colour == "#757575"  # unknown to the event: grey, still shown
    colour = [op for op in compose(HARD["double-barrelled"], config, default_layout()).ops if isinstance(op, Marker)]
    assert [m.letter.runs[0][1] for m in colour] == ["S", "W", "G", "D", "N"]
    assert {m.shape for m in colour} == {"circle"} and colour[0].colour == "#2e7d32"
    mono = [op for op in compose(HARD["double-barrelled"], config, default_layout(), ink="black").ops
            if isinstance(op, Marker)]
    assert len({m.shape for m in mono}) >= 4 and {m.colour for m in mono} == {"#000000"}
    red = [op for op in compose(HARD["double-barrelled"], config, default_layout(), ink="black-red").ops
           if isinstance(op, Marker)]
    assert {m.colour for m in red} == {"#d50000"}
    for m in colour:  # inside the interests box, never overlapping
        box = default_layout().element("interests")
        assert box is not None and box.x - EPS <= m.cx - m.r and m.cx + m.r <= box.x + box.w + EPS
    assert all(b.cx - a.cx >= a.r + b.r for a, b in itertools.pairwise(colour))


def test_sticker_mode_prints_no_markers_and_says_which_dots_to_add() -> None:
    config = demo_config()
    layout = replace(default_layout(), markers="stickers")
    assert not any(isinstance(op, Marker) for op in compose(HARD["greek"], config, layout).ops)
    assert sticker_instructions(["Web", "Science"], config) == ["green dot — S Science", "blue dot — W Web"]
    assert colour_name("#2f7e33") == "green" and colour_name("#ffeb3b") == "yellow"


def test_the_legend_lists_every_interest_of_the_event() -> None:
    config = demo_config()
    composition = compose(HARD["korean"], config, default_layout("a6"))
    legend_box = default_layout("a6").element("legend")
    assert legend_box is not None
    names = ["".join(p for _, p in t.runs) for t in texts(composition.ops) if t.box == (
        legend_box.x, legend_box.y, legend_box.w, legend_box.h)]
    assert names == [i.name for i in config.interests]
    assert not composition.warnings


def test_the_day_ribbon_names_the_days_a_badge_is_good_for() -> None:
    config = demo_config()
    one_day = attendee("Ada Example", ticket="One day")
    assert day_label(one_day, config, TODAY) == "Day 1 · Fri 27 Nov"
    assert day_label(attendee("Bo Example"), config, TODAY) == "Fri · Sat"
    layout: Layout = replace(default_layout(), elements=(*default_layout().elements,
                                                         replace(default_layout().elements[0], kind="day_ribbon",
                                                                 y=60, h=6, colour="#e65100")))
    ops = compose(one_day, config, layout, today=TODAY).ops
    assert any("".join(p for _, p in t.runs) == "DAY 1 · FRI 27 NOV" for t in texts(ops))


def test_the_qr_keeps_its_quiet_zone_inside_a_square_box() -> None:
    composition = compose(HARD["hebrew"], demo_config(), default_layout("ql-62x100"))
    (qr,) = [op for op in composition.ops if isinstance(op, Qr)]
    box = default_layout("ql-62x100").element("qr")
    assert box is not None and qr.size == min(box.w, box.h)
    assert qr.symbol.level in "HQ" and qr.symbol.version <= 3
