"""How two document numbers differ when they differ by a slip: one digit, or one symbol part.

Why: a self-assessment table typed by hand cites `152/KH-UBND` for the file numbered `125/KH-UBND`, or
`15/BC-UBND` for `15/KH-UBND`. Read as "not found", the unit is told to upload a document it did upload; read
as a mismatch naming the field, it is told to fix the citation. Two numbers further apart are two documents.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from extract.citations import number_key


def _parts(number: str) -> list[str]:
    return [part for part in re.split(r"[/-]", number_key(number)) if part]


def number_difference(cited: str, found: str) -> str | None:
    """The part in which two numbers differ, in Vietnamese, when they differ in one part only, by one digit
    (`số thứ tự`, `năm`) or as a whole symbol part (`ký hiệu KH/BC`); None when equal or further apart."""
    a, b = _parts(cited), _parts(found)
    if len(a) != len(b):
        return None
    differing = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    if len(differing) != 1:
        return None
    x, y = differing[0]
    if x.isdigit() and y.isdigit():
        if Levenshtein.distance(x, y) != 1:
            return None
        is_year = len(x) == len(y) == 4 and a.index(x) > 0
        return "một chữ số ở năm" if is_year else "một chữ số ở số thứ tự"
    if x.isdigit() or y.isdigit():
        return None
    return f"phần ký hiệu {x} và {y}"
