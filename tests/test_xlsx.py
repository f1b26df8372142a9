"""The appraisal sheet (`check --xlsx`): the framework's tree with subtotals, Vietnamese labels, print setup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from matcher import load_framework
from matcher.framework import Framework
from matcher.matrix import build_report
from matcher.xlsx import write_xlsx
from model.flags import SEVERITY_LABELS, flag_title
from model.records import CriterionMatch, MatchRecord
from model.report import STATE_LABELS, CheckReport

WINDOW = {"from": "Y-01-01", "to": "Y-12-31"}
RULE = {"doc_types": ["Kế hoạch"], "phrases": ["cải cách hành chính"], "window": WINDOW}
FRAMEWORK = Framework.model_validate(
    {"id": "thu-2025", "title": "Bộ tiêu chí thử", "decision": "01/QĐ-BNV", "level": "department",
     "criteria": [
         {"code": "1", "title": "Lĩnh vực một", "max_points": 5, "children": [
             {"code": "1.1", "title": "Kế hoạch CCHC", "max_points": 2, "evidence": RULE},
             {"code": "1.2", "title": "Tuyên truyền", "max_points": 3, "children": [
                 {"code": "1.2.1", "title": "Kế hoạch tuyên truyền", "max_points": 1, "evidence": RULE},
                 {"code": "1.2.2", "title": "Báo cáo tuyên truyền", "max_points": 2, "evidence": RULE}]}]},
         {"code": "2", "title": "Lĩnh vực hai", "max_points": 4, "children": [
             {"code": "2.1", "title": "Thủ tục hành chính", "max_points": 4, "children": [
                 {"code": "2.1.1", "title": "Công khai thủ tục", "max_points": 1.5, "evidence": RULE},
                 {"code": "2.1.2", "title": "Mức độ hài lòng", "max_points": 2.5, "assessment": "survey"}]}]}]}
)  # fmt: skip
ORDER = ["1", "1.1", "1.2", "1.2.1", "1.2.2", "2", "2.1", "2.1.1", "2.1.2"]
CLAIMS = {"1.1": 2.0, "1.2.1": 0.5, "2.1.1": 1.25}


def _record(file: str, code: str, issued: date) -> MatchRecord:
    match = CriterionMatch(code=code, score=0.9, reason="thử")
    return MatchRecord(file=f"unit/{file}", number=f"{len(file)}/KH-UBND", doc_type="Kế hoạch", issue_date=issued,
                       subject="Cải cách hành chính", criteria=[match])  # fmt: skip


def _report() -> CheckReport:
    """1.1 and 2.1.1 covered, 1.2.1 flagged (dated outside the year), 1.2.2 a gap, 2.1.2 survey; a few claims."""
    records = [_record("ke-hoach.pdf", "1.1", date(2025, 2, 1)), _record("tuyen-truyen.pdf", "1.2.1", date(2023, 5, 1)),
               _record("cong-khai.pdf", "2.1.1", date(2025, 3, 1))]  # fmt: skip
    report = build_report(records, FRAMEWORK, 2025, "Sở Nội vụ tỉnh Thử")
    for item in report.criteria:
        item.claimed_points = CLAIMS.get(item.code)
    return report


def _sheet(tmp_path: Path, report: CheckReport, framework: Framework) -> tuple[Worksheet, Worksheet, int]:
    out = tmp_path / "ma-tran.xlsx"
    write_xlsx(report, framework, out)
    workbook = openpyxl.load_workbook(out)
    matrix = workbook.worksheets[0]
    header = next(row[0].row for row in matrix.iter_rows() if row[0].value == "TT")
    return matrix, workbook["Cảnh báo"], header


def _table(sheet: Worksheet, header: int) -> tuple[dict[str, int], list[tuple]]:
    """Column index by header name, and the table's rows (up to the first empty row)."""
    names = [cell.value for cell in sheet[header]]
    rows = []
    for row in sheet.iter_rows(min_row=header + 1, values_only=True):
        if not row[0]:
            break
        rows.append(row)
    return {name: index for index, name in enumerate(names)}, rows


def _expected(report: CheckReport, code: str) -> dict[str, float | int | None]:
    """An upper row's subtotals, from the report's leaves under it (by code prefix)."""
    leaves = [item for item in report.criteria if item.code.startswith(code + ".")]
    claims = [item.claimed_points for item in leaves if item.claimed_points is not None]
    return {
        "Điểm tối đa": sum(item.max_points for item in leaves),
        "Điểm tự đánh giá": sum(claims) if claims else None,
        "Điểm có nguy cơ mất": sum(item.max_points for item in leaves if item.status in ("gap", "flagged")),
        "Số tiêu chí thiếu tài liệu": sum(item.status == "gap" for item in leaves),
        "Số tiêu chí có cảnh báo": sum(item.status == "flagged" for item in leaves),
    }


