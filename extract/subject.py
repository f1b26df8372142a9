"""The subject (trích yếu): the lines under the type heading, or after `V/v` in a công văn."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.dates import DAY_MONTH_NUMBERS, DAY_MONTH_WORDS
from extract.issuer import MOTTO_PARTS

STOP = re.compile(
    r"(?i)^\s*(căn cứ|kính gửi|thực hiện|theo đề nghị|điều \d|chương [ivx\d]|phần [ivx\d]|quyết định:|"
    r"quyết nghị:|nơi nhận)|^[\s_\-–—=*.]+$|độc lập\s*-\s*tự do"
)
MAX_LINES = 4
VV = re.compile(r"(?i)^\s*V/v\s*[:.]?\s*(.*)$")


@dataclass(frozen=True)
class SubjectFound:
    value: str
    lines: tuple[str, ...]


def _continues(line: str, issuer_lines: set[str]) -> bool:
    stripped = line.strip()
    if not stripped or STOP.search(stripped) or MOTTO_PARTS.search(stripped) or stripped in issuer_lines:
        return False
    return not (DAY_MONTH_WORDS.search(stripped) or DAY_MONTH_NUMBERS.search(stripped))


def _tidy(parts: list[str]) -> str:
    text = " ".join(" ".join(parts).split()).strip(" .;:")
    if text and text == text.upper():  # printed in capitals: written in sentence case
        text = text[0] + text[1:].lower()
    return text


def find_subject(lines: list[str], heading_index: int | None, issuer_lines: set[str]) -> SubjectFound | None:
    if heading_index is not None:
        taken: list[str] = []
        for line in lines[heading_index + 1 : heading_index + 1 + MAX_LINES]:
            if not _continues(line, issuer_lines):
                break
            if taken and line.strip().isupper() != taken[0].isupper():
                break  # a subject keeps its case; "BỘ TRƯỞNG BỘ XÂY DỰNG" under it is the enacting authority
            taken.append(line.strip())
        return SubjectFound(_tidy(taken), tuple(taken)) if taken else None
    for index, line in enumerate(lines[:40]):
        match = VV.match(line)
        if not match:
            continue
        taken = [match.group(1)]
        for follow in lines[index + 1 : index + MAX_LINES]:
            if not _continues(follow, issuer_lines) or VV.match(follow) or follow.strip().isupper():
                break  # a công văn's subject wraps in lower case; a capitalised line is the next block
            taken.append(follow.strip())
        value = _tidy(taken)
        return SubjectFound(value, (line.strip(), *taken[1:])) if value else None
    return None
