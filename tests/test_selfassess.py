"""Self-assessment cross-check: citations read from the evidence column, the table read from DOCX and XLSX, and
the flags `check --self-assessment` raises where the table and the submitted files disagree."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from typer.testing import CliRunner, Result

from bench.faults import write_table
from extract.citations import number_key, parse_citations
from kiemchung.cli import app
from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.model import OfficialDocument
from matcher.selfassess import read_claims
from tests.conftest import DATA, SHARED_DATA

TABLE_JSON = SHARED_DATA / "framework" / "lamdong_2025_PAR_selfassessment_table.json"

# text -> (number, type, date, issuer) of each citation, in order
SHOULD_PARSE = [
    (
        "Báo cáo số 42/BC-UBND ngày 19/3/2025 của UBND tỉnh Lâm Đồng về công tác cải cách hành chính quý I",
        [("42/BC-UBND", "Báo cáo", date(2025, 3, 19), "Ủy ban nhân dân tỉnh Lâm Đồng")],
    ),
    (
        "Quyết định 1726/QĐ-UBND ngày 29/12/2022 của UBND tỉnh Lai Châu",
        [("1726/QĐ-UBND", "Quyết định", date(2022, 12, 29), "Ủy ban nhân dân tỉnh Lai Châu")],
    ),
    ("Kế hoạch số 213/KH-UBND ngày 15/7/2025", [("213/KH-UBND", "Kế hoạch", date(2025, 7, 15), None)]),
    ("Nghị quyết số 12-NQ/TU của Tỉnh ủy", [("12-NQ/TU", "Nghị quyết", None, "Tỉnh ủy")]),
    ("Luật số 80/2015/QH13", [("80/2015/QH13", "Luật", None, None)]),
    (
        "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ",
        [("30/2020/NĐ-CP", "Nghị định", date(2020, 3, 5), "Chính phủ")],
    ),
    (
        "Văn bản số 6812/STC-NS ngày 20/12/2025 về việc báo cáo",
        [("6812/STC-NS", "Công văn", date(2025, 12, 20), None)],
    ),
    (
        "Quyết định số 1726 / QÐ-UBND ngày 29/12/2022",
        [("1726/QĐ-UBND", "Quyết định", date(2022, 12, 29), None)],
    ),
    (
        "Kết luận kiểm tra số 274/KL-STP ĐKT 557 ngày 29/5/2025 về tình hình",
        [("274/KL-STP ĐKT 557", "Kết luận", date(2025, 5, 29), None)],
    ),
    (
        "Công điện 207/CĐ-TTg của Thủ tướng Chính phủ",
        [("207/CĐ-TTg", "Công điện", None, "Thủ tướng Chính phủ")],
    ),
    (
        "UBND xã Trường Xuân có Báo cáo số 207/BC-UBND ngày 24/6/2025 về việc khắc phục",
        [("207/BC-UBND", "Báo cáo", date(2025, 6, 24), "Ủy ban nhân dân xã Trường Xuân")],
    ),
    (
        "Quyết định số 82/QĐ-UBND ngày 16/01/2025 của Chủ tịch UBND tỉnh Lâm Đồng (trước sáp nhập) về việc",
        [("82/QĐ-UBND", "Quyết định", date(2025, 1, 16), "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng")],
    ),
    (
        "- Báo cáo số 42/BC-UBND ngày 19/3/2025 của UBND tỉnh;\n- Báo cáo số 123/BC-UBND ngày 19/6/2025; "
        "Kế hoạch số 9/KH-SNV của Sở Nội vụ",
        [
            ("42/BC-UBND", "Báo cáo", date(2025, 3, 19), "Ủy ban nhân dân tỉnh Lâm Đồng"),
            ("123/BC-UBND", "Báo cáo", date(2025, 6, 19), None),
            ("9/KH-SNV", "Kế hoạch", None, "Sở Nội vụ"),
        ],
    ),
    (
        "Kết luận số 62-KL/TW và Nghị quyết số 19-NQ/TW",
        [("62-KL/TW", "Kết luận", None, None), ("19-NQ/TW", "Nghị quyết", None, None)],
    ),
    ("Báo cáo số 05/BC-UBND ngày 31/02/2025", [("05/BC-UBND", "Báo cáo", None, None)]),
    (
        "Thông báo kết luận số 45/TB-UBND ngày 1/8/2025 của Văn phòng UBND tỉnh",
        [("45/TB-UBND", "Thông báo", date(2025, 8, 1), "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng")],
    ),
    (
        "các Quyết định: số 12/QĐ-UBND ngày 3/1/2025, số 13/QĐ-UBND ngày 4/1/2025 của UBND tỉnh Lai Châu",
        [
            ("12/QĐ-UBND", "Quyết định", date(2025, 1, 3), "Ủy ban nhân dân tỉnh Lai Châu"),
            ("13/QĐ-UBND", "Quyết định", date(2025, 1, 4), "Ủy ban nhân dân tỉnh Lai Châu"),
        ],
    ),
    (
        "Quyết định số 2567/QĐ-UBND ngày 30/9/2025 của UBND tỉnh ban hành Kế hoạch số 300/KH-UBND",
        [
            ("2567/QĐ-UBND", "Quyết định", date(2025, 9, 30), "Ủy ban nhân dân tỉnh Lâm Đồng"),
            ("300/KH-UBND", "Kế hoạch", None, "Ủy ban nhân dân tỉnh Lâm Đồng"),
        ],
    ),
    (
        "Thông tư số 01/2025/TT-BNV ngày 17/01/2025 của Bộ trưởng Bộ Nội vụ",
        [("01/2025/TT-BNV", "Thông tư", date(2025, 1, 17), "Bộ trưởng Bộ Nội vụ")],
    ),
    (
        "Chương trình hành động số 15-CTr/TU ngày 3/4/2025",
        [("15-CTr/TU", "Chương trình", date(2025, 4, 3), None)],
    ),  # no such day: null
]
SHOULD_NOT_PARSE = [
    "Tỉnh đã hoàn thành 45/45 nhiệm vụ, đạt 100% kế hoạch",
    "Kiểm tra 42/139 đơn vị, đạt 30,2%; số liệu đến ngày 31/12/2025",
    "Tổ chức tiếp và làm việc với doanh nghiệp (tháng 11/2025)",
    "Địa chỉ: https://cchc.lamdong.gov.vn/ và https://motcua.lamdong.gov.vn/vi/",
    "Có 1.940/1.940 TTHC cấp tỉnh và 426/426 TTHC cấp xã",
    "Đoàn Kiểm tra liên ngành 500-UBND tỉnh",
    "Kết luận số 257 của Trung ương",
]


@pytest.mark.parametrize(("text", "expected"), SHOULD_PARSE)
def test_citation_fields(text: str, expected: list[tuple]) -> None:
    found = parse_citations(text, home="Lâm Đồng")
    assert [(c.number, c.doc_type, c.issue_date, c.issuer) for c in found] == expected


@pytest.mark.parametrize("text", SHOULD_NOT_PARSE)
def test_not_a_citation(text: str) -> None:
    assert parse_citations(text) == []


def test_citation_subject_and_text() -> None:
    text = "- Báo cáo số 42/BC-UBND ngày 19/3/2025 của UBND tỉnh Lâm Đồng về công tác CCHC quý I năm 2025;"
    (citation,) = parse_citations(text)
    assert citation.subject == "công tác CCHC quý I năm 2025"
    assert citation.text == text[2:-1]


def test_number_key_ignores_d_forms_and_spaces() -> None:
    assert number_key("1726/QĐ-UBND") == number_key("1726 / QD-UBND") == number_key("1726/QÐ-ubnd")
    assert number_key("1726/QĐ-UBND") != number_key("172/QĐ-UBND")


def test_citation_key_matches_parser_on_the_real_table() -> None:
    """The hand-checked key (tests/data/matcher/citation_key.json) against the parser, on the table it keys."""
    if not TABLE_JSON.exists():
        pytest.skip("../shared/data not available")
    key = json.loads((DATA / "matcher" / "citation_key.json").read_text(encoding="utf-8"))
    rows = {
        row["tt"].strip(): row["tai_lieu_kiem_chung"] for row in json.loads(TABLE_JSON.read_text())["rows"]
    }
    numbers = dates = 0
    for entry in key["entries"]:
        found = {c.offset: c for c in parse_citations(rows[entry["criterion"]], home=key["home"])}
        citation = found.get(entry["offset"])
        numbers += citation is not None and citation.number == entry["number"]
        dates += (
            citation is not None
            and (citation.issue_date and citation.issue_date.isoformat()) == entry["issue_date"]
        )
    assert numbers / len(key["entries"]) >= 0.98 and dates / len(key["entries"]) >= 0.98


# --- the table ------------------------------------------------------------------------------------------------

HAND_ROWS = [
    ("1", "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CCHC", 8.0, 5.5, ""),
    ("1.1", "Thực hiện kế hoạch CCHC", 1.5, 1.5, "- Kế hoạch số 213/KH-UBND ngày 15/7/2025 của UBND tỉnh Lâm Đồng."),
    ("1.2", "Thực hiện chế độ báo cáo CCHC định kỳ", 0.5, 0.5,
     "- Báo cáo số 42/BC-UBND ngày 20/3/2025 của UBND tỉnh về công tác cải cách hành chính quý I năm 2025;"),
    ("1.3", "Công tác kiểm tra CCHC", 2.0, 1.0, ""),
    ("1.3.1", "Tỷ lệ cơ quan được kiểm tra", 1.0, 1.0,
     "Các Thông báo kết quả kiểm tra:\n(1) Thông báo số 27/TB-SNV ngày 12/9/2025 của Sở Nội vụ về kết quả kiểm tra"),
    ("1.3.2", "Tỷ lệ xử lý các vấn đề phát hiện qua kiểm tra", 1.0, 0.0, ""),
    ("1.4", "Công tác tuyên truyền CCHC", 1.5, 1.5, "Đã tuyên truyền đầy đủ trên báo, đài."),
    ("1.5", "Sáng kiến, mô hình mới trong CCHC", 1.5, 2.0, "Kế hoạch số 213/KH-UBND ngày 15/7/2025"),
]  # fmt: skip


@pytest.mark.parametrize("suffix", ["docx", "xlsx"])
def test_hand_written_table_is_read(tmp_path: Path, suffix: str) -> None:
    claims = read_claims(write_table(tmp_path / f"bang.{suffix}", HAND_ROWS))
    assert [(c.code, c.max_points, c.claimed) for c in claims] == [(r[0], r[2], r[3]) for r in HAND_ROWS]
    by_code = {claim.code: claim for claim in claims}
    assert not by_code["1"].leaf and not by_code["1.3"].leaf and by_code["1.3.1"].leaf
    assert [c.number for c in by_code["1.3.1"].citations] == ["27/TB-SNV"]
    assert (
        by_code["1.2"].citations[0].issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"
    )  # the province the table names


def test_decimal_commas_in_docx(tmp_path: Path) -> None:
    """write_table writes DOCX points as the real table's Vietnamese documents do: `1,50`."""
    path = write_table(tmp_path / "bang.docx", [("1.1", "Tiêu chí", 1.5, 1.25, "")])
    assert "1,25" in [cell.text for cell in docx.Document(str(path)).tables[-1].rows[1].cells]
    assert read_claims(path)[0].claimed == 1.25


