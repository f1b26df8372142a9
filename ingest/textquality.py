"""Text normalisation, and the test of whether a PDF text layer can be trusted or must be OCRed.

Real text layers come decomposed (NFD), with Latin `Ð` for `Đ`, with `(cid:N)` for glyphs that have no
Unicode mapping, or in legacy font encodings (TCVN3/VNI) that read as Latin-1 soup. The first two are
repaired here, legacy encodings in `ingest/legacy.py` when they decode to Vietnamese; the rest send the page
to OCR. So does an invisible OCR layer that a scanner wrote without Vietnamese (`ceNG HoA`, `ngdy`, `thdng`):
it reads as Vietnamese stripped of its diacritics.
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
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# the vowel nuclei of written Vietnamese (tones removed), and a syllable: initial, nucleus, final consonant
NUCLEI_TEXT = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi ua uâ uê ui uô uơ ưa ưi ươ ưu "
    "uy yê iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu"
)
NUCLEI = tuple(NUCLEI_TEXT.split())
SYLLABLE = re.compile(
    r"(?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?"
    "(?:" + "|".join(sorted(NUCLEI, key=len, reverse=True)) + r")(?:ch|ng|nh|[cmnpt])?"
)
WORD = re.compile(r"[^\W\d_]+")
# frequent words of official documents as they read with their diacritics stripped (not English words)
BARE_VIETNAMESE_TEXT = (
    "uy ubnd nhan dan tinh cong hoa chu nghia viet doc lap hanh phuc ngay thang nam cac cua theo viec quyet "
    "dinh nghi chinh phong giao trung tam huyen thanh pho dong chi ve nhu sau duoc nhung trong dieu khoan "
    "thuc hien bao cao ke hoach vien lanh dao"
)
BARE_VIETNAMESE = frozenset(BARE_VIETNAMESE_TEXT.split())


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
    if lacks_diacritics(text):
        return "Vietnamese without diacritics (an OCR layer made without Vietnamese?)"
    return None


def is_vietnamese_syllable(word: str) -> bool:
    """A written Vietnamese syllable (at most one tone mark): how a decoded legacy word proves itself."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
    return SYLLABLE.fullmatch(bare) is not None


def vietnamese_syllable_share(text: str) -> float:
    """Of the words with letters beyond ASCII, the share that are Vietnamese syllables (1.0 when none)."""
    words = [word for word in WORD.findall(text) if not word.isascii()]
    if not words:
        return 1.0
    return sum(is_vietnamese_syllable(word) for word in words) / len(words)


def lacks_diacritics(text: str) -> bool:
    """Vietnamese written without its diacritics: an OCR layer made for English over a Vietnamese scan.

    Real Vietnamese has a letter beyond ASCII in about a quarter of its letters; such a layer has almost
    none, yet its words are the frequent words of official documents stripped bare (`tinh`, `cong`, `ngay`).
    """
    words = WORD.findall(text)
    letters = sum(len(word) for word in words)
    if letters < 200:
        return False
    accented = sum(1 for word in words for ch in word if not ch.isascii())
    bare = sum(1 for word in words if word.lower() in BARE_VIETNAMESE)
    return accented < 0.02 * letters and bare >= 0.05 * len(words)
