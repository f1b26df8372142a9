"""A legal database's record page saved as the evidence file (vbpl.vn "Thuộc tính": `Số hiệu`, `Loại văn
bản`, `Ngày ban hành`, `Cơ quan ban hành`, `Người ký`, each label alone on its line and its value on the next).

Such a page is not the signed document and has no header block, so every header reader comes back empty; its
own labelled fields say what the document is. They are read as what they are, with the flag
`document.record_page` so that a reviewer asks for the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from extract.issuer import canonical_body
from extract.numbers import find_number

LABELS = {
    "Số hiệu": "number",
    "Loại văn bản": "doc_type",
    "Ngày ban hành": "issue_date",
    "Ngày ký xác thực": "issue_date",  # a consolidated text is dated by its authentication
    "Cơ quan ban hành": "issuer",
    "Chức danh": "signer_title",
    "Người ký": "signer",
}
REQUIRED = {"number", "doc_type", "issuer"}
SEARCH_LINES = 300
TITLE_LINES = 6
EMPTY = {"", "--", "-"}


@dataclass(frozen=True)
class RecordPage:
    fields: dict[str, str]  # canonical values by record field
    sources: dict[str, str]  # "Số hiệu: 8376 /VBHN-BTP", the text each came from
    issue_date: date | None


def _labelled(lines: list[str]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for index, line in enumerate(lines[:SEARCH_LINES]):
        field = LABELS.get(line.strip())
        if field and field not in found and index + 1 < len(lines):
            value = " ".join(lines[index + 1].split())
            if value not in EMPTY:
                found[field] = (value, f"{line.strip()}: {value}")
    return found


def _subject(lines: list[str], doc_type: str, number: str) -> tuple[str, str] | None:
    """The page's title line: `<type> số <number> <subject>`."""
    title = re.compile(rf"^{re.escape(doc_type)}\s+số\s+{re.escape(number)}\s+(.+)$", re.IGNORECASE)
    for index, line in enumerate(lines[:SEARCH_LINES]):
        match = title.match(" ".join(line.split()))
        if not match:
            continue
        parts = [match.group(1)]
        for follow in lines[index + 1 : index + 1 + TITLE_LINES]:
            if not follow.strip()[:1].islower():
                break  # a long title wraps in lower case; "TRANG CHỦ", "Thuộc tính" are the page's menus
            parts.append(follow.strip())
        return " ".join(" ".join(parts).split()).strip(" ."), " / ".join([line.strip(), *parts[1:]])
    return None


def find_record_page(lines: list[str]) -> RecordPage | None:
    found = _labelled(lines)
    if not found.keys() >= REQUIRED:
        return None
    fields = {field: value for field, (value, _) in found.items()}
    sources = {field: source for field, (_, source) in found.items()}
    number = find_number([f"Số: {fields['number']}"])
    subject = _subject(lines, fields["doc_type"], found["number"][0])
    if number and number.value:
        fields["number"] = number.value
    fields["issuer"] = canonical_body(fields["issuer"])[0]
    if subject:
        fields["subject"], sources["subject"] = subject
    when = None
    if "issue_date" in fields:
        try:
            when = datetime.strptime(fields["issue_date"], "%d/%m/%Y").date()
        except ValueError:
            when = None
    return RecordPage(fields, sources, when)
