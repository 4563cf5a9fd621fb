"""The scanner detector: bursts of keys with Enter are scans, human rhythms never are."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.scanner import HICCUP_GAP_MS, MAX_GAP_MS, MIN_LENGTH, ScanDetector, looks_like_code

PRETIX = "k3f9q2m8x7c4v6b1n0z5a8s2d4f6g8h0"
LUMA = "https://luma.com/check-in/evt-X?pk=ABC&x=1_2.3-4"


def type_keys(detector: ScanDetector, text: str, gaps: Sequence[float] | float, start: float = 1000.0,
              enter_gap: float | None = None) -> tuple[str | None, list[bool]]:
    """Feed `text` with the given gap(s) between keys, then Enter; (enter's answer, feed's answers)."""
    steps = [gaps] * len(text) if isinstance(gaps, int | float) else list(gaps)
    t, starts = start, []
    for i, char in enumerate(text):
        if i:
            t += steps[i - 1]
        starts.append(detector.feed(char, t))
    t += steps[-1] if enter_gap is None else enter_gap
    return detector.enter(t), starts


@pytest.mark.parametrize("code", [PRETIX, "123456789012", "C-ABCDE12345", "tito-ab12", LUMA])
@pytest.mark.parametrize("gap", [0, 1, 5, 10, 30])
def test_fast_burst_then_enter_is_the_code(code: str, gap: float) -> None:
    found, starts = type_keys(ScanDetector(), code, gap)
    assert found == code
    assert starts == [True] + [False] * (len(code) - 1)  # the UI snapshots before the first character


@pytest.mark.parametrize("gap", [80, 120, 200])
def test_human_typing_then_enter_is_not_a_scan(gap: float) -> None:
    assert type_keys(ScanDetector(), "mueller", gap)[0] is None
    assert type_keys(ScanDetector(), "123456789012", [gap, 90, 150, 80, 200, 110] * 2)[0] is None


def test_human_letters_then_scan_500_ms_later_gives_only_the_scan() -> None:
    detector = ScanDetector()
    assert detector.feed("a", 0) is True
    assert detector.feed("n", 140) is True  # a human gap: every human key starts a fresh burst
    found, starts = type_keys(detector, "C-ABCDE12345", 4, start=640)
    assert found == "C-ABCDE12345"
    assert starts[0] is True  # the field's "an" stays; only what follows is taken out again


def test_a_burst_too_short_is_not_a_scan() -> None:
    assert type_keys(ScanDetector(), "abc"[: MIN_LENGTH - 1], 3)[0] is None
    assert type_keys(ScanDetector(), "abcd"[:MIN_LENGTH], 3)[0] == "abcd"[:MIN_LENGTH]


def test_enter_too_late_is_a_human_enter() -> None:
    assert type_keys(ScanDetector(), PRETIX, 5, enter_gap=HICCUP_GAP_MS + 1)[0] is None
    assert type_keys(ScanDetector(), PRETIX, 5, enter_gap=MAX_GAP_MS)[0] == PRETIX


def test_one_usb_hiccup_is_forgiven_two_are_not() -> None:
    gaps = [5.0] * len(PRETIX)
    gaps[10] = HICCUP_GAP_MS
    assert type_keys(ScanDetector(), PRETIX, gaps)[0] == PRETIX
    gaps[20] = 50.0
    found, starts = type_keys(ScanDetector(), PRETIX, gaps)
    assert found == PRETIX[21:]  # the second slow gap splits; what follows is the burst
    assert starts[21] is True


def test_a_120_ms_gap_splits_the_burst() -> None:
    # Indistinguishable from a human pausing before a scan: only the part after the gap can be a code.
    gaps = [5.0] * 12
    gaps[9] = 120.0
    assert type_keys(ScanDetector(), "C-ABCDE12345", gaps)[0] is None  # "45" after the gap: too short
    gaps = [5.0] * 12
    gaps[2] = 120.0
    found, starts = type_keys(ScanDetector(), "C-ABCDE12345", gaps)
    assert found == "BCDE12345"
    assert starts[3] is True  # the UI snapshot is taken there, so only these 9 characters are removed


def test_garbage_bursts_are_rejected() -> None:
    assert type_keys(ScanDetector(), "BEGIN:VCARD N:Doe", 2)[0] is None  # a space: prose, not a ticket
    assert type_keys(ScanDetector(), "äöüßäöü", 2)[0] is None  # wrong keyboard layout
    assert type_keys(ScanDetector(), "x" * 600, 0)[0] is None


def test_control_key_and_reset_end_the_burst() -> None:
    detector = ScanDetector()
    for i, char in enumerate("abcdef"):
        detector.feed(char, i * 2.0)
    assert detector.pending == "abcdef"
    assert detector.would_complete(12) == "abcdef"
    assert detector.pending == "abcdef"  # would_complete changes nothing
    detector.feed("\b", 12)
    assert detector.pending == ""
    assert detector.enter(13) is None
    detector.feed("a", 20)
    detector.reset()
    assert detector.enter(21) is None


def test_enter_ends_the_burst_and_time_going_backwards_is_a_long_gap() -> None:
    detector = ScanDetector()
    assert type_keys(detector, "abcdef", 2)[0] == "abcdef"
    assert detector.enter(1020) is None  # a second Enter right after: nothing buffered
    assert type_keys(detector, "abcdef", 2, start=5000)[0] == "abcdef"
    detector.feed("a", 100)
    assert detector.feed("b", 50) is True


def test_feed_takes_one_character() -> None:
    with pytest.raises(ValueError):
        ScanDetector().feed("ab", 0)


def test_looks_like_code() -> None:
    assert looks_like_code(PRETIX) and looks_like_code(LUMA) and looks_like_code("1234")
    assert not looks_like_code("123")
    assert not looks_like_code("has space")
    assert not looks_like_code("tab\there")
    assert not looks_like_code("Łukasz")
    assert not looks_like_code("a" * 513)
    assert looks_like_code("a" * 512)


codes = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=MIN_LENGTH, max_size=80)


@given(code=codes, gaps=st.lists(st.floats(min_value=70, max_value=2000), min_size=80, max_size=80))
def test_human_gaps_are_never_a_scan(code: str, gaps: list[float]) -> None:
    assert type_keys(ScanDetector(), code, gaps[: len(code)])[0] is None


@given(code=codes, gaps=st.lists(st.floats(min_value=0, max_value=20), min_size=80, max_size=80),
       enter_gap=st.floats(min_value=0, max_value=20))
def test_scanner_gaps_are_always_a_scan(code: str, gaps: list[float], enter_gap: float) -> None:
    assert type_keys(ScanDetector(), code, gaps[: len(code)], enter_gap=enter_gap)[0] == code


@given(human=st.text(alphabet="abcdefghij ", max_size=10), code=codes,
       human_gap=st.floats(min_value=70, max_value=500), pause=st.floats(min_value=70, max_value=5000))
def test_human_typing_before_a_scan_never_leaks_into_the_code(human: str, code: str, human_gap: float,
                                                             pause: float) -> None:
    detector = ScanDetector()
    t = 0.0
    for char in human:
        detector.feed(char, t)
        t += human_gap
    found, _ = type_keys(detector, code, 3, start=t - human_gap + pause)
    assert found == code
