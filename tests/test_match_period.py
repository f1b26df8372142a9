"""The year a document is about (matcher.period): should-flag and should-not-flag tables, the stage's flag and
the flag carried onto the criteria where the document is placed as evidence."""

from __future__ import annotations

from datetime import date

import pytest

from matcher import load_framework
from matcher.matrix import build_report
from matcher.period import other_year, subject_years
from matcher.stage import MatchStage
from model.records import ExtractRecord

FRAMEWORK = load_framework("tinh-2025")
YEAR = 2025


@pytest.mark.parametrize(
    ("subject", "issued", "about"),
    [
        # next year's plan, issued inside the window (December)
        ("Kế hoạch cải cách hành chính năm 2026", date(2025, 12, 20), 2026),
        ("Chuyển đổi số tỉnh Lâm Đồng năm 2026", date(2025, 12, 31), 2026),
        ("Kế hoạch kiểm tra công tác CCHC quý I năm 2026", date(2025, 12, 25), 2026),
        # last year's own plan, issued last year (a window admitting December of Y-1 lets its date pass)
        ("Cải cách hành chính nhà nước năm 2024", date(2024, 12, 10), 2024),
        # last year's, date unknown: nothing shows it is the unit's work of this year
        ("Báo cáo kết quả công tác CCHC năm 2024", None, 2024),
        # two years back, whenever issued
        ("Kết quả công tác cải cách hành chính năm 2023", date(2025, 2, 1), 2023),
        ("Báo cáo 6 tháng đầu năm 2023", date(2023, 6, 15), 2023),
        # a range that ends before the year
        ("Kế hoạch CCHC giai đoạn 2016-2020", date(2025, 3, 1), 2020),
        # a later year and an earlier one, no assessment year: about the later
        ("Tổng kết năm 2024, phương hướng năm 2026", date(2025, 12, 1), 2026),
    ],
)
def test_other_year_flagged(subject: str, issued: date | None, about: int) -> None:
    assert other_year(subject, issued, YEAR) == about


@pytest.mark.parametrize(
    ("subject", "issued"),
    [
        ("Kế hoạch cải cách hành chính năm 2025", date(2024, 12, 20)),  # the year's plan, issued in December
        ("Kết quả công tác cải cách hành chính quý I năm 2025", date(2025, 3, 19)),
        ("Báo cáo CCHC năm 2025", date(2026, 1, 14)),  # the year's report, in the January grace
        # the report on last year's results issued this year, a plan to remedy last year's index
        ("Báo cáo kết quả công tác CCHC năm 2024", date(2025, 1, 10)),
        ("Khắc phục tồn tại, hạn chế Chỉ số CCHC năm 2024", date(2025, 5, 6)),
        # both years named
        ("Tổng kết công tác năm 2024, phương hướng nhiệm vụ năm 2025", date(2025, 1, 5)),
        # ranges that hold the year
        ("Kế hoạch CCHC giai đoạn 2021-2025", date(2021, 3, 1)),
        ("Kế hoạch CCHC giai đoạn 2021 – 2030", date(2021, 3, 1)),
        ("Tuyển sinh năm học 2024-2025", date(2024, 8, 1)),
        ("Kế hoạch CCHC từ năm 2021 đến năm 2025", date(2021, 3, 1)),
        # targets and horizons, document numbers, bare years in names: not periods
        ("Chiến lược chuyển đổi số đến năm 2030, tầm nhìn đến năm 2045", date(2025, 4, 1)),
        ("Triển khai Quyết định số 12/2024/QĐ-UBND về quy chế làm việc", date(2025, 4, 1)),
        ("Thực hiện kiến nghị của Kiểm toán Nhà nước 2024", date(2025, 12, 20)),
        ("Thực hiện Nghị định 30/2020/NĐ-CP về công tác văn thư", date(2025, 4, 1)),
        # no year, no subject
        ("Công bố danh mục thủ tục hành chính", date(2025, 4, 1)),
        (None, date(2025, 4, 1)),
    ],
)
def test_this_year_not_flagged(subject: str | None, issued: date) -> None:
    assert other_year(subject, issued, YEAR) is None


def test_subject_years_reads_periods_only() -> None:
    assert subject_years("quý IV năm 2024 và 6 tháng đầu năm 2025") == {2024, 2025}
    assert subject_years("giai đoạn 2021-2023") == {2021, 2022, 2023}
    assert subject_years("số 5/2023/QĐ-UBND, đến năm 2030") == set()


def _record(subject: str, issued: date, name: str = "kh.pdf") -> ExtractRecord:
    return ExtractRecord(file=f"unit/{name}", pages=[], status="ok", number="10/KH-UBND", doc_type="Kế hoạch",
                         issuer="Ủy ban nhân dân tỉnh Lâm Đồng", issue_date=issued, subject=subject)  # fmt: skip


def test_stage_flags_the_year_and_names_both() -> None:
    stage = MatchStage(FRAMEWORK, 0.6, YEAR)
    matched = stage.run(_record("Cải cách hành chính năm 2026", date(2025, 12, 20)))
    flags = [flag for flag in matched.flags if flag.code == "document.other_year"]
    assert len(flags) == 1 and flags[0].severity == "warning"
    assert "2026" in flags[0].message and "2025" in flags[0].message
    # matched again (a stored record), the flag is this run's, once
    again = stage.run(matched)
    assert [flag.code for flag in again.flags].count("document.other_year") == 1
    this_year = stage.run(_record("Cải cách hành chính năm 2025", date(2024, 12, 20)))
    assert not [flag for flag in this_year.flags if flag.code == "document.other_year"]


def test_stage_without_assessment_year_does_not_guess() -> None:
    matched = MatchStage(FRAMEWORK, 0.6).run(_record("Cải cách hành chính năm 2026", date(2025, 12, 20)))
    assert not [flag for flag in matched.flags if flag.code == "document.other_year"]


def test_the_flag_goes_with_the_document_onto_its_criteria() -> None:
    stage = MatchStage(FRAMEWORK, 0.6, YEAR)
    matched = stage.run(_record("Cải cách hành chính nhà nước năm 2026", date(2025, 12, 20)))
    report = build_report([matched], FRAMEWORK, YEAR, None)
    placed = [status for status in report.criteria if status.evidence]
    assert placed, "the plan should still be placed (with its flag), not silently dropped"
    for status in placed:
        assert "document.other_year" in [flag.code for flag in status.flags], status.code