def test_rows_follow_the_tree_with_subtotals(tmp_path: Path) -> None:
    report = _report()
    statuses = {item.code: item.status for item in report.criteria}
    assert statuses == {"1.1": "covered", "1.2.1": "flagged", "1.2.2": "gap", "2.1.1": "covered",
                        "2.1.2": "survey"}  # fmt: skip
    matrix, _, header = _sheet(tmp_path, report, FRAMEWORK)
    column, rows = _table(matrix, header)
    assert [row[0] for row in rows] == ORDER
    by_code = {row[0]: row for row in rows}
    leaves = {item.code: item for item in report.criteria}
    for code in ORDER:
        row = by_code[code]
        if code in leaves:
            assert row[column["Điểm tối đa"]] == leaves[code].max_points
            assert row[column["Điểm tự đánh giá"]] == CLAIMS.get(code)
            assert row[column["Trạng thái"]] == STATE_LABELS[leaves[code].status]
            continue
        for name, value in _expected(report, code).items():
            assert row[column[name]] == pytest.approx(value), (code, name)
        assert row[column["Trạng thái"]] is None
    assert by_code["1"][column["Điểm có nguy cơ mất"]] == pytest.approx(3)  # 1.2.1 flagged, 1.2.2 a gap
    assert by_code["2"][column["Điểm tự đánh giá"]] == pytest.approx(1.25)
    assert by_code["1.2"][column["Lĩnh vực / Tiêu chí / Tiêu chí thành phần"]] == "Tuyên truyền"


def test_upper_rows_are_bold_and_leaves_are_not(tmp_path: Path) -> None:
    matrix, _, header = _sheet(tmp_path, _report(), FRAMEWORK)
    bold = {
        row[0].value: bool(row[1].font.bold)
        for row in matrix.iter_rows(min_row=header + 1, max_row=header + 9)
    }
    assert bold == {code: code in ("1", "1.2", "2", "2.1") for code in ORDER}


def test_flags_in_vietnamese_with_a_code_column(tmp_path: Path) -> None:
    report = _report()
    matrix, flags, header = _sheet(tmp_path, report, FRAMEWORK)
    column, rows = _table(matrix, header)
    by_code = {row[0]: row for row in rows}
    gap = by_code["1.2.2"]
    assert gap[column["Mã cảnh báo"]] == "evidence.gap"
    text = gap[column["Cảnh báo"]]
    assert text.startswith(f"{SEVERITY_LABELS['error']} – {flag_title('evidence.gap')}")
    assert "evidence.gap" not in text and "chưa có tài liệu kiểm chứng hợp lệ" in text
    outside = by_code["1.2.1"]
    assert outside[column["Mã cảnh báo"]] == "date.outside_period"
    assert flag_title("date.outside_period") in outside[column["Cảnh báo"]]
    assert "tuyen-truyen.pdf" in outside[column["Cảnh báo"]] and "01/05/2023" in outside[column["Cảnh báo"]]
    assert "ke-hoach.pdf" in by_code["1.1"][column["Tài liệu kiểm chứng"]]
    assert all(row[column["Ý kiến Hội đồng"]] is None for row in rows)  # left to the council
    # the flag sheet: every flag once, Vietnamese severity and title, the code in its own column
    flag_column, flag_rows = _table(flags, 1)
    expected = report.flags + [flag for item in report.criteria for flag in item.flags]
    assert [row[flag_column["Mã cảnh báo"]] for row in flag_rows] == [flag.code for flag in expected]
    for row, flag in zip(flag_rows, expected, strict=True):
        assert row[flag_column["Mức độ"]] == SEVERITY_LABELS[flag.severity]
        assert row[flag_column["Cảnh báo"]] == flag_title(flag.code)
        assert row[flag_column["Tiêu chí"]] == flag.criterion


def test_title_summary_and_print_setup(tmp_path: Path) -> None:
    report = _report()
    matrix, flags, header = _sheet(tmp_path, report, FRAMEWORK)
    title = " ".join(str(matrix.cell(row, 1).value) for row in range(1, header))
    assert (
        "Sở Nội vụ tỉnh Thử" in title
        and "2025" in title
        and "Bộ tiêu chí thử" in title
        and "thu-2025" in title
    )
    last = header + len(ORDER)
    assert matrix.freeze_panes == f"C{header + 1}"
    assert matrix.auto_filter.ref == f"A{header}:L{last}"
    assert flags.freeze_panes == "A2"
    assert (
        flags.auto_filter.ref == f"A1:H{1 + len(report.flags) + sum(len(i.flags) for i in report.criteria)}"
    )
    for sheet, row in ((matrix, header), (flags, 1)):
        assert sheet.page_setup.orientation == "landscape"
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows.replace("$", "") == f"{row}:{row}"
    assert matrix.cell(header, 1).font.bold
    summary = [matrix.cell(row, 1).value for row in range(last + 1, matrix.max_row + 1)]
    text = next(line for line in summary if line and line.startswith("Tổng:"))
    assert f"thiếu {report.summary.gaps}" in text and f"{report.summary.points_max:g}" in text


def test_bundled_framework_tree(tmp_path: Path) -> None:
    """The provincial framework: 99 rows in the framework's order, fields' subtotals from their leaves."""
    framework = load_framework("tinh-2025")
    record = _record("ke-hoach.pdf", "1.1", date(2025, 2, 1))
    report = build_report([record], framework, 2025, None)
    matrix, _, header = _sheet(tmp_path, report, framework)
    column, rows = _table(matrix, header)
    assert [row[0] for row in rows] == [criterion.code for criterion in framework.walk()]
    assert "(chưa ghi tên đơn vị)" in matrix.cell(1, 1).value
    for field in framework.criteria:
        row = next(row for row in rows if row[0] == field.code)
        for name, value in _expected(report, field.code).items():
            assert row[column[name]] == pytest.approx(value), (field.code, name)
