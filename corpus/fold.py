"""Folding Vietnamese text for search: case and diacritics ignored, one character for one character.

Folding keeps the length, so a position found in folded text is the same position in the original: snippets
are cut from the original text (with its diacritics) where the folded query matched. `đ` is folded by hand
because it has no Unicode decomposition and SQLite's and PostgreSQL's tokenizers leave it alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", char)[:1] or char
    return base.lower() if len(base.lower()) == 1 else base


def fold(text: str) -> str:
    """Lower case without diacritics, same length as the NFC input."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))