def _real_rows() -> list[tuple[str, str, float, float | None, str]]:
    table = json.loads(TABLE_JSON.read_text(encoding="utf-8"))
    return [
        (row["tt"].strip(), row["linh_vuc_tieu_chi"], float(row["diem_chuan"]), float(row["diem_tu_danh_gia"]),
         row["tai_lieu_kiem_chung"])
        for row in table["rows"]
    ]  # fmt: skip


@pytest.mark.shared_data
@pytest.mark.parametrize("suffix", ["docx", "xlsx"])
def test_real_table_round_trip(tmp_path: Path, suffix: str) -> None:
    if not TABLE_JSON.exists():
        pytest.skip("../shared/data not available")
    rows = _real_rows()
    claims = read_claims(write_table(tmp_path / f"bang.{suffix}", rows))
    assert len(claims) == 99
    assert [(c.code, c.max_points, c.claimed) for c in claims] == [(r[0], r[2], r[3]) for r in rows]
    assert sum(c.claimed or 0 for c in claims if "." not in c.code) == pytest.approx(60.5)
    assert sum(len(c.citations) for c in claims) == 166  # as many as the hand-checked key has
    by_code = {claim.code: claim for claim in claims}
    assert [c.number for c in by_code["1.2"].citations] == ["42/BC-UBND", "123/BC-UBND", "97/BC-UBND"]
    assert by_code["1.1"].citations[0].issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"  # "UBND tỉnh" in its table
    assert not by_code["1.3"].leaf and by_code["1.3.1"].leaf


