"""The evidence matrix as an XLSX laid out like a provincial appraisal council's sheet, in Vietnamese: the
framework's tree (field → criterion → sub-criterion), upper rows bold with subtotals of their leaves, a leaf row
per scored criterion (status, evidence, flags), an empty column for the council's remarks; frozen header,
autofilter, A4 landscape fitted to the width with the header repeated on every page. A second sheet lists every
flag. Raw flag codes stay only in their own column, for filtering."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matcher.framework import Criterion, Framework
from model.flags import SEVERITY_LABELS, Flag, flag_title
from model.report import STATE_LABELS, CheckReport, CriterionStatus

MATRIX = "Ma trận kiểm chứng"
FLAGS = "Cảnh báo"
TITLE_ROWS = 2  # title, framework; the header follows
HEADER_ROW = TITLE_ROWS + 1
# (header, width); the points and count columns hold numbers, subtotals on the upper rows
COLUMNS = [("TT", 9), ("Lĩnh vực / Tiêu chí / Tiêu chí thành phần", 44), ("Điểm tối đa", 8),
           ("Điểm tự đánh giá", 9), ("Điểm có nguy cơ mất", 9), ("Trạng thái", 12),
           ("Số tiêu chí thiếu tài liệu", 9), ("Số tiêu chí có cảnh báo", 9), ("Tài liệu kiểm chứng", 42),
           ("Cảnh báo", 48), ("Mã cảnh báo", 16), ("Ý kiến Hội đồng", 30)]  # fmt: skip
NUMBERS = range(3, 9)  # columns C..H, centred
FLAG_COLUMNS = [("TT", 6), ("Mức độ", 10), ("Cảnh báo", 26), ("Nội dung", 60), ("Tiêu chí", 9), ("Tệp", 28),
                ("Trích dẫn / văn bản gốc", 50), ("Mã cảnh báo", 22)]  # fmt: skip
STATUS_FILLS = {"gap": "F8D7DA", "flagged": "FFF3CD", "covered": "D4EDDA"}
LEVEL_FILLS = {0: "D9E1F2", 1: "EDF1F9"}  # fields, then criteria with sub-criteria
HEADER_FILL = "BDD7EE"
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
AT_RISK = ("gap", "flagged")


@dataclass
class Row:
    """One row of the matrix: a leaf carries its status; an upper row the subtotals of its leaves."""

    code: str
    title: str
    depth: int
    max_points: float
    claimed: float | None
    at_risk: float
    gaps: int
    flagged: int
    status: CriterionStatus | None = None

    @property
    def upper(self) -> bool:
        return self.status is None


def _leaf_row(status: CriterionStatus, depth: int) -> Row:
    risky = status.status in AT_RISK
    return Row(status.code, status.title, depth, status.max_points, status.claimed_points,
               status.max_points if risky else 0.0, int(status.status == "gap"), int(status.status == "flagged"),
               status)  # fmt: skip


def tree_rows(criterion: Criterion, by_code: dict[str, CriterionStatus], depth: int = 0) -> list[Row]:
    """The criterion's row, then its descendants'; an upper row sums its children's (so its leaves')."""
    if not criterion.children:
        status = by_code.get(criterion.code) or CriterionStatus(
            code=criterion.code, title=criterion.title, max_points=criterion.max_points, status=""
        )
        return [_leaf_row(status, depth)]
    below = [tree_rows(child, by_code, depth + 1) for child in criterion.children]
    children = [rows[0] for rows in below]
    claims = [row.claimed for row in children if row.claimed is not None]
    head = Row(criterion.code, criterion.title, depth, criterion.max_points,
               round(sum(claims), 3) if claims else None, round(sum(row.at_risk for row in children), 3),
               sum(row.gaps for row in children), sum(row.flagged for row in children))  # fmt: skip
    return [head] + [row for rows in below for row in rows]


def matrix_rows(report: CheckReport, framework: Framework) -> list[Row]:
    """The framework's tree; a criterion of the report the framework lacks (another version) comes last."""
    by_code = {status.code: status for status in report.criteria}
    rows = [row for criterion in framework.criteria for row in tree_rows(criterion, by_code)]
    known = {row.code for row in rows}
    return rows + [_leaf_row(status, 0) for status in report.criteria if status.code not in known]


def flag_line(flag: Flag) -> str:
    where = f" ({flag.file})" if flag.file else ""
    return f"{SEVERITY_LABELS.get(flag.severity, flag.severity)} – {flag_title(flag.code)}{where}: {flag.message}"


