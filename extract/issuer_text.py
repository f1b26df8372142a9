"""Issuers as running text names them (`UBND tỉnh Lâm Đồng`, `Chủ tịch UBND tỉnh`, `Giám đốc sở Khoa học và
Công nghệ`), found at the start of a text and written in DESIGN.md's full form (`Ủy ban nhân dân tỉnh Lâm
Đồng`), so a cited issuer compares with the issuer read from a file's header.

Running text has no end marker for a name: a name from the gazetteer (`extract/data/bodies.yaml`, the one
`extract/issuer.py` reads headers with) ends where the gazetteer says; other bodies end at the words that
start the rest of a citation (`về`, `ban hành`, punctuation).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from extract.issuer import gazetteer

ABBREVIATED = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "TP.": "thành phố", "TP": "thành phố"}
TITLES = re.compile(r"(?i)^(chủ tịch|phó chủ tịch|giám đốc|bộ trưởng|trưởng ban|trưởng đoàn)\s+(?=\S)")
PLACE = re.compile(r"(?i)^\s+(tỉnh|thành phố|xã|phường|đặc khu|huyện|thị xã|thị trấn|quận)\b")
# the words that end a body's name in a citation when the gazetteer does not know the body
NAME_END = re.compile(
    r"\s+(?:về|ban hành|giao|trình|tình hình|mời|tại|kèm|theo|đã|có|phê duyệt|thông báo|Kết luận)\b"
    r"|\s*[;.():\n]|\s*,(?!\s*Bộ\s)|$"
)
MAX_NAME = 240  # characters: no name is longer, and the rest of a cell need not be scanned
PLACE_NAME = re.compile(r"^\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][\w’'-]*)(?:\s+[A-ZĐ0-9][\w’'-]*){0,3})")


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("Uỷ", "Ủy").replace("uỷ", "ủy").casefold()


@cache
def _bodies() -> list[tuple[str, bool]]:
    """(name, provincial?) longest first, so `Sở Văn hóa, Thể thao và Du lịch` wins over a shorter prefix."""
    data = gazetteer()
    names = [(name, False) for name in data["central"]] + [(name, True) for name in data["provincial"]]
    return sorted(names, key=lambda item: -len(item[0]))


@cache
def _provinces() -> list[str]:
    data = gazetteer()
    return sorted(set(data["provinces_2025"] + data["provinces_before_2025"]), key=len, reverse=True)


def _expand(text: str) -> str:
    return re.sub(r"\b(UBND|HĐND|TP\.?)(?=\s|$)", lambda m: ABBREVIATED[m.group(1)], text)


def _known_body(text: str) -> tuple[str, bool, int] | None:
    key = _key(text)
    for name, provincial in _bodies():
        if key.startswith(_key(name)) and not key[len(name) : len(name) + 1].isalnum():
            return name, provincial, len(name)
    return None


def _place(text: str) -> tuple[str | None, str | None, int]:
    """(`tỉnh`, `Lâm Đồng`, length) after a body's name; the name is None when the text says only `tỉnh`."""
    match = PLACE.match(text)
    if match is None:
        return None, None, 0
    kind, rest = match.group(1).lower(), text[match.end() :]
    if kind == "tỉnh":
        for province in _provinces():
            if _key(rest).startswith(_key(" " + province)):
                return kind, province, match.end() + 1 + len(province)
        return kind, None, match.end()
    named = PLACE_NAME.match(rest)
    if named is None:
        return kind, None, match.end()
    return kind, named.group(1), match.end() + named.end()


def read_issuer(text: str, home: str | None = None) -> tuple[str, int] | None:
    """The issuer at the start of `text` in full form, and how many characters of `text` it took; None when
    the text does not start with a name. A bare `tỉnh` after a provincial body means `home` when given."""
    text = text[:MAX_NAME]
    return _read_expanded(_expand(text), home, text)


def _read_expanded(text: str, home: str | None, original: str) -> tuple[str, int] | None:
    title_match = TITLES.match(text)
    title = title_match.group(1).capitalize() if title_match else None
    body_text = text[title_match.end() :] if title_match else text
    known = _known_body(body_text)
    if known is None:
        if not body_text[:1].isupper() or title:
            return None
        end = NAME_END.search(body_text)
        span = body_text[: end.start() if end else len(body_text)].strip()
        if not span or len(span.split()) > 20 or re.search(r"\d+\s?[/-]\s?[A-ZĐ]", span):
            return None
        name = " ".join(span.split())
        if home and name.endswith(" tỉnh"):  # "Trung tâm xúc tiến … tỉnh": the unit's own province
            name = f"{name} {home}"
        return name, _original_length(original, text, len(span))
    name, provincial, used = known
    kind, province, place_used = _place(body_text[used:])
    if kind == "tỉnh" and province is None and home and (provincial or title):
        province = home
    place = f" {kind} {province}" if kind and province else (f" {kind}" if kind else "")
    full = f"{title + ' ' if title else ''}{name}{place}"
    consumed = (title_match.end() if title_match else 0) + used + place_used
    return full, _original_length(original, text, consumed)


def _original_length(original: str, expanded: str, consumed: int) -> int:
    """Characters of the original text behind `consumed` characters of its abbreviation-expanded form."""
    if original == expanded:
        return consumed
    prefix = expanded[:consumed]
    for length in range(len(original) + 1):
        if _expand(original[:length]).rstrip() == prefix.rstrip():
            return length
    return consumed


def _parts(name: str) -> tuple[str | None, str | None]:
    """(the gazetteer body, the place) of a full issuer name; None for what it does not name."""
    title = TITLES.match(name)
    body_text = name[title.end() :] if title else name
    known = _known_body(body_text)
    rest = body_text[known[2] :] if known else body_text
    place = re.search(r"(?i)\b(?:tỉnh|thành phố|xã|phường|đặc khu|huyện|thị xã|thị trấn|quận)\s+\S.*$", rest)
    return (known[0] if known else None), (_key(place.group(0)) if place else None)


def issuers_agree(cited: str | None, found: str | None) -> bool:
    """Whether a cited issuer can be the issuer read from a file: unknown on either side, one name inside the
    other (`Chủ tịch Ủy ban nhân dân tỉnh X` and `Ủy ban nhân dân tỉnh X`), or nothing that contradicts (two
    different bodies of the gazetteer, two different places). A body the gazetteer does not know (`Đoàn kiểm
    tra liên ngành 500`) contradicts nothing by its name alone."""
    if not cited or not found:
        return True
    if _key(cited) in _key(found) or _key(found) in _key(cited):
        return True
    (cited_body, cited_place), (found_body, found_place) = _parts(cited), _parts(found)
    if cited_body and found_body and cited_body != found_body:
        return False
    return not (cited_place and found_place and cited_place != found_place)