# --- check --self-assessment ----------------------------------------------------------------------------------


def _lam_dong(number: str, doc_type: str, issued: date, subject: str) -> OfficialDocument:
    return OfficialDocument(
        parent_issuer="ỦY BAN NHÂN DÂN", issuer="TỈNH LÂM ĐỒNG", number=number, place="Lâm Đồng",
        issue_date=issued, doc_type=doc_type, subject=subject, body=["Nội dung văn bản."],
        signer="Nguyễn Ngọc Phúc", signer_capacity=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    )  # fmt: skip


def _unit(folder: Path) -> Path:
    plan = _lam_dong("213/KH-UBND", "KẾ HOẠCH", date(2025, 7, 15), "Cải cách hành chính nhà nước năm 2025")
    report = _lam_dong(
        "42/BC-UBND", "BÁO CÁO", date(2025, 3, 19), "Công tác cải cách hành chính quý I năm 2025"
    )
    (folder / "ke-hoach.docx").write_bytes(render_docx(plan))
    (folder / "bao-cao-quy-1.docx").write_bytes(render_docx(report))
    return folder


def _check(folder: Path, table: Path, *extra: str) -> Result:
    args = ["check", str(folder), "--framework", "tinh-2025", "--year", "2025", "--self-assessment", str(table),
            "--unit", "UBND tỉnh Lâm Đồng", *extra]  # fmt: skip
    return CliRunner().invoke(app, args)


