"""OCR's mark slips in a signer's name on a scan (`Lê Minh Đúc` read for `Lê Minh Đức`), mended from a list of
the syllables Vietnamese names are made of (`data/name_syllables.txt`, written by hand from common usage).

A syllable of the name that is no name's (after the old tone placement is written in the current one: `Thuỷ` is
`Thủy`) is replaced by the one listed syllable that differs from it only in its tone and vowel marks (`đ` and
the letters kept); none or several such (`Hung`: Hùng, Hưng) and the syllable stays as printed. A name is
mended only when every syllable it changes has such a unique spelling; the evidence keeps the printed line.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from extract.tones import TONE_MARKS, current_placement

SYLLABLES_FILE = Path(__file__).with_name("data") / "name_syllables.txt"
# tone marks and vowel marks (breve, circumflex, horn)
MARKS = TONE_MARKS + "\u0306\u0302\u031b"


def bare(syllable: str) -> str:
    """A syllable in lower case without its tone and vowel marks, `đ` kept: `Đức`, `Đúc` -> `đuc`."""
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    return "".join(ch for ch in decomposed if ch not in MARKS)


@cache
def name_syllables() -> frozenset[str]:
    """The listed syllables, in lower case (NFC)."""
    words = (
        word
        for line in SYLLABLES_FILE.read_text(encoding="utf-8").splitlines()
        for word in line.split("#", 1)[0].split()
    )
    return frozenset(unicodedata.normalize("NFC", word.lower()) for word in words)


@cache
def _by_bare() -> dict[str, tuple[str, ...]]:
    """Bare form -> the listed syllables that have it."""
    index: dict[str, list[str]] = {}
    for syllable in sorted(name_syllables()):
        index.setdefault(bare(syllable), []).append(syllable)
    return {key: tuple(values) for key, values in index.items()}


def _mended_syllable(word: str) -> str | None:
    """The one listed spelling of a syllable that no name has; None when it is a name's or has none or several."""
    lower = unicodedata.normalize("NFC", current_placement(word).lower())
    if lower in name_syllables() or not word.isalpha():
        return None
    candidates = _by_bare().get(bare(lower), ())
    if len(candidates) != 1:
        return None
    found = candidates[0]
    return found.upper() if word.isupper() else found[:1].upper() + found[1:]


def mend_name(name: str) -> str | None:
    """The name with its slipped syllables mended; None when nothing was mended."""
    words = name.split()
    mended = [_mended_syllable(word) or word for word in words]
    return " ".join(mended) if mended != words else None
