"""Versions of one document in a submission: recognised, the issued one kept as evidence, the others flagged;
documents that differ in number, date or period are never versions of each other."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from matcher import load_framework
from matcher.matrix import build_report
from matcher.stage import MatchStage
from matcher.versions import find_versions, same_document
from model.flags import make_flag
from model.records import ExtractRecord, MatchRecord, Page

FRAMEWORK = load_framework("tinh-2025")
BODY = (
    "Thực hiện Quyết định số 1187/QĐ-BNV, Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách hành chính với các "
    "mục tiêu: nâng cao chất lượng giải quyết thủ tục hành chính, đẩy mạnh chuyển đổi số, tăng cường kỷ luật, "
    "kỷ cương hành chính; giao Sở Nội vụ theo dõi, đôn đốc, tổng hợp kết quả báo cáo định kỳ. "
) * 6


def _doc(name: str, number: str | None = "15/KH-UBND", issued: date | None = date(2025, 1, 15),
         subject: str = "Cải cách hành chính nhà nước năm 2025", body: str = BODY, doc_type: str = "Kế hoạch",
         issuer: str = "Ủy ban nhân dân tỉnh Lâm Đồng", draft: bool = False) -> MatchRecord:  # fmt: skip
    record = ExtractRecord(file=name, sha256=name, pages=[Page(number=1, text=body, source="text")],
                           number=number, doc_type=doc_type, issuer=issuer, issue_date=issued, subject=subject)  # fmt: skip
    if draft:
        record.flags.append(make_flag("number.blank"))
    return MatchStage(FRAMEWORK, 0.6, 2025).run(record)


EDITED = BODY.replace("đôn đốc", "đôn đốc, hướng dẫn").replace("tổng hợp", "tổng hợp, đánh giá")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # the draft (no number, no day) and the issued text
        (_doc("du-thao.docx", number=None, issued=None, draft=True), _doc("ban-hanh.pdf")),
        # two finals with small edits, neither numbered yet
        (
            _doc("final-1.docx", number=None, issued=None),
            _doc("final-2.docx", number=None, issued=None, body=EDITED),
        ),
        # subject retyped a little (case, a comma)
        (_doc("a.docx", number=None), _doc("b.pdf", subject="Cải cách hành chính nhà nước, năm 2025")),
    ],
)
def test_versions_recognised(a: MatchRecord, b: MatchRecord) -> None:
    assert same_document(a, b) and same_document(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (_doc("q1.pdf", subject="Kết quả CCHC quý I năm 2025", number="20/BC-UBND", doc_type="Báo cáo"),
         _doc("q2.pdf", subject="Kết quả CCHC quý II năm 2025", number=None, doc_type="Báo cáo")),  # different periods
        (_doc("a.pdf", number="15/KH-UBND"), _doc("b.pdf", number="16/KH-UBND")),  # different issued numbers
        (_doc("a.pdf", number=None), _doc("b.pdf", issued=date(2025, 2, 1))),  # different dates
        (_doc("a.pdf"), _doc("b.pdf", number=None, doc_type="Quyết định")),  # different types
        (_doc("a.pdf"), _doc("b.pdf", number=None, issuer="Sở Nội vụ tỉnh Lâm Đồng")),  # different issuers
        (_doc("a.pdf"), _doc("b.pdf", number=None, subject="Tuyên truyền cải cách hành chính năm 2025")),
        (_doc("a.pdf"), _doc("b.pdf", number=None, body="Nội dung khác hẳn. " * 80)),  # same subject, other text
        (_doc("a.pdf", subject="Kế hoạch năm 2025"), _doc("b.pdf", number=None, subject="Kế hoạch năm 2024")),
    ],
)  # fmt: skip
def test_never_versions(a: MatchRecord, b: MatchRecord) -> None:
    assert not same_document(a, b) and not same_document(b, a)


def test_the_issued_one_is_kept_and_the_others_flagged() -> None:
    draft = _doc("du-thao.docx", number=None, issued=None, draft=True)
    final = _doc("final.docx", number=None, issued=None, body=EDITED)
    issued = _doc("ban-hanh.pdf")
    other = _doc("q1.pdf", subject="Kết quả CCHC quý I năm 2025", number="20/BC-UBND", doc_type="Báo cáo")
    records = [draft, final, issued, other]
    assert find_versions(records) == {0: 2, 1: 2}
    report = build_report(records, FRAMEWORK, 2025, None)
    versions = {flag.file: flag.message for flag in report.flags if flag.code == "document.version"}
    assert set(versions) == {"du-thao.docx", "final.docx"} and "ban-hanh.pdf" in versions["du-thao.docx"]
    placed = {item.file for status in report.criteria for item in status.evidence}
    assert "ban-hanh.pdf" in placed and not placed & {"du-thao.docx", "final.docx"}


def test_same_bytes_stay_duplicates_not_versions() -> None:
    a, b = _doc("a.pdf"), _doc("b.pdf")
    b.sha256 = a.sha256
    assert find_versions([a, b]) == {}


def test_a_file_named_as_a_draft_is_not_the_one_kept() -> None:
    draft = _doc("Du thao KH CCHC.docx", number=None, issued=None)
    final = _doc("KH CCHC.docx", number=None, issued=None, body=EDITED)
    assert find_versions([draft, final]) == {0: 1}


def test_the_bench_examples_are_what_their_generator_makes() -> None:
    """bench/matcher_classes.py scores tests/data/matcher/classes.json; its generator beside it says how it was
    made, and must still make it."""
    import importlib.util
    import json

    folder = Path(__file__).parent / "data" / "matcher"
    spec = importlib.util.spec_from_file_location("make_classes", folder / "make_classes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == json.loads((folder / "classes.json").read_text(encoding="utf-8"))
