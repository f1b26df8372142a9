"""Puts a header block back on top when a PDF text layer printed it after the first paragraphs.

Gazette PDFs (Công báo) draw the header table as a separate layer; text extraction then emits the issuer,
the `Số:` line and the place-and-date line after the "Căn cứ …" lines of the preamble. Every reader looks for
the header at the top, where the body has not started yet, so they would all miss it. A `Số:` line is taken
as a displaced header only when the motto or a place-and-date line stands beside it: a number cited in the
body never has either next to it.
"""

from __future__ import annotations

from extract.dates import DAY_MONTH_NUMBERS, DAY_MONTH_WORDS
from extract.issuer import MOTTO_PARTS
from extract.numbers import BODY_START, find_number

# how far below the top a displaced header is looked for, and how far its lines spread around the `Số:` line
SEARCH_LINES = 150
BEFORE, AFTER = 8, 3
MOTTO_WORDS = ("Độc lập", "CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI")


def _is_date_line(line: str) -> bool:
    return bool(DAY_MONTH_WORDS.search(line) or DAY_MONTH_NUMBERS.search(line))


def _is_motto(line: str) -> bool:
    return bool(MOTTO_PARTS.search(line)) and not line.lstrip().lower().startswith("ký bởi")


def _header_line(line: str) -> bool:
    """Blank, a rule, the motto or a capitalised name: what a header block above `Số:` is made of."""
    text = line.strip()
    if not text or _is_motto(text) or not any(c.isalpha() for c in text):
        return True
    return text == text.upper() and not BODY_START.match(text)


def restore_header_order(lines: list[str]) -> list[str]:
    """The lines with a displaced header block moved to the top; unchanged when the header is in place."""
    if find_number(lines) is not None:
        return lines
    body_started = False
    for index, line in enumerate(lines[:SEARCH_LINES]):
        body_started = body_started or bool(BODY_START.match(line))
        if not body_started or find_number([line]) is None:
            continue
        around = lines[max(0, index - 4) : index + AFTER + 1]
        if not any(_is_motto(entry) or _is_date_line(entry) for entry in around if entry != line):
            continue
        start = index
        while start > max(0, index - BEFORE) and _header_line(lines[start - 1]):
            start -= 1
        end = index + 1
        while end < min(len(lines), index + AFTER + 1) and not _is_date_line(lines[end - 1]):
            end += 1
        if not _is_date_line(lines[end - 1]):
            end = index + 1  # no date line below: move the number line and what stands above it
        return lines[start:end] + lines[:start] + lines[end:]
    return lines
