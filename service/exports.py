"""What the secretariat publishes: the ranking table by group, and every unit's appraisal sheet at once."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from model.people import GROUP_LABELS, Role, UnitGroup, UserInfo
from service.context import AppContext
from service.dashboard import UnitRow, dashboard
from service.people import require_role

HEADER = [
    "Xếp hạng",
    "Đơn vị",
    "Điểm thẩm định",
    "Điểm điều tra XHH",
    "Điểm bộ, ngành",
    "Tổng điểm",
    "Ghi chú",
]
WIDTHS = [10, 48, 16, 18, 16, 12, 40]


def ranking_workbook(context: AppContext, user: UserInfo, year: int) -> bytes:
    """One sheet per group (departments, special agencies, communes), ranked by the published total."""
    require_role(user, Role.admin, Role.council)
    rows = dashboard(context, user, year)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for group in UnitGroup:
        members = [row for row in rows if row.group == group]
        if members:
            _group_sheet(workbook.create_sheet(GROUP_LABELS[group][:31]), members, year)
    if not workbook.worksheets:
        workbook.create_sheet("Xếp hạng").append([f"Chưa có đơn vị nào của năm {year}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _group_sheet(sheet: Worksheet, members: list[UnitRow], year: int) -> None:
    sheet.append([f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year} — {sheet.title.upper()}"])
    sheet.append(HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in sorted(members, key=lambda r: (r.rank or 10_000, r.unit)):
        note = "chưa có điểm điều tra xã hội học" if row.survey_missing else ""
        if row.appraised is None:
            note = "chưa thẩm định"
        sheet.append(
            [row.rank, row.unit, row.appraised, row.survey_points, row.ministry_points, row.total, note]
        )
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:G{sheet.max_row}"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4


def all_sheets(context: AppContext, user: UserInfo, year: int) -> bytes:
    """Every visible unit's appraisal sheet of the year, one XLSX per unit in a ZIP."""
    from service.appraisal import appraisal_sheet

    require_role(user, Role.admin, Role.council)
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in dashboard(context, user, year):
            if row.framework is None:
                continue
            name = sheet_name(row.unit, used)
            archive.writestr(
                f"bang-tham-dinh-{year}/{name}.xlsx", appraisal_sheet(context, user, row.unit, year)
            )
    return buffer.getvalue()


def sheet_name(unit: str, used: set[str]) -> str:
    """A file name for the unit's sheet that no other unit's takes: units whose names differ only in characters
    a file name cannot hold, in case or in Unicode composition would otherwise overwrite each other when the
    ZIP is unpacked (Windows and macOS fold case); a later one gets " (2)", " (3)"… `used` is updated."""
    import unicodedata

    unit = unicodedata.normalize("NFC", unit)
    safe = "".join(ch if ch.isalnum() or ch in " -_()" else "_" for ch in unit).strip() or "don-vi"
    name, number = safe, 1
    while name.casefold() in used:
        number += 1
        name = f"{safe} ({number})"
    used.add(name.casefold())
    return name
