"""Text normalisation, and the test of whether a PDF text layer can be trusted or must be OCRed.

Real text layers come decomposed (NFD), with Latin `Ð` for `Đ`, with `(cid:N)` for glyphs that have no
Unicode mapping, or in legacy font encodings (TCVN3/VNI) that read as Latin-1 soup. The first two are
repaired; the rest send the page to OCR.
"""

from __future__ import annotations

import re
import unicodedata

VIETNAMESE_LETTERS = frozenset(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz"
)
# the same letters as regular-expression classes: lower and upper case
LOWER_LETTERS = "".join(sorted(VIETNAMESE_LETTERS))
UPPER_LETTERS = LOWER_LETTERS.upper()
CID_PATTERN = re.compile(r"\(cid:\d+\)")
LOOKALIKE_FIXES = str.maketrans({"Ð": "Đ", "ð": "đ"})  # Vietnamese has no eth


def normalize_text(text: str) -> str:
    """NFC, Đ instead of the Latin eth, no trailing spaces; keep line structure."""
    text = unicodedata.normalize("NFC", text).translate(LOOKALIKE_FIXES)
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def text_layer_problem(raw_text: str, min_chars: int) -> str | None:
    """Why this text layer should not be used (a short English reason for logs), or None if it is fine."""
    visible = [ch for ch in raw_text if not ch.isspace()]
    if len(visible) < min_chars:
        return f"text layer too short ({len(visible)} characters)"
    cids = len(CID_PATTERN.findall(raw_text))
    if cids >= 3 and cids * 6 > 0.02 * len(visible):
        return f"{cids} glyphs without a Unicode mapping"
    text = unicodedata.normalize("NFC", raw_text)
    unmapped = sum(1 for ch in text if ch == "\ufffd" or 0xE000 <= ord(ch) <= 0xF8FF)
    if unmapped > 0.01 * len(visible):
        return f"{unmapped} private-use or replacement characters"
    letters = [ch.lower() for ch in text if ch.isalpha()]
    if not letters:
        return "no letters in the text layer"
    foreign = sum(1 for ch in letters if ch not in VIETNAMESE_LETTERS and ch != "ð")
    if foreign > 0.05 * len(letters):
        return f"{foreign / len(letters):.0%} of letters are not Vietnamese (legacy font encoding?)"
    return None
