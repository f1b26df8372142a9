"""Drafts: a document still being written is not evidence. The reasons, each one a reviewer can check:

- a `DỰ THẢO` mark (Nghị định 30, Phụ lục I, ô 11: the draft's mark, alone on its line near the top, or in
  brackets after the title: `ĐIỀU LỆ … (DỰ THẢO)`), never a mention in a sentence (`góp ý dự thảo báo cáo`);
- tracked changes or comments left in a Word file;
- no signer block at the end of a typed document (a scan's signer is often unread: not a reason there); an
  office's internal form (`PHIẾU TRÌNH`, `PHIẾU CHUYỂN`, …) is signed off in its table of who reviewed it, not
  in a signer block, so it is not a reason there either.

A blank number or day is flagged by extraction (`number.blank`, `date.blank`) and is not repeated here, and a
digitally signed PDF is never called a draft (its number and day are stamped at signing).
"""

from __future__ import annotations

import re
import unicodedata

from model.records import ExtractRecord, TextSource

MARK = re.compile(r"^\(?\s*(?:dự\s+thảo)(?:\s+(?:lần\s+)?\d+)?\s*\)?$", re.IGNORECASE)
MARK_AFTER_TITLE = re.compile(r"\((?:DỰ THẢO|Dự thảo)(?:\s+(?:lần\s+)?\d+)?\)\s*$")
TOP_LINES = 15
# an office's internal forms: their sign-off is a table of reviewers (Chuyên viên, Lãnh đạo phòng, …)
FORM_HEADING = re.compile(r"^PHIẾU\s+(?:TRÌNH|CHUYỂN|XỬ\s+LÝ|BÁO|GIẢI\s+QUYẾT)\b")
MARKS = {"tracked_changes": "còn theo dõi sửa đổi (Track Changes)", "comments": "còn ghi chú góp ý (comment)"}
TYPED = {TextSource.docx, TextSource.text, TextSource.plain}


def draft_reasons(record: ExtractRecord) -> list[str]:
    """Why the document looks like a draft, in Vietnamese, for the flag's detail; empty for a final one."""
    if record.signatures:
        return []
    reasons: list[str] = []
    top = _top_lines(record)
    mark = _draft_mark(top)
    if mark is not None:
        reasons.append(f'có dấu "{mark}"')
    reasons.extend(MARKS[mark] for mark in record.draft_marks or [] if mark in MARKS)
    typed = (
        record.marks is None
        and record.pages
        and all(page.source in TYPED for page in record.pages if page.text.strip())
    )
    unsigned = record.number is not None and record.signer is None and record.signer_title is None
    if typed and unsigned and not any(FORM_HEADING.match(line) for line in top):
        reasons.append("không có phần chữ ký, họ tên người ký")
    return reasons


def _top_lines(record: ExtractRecord) -> list[str]:
    pages = [page for page in record.pages if page.text.strip()]
    if not pages:
        return []
    lines = unicodedata.normalize("NFC", pages[0].text).split("\n")[:TOP_LINES]
    return [line.strip().replace("\xa0", " ") for line in lines]


def _draft_mark(top: list[str]) -> str | None:
    for line in top:
        if MARK.match(line):
            return line.strip("() ")
        found = MARK_AFTER_TITLE.search(line)
        if found:
            return found.group(0).strip("() ")
    return None
