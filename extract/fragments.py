"""Rebuilds the header's logical lines when a conversion broke them into fragments, one per line.

Texts converted from web pages (each styled span a line) and some PDF text layers print the number and the
place-and-date line in pieces: `Số:` / `27` / `/202` / `5` / `/TT-BTC`, `Luật số:` / `64` / `/202` / `5` / `/QH1`
/ `5`, `Hà Nội, ngày 09` / `tháng 12` / `năm 2025`. Every reader parses a line at a time, so it would read
`27/202` or no date at all. Only the header block is rebuilt (above the first line of the body): a citation
broken the same way in the preamble is the body's, and stays as it is.
"""

from __future__ import annotations

import re

from extract.dates import DATE_SLOT, DAY, MONTH, PLACE, YEAR
from extract.numbers import BODY_START, LOOKALIKES, NUMBER_LABEL

HEADER_LINES = 40  # the header block is looked for in this many lines at most
MAX_PIECES = 8  # a number or a date line is never broken into more pieces than this
# one piece of a broken number: no spaces, the characters of numbers and symbols (a citation's ";" may end it)
NUMBER_PIECE = re.compile(r"^[0-9A-Za-zĐđÐð&.()/…_-]{1,24}[;,]?$")
DATE_WORD = re.compile(rf"{DAY}|{MONTH}|{YEAR}")
YEAR_WORD = re.compile(YEAR)
NUMERIC_DATE = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$")
# the start of a broken place-and-date line: the place and its comma, maybe "ngày" and the first slots
DATE_START = re.compile(PLACE + r"[^\S\n]*,(?P<rest>[^\n]*)$")


def rebuild_header(lines: list[str]) -> list[str]:
    """The lines with the header's broken number and date lines joined back into one line each."""
    end = next((i for i, line in enumerate(lines[:HEADER_LINES]) if BODY_START.match(line)), None)
    end = min(len(lines), HEADER_LINES) if end is None else end
    rebuilt: list[str] = []
    index = 0
    while index < end:
        joined, used = _number_line(lines, index, end) or _date_line(lines, index, end) or (lines[index], 1)
        rebuilt.append(joined)
        index += used
    return rebuilt + lines[end:]


def _number_line(lines: list[str], index: int, end: int) -> tuple[str, int] | None:
    """`Số:` followed by the number's pieces on the next lines: the label line with the pieces appended."""
    line = lines[index].rstrip()
    label = NUMBER_LABEL.match(line.translate(LOOKALIKES))
    if label is None:
        return None
    rest = line[label.end() :].strip()
    if rest and not NUMBER_PIECE.match(rest):
        return None  # the label line holds more than a piece: not broken (or not a number)
    used, taken = 1, 0
    for offset in range(index + 1, min(end, index + 1 + 2 * MAX_PIECES)):
        piece = lines[offset].strip()
        if not piece:
            used += 1  # a blank line between two pieces
            continue
        if taken >= MAX_PIECES or not _continues_number(rest, piece):
            break
        rest, used, taken = rest + piece, offset - index + 1, taken + 1
    if not taken:
        return None
    return f"{line[: label.end()].rstrip()} {rest}", _trim_blanks(lines, index, used)


def _continues_number(rest: str, piece: str) -> bool:
    """Whether `piece` goes on the number read so far: it starts one, follows or starts a separator, or ends
    a run of digits broken mid-way (`/202` + `5`, `/QH1` + `5`). Two runs of letters are never joined: a
    heading broken as `NGHỊ` / `ĐỊNH` comes next and is no symbol."""
    if not NUMBER_PIECE.match(piece):
        return False
    if not rest:
        return piece[0].isdigit() or piece[0] in "/-.…_"
    if rest.endswith(("/", "-")) or piece.startswith(("/", "-")):
        return True
    digits = piece.rstrip(";,")
    return digits.isdigit() and len(digits) <= 4 and _cut_short(rest)


def _cut_short(rest: str) -> bool:
    """Whether the number read so far ends in a run of digits cut short: the sequence alone (`27`), a year's
    first digits (`…/202`), a legislature's number missing its last digit (`…/QH1`). A whole year or symbol
    (`…/2025`, `…/QH15`) takes no more digits: a footnote mark on the next line is not part of it."""
    last = re.split(r"[/-]", rest)[-1]
    return rest.isdigit() or (last.isdigit() and len(last) < 4) or bool(re.fullmatch(r"[A-Za-zĐđ]+\d", last))


def _date_line(lines: list[str], index: int, end: int) -> tuple[str, int] | None:
    """`Hà Nội, ngày 09` / `tháng 12` / `năm 2025`: the place-and-date line joined with spaces, up to its year."""
    start = DATE_START.search(lines[index].strip())
    if start is None or not _date_tokens(start.group("rest").split()):
        return None
    joined, tokens = lines[index].strip(), start.group("rest").split()
    used = 1
    for offset in range(index + 1, min(end, index + 1 + 2 * MAX_PIECES)):
        if _has_year(tokens):
            break
        piece = lines[offset].strip()
        if not piece:
            used += 1
            continue
        if not _date_tokens(piece.split()):
            break
        joined, tokens, used = f"{joined} {piece}", tokens + piece.split(), offset - index + 1
    if used == 1 or not _has_year(tokens):
        return None
    return joined, _trim_blanks(lines, index, used)


def _date_tokens(tokens: list[str]) -> bool:
    """Whether the words are pieces of a date line: the date words, the slots' values (OCR's letters for digits
    among them), a blank's dots, or a whole numeric date."""
    return all(
        DATE_WORD.fullmatch(token.lower()) or DATE_SLOT.fullmatch(token) or NUMERIC_DATE.match(token)
        for token in tokens
    )


def _has_year(tokens: list[str]) -> bool:
    folded = [token.lower() for token in tokens]
    after_year_word = len(folded) >= 2 and bool(YEAR_WORD.fullmatch(folded[-2])) and len(folded[-1]) == 4
    return after_year_word or bool(folded and NUMERIC_DATE.match(folded[-1]))


def _trim_blanks(lines: list[str], index: int, used: int) -> int:
    """Blank lines after the last piece are not the joined line's: they stay where they were."""
    while used > 1 and not lines[index + used - 1].strip():
        used -= 1
    return used
