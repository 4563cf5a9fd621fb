from __future__ import annotations

import pytest

from kiosk.textfold import fold, within_edits, words


@pytest.mark.parametrize(
    ("written", "typed"),
    [("Müller", "muller"), ("Łukasiewicz", "lukasiewicz"), ("Søren", "soren"), ("Ελένη", "ελενη"),
     ("Groß", "gross"), ("José", "jose"), ("Þórunn", "thorunn"), ("Æbeltoft", "aebeltoft"), ("ǅemal", "dzemal")],
)
def test_typed_on_an_english_keyboard_folds_to_the_same(written: str, typed: str) -> None:
    assert fold(written) == fold(typed) == typed


def test_cjk_characters_become_tokens_of_their_own() -> None:
    assert words("王小明") == ["王", "小", "明"]
    assert words("박지훈 Kim") == ["박", "지", "훈", "kim"]


def test_japanese_voicing_marks_survive() -> None:
    assert fold("ガ") != fold("カ")


@pytest.mark.parametrize(("a", "b", "limit", "expected"), [
    ("kirkegaard", "kierkegaard", 1, True), ("kitten", "sitting", 2, False), ("kitten", "sitting", 3, True),
    ("abc", "abc", 0, True), ("abc", "abd", 0, False), ("", "ab", 2, True), ("ab", "", 1, False),
])
def test_edit_distance_bound(a: str, b: str, limit: int, expected: bool) -> None:
    assert within_edits(a, b, limit) is expected
