from datetime import date

import pytest

from matcher.deadlines import due_date
from matcher.framework import Deadline, Period

ALL = [Deadline(period=period) for period in Period]


@pytest.mark.parametrize(
    ("subject", "due"),
    [
        ("Kết quả công tác cải cách hành chính quý I năm 2025", date(2025, 3, 20)),
        ("Công tác cải cách hành chính 6 tháng đầu năm 2025", date(2025, 6, 20)),
        ("Cải cách hành chính quý II năm 2025", date(2025, 6, 20)),
        ("Công tác cải cách hành chính quý III và phương hướng quý IV năm 2025", date(2025, 9, 20)),
        ("Kết quả 9 tháng năm 2025", date(2025, 9, 20)),
        ("Công tác cải cách hành chính năm 2025 và phương hướng năm 2026", date(2025, 12, 20)),
        ("Kiểm tra công tác văn thư", None),
    ],
)
def test_due_date_by_period(subject: str, due: date | None) -> None:
    assert due_date(subject, 2025, ALL) == due


def test_no_deadline_without_the_rule() -> None:
    assert due_date("Báo cáo quý I năm 2025", 2025, [Deadline(period=Period.year)]) is None
