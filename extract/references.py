"""Documents the text cites (`Căn cứ Quyết định số 876/QĐ-BNV ngày 10/11/2022 của Bộ Nội vụ`), each with
its number, type, date and issuer as written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extract.numbers import NUMBER_TOKEN, parse_number
from model.records import Reference

_TYPES = (
    "Nghị quyết liên tịch|Thông tư liên tịch|Văn bản hợp nhất|Nghị quyết|Nghị định|Quyết định|Thông tư|Chỉ thị|"
    "Kế hoạch|Báo cáo|Công văn|Văn bản|Thông báo|Hướng dẫn|Chương trình|Tờ trình|Kết luận|Luật|Pháp lệnh|"
    "Quy định|Quy chế|Đề án|Công điện"
)
CITATION = re.compile(
    rf"(?P<type>{_TYPES})\s+(?:số\s*:?\s*)?(?P<number>\d[\w/&.\-Đđ ]*?)(?=[\s,;.)]|$)", re.IGNORECASE
)
CITED_DATE = re.compile(
    r"^\s*,?\s*ngày\s+(?P<d>\d{1,2})\s*(?:tháng\s+|/|-|\.)(?P<m>\d{1,2})\s*(?:năm\s+|/|-|\.)(?P<y>\d{4})"
)
CITED_ISSUER = re.compile(
    r"^\s*,?\s*(?:của|do)\s+(?P<issuer>[^;,.\n]+?)(?=\s+(?:về|quy định|ban hành|hướng dẫn)\b|[;,.\n]|$)"
)
ABBREVIATED = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân"}


@dataclass(frozen=True)
class CitationFound:
    reference: Reference
    line_index: int


def _number(raw: str) -> str | None:
    token = NUMBER_TOKEN.match(raw.strip())
    if token is None:
        return None
    found = parse_number(token.group("seq"), token.group("sep"), token.group("symbol"), raw, 0)
    return found.value


def find_references(lines: list[str]) -> list[CitationFound]:
    found: list[CitationFound] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        for match in CITATION.finditer(line):
            number = _number(match.group("number"))
            if number is None or ("/" not in number and "-" not in number) or number in seen:
                continue
            seen.add(number)
            rest = line[match.end() :]
            cited_on = None
            date_match = CITED_DATE.match(rest)
            if date_match:
                try:
                    cited_on = date(
                        int(date_match.group("y")), int(date_match.group("m")), int(date_match.group("d"))
                    )
                except ValueError:
                    cited_on = None
                rest = rest[date_match.end() :]
            issuer_match = CITED_ISSUER.match(rest)
            issuer = issuer_match.group("issuer").strip() if issuer_match else None
            if issuer:
                issuer = " ".join(ABBREVIATED.get(word, word) for word in issuer.split())
            kind = match.group("type")
            kind = "Công văn" if kind.lower() == "văn bản" else kind  # "Văn bản số 123/UBND-VP" is a công văn
            reference = Reference(
                number=number, doc_type=kind[0].upper() + kind[1:].lower(), issue_date=cited_on, issuer=issuer,
                text=line.strip(),
            )  # fmt: skip
            found.append(CitationFound(reference, index))
    return found
