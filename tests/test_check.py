"""`kiemchung check`: the evidence matrix of a generated unit with planted faults."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kiemchung.cli import app
from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.sample import PLAN, REPORT
from matcher import load_framework
from matcher.matrix import build_report
from model.records import CriterionMatch, MatchRecord


def _unit(folder: Path) -> Path:
    report = replace(REPORT, parent_issuer="UBND TỈNH LAI CHÂU", issuer="SỞ NỘI VỤ")
    old_plan = replace(
        PLAN, number="05/KH-SNV", issue_date=date(2023, 1, 10), subject="Tuyên truyền cải cách hành chính"
    )
    (folder / "ke-hoach.pdf").write_bytes(render_pdf(PLAN))
    (folder / "ke-hoach-ban-sao.pdf").write_bytes(render_pdf(PLAN))  # the same file twice
    (folder / "bao-cao-quy-1.docx").write_bytes(render_docx(report))
    (folder / "ke-hoach-tuyen-truyen-2023.pdf").write_bytes(render_pdf(old_plan))  # outside the 2025 window
    plan = replace(old_plan, number="06/KH-SNV", issue_date=date(2025, 1, 10))
    (folder / "ke-hoach-tuyen-truyen-2025.pdf").write_bytes(render_pdf(plan))  # the same plan, this year
    (folder / "hong.pdf").write_bytes(b"%PDF-1.4 broken")
    return folder


def test_check_finds_planted_faults(tmp_path: Path) -> None:
    folder = _unit(tmp_path)
    result = CliRunner().invoke(app, ["check", str(folder), "--framework", "tinh-2025", "--year", "2025", "--json",
                                      "--unit", "Sở Nội vụ"])  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["framework"], report["year"], report["unit"]) == ("tinh-2025", 2025, "Sở Nội vụ")
    status = {item["code"]: item for item in report["criteria"]}
    assert status["1.2"]["status"] == "covered"  # the quarterly report
    assert status["1.2"]["evidence"][0]["file"] == "bao-cao-quy-1.docx"
    assert status["1.1"]["status"] == "covered"  # the plan, where it fits best; not the old propaganda plan
    assert {e["file"] for e in status["1.1"]["evidence"]} == {"ke-hoach.pdf", "ke-hoach-ban-sao.pdf"}
    # evidence carrying an error flag makes the criterion "flagged" even beside valid evidence (DESIGN.md order)
    assert status["1.4"]["status"] == "flagged"
    assert "ke-hoach-tuyen-truyen-2025.pdf" in [e["file"] for e in status["1.4"]["evidence"]]
    assert "ke-hoach.pdf" not in [
        e["file"] for e in status["1.4"]["evidence"]
    ]  # the general plan fits 1.1 best
    outside = [f for f in status["1.4"]["flags"] if f["code"] == "date.outside_period"]
    assert [f["file"] for f in outside] == ["ke-hoach-tuyen-truyen-2023.pdf"]
    assert outside[0]["criterion"] == "1.4" and "10/01/2023" in outside[0]["message"]
    assert status["2.4"]["status"] == "gap" and status["2.4"]["flags"][0]["code"] == "evidence.gap"
    by_code: dict[str, list[str]] = {}
    for flag in report["flags"]:
        by_code.setdefault(flag["code"], []).append(flag.get("file"))
    assert by_code["document.duplicate"] == ["ke-hoach.pdf"]  # the copy names the file it repeats
    assert by_code["evidence.unreadable"] == ["hong.pdf"]
    summary = report["summary"]
    assert summary["covered"] + summary["gaps"] + summary["flagged"] == summary["criteria_total"] == 70
    at_risk = sum(item["max_points"] for item in report["criteria"] if item["status"] in ("gap", "flagged"))
    assert summary["points_at_risk"] == round(at_risk, 3)
    assert summary["flags_by_code"]["evidence.gap"] == summary["gaps"]
    assert {d["file"] for d in report["documents"]} >= {"ke-hoach.pdf", "hong.pdf"}


def test_check_fail_on_error_and_human_output(tmp_path: Path) -> None:
    folder = _unit(tmp_path)
    failing = CliRunner().invoke(app, ["check", str(folder), "--framework", "tinh-2025", "--year", "2025",
                                       "--fail-on", "error"])  # fmt: skip
    assert failing.exit_code == 1
    assert "Ma trận tài liệu kiểm chứng" in failing.stdout
    assert "điểm có nguy cơ mất" in " ".join(failing.stdout.split())
    assert "/61,5" in failing.stdout  # points as officials write them, with a decimal comma


def test_check_writes_the_appraisal_sheet(tmp_path: Path) -> None:
    import openpyxl

    (tmp_path / "unit").mkdir()
    folder = _unit(tmp_path / "unit")
    out = tmp_path / "ma-tran.xlsx"
    result = CliRunner().invoke(app, ["check", str(folder), "--framework", "tinh-2025", "--year", "2025", "--json",
                                      "--xlsx", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "năm 2025" in rows[0][0] and "tinh-2025" in rows[1][0]  # title: unit, year, framework
    assert rows[2] == ("TT", "Lĩnh vực / Tiêu chí / Tiêu chí thành phần", "Điểm tối đa", "Điểm tự đánh giá",
                       "Điểm có nguy cơ mất", "Trạng thái", "Số tiêu chí thiếu tài liệu", "Số tiêu chí có cảnh báo",
                       "Tài liệu kiểm chứng", "Cảnh báo", "Mã cảnh báo", "Ý kiến Hội đồng")  # fmt: skip
    table = [row for row in rows[3:] if row and row[0] and row[0][0].isdigit()]
    codes = [criterion.code for criterion in load_framework("tinh-2025").walk()]
    # fields, criteria, sub-criteria: 99 rows in the framework's order
    assert [row[0] for row in table] == codes
    by_code = {row[0]: row for row in table}
    assert len([row for row in table if row[5] is not None]) == 70  # the leaves carry a status
    assert by_code["1.2"][5] == "Đủ tài liệu" and "bao-cao-quy-1.docx" in by_code["1.2"][8]
    assert by_code["2.4"][5] == "Thiếu tài liệu" and by_code["2.4"][10] == "evidence.gap"
    assert by_code["2.4"][9].startswith("Lỗi – Thiếu tài liệu")
    assert by_code["2.4"][11] is None  # the council's column is left empty
    leaves = [row for row in table if row[0].startswith("2.") and row[5] is not None]
    assert by_code["2"][4] == pytest.approx(
        sum(row[2] for row in leaves if row[5] in ("Thiếu tài liệu", "Có cảnh báo"))
    )
    assert by_code["2"][6] == sum(row[5] == "Thiếu tài liệu" for row in leaves)


def test_late_quarterly_report_is_flagged(tmp_path: Path) -> None:
    late = replace(REPORT, number="50/BC-SNV", issue_date=date(2025, 4, 5))  # quarter I was due 20/03/2025
    (tmp_path / "bao-cao-quy-1-muon.docx").write_bytes(render_docx(late))
    result = CliRunner().invoke(
        app, ["check", str(tmp_path), "--framework", "tinh-2025", "--year", "2025", "--json"]
    )
    status = {item["code"]: item for item in json.loads(result.stdout)["criteria"]}
    late_flags = [f for f in status["1.2"]["flags"] if f["code"] == "date.after_deadline"]
    assert status["1.2"]["status"] == "flagged"
    assert len(late_flags) == 1 and "05/04/2025, hạn 20/03/2025" in late_flags[0]["message"]


@pytest.mark.parametrize(
    ("doc_type", "issued", "flagged"),
    [
        ("Báo cáo", date(2025, 12, 31), False),
        (
            "Báo cáo",
            date(2026, 1, 12),
            False,
        ),  # the year's report, written in January (real table: 05/BC-SKHCN)
        ("Báo cáo", date(2026, 1, 23), False),  # the self-assessment deadline of Công văn 12094/BNV-CCHC
        ("Báo cáo", date(2026, 1, 24), True),
        ("Báo cáo", date(2026, 3, 2), True),
        ("Báo cáo", date(2024, 12, 31), True),
        ("Quyết định", date(2026, 1, 12), True),  # a decision of January decides for the new year
        ("Kế hoạch", date(2026, 1, 5), True),
        ("Kế hoạch", date(2025, 1, 1), False),
    ],
)
def test_reports_of_the_year_may_be_dated_up_to_the_january_deadline(
    doc_type: str, issued: date, flagged: bool
) -> None:
    """1.1 (plans of the year) has the calendar-year window the bundled rules derive when nothing cited for it
    is dated outside the year; its reports still run on to 23/01 of the next year."""
    framework = load_framework("tinh-2025")
    record = MatchRecord(file="unit/a.pdf", doc_type=doc_type, issue_date=issued, subject="Công tác cải cách hành chính",
                         criteria=[CriterionMatch(code="1.1", score=0.9, reason="thử")])  # fmt: skip
    report = build_report([record], framework, 2025, None)
    status = next(item for item in report.criteria if item.code == "1.1")
    outside = [flag for flag in status.flags if flag.code == "date.outside_period"]
    assert bool(outside) == flagged
    assert status.status == ("flagged" if flagged else "covered")


def test_an_unwritable_sheet_is_refused_before_any_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import service.check

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file was read before the output path was checked")

    monkeypatch.setattr(service.check, "run_paths", no_reading)
    folder = _unit(tmp_path)
    out = tmp_path / "khong-co-thu-muc" / "ma-tran.xlsx"
    result = CliRunner().invoke(app, ["check", str(folder), "--framework", "tinh-2025", "--year", "2025",
                                      "--xlsx", str(out)])  # fmt: skip
    assert result.exit_code == 2 and result.stdout == ""
    assert "Không ghi được tệp kết quả" in result.output and "không tồn tại" in " ".join(
        result.output.split()
    )
    assert "Traceback" not in result.output and not out.parent.exists()


def test_a_sheet_the_disk_refuses_after_the_work_is_said_not_a_traceback(tmp_path: Path) -> None:
    from model.errors import UsageError
    from model.settings import Settings
    from service.check import write_check_sheet
    from service.context import AppContext

    report = build_report([], load_framework("tinh-2025"), 2025, None)
    (tmp_path / "tep").write_text("", encoding="utf-8")  # where a folder was expected (any user, root too)
    with AppContext(Settings(data_dir=tmp_path / "data")) as context:
        with pytest.raises(UsageError) as refused:
            write_check_sheet(context, report, tmp_path / "tep" / "ma-tran.xlsx")
        write_check_sheet(context, report, tmp_path / "ma-tran.xlsx")
    assert refused.value.code == "output.unwritable" and "không phải thư mục" in refused.value.message
    assert (tmp_path / "ma-tran.xlsx").read_bytes()[:2] == b"PK"
