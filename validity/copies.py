"""Copies (Nghị định 30/2020/NĐ-CP, Điều 25–27): a `SAO Y`, `SAO LỤC` or `TRÍCH SAO` block under the copied
text, with the copying body, the copy's own number (`Số: 05/SY-VP`), place and date, and its signer.

The block is found on the last pages (it follows the original), its own number and date are read from the lines
after the form's name, and all of it is kept in `copy_block`, apart from the original's number, date and issuer
that extraction read from the header: a copy never overwrites what it copies.
"""

from __future__ import annotations

import re
import unicodedata

from extract.dates import find_issue_date
from extract.numbers import find_number
from model.records import CopyBlock, ExtractRecord

# the form's name standing alone on its line, or at the end of the copying body's line (two columns read as one)
FORM = re.compile(r"(?:^|\s{2,}|^.*\S\s+)(SAO Y(?: BẢN CHÍNH)?|SAO LỤC|TRÍCH SAO)\s*$")
BLOCK_LINES = 12  # the form, the body, the number, the date, the signer's title fit in these
LAST_PAGES = 2


def find_copy(record: ExtractRecord) -> CopyBlock | None:
    """The copy block of the document's last pages, or None for an original."""
    pages = [page for page in record.pages if page.text.strip()][-LAST_PAGES:]
    for page in reversed(pages):
        lines = unicodedata.normalize("NFC", page.text).split("\n")
        for index, line in enumerate(lines):
            match = FORM.match(line.strip())
            if match is None:
                continue
            block = lines[max(0, index - 2) : index + BLOCK_LINES]
            return _block(match.group(1), block, line, page.number)
    return None


def _block(form: str, block: list[str], form_line: str, page: int) -> CopyBlock:
    number = find_number(block, max_lines=len(block))
    found_date = find_issue_date(block, max_lines=len(block))
    body = form_line.strip()[: -len(form)].strip() or None
    return CopyBlock(
        form="SAO Y" if form.startswith("SAO Y") else form,
        number=number.value if number is not None else None,
        issue_date=found_date.value if found_date is not None else None,
        issuer=body,
        page=page,
        text="\n".join(line.strip() for line in block if line.strip())[:500],
    )