def test_check_cross_checks_the_self_assessment(tmp_path: Path) -> None:
    """Each planted fault of the hand-written table is flagged on its criterion, and nowhere else."""
    (tmp_path / "unit").mkdir()
    folder = _unit(tmp_path / "unit")
    result = _check(folder, write_table(tmp_path / "bang.docx", HAND_ROWS), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    flags = [f for f in report["flags"] + [f for c in report["criteria"] for f in c["flags"]]]
    where = {code: sorted(f["criterion"] for f in flags if f["code"] == code) for code in
             ("citation.mismatch", "citation.not_found", "claim.no_evidence", "claim.over_max")}  # fmt: skip
    assert where == {"citation.mismatch": ["1.2"], "citation.not_found": ["1.3.1"], "claim.no_evidence": ["1.4"],
                     "claim.over_max": ["1.5"]}  # fmt: skip
    by_code = {c["code"]: c for c in report["criteria"]}
    (mismatch,) = [f for f in by_code["1.2"]["flags"] if f["code"] == "citation.mismatch"]
    assert "20/03/2025" in mismatch["message"] and "19/03/2025" in mismatch["message"]
    assert mismatch["file"] == "bao-cao-quy-1.docx" and mismatch["text"].startswith("Báo cáo số 42/BC-UBND")
    (missing,) = [f for f in by_code["1.3.1"]["flags"] if f["code"] == "citation.not_found"]
    assert missing["text"].startswith("Thông báo số 27/TB-SNV") and "hãy nộp" in missing["message"]
    # the plan is evidence where the table cites it, and only there
    assert [e["file"] for e in by_code["1.1"]["evidence"]] == ["ke-hoach.docx"]
    assert by_code["1.1"]["status"] == "covered" and by_code["1.2"]["status"] == "flagged"
    assert not by_code["1.4"]["evidence"]
    assert [by_code[code]["claimed_points"] for code in ("1.1", "1.3.2", "1.5")] == [1.5, 0.0, 2.0]
    assert report["summary"]["points_claimed"] == 6.5  # the leaves' claims
    assert by_code["2.1.1"]["claimed_points"] is None  # not in the table


def test_check_self_assessment_terminal_and_xlsx(tmp_path: Path) -> None:
    (tmp_path / "unit").mkdir()
    folder = _unit(tmp_path / "unit")
    out = tmp_path / "ma-tran.xlsx"
    result = _check(folder, write_table(tmp_path / "bang.xlsx", HAND_ROWS), "--xlsx", str(out))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "Tự chấm" in text and "điểm tự chấm: 6,5" in text
    assert "hồ sơ không có tệp văn bản này" in text  # the not-found citation, in Vietnamese
    workbook = openpyxl.load_workbook(str(out))
    matrix = {row[0]: row for row in workbook.worksheets[0].iter_rows(min_row=4, values_only=True)}
    assert matrix["1.5"][3] == 2.0 and "claim.over_max" in matrix["1.5"][10]
    assert "Tự chấm vượt điểm tối đa" in matrix["1.5"][9]
    assert matrix["1"][3] == pytest.approx(sum(v[3] or 0 for k, v in matrix.items() if k and k.startswith("1.")
                                               and v[5] is not None))  # fmt: skip
    assert {row[7] for row in workbook["Cảnh báo"].iter_rows(min_row=2, values_only=True)} >= {
        "citation.mismatch", "citation.not_found", "claim.no_evidence", "claim.over_max"}  # fmt: skip


def test_unreadable_self_assessment_is_bad_usage(tmp_path: Path) -> None:
    (tmp_path / "unit").mkdir()
    table = tmp_path / "bang.docx"
    table.write_text("không phải bảng", encoding="utf-8")
    result = _check(tmp_path / "unit", table, "--json")
    assert result.exit_code == 2


@pytest.mark.shared_data
def test_check_with_the_real_table(tmp_path: Path) -> None:
    """The real table as DOCX against a folder holding the three quarterly reports row 1.2 cites, one of them
    dated a day later than cited: row 1.2 gets exactly that mismatch; rows without citations or files get
    claim.no_evidence; the province claims nothing above a maximum."""
    if not TABLE_JSON.exists():
        pytest.skip("../shared/data not available")
    (tmp_path / "unit").mkdir()
    subject = "Công tác cải cách hành chính {} năm 2025"
    for number, issued, period in (("42/BC-UBND", date(2025, 3, 19), "quý I"),
                                   ("123/BC-UBND", date(2025, 6, 19), "6 tháng đầu"),
                                   ("97/BC-UBND", date(2025, 9, 20), "quý III")):  # fmt: skip
        document = _lam_dong(number, "BÁO CÁO", issued, subject.format(period))
        (tmp_path / "unit" / f"{number.split('/')[0]}.docx").write_bytes(render_docx(document))
    result = _check(tmp_path / "unit", write_table(tmp_path / "bang.docx", _real_rows()), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    by_code = {c["code"]: c for c in report["criteria"]}
    row = [(f["code"], f.get("file")) for f in by_code["1.2"]["flags"] if f["code"].startswith("citation.")]
    assert row == [("citation.mismatch", "97.docx")]
    assert "19/09/2025" in by_code["1.2"]["flags"][-1]["message"]
    flags = report["flags"] + [f for c in report["criteria"] for f in c["flags"]]
    assert not [f for f in flags if f["code"] == "claim.over_max"]
    no_evidence = {f["criterion"] for f in flags if f["code"] == "claim.no_evidence"}
    assert no_evidence == {"2.4", "4.3.2", "4.3.3", "5.3.1", "6.2.2", "6.3.3", "7.3.4"}
    assert report["summary"]["points_claimed"] == 60.5
