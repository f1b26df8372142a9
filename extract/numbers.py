"""The number and symbol (số, ký hiệu): found on the `Số:` line, repaired for OCR and typing noise, written in
DESIGN.md's canonical form, and classified by family (typed, công văn, normative, Party)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from extract.doctypes import TYPE_BY_ABBREVIATION, canonical_abbreviation

_TYPE_NAMES = "|".join(sorted({*TYPE_BY_ABBREVIATION.values(), "Luật", "Pháp lệnh"}, key=len, reverse=True))
# "Số:" as printed, and as OCR reads it (§ố, 5ố, Sô, a stamp's or a rule's strokes and specks before it:
# "_— Số:", ": _——— Số:"); "Luật số:", "Nghị quyết số:", "Văn bản hợp nhất số"
_SPECKS = r"[:;.,'\"`·•_—–~|]"
NUMBER_LABEL = re.compile(
    rf"(?i)^[^\S\n]*(?:{_SPECKS}(?:{_SPECKS}|-|[^\S\n])*)?(?:(?:{_TYPE_NAMES})[^\S\n]+)?(?:[S§5][ốôoó]|SỐ)[^\S\n]*[:.;]?[^\S\n]*(?=[\d\s/.…_-]|$)"
)
# OCR that garbled the label itself ("— đ:40/HCCV"): one or two letters and a colon at the start of a line;
# only accepted when a whole number token follows, and marked as repaired
GARBLED_LABEL = re.compile(r"^[^\S\n]*[—–\-.·•]?[^\S\n]*[^\W\d_]{1,2}[^\S\n]*:[^\S\n]*(?=\d)")
# Cyrillic letters that look Latin, found in real texts (DESIGN.md's traps): read as the Latin letter
LOOKALIKES = str.maketrans("АВСЕНКМОРТХаеорсух", "ABCEHKMOPTXaeopcyx")
# the header ends where the body starts; a "Số" line after it is a citation
BODY_START = re.compile(r"(?i)^\s*(căn cứ|điều 1\b|kính gửi)")
SYMBOL_CHARS = r"A-Za-zĐđÐð0-9&.()"
NUMBER_TOKEN = re.compile(
    rf"""^(?P<seq>[.…_]*|[0-9OoIl|]*(?:\.[0-9]+)?)[^\S\n]*(?P<sep>[/-])[^\S\n]*
        (?P<symbol>[{SYMBOL_CHARS}]+(?:[^\S\n]*[/-][^\S\n]*[{SYMBOL_CHARS}]+)*(?:[^\S\n][0-9]{{2,4}}\b)?)""",
    re.VERBOSE,
)
BLANK_SEQ = re.compile(r"^[\s._…]*$")
DIGIT_REPAIRS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})


@dataclass(frozen=True)
class NumberFound:
    value: str | None  # canonical number, None for a draft's blank number
    line: str  # the source line
    line_index: int
    blank: bool
    abbreviation_type: str | None  # document type implied by the symbol, "Công văn" for công văn
    repaired: bool  # OCR or typing noise was repaired
    raw: str = ""  # the number as it stands in the source, e.g. "1906 /SGDĐT-CTrTT"


def find_number(lines: list[str], max_lines: int = 40) -> NumberFound | None:
    """The `Số:` line of the header (the first one: later ones are references in the body)."""
    for index, raw in enumerate(lines[:max_lines]):
        if BODY_START.match(raw):
            break
        line = raw.translate(LOOKALIKES)
        match = NUMBER_LABEL.match(line) or GARBLED_LABEL.match(line)
        if not match:
            continue
        garbled = match.re is GARBLED_LABEL
        rest = line[match.end() :].strip()
        token = NUMBER_TOKEN.match(_join_cells(rest, lines[index + 1 : index + 4]))
        if token is None:
            continue
        found = parse_number(token.group("seq"), token.group("sep"), token.group("symbol"), raw, index)
        return replace(found, raw=token.group(0), repaired=found.repaired or garbled)
    return None


def _join_cells(rest: str, following: list[str]) -> str:
    """A number that table cells or a text layer broke over lines: "Số:" / "121" / "/" / "2025/TT-BTC"."""
    for line in following:
        piece = line.translate(LOOKALIKES).strip()
        if rest and not (rest.isdigit() or rest.endswith(("/", "-")) or piece.startswith(("/", "-"))):
            break
        if not piece or BODY_START.match(piece):
            break
        rest += piece
    return rest


def parse_number(seq: str, sep: str, symbol: str, line: str, index: int) -> NumberFound:
    if BLANK_SEQ.match(seq):
        symbol_canonical, _ = canonical_symbol(symbol)
        kind = type_from_symbol(symbol_canonical, sep)
        return NumberFound(None, line, index, True, kind, False)
    digits = seq.translate(DIGIT_REPAIRS)
    symbol_canonical, repaired = canonical_symbol(symbol)
    value = f"{digits}{sep}{symbol_canonical}"
    return NumberFound(
        value, line, index, False, type_from_symbol(symbol_canonical, sep), repaired or digits != seq
    )


def canonical_symbol(symbol: str) -> tuple[str, bool]:
    """Đ for Ð, no spaces around / and -, Phụ lục III spellings of type abbreviations."""
    text = unicodedata.normalize("NFC", symbol).replace("Ð", "Đ").replace("ð", "đ")
    text = re.sub(r"\s*([/-])\s*", r"\1", text.strip())
    parts = re.split(r"([/-])", text)
    fixed = [canonical_abbreviation(part) if part not in "/-" else part for part in parts]
    kind = next((index for index, part in enumerate(fixed) if part not in "/-" and not part.isdigit()), None)
    if kind is not None:
        fixed[kind] = _undoubled(fixed[kind])
    result = "".join(fixed)
    return result, result != text


def _undoubled(segment: str) -> str:
    """The type's abbreviation with an `Đ` OCR doubled on a phone photo (`QĐĐ`, `NĐĐ`) read once, when that
    spelling is a type's; only in the type's place, and only `Đ` (other letters double in agencies' codes:
    `BTTTT`, and `TTT` read once would be a Thông tư)."""
    if segment in TYPE_BY_ABBREVIATION or "ĐĐ" not in segment:
        return segment
    once = segment.replace("ĐĐ", "Đ", 1)
    return once if once in TYPE_BY_ABBREVIATION else segment


def type_from_symbol(symbol: str, sep: str) -> str | None:
    """The type a symbol names: `QĐ-UBND` Quyết định, `2020/NĐ-CP` Nghị định, `NQ/TU` Nghị quyết (Party)."""
    segments = [s for s in re.split(r"[/-]", symbol) if s]
    if not segments:
        return None
    if sep == "-":  # Party style: 12-NQ/TU
        return TYPE_BY_ABBREVIATION.get(segments[0])
    first = (
        segments[1] if segments[0].isdigit() and len(segments) > 1 else segments[0]
    )  # normative: year first
    if first in TYPE_BY_ABBREVIATION:
        return TYPE_BY_ABBREVIATION[first]
    if re.fullmatch(r"QH\d+", first):
        return "Luật"
    return "Công văn" if len(segments) >= 1 else None
