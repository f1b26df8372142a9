"""`kiemchung framework import`: DOCX and XLSX tables in the real layout (TT | Lĩnh vực/Tiêu chí/Tiêu chí
thành phần | Điểm chuẩn | Điểm tự đánh giá | Tài liệu kiểm chứng), generated from the bundled framework."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from corpus.models import AuditEntry
from kiemchung.cli import app
from kiemchung.cli_common import unix_actor
from matcher import load_framework
from matcher.importer import build_framework, read_table
from model.settings import Settings
from service.context import AppContext

HEADER = [
    "TT",
    "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
    "Điểm chuẩn",
    "Điểm tự đánh giá",
    "Tài liệu kiểm chứng",
]


def _table_rows(mutate=None) -> list[list[str]]:
    rows = []
    for criterion in load_framework("tinh-2025").walk():
        title = criterion.title.upper() if "." not in criterion.code else criterion.title
        points = f"{criterion.max_points:.2f}".replace(".", ",")  # Vietnamese decimal comma
        rows.append([criterion.code, title, points, points, "- Kế hoạch số 01/KH-UBND ngày 10/01/2025"])
    return mutate(rows) if mutate else rows


def _docx(path: Path, rows: list[list[str]]) -> Path:
    document = docx.Document()
    document.add_paragraph("Phụ lục: BẢNG CHẤM ĐIỂM")
    document.add_table(rows=1, cols=2).cell(
        0, 0
    ).text = "bảng phụ"  # a smaller table that is not the framework
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.save(str(path))
    return path


def _xlsx(path: Path, rows: list[list[str]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CCHC"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(
            [row[0], row[1], float(row[2].replace(",", ".")), float(row[3].replace(",", ".")), row[4]]
        )
    workbook.save(str(path))
    return path


@pytest.mark.parametrize("writer", [_docx, _xlsx], ids=["docx", "xlsx"])
def test_import_reproduces_the_table(tmp_path: Path, writer) -> None:
    path = writer(tmp_path / f"bang.{writer.__name__[1:]}", _table_rows())
    framework = build_framework(read_table(path), "tinh-thu", "Thử", "province", [2025])
    bundled = load_framework("tinh-2025")
    assert [(c.code, c.max_points) for c in framework.walk()] == [
        (c.code, c.max_points) for c in bundled.walk()
    ]
    assert [c.title for c in framework.criteria] == [
        c.title for c in bundled.criteria
    ]  # fields in sentence case
    assert framework.problems() == []
    leaf = framework.find("1.2")
    assert leaf is not None and leaf.evidence is not None
    assert leaf.evidence.doc_types == ["Báo cáo"] and len(leaf.evidence.deadlines) == 3
    # imported rules admit the year's reports up to the January self-assessment deadline, as the bundled ones do
    assert leaf.evidence.window is not None and leaf.evidence.window.reports_end == "Y+1-01-23"


def _break(rows: list[list[str]]) -> list[list[str]]:
    rows[1][2] = "2,50"  # 1.1 now 2.5 points: field 1 no longer sums to 8
    rows.append(list(rows[2]))  # 1.2 twice
    return rows


def test_inconsistent_table_is_refused_then_forced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIEMCHUNG_DATA_DIR", str(tmp_path / "data"))
    path = _docx(tmp_path / "bang.docx", _table_rows(_break))
    refused = CliRunner().invoke(app, ["framework", "import", str(path), "--id", "so-thu", "--year", "2025"])
    assert refused.exit_code == 2 and "(framework.inconsistent)" in refused.output
    # 1.1 at 2.5 instead of 1.5, and 1.2 (0.5) counted twice: 9.5
    assert "1: các tiêu chí con cộng được 9.5 điểm, tiêu chí có 8 điểm" in " ".join(refused.output.split())
    assert "mã 1.2 bị trùng" in refused.output
    assert not (tmp_path / "data" / "frameworks" / "so-thu.yaml").exists()
    forced = CliRunner().invoke(app, ["framework", "import", str(path), "--id", "so-thu", "--force"])
    assert forced.exit_code == 0, forced.output
    shown = CliRunner().invoke(app, ["framework", "show", "so-thu"])
    assert shown.exit_code == 0 and "1.1 Thực hiện kế hoạch CCHC — 2,5 điểm" in shown.stdout
    # the admin page's rules and audit: an id in use is not replaced unless --force, and a save names its user
    again = CliRunner().invoke(app, ["framework", "import", str(path), "--id", "so-thu"])
    assert again.exit_code == 2 and "(framework.exists)" in again.output
    bundled = CliRunner().invoke(app, ["framework", "import", str(path), "--id", "tinh-2025"])
    assert bundled.exit_code == 2 and "(framework.exists)" in bundled.output
    assert not (tmp_path / "data" / "frameworks" / "tinh-2025.yaml").exists()
    with (
        AppContext(Settings(data_dir=tmp_path / "data")) as context,
        Session(context.corpus.engine) as session,
    ):
        saves = [entry for entry in session.exec(select(AuditEntry)) if entry.action == "framework.save"]
    assert [(entry.entity_id, entry.actor, entry.detail["file"]) for entry in saves] == [
        ("so-thu", unix_actor(), "bang.docx")
    ]


def test_import_rejects_a_file_without_a_table(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Không có bảng", encoding="utf-8")
    result = CliRunner().invoke(app, ["framework", "import", str(path), "--id", "x"])
    assert result.exit_code == 2
    assert "Không đọc được bảng" in result.output and "Hãy nộp bảng dạng DOCX hoặc XLSX" in " ".join(
        result.output.split()
    )


def test_import_of_a_table_that_is_not_there_says_so_in_vietnamese(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["framework", "import", str(tmp_path / "bang.docx"), "--id", "x"])
    assert result.exit_code == 2 and "bang.docx" in result.output
    assert "Không tìm thấy tệp nào để đọc" in result.output and "(usage.no_input)" in result.output
    assert "FileNotFoundError" not in result.output and "internal.error" not in result.output


def test_framework_list_names_the_level_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIEMCHUNG_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(app, ["framework", "list"])
    assert result.exit_code == 0 and "Cấp tỉnh" in result.stdout and "province" not in result.stdout
