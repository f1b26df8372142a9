"""Text compared without its marks: OCR drops and misreads tone and vowel marks (`Nguyên` for `Nguyễn`, `QUYÉT`
for `QUYẾT`, `TAN MY` for `Tân Mỹ`), and old templates place them differently (`Uỷ`), so names, headings and
places are looked up in a folded form. One place for the two folds the extractor uses."""

from __future__ import annotations

import unicodedata


def unmarked(text: str) -> str:
    """Lower case without tone or vowel marks, `đ` as `d`: `Tân Mỹ`, `TAN MY` and `Đức`/`duc` compare equal."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def unmarked_upper(text: str) -> str:
    """Upper case without tone marks, one character for one (positions still line up with the text):
    OCR's `QUYÉT ĐỊNH` and `QUYẾT ĐỊNH`, `TINH` and `TỈNH` compare equal."""
    folded = (unicodedata.normalize("NFD", ch)[0] for ch in text.upper())
    return "".join(folded).replace("Đ", "D")
