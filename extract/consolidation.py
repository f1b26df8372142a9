"""A consolidated text (văn bản hợp nhất) prints the original's header on top and its own number, issuer and
date in the authentication block at the end (`XÁC THỰC VĂN BẢN HỢP NHẤT`; some write `XÁC NHẬN`): that block
decides them, not the original's header."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.dates import DateFound, find_issue_date
from extract.issuer import IssuerFound, find_issuer
from extract.numbers import NumberFound, find_number

MARK = re.compile(r"XÁC (?:THỰC|NHẬN) VĂN BẢN HỢP NHẤT")
# lines around the mark (blank ones included) where the number, the date and the issuer stand
NUMBER_ABOVE, DATE_BELOW, ISSUER_ABOVE = 6, 4, 4


@dataclass(frozen=True)
class Authentication:
    number: NumberFound
    mark_line: str
    issuer: IssuerFound | None
    date: DateFound | None


def find_authentication(lines: list[str]) -> Authentication | None:
    """The last authentication block of the page's lines, with the number beside it."""
    for index in range(len(lines) - 1, -1, -1):
        if not MARK.search(lines[index].upper()):
            continue
        near = range(max(0, index - NUMBER_ABOVE), min(len(lines), index + DATE_BELOW))
        for offset in sorted((i for i in near if i != index), key=lambda i: abs(i - index)):
            found = find_number([lines[offset]])
            if found is None or not found.value or found.abbreviation_type != "Văn bản hợp nhất":
                continue  # the consolidation's own number is a VBHN one; "Thông tư số …" above is the original
            above = lines[max(0, offset - ISSUER_ABOVE) : offset]
            issuer = find_issuer([*above, lines[offset]], len(above))
            date = find_issue_date(lines[index + 1 : index + 1 + DATE_BELOW])
            return Authentication(found, lines[index], issuer, date)
    return None
