"""The year a document is about, read from its subject, against the assessment year.

Why: the date window (matcher.framework.DateWindow) says when evidence may be issued, not what it is about. A
plan for next year issued in December (`Kế hoạch CCHC năm 2026` in a 2025 submission) and last year's plan
issued in the December the window admits (`Kế hoạch CCHC năm 2024`) both pass the date check, yet neither is
the plan the year's criterion asks for. What counts (DESIGN.md, reference/par-criteria.md): the assessment
year Y is the year evaluated; its evidence is the unit's work of Y, with reports on Y admitted into January of
Y+1. So:

- a subject naming Y anywhere (alone, with another year `tổng kết năm 2024, phương hướng năm 2025`, or inside
  a range `giai đoạn 2021-2025`, `năm học 2024-2025`) is about Y;
- a subject naming only Y-1, issued in Y, is the unit's work of Y on last year (the report on 2024 results
  issued in January 2025, the plan to remedy the 2024 index): legitimate, not flagged;
- a subject naming only other years is about another year: a later year (a plan for Y+1), Y-1 when issued
  before Y or undated (last year's own plan), Y-2 or older whenever issued.

Only periods count: `năm 2026`, `quý I năm 2025`, `6 tháng đầu năm 2024`, a `2021-2025` range. Not the years in
document numbers (`12/2024/QĐ-UBND`), nor targets (`đến năm 2030`, `tầm nhìn đến năm 2045`), nor a bare year
in a name (`Kiểm toán Nhà nước 2024`).
"""

from __future__ import annotations

import re
from datetime import date

_YEAR = r"((?:19|20)\d\d)"
# a range of years: `2021-2025`, `2021 - 2025`, `2021–2025`, `từ năm 2021 đến năm 2025`
_RANGE = re.compile(rf"{_YEAR}\s*[-–—]\s*{_YEAR}|từ năm\s+{_YEAR}\s+đến(?:\s+năm)?\s+{_YEAR}", re.IGNORECASE)
# a target or horizon, not a period the document covers
_TARGET = re.compile(rf"(?:đến|tới|tầm nhìn(?:\s+đến)?|trước)\s+(?:hết\s+)?năm\s+{_YEAR}", re.IGNORECASE)
# a year in a document number (`12/2024/QĐ-UBND`, `30/2020/NĐ-CP`)
_NUMBERED = re.compile(rf"\d+\s*/\s*{_YEAR}\s*/", re.IGNORECASE)
_PERIOD = re.compile(rf"\bnăm\s+{_YEAR}\b", re.IGNORECASE)


def subject_years(subject: str | None) -> set[int]:
    """The years whose period the subject names (a range counts every year in it)."""
    if not subject:
        return set()
    text = _NUMBERED.sub(" ", subject)
    found: set[int] = set()
    for match in _RANGE.finditer(text):
        first, last = (int(group) for group in match.groups() if group)
        if first <= last <= first + 30:
            found.update(range(first, last + 1))
    text = _TARGET.sub(" ", _RANGE.sub(" ", text))
    found.update(int(match.group(1)) for match in _PERIOD.finditer(text))
    return found


def other_year(subject: str | None, issued: date | None, year: int) -> int | None:
    """The year the document is about when that is not the assessment year and not legitimately last year's
    (see the module docstring); None when it is about `year`, or names no year."""
    years = subject_years(subject)
    if not years or year in years:
        return None
    last_year_issued_in_year = years == {year - 1} and issued is not None and issued.year >= year
    if last_year_issued_in_year:
        return None
    later = [named for named in years if named > year]
    return min(later) if later else max(years)


def other_year_detail(about: int, year: int) -> str:
    """The flag's detail, naming both years."""
    return f"năm {about}, không phải năm đánh giá {year}"
