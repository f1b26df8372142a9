"""Folding for search: the fast index form, the length-preserving fold, and the raw-text phrase pattern that
must never miss what the index form finds (it rules candidates out before they are folded)."""

from __future__ import annotations

import unicodedata

import pytest

from corpus.fold import fold, index_form, raw_pattern

TEXTS = {
    "composed": "Kế hoạch cải cách hành chính tỉnh Thừa Thiên Huế năm 2025",
    "decomposed": unicodedata.normalize("NFD", "Kế hoạch cải cách hành chính tỉnh Thừa Thiên Huế năm 2025"),
    "upper": "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH THỪA THIÊN HUẾ NĂM 2025",
    "punctuated": "Kế hoạch: cải cách; hành-chính (tỉnh) Thừa/Thiên, Huế — năm 2025.",
    "d with stroke": "ĐẨY MẠNH đào tạo, bồi dưỡng; Ðiều 3",
    "spaced": "Kế  hoạch\ncải\tcách hành chính",
}


@pytest.mark.parametrize(
    ("text", "phrase", "found"),
    [
        ("composed", "cai cach hanh chinh", True),
        ("decomposed", "cai cach hanh chinh", True),
        ("upper", "thua thien hue nam 2025", True),
        ("punctuated", "cai cach hanh chinh tinh thua thien hue", True),
        ("d with stroke", "day manh dao tao", True),
        ("d with stroke", "dieu 3", True),
        ("spaced", "ke hoach cai cach", True),
        ("composed", "hanh chinh cai cach", False),  # order kept
        ("composed", "ke hoach 2025", False),  # words in between
        ("punctuated", "hue nam 2024", False),
    ],
)
def test_the_raw_pattern_finds_what_the_index_form_finds(text: str, phrase: str, found: bool) -> None:
    original = TEXTS[text]
    assert (f" {phrase} " in f" {index_form(original)} ") is found
    if found:  # the pattern is a first test: it may pass more, never fewer
        assert raw_pattern(phrase.split()).search(original)
    else:
        assert not raw_pattern(phrase.split()).search(original)


@pytest.mark.parametrize("text", list(TEXTS))
def test_fold_keeps_the_length_and_agrees_with_the_index_form(text: str) -> None:
    original = unicodedata.normalize("NFC", TEXTS[text])
    assert len(fold(original)) == len(original)
    assert fold(original).split() and index_form(original) == index_form(fold(original))
