"""Where the subject (trích yếu) ends, from what the page shows and the text alone.

In DOCX files and many PDFs the subject under a type heading is followed directly by the body, with no blank
line or rule in the text. The page still tells them apart: the subject block is set apart under the heading
(centred, usually bold), the body is running text (justified from the left margin, or opened by a list marker).
A line is judged on the layout the reader kept: a DOCX page's `set_apart` paragraphs, or the word boxes of a PDF
text layer or of OCR, where a subject line is centred under the heading and narrower than the text column; a
page without either is judged on its text alone (`opens_body`).
"""

from __future__ import annotations

import re

from extract.locate import Box, locate_lines
from model.records import Page

# a list marker opening a body paragraph: "I. MỤC ĐÍCH", "1. Kết quả", "1.2. …", "a) …", "- Tổng số …"
MARKER = re.compile(r"^\s*(?:[IVX]{1,5}\.|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|[-+•–]\s)\s*[A-ZĐÀ-Ỹ]")
# a line ending a paragraph; an abbreviation's dot ("TP.", "TX.") does not, nor a colon (a subject goes on after
# one: "… nhóm thủ tục hành chính:" / "Đăng ký thành lập hộ kinh doanh …")
PARAGRAPH_END = re.compile(r"(?<![\s(][A-Za-zĐđ]{2})(?<![\s(][A-Za-zĐđ])[.;]\s*$")
CENTRE_TOLERANCE = 0.04  # of the text column's width: OCR boxes and a scan's tilt move a centre a little
NARROWER_THAN = 0.93  # a subject line leaves room on both sides; a justified body line fills the column


def opens_body(line: str, previous: str) -> bool:
    """Text alone: a list marker, or a new sentence in capitals after a line that ended a paragraph."""
    if MARKER.match(line):
        return True
    # the range À-Ỹ holds lower-case letters too ("đảm bảo …" goes on a subject after its ";")
    return bool(PARAGRAPH_END.search(previous)) and line.strip()[:1].isupper()


def _column(page: Page) -> tuple[int, int] | None:
    """The text column's left and right edges: the words' outer edges, leaving the farthest few out."""
    words = page.words or []
    if len(words) < 20:
        return None
    lefts = sorted(word.bbox[0] for word in words)
    rights = sorted(word.bbox[2] for word in words)
    cut = len(words) // 50
    return lefts[cut], rights[-1 - cut]


def _centred(box: Box, centre: float, width: float) -> bool:
    middle = (box[0] + box[2]) / 2
    return abs(middle - centre) <= CENTRE_TOLERANCE * width and box[2] - box[0] < NARROWER_THAN * width


def set_apart(page: Page, heading: str, lines: list[str]) -> list[bool | None]:
    """For each of `lines` (those under the heading, in order): True when it is set apart like a subject line,
    False when it is running text, None when the page cannot tell (no layout kept, or the line not found)."""
    if page.set_apart is not None:
        apart = {" ".join(entry.split()) for entry in page.set_apart}
        return [(" ".join(line.split()) in apart) if line.strip() else None for line in lines]
    column = _column(page)
    if column is None:
        return [None] * len(lines)
    heading_box, *boxes = locate_lines(page, [heading, *lines])
    if heading_box is None:
        return [None] * len(lines)
    centre, width = (heading_box[0] + heading_box[2]) / 2, column[1] - column[0]
    return [None if box is None else _centred(box, centre, width) for box in boxes]
