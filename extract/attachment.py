"""The document a text is part of, as its first page names it under its heading: a charter or a name list sent
with a decision prints `(Kèm theo Quyết định số …/QĐ-UBND ngày … của Chủ tịch UBND tỉnh)` (Nghị định 30/2020
Phụ lục I: a text issued with a decision names the decision under its own title).

Why: such a part is not a document of its own; its evidence is the document it belongs to, and matching says so
when nothing places it (matcher/unmatched.py). Read here, at extraction, so the stored record keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "(Ban hành kèm theo Quyết định số 12/QĐ-UBND ngày …)" at the start of a line, in its parenthesis: a running
# sentence ("Kèm theo Quyết định số 15, Ủy ban …") is no such line
ATTACHED = re.compile(
    r"^\(\s*(?:ban hành\s+)?kèm theo\s+"
    r"((?:quyết định|nghị quyết|tờ trình|công văn|kế hoạch|thông báo)\s+số\b[^()]*)",
    re.IGNORECASE,
)
TOP_LINES = 25


@dataclass(frozen=True)
class Attachment:
    """The document named (blanks of a number not yet given kept) and the lines it was read from."""

    parent: str
    lines: list[str]


def find_attachment(lines: list[str]) -> Attachment | None:
    """The document the first page's top lines say this text is part of, or None for a document of its own."""
    top = [" ".join(line.split()) for line in lines[:TOP_LINES]]
    for at, line in enumerate(top):
        found = ATTACHED.match(line)
        if found is None:
            continue
        named, read = found.group(1), [line]
        if ")" not in line and at + 1 < len(top):  # the parenthesis goes on to the next line
            named += " " + top[at + 1].split(")")[0]
            read.append(top[at + 1])
        return Attachment(" ".join(named.split()).rstrip(" ,."), read)
    return None
