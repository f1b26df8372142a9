"""The evidence matrix as an XLSX laid out like the council's appraisal sheet: one row per criterion (code,
title, maximum, self-assessed points, evidence, flags) and an empty column for the council's remarks."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill

from model.report import CheckReport

HEADERS = ["TT", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá", "Trạng thái", "Tài liệu kiểm chứng", "Cảnh báo",
           "Ý kiến Hội đồng"]  # fmt: skip
STATUS_NAMES = {"covered": "Đủ", "gap": "Thiếu", "flagged": "Cần xem", "survey": "Điều tra XHH",
                "not_applicable": "Không áp dụng"}  # fmt: skip
FILLS = {"gap": "F8D7DA", "flagged": "FFF3CD", "covered": "D4EDDA"}
WIDTHS = [8, 60, 10, 12, 14, 60, 50, 40]


def write_xlsx(report: CheckReport, path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Ma trận kiểm chứng"
    sheet.append(
        [
            f"Kết quả kiểm tra tài liệu kiểm chứng — {report.unit or ''} — năm {report.year} ({report.framework})"
        ]
    )
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for item in report.criteria:
        evidence = "\n".join(f"{e.file} ({e.number or 'không số'}): {e.reason}" for e in item.evidence)
        flags = "\n".join(f"{flag.code}: {flag.message}" for flag in item.flags)
        sheet.append([item.code, item.title, item.max_points, item.claimed_points, STATUS_NAMES.get(item.status),
                      evidence, flags, ""])  # fmt: skip
        fill = FILLS.get(item.status)
        if fill:
            sheet.cell(sheet.max_row, 5).fill = PatternFill("solid", fgColor=fill)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    summary = report.summary
    sheet.append([])
    total = (
        f"Tổng: {summary.criteria_total} tiêu chí; đủ {summary.covered}; thiếu {summary.gaps}; cần xem "
        f"{summary.flagged}; điểm có nguy cơ mất {summary.points_at_risk:g}/{summary.points_max:g}"
    )
    sheet.append(
        ["", total if summary.points_claimed is None else f"{total}; điểm tự chấm {summary.points_claimed:g}"]
    )
    _flag_sheet(workbook, report)
    workbook.save(str(path))


def _flag_sheet(workbook: openpyxl.Workbook, report: CheckReport) -> None:
    """Every flag on one sheet (the matrix shows a criterion's; duplicates, unreadable files and rows of the
    self-assessment table the framework has no criterion for show only here), for the council to filter."""
    sheet = workbook.create_sheet("Cảnh báo")
    sheet.append(["Mã cảnh báo", "Mức độ", "Tiêu chí", "Tệp", "Nội dung", "Trích dẫn / văn bản gốc"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for flag in report.flags + [flag for item in report.criteria for flag in item.flags]:
        sheet.append([flag.code, flag.severity.value, flag.criterion, flag.file, flag.message, flag.text])
    for index, width in enumerate([22, 10, 10, 30, 80, 80], start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
