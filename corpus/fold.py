"""Folding Vietnamese text for search: case and diacritics ignored, one character for one character.

Folding keeps the length, so a position found in folded text is the same position in the original: snippets
are cut from the original text (with its diacritics) where the folded query matched. `đ` is folded by hand
because it has no Unicode decomposition and SQLite's and PostgreSQL's tokenizers leave it alone. The table
covers Latin letters up to U+1EFF (all of Vietnamese); it runs at `str.translate` speed because the corpus
folds every page it indexes.
"""

from __future__ import annotations

import re
import unicodedata

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _fold_char(char: str) -> str:
    if char in "đĐðÐ":  # Latin eth stands in for Đ in real documents
        return "d"
    base = unicodedata.normalize("NFD", char)[:1] or char
    return base.lower() if len(base.lower()) == 1 else base


_TABLE = {
    code: _fold_char(chr(code))
    for code in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
    if _fold_char(chr(code)) != chr(code)
}


def fold(text: str) -> str:
    """Lower case without diacritics, same length as the NFC input."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.translate(_TABLE)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def word_pairs(text: str) -> list[tuple[str, str | None]]:
    """Each word of `text` folded, with its exact form (lower case, diacritics kept) when that differs: a query
    typed with diacritics means them (`mời`, not `mới`), a word typed without any may mean any of them."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    folded = text.translate(_TABLE)
    pairs: list[tuple[str, str | None]] = []
    for hit in _TOKEN.finditer(folded):
        exact = _exact_form(text[hit.start() : hit.end()])
        meant = exact != hit.group() and exact_words(exact) == [exact]
        pairs.append((hit.group(), exact if meant else None))
    return pairs


_LETTERS = re.compile(r"[^\W_]+")


def _exact_form(word: str) -> str:
    return word.lower().replace("ð", "đ")


def exact_words(text: str) -> list[str]:
    """The words of `text` that carry diacritics (or `đ`), lower case NFC, in order, as the index keeps them
    beside the folded words: letters and digits only. SQLite's tokenizer must keep diacritics for these
    (`remove_diacritics 0`), PostgreSQL takes them as they are; the folded words stay plain ASCII, so the two
    never meet."""
    return [word for word in _LETTERS.findall(_exact_form(_nfc(text))) if not word.isascii()]


def distinct_exact_words(text: str) -> list[str]:
    """`exact_words`' distinct words (a body's), found in the distinct space-separated pieces: a regular
    expression over a whole page cost more than folding it, and a page repeats most of its words."""
    return _exact_of(set(_nfc(text).split()))


def distinct_words(text: str) -> tuple[list[str], list[str]]:
    """The distinct folded words (`index_words`) and the distinct exact words of `text`, both from its
    distinct space-separated pieces (PostgreSQL's body vector keeps each word once)."""
    pieces = set(_nfc(text).split())
    return list(set(index_words(" ".join(pieces)))), _exact_of(pieces)


def _exact_of(pieces: set[str]) -> list[str]:
    marked = _exact_form(" ".join([piece for piece in pieces if not piece.isascii()]))
    return list(dict.fromkeys(word for word in _LETTERS.findall(marked) if not word.isascii()))


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


_PUNCTUATION_TO_SPACE = {code: " " for code in range(128) if not chr(code).isalnum()}


def index_form(text: str) -> str:
    """The folded words of `text`, space-separated, for the full-text index: the tokens `tokens()` gives for
    Vietnamese text, several times faster (every indexed page goes through here), but not length-preserving."""
    return " ".join(index_words(text))


def index_words(text: str) -> list[str]:
    """`index_form`'s words as a list (PostgreSQL's body vector takes the distinct ones)."""
    lowered = text.lower().replace("đ", "d").replace("ð", "d")
    ascii_text = unicodedata.normalize("NFD", lowered).encode("ascii", "ignore").decode("ascii")
    return ascii_text.translate(_PUNCTUATION_TO_SPACE).split()


def _letter_classes() -> dict[str, str]:
    variants: dict[str, set[str]] = {}
    for code, folded in _TABLE.items():
        variants.setdefault(folded, set()).add(chr(code))
    classes = {}
    for char in "abcdefghijklmnopqrstuvwxyz0123456789":
        members = {char, char.upper(), *variants.get(char, ())}
        classes[char] = "[" + "".join(re.escape(member) for member in sorted(members)) + "]"
    return classes


_LETTER_CLASSES = _letter_classes()


def spelled(word: str) -> str:
    """A pattern over unfolded NFC text for a folded word: every letter any of its spellings (`noi` matches
    `Nơi`, `NỘI`, `nội`); a length-preserving alternative to folding the text first."""
    return "".join(_LETTER_CLASSES.get(char, re.escape(char)) for char in word)


_DROPPED = r"[^\x00-\x7f]*?"  # combining marks of decomposed text, and what index_form drops


def raw_pattern(words: list[str]) -> re.Pattern[str]:
    """A pattern over unfolded text that matches wherever `index_form` would give these folded words in a row
    (and in a few more places: a cheap first test, to be confirmed on the folded form)."""
    spelled = [
        "".join(_LETTER_CLASSES.get(char, re.escape(char)) + _DROPPED for char in word) for word in words
    ]
    return re.compile("[^0-9A-Za-z]+".join(spelled))
