"""Periodic PAR reports are due by the 20th of the period's last month (Văn bản 581/BNV-CCHC): quarter I by
20 March, six months by 20 June, quarter III (or nine months) by 20 September, the year by 20 December."""

from __future__ import annotations

import re
from datetime import date

from matcher.framework import Deadline, Period

# (pattern on the subject, period, the period's last month)
PERIODS = [
    (re.compile(r"quý\s*(i|1)\b(?!i)", re.IGNORECASE), Period.quarter, 3),
    (re.compile(r"(6|sáu)\s*tháng", re.IGNORECASE), Period.half_year, 6),
    (re.compile(r"quý\s*(ii|2)\b(?!i)", re.IGNORECASE), Period.quarter, 6),
    (re.compile(r"quý\s*(iii|3)\b|(9|chín)\s*tháng", re.IGNORECASE), Period.quarter, 9),
    (re.compile(r"quý\s*(iv|4)\b", re.IGNORECASE), Period.quarter, 12),
    (re.compile(r"\bnăm\s+\d{4}\b", re.IGNORECASE), Period.year, 12),
]


def due_date(subject: str, year: int, deadlines: list[Deadline]) -> date | None:
    """The date a report with this subject was due, when the criterion sets a deadline for its period."""
    days = {deadline.period: deadline.due_day for deadline in deadlines}
    for pattern, period, month in PERIODS:
        if pattern.search(subject):  # the most specific period named decides ("quý I năm 2025" is a quarter)
            return date(year, month, days[period]) if period in days else None
    return None