def _values(row: Row) -> list[object]:
    if row.status is None:
        return [row.code, row.title, row.max_points, row.claimed, row.at_risk, None, row.gaps, row.flagged,
                None, None, None, None]  # fmt: skip
    item = row.status
    evidence = "\n".join(f"{e.file} ({e.number or 'không số'}): {e.reason}" for e in item.evidence)
    codes = "\n".join(dict.fromkeys(flag.code for flag in item.flags))
    return [row.code, row.title, row.max_points, row.claimed, row.at_risk, STATE_LABELS.get(item.status),
            None, None, evidence or None, "\n".join(flag_line(f) for f in item.flags) or None, codes or None,
            None]  # fmt: skip


def _style_row(sheet: Worksheet, index: int, row: Row) -> None:
    for column, cell in enumerate(sheet[index], start=1):
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center" if column in NUMBERS
                                   else None, indent=min(row.depth, 3) * 2 if column == 2 else 0)  # fmt: skip
        if row.upper:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=LEVEL_FILLS.get(row.depth, "F2F2F2"))
    fill = STATUS_FILLS.get(row.status.status) if row.status else None
    if fill:
        sheet.cell(index, 6).fill = PatternFill("solid", fgColor=fill)


def _header(sheet: Worksheet, columns: list[tuple[str, int]], row: int) -> None:
    """Header cells, column widths, frozen panes below the header, autofilter, the header on every page."""
    for column, (name, width) in enumerate(columns, start=1):
        cell = sheet.cell(row, column, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = BORDER
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.print_title_rows = f"{row}:{row}"


def _print_setup(sheet: Worksheet, header: int, columns: int, freeze: str) -> None:
    sheet.auto_filter.ref = f"A{header}:{get_column_letter(columns)}{max(sheet.max_row, header)}"
    sheet.freeze_panes = freeze
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "Trang &P/&N"


def _title(sheet: Worksheet, report: CheckReport, framework: Framework) -> None:
    unit = report.unit or "(chưa ghi tên đơn vị)"
    decision = f", Quyết định {framework.decision}" if framework.decision else ""
    lines = [f"KẾT QUẢ KIỂM TRA TÀI LIỆU KIỂM CHỨNG — {unit} — năm {report.year}",
             f"Bộ tiêu chí: {framework.title} (mã {framework.id}{decision})"]  # fmt: skip
    for row, text in enumerate(lines, start=1):
        sheet.cell(row, 1, text).font = Font(bold=True, size=14 if row == 1 else 11)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS))
        sheet.row_dimensions[row].height = 22


def summary_line(report: CheckReport) -> str:
    summary = report.summary
    total = (
        f"Tổng: {summary.criteria_total} tiêu chí; đủ {summary.covered}; thiếu {summary.gaps}; cần xem "
        f"{summary.flagged}; điểm có nguy cơ mất {summary.points_at_risk:g}/{summary.points_max:g}"
    )
    return total if summary.points_claimed is None else f"{total}; điểm tự chấm {summary.points_claimed:g}"


def write_xlsx(report: CheckReport, framework: Framework, path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = MATRIX
    _title(sheet, report, framework)
    _header(sheet, COLUMNS, HEADER_ROW)
    for row in matrix_rows(report, framework):
        sheet.append(_values(row))
        _style_row(sheet, sheet.max_row, row)
    _print_setup(sheet, HEADER_ROW, len(COLUMNS), freeze=f"C{HEADER_ROW + 1}")
    notes = [summary_line(report), "Điểm có nguy cơ mất: tổng điểm tối đa của các tiêu chí thiếu tài liệu hoặc "
             "có cảnh báo mức Lỗi; dòng in đậm là tổng của các tiêu chí thành phần."]  # fmt: skip
    sheet.append([])
    for text in notes:
        sheet.append([text])
        sheet.merge_cells(
            start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(COLUMNS)
        )
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(sheet.max_row - 1, 1).font = Font(bold=True)
    _flag_sheet(workbook, report)
    workbook.save(str(path))


def _flag_sheet(workbook: openpyxl.Workbook, report: CheckReport) -> None:
    """Every flag on one sheet (the matrix shows a criterion's; duplicates, unreadable files and rows of the
    self-assessment table the framework has no criterion for show only here), for the council to filter."""
    sheet = workbook.create_sheet(FLAGS)
    _header(sheet, FLAG_COLUMNS, 1)
    flags = report.flags + [flag for item in report.criteria for flag in item.flags]
    for number, flag in enumerate(flags, start=1):
        sheet.append([number, SEVERITY_LABELS.get(flag.severity, flag.severity), flag_title(flag.code),
                      flag.message, flag.criterion, flag.file, flag.text, flag.code])  # fmt: skip
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = BORDER
    _print_setup(sheet, 1, len(FLAG_COLUMNS), freeze="A2")
