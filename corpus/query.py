"""Understanding a search query: words, quoted phrases, and whether it names a document number.

A query such as `1726 qd ubnd`, `1726/QĐ` or `Quyết định 1726 Lai Châu` names a number: its digits and the
tokens after them are tried as a number prefix, longest first, so the document with that number comes first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from corpus.fold import fold, raw_pattern, tokens, word_pairs

_PHRASE = re.compile(r'"([^"]+)"')
_MARK_OPEN, _MARK_CLOSE = "«", "»"


@dataclass
class ParsedQuery:
    text: str
    words: list[str] = field(default_factory=list)
    # each word's exact form (lower case, diacritics kept) where it was typed with diacritics, else None
    exact: list[str | None] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    # number-key prefixes to try, longest first ("1726 qd ubnd", "1726 qd", "1726")
    number_prefixes: list[str] = field(default_factory=list)

    @property
    def all_tokens(self) -> list[str]:
        return self.words + [token for phrase in self.phrases for token in phrase]

    @property
    def has_diacritics(self) -> bool:
        """Whether some word was typed with diacritics: then exact matches rank above folded ones."""
        return any(self.exact)

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases

    @property
    def searchable(self) -> bool:
        """Whether the query names anything to look for: a word, a phrase, or a number."""
        return not self.empty or bool(self.number_prefixes)


def parse_query(text: str) -> ParsedQuery:
    parsed = ParsedQuery(text=text)
    for phrase in _PHRASE.findall(text):
        phrase_tokens = tokens(phrase)
        if len(phrase_tokens) > 1:
            parsed.phrases.append(phrase_tokens)
        else:
            _add_words(parsed, phrase)
    _add_words(parsed, _PHRASE.sub(" ", text))
    parsed.number_prefixes = _number_prefixes(tokens(text))
    return parsed


def _add_words(parsed: ParsedQuery, text: str) -> None:
    for folded, exact in word_pairs(text):
        parsed.words.append(folded)
        parsed.exact.append(exact)


def _number_prefixes(query_tokens: list[str]) -> list[str]:
    for start, token in enumerate(query_tokens):
        if token.isdigit():
            following = query_tokens[start : start + 5]
            return [" ".join(following[:size]) for size in range(len(following), 0, -1)]
    return []


def number_index_form(number: str | None) -> str:
    """How a number is indexed for search (the `number_key` column): folded tokens joined by spaces
    (`1726/QĐ-UBND` -> `1726 qd ubnd`), so `1726 qd` finds it by prefix. Two numbers are compared for identity
    with `extract.citations.number_key` instead."""
    return " ".join(tokens(number or ""))


def snippet(text: str, query_tokens: list[str], exact: list[str] | None = None, width: int = 160) -> str:
    """A window of the original text around the first query word (the first typed with its diacritics, if
    any is), every query word marked «like this»."""
    text = unicodedata.normalize("NFC", text or "")
    if not text:
        return ""
    wanted = sorted(set(query_tokens), key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in wanted) + r")\b") if wanted else None
    first = _first_exact(text, exact) if exact else None
    if first is None:
        first = _first_hit(text, pattern) if pattern else None
    start = max(0, (first or 0) - width // 3)
    end = min(len(text), start + width)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    parts: list[str] = []
    cursor = 0
    window = text[start:end]
    for hit in pattern.finditer(fold(window)) if pattern else ():
        parts += [window[cursor : hit.start()], _MARK_OPEN, window[hit.start() : hit.end()], _MARK_CLOSE]
        cursor = hit.end()
    parts.append(window[cursor:])
    body = " ".join("".join(parts).split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")


def word_tests(parsed: ParsedQuery) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """Patterns over page text as written for the query's words as typed (None without diacritics) and for
    any of its words folded: choosing the page a snippet comes from (folding every page cost more)."""
    exact = sorted({word for word in parsed.exact if word}, key=len, reverse=True)
    typed = _whole_words([re.escape(word) for word in exact], re.IGNORECASE) if exact else None
    wanted = sorted(set(parsed.all_tokens), key=len, reverse=True)
    folded = _whole_words([raw_pattern([token]).pattern for token in wanted]) if wanted else None
    return typed, folded


def _whole_words(alternatives: list[str], flags: int = 0) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", flags)


def _first_exact(text: str, exact: list[str]) -> int | None:
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(word) for word in exact) + r")(?!\w)", re.IGNORECASE
    )
    hit = pattern.search(text.replace("Ð", "Đ").replace("ð", "đ"))
    return hit.start() if hit else None


def _first_hit(text: str, pattern: re.Pattern[str], step: int = 1500) -> int | None:
    """Where the first query word is, folding a piece at a time: hits are usually near the top of a page."""
    for start in range(0, len(text), step):
        piece_start = max(0, start - 40)  # a word cut at the piece boundary is found in the next piece
        hit = pattern.search(fold(text[piece_start : start + step]))
        if hit:
            return piece_start + hit.start()
    return None
