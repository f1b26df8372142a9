"""Documents nothing matches: the flag says why, and only the ones a human must place stay warnings."""

from __future__ import annotations

from datetime import date

import pytest

from matcher import load_framework
from matcher.matrix import build_report
from matcher.stage import MatchStage
from matcher.unmatched import why_unmatched
from model.records import ExtractRecord

FRAMEWORK = load_framework("tinh-2025")
HOME = "Lâm Đồng"


def _record(issuer: str | None, subject: str | None, number: str | None = None, parent: str | None = None):
    return ExtractRecord(file="unit/x.pdf", pages=[], status="ok", number=number, doc_type="Công văn",
                         issuer=issuer, parent_issuer=parent, issue_date=date(2025, 5, 5), subject=subject)  # fmt: skip


@pytest.mark.parametrize(
    ("issuer", "subject", "number", "parent", "kind", "human"),
    [
        ("Bộ Nội vụ", "Hướng dẫn chế độ tiền lương", "1234/BNV-TL", None, "central", False),
        ("Thủ tướng Chính phủ", "Phê duyệt đề án phát triển du lịch", None, None, "central", False),
        ("Chính phủ", "Quy định chức năng nhiệm vụ", "186/2025/NĐ-CP", None, "central", False),
        ("Quốc hội", "Luật Tổ chức chính quyền địa phương", None, None, "central", False),
        ("Văn phòng Chính phủ", "Phiên họp Chính phủ thường kỳ", "58/CĐ-VPCP", None, "central", False),
        # issuer not read, the number says it is a ministry's
        (None, "Góp ý dự thảo báo cáo sơ kết", "8151/BNV-CCHC", None, "central", False),
        ("Sở Tư pháp tỉnh Lai Châu", "Phổ biến giáo dục pháp luật", None, None, "other_province", False),
        ("Sở Y tế", "Tiêm chủng mở rộng", None, "Ủy ban nhân dân tỉnh Sơn La", "other_province", False),
        # the unit's own province: a human must place it
        ("Sở Tư pháp tỉnh Lâm Đồng", "Phổ biến giáo dục pháp luật", None, None, "unit", True),
        ("Ủy ban nhân dân tỉnh Lâm Đồng", "Tổ chức giải chạy việt dã", "62/TTr-UBND", None, "unit", True),
        # the unit's province's document about an association or fund: no criterion names it
        (
            "Ủy ban nhân dân tỉnh Lâm Đồng",
            "Hợp nhất Hội công chứng viên",
            "62/TTr-UBND",
            None,
            "outside_body",
            False,
        ),
        (
            "Sở Nội vụ tỉnh Lâm Đồng",
            "Phê duyệt Điều lệ Hiệp hội Du lịch tỉnh",
            None,
            None,
            "outside_body",
            False,
        ),
        (
            "Ủy ban nhân dân tỉnh Lâm Đồng",
            "Kết quả Đại hội Liên đoàn Cầu lông",
            None,
            None,
            "outside_body",
            False,
        ),
        (
            "Ủy ban nhân dân tỉnh Bình Thuận",
            "Công nhận Điều lệ Quỹ Khuyến học",
            None,
            None,
            "outside_body",
            False,
        ),
        ("Ủy ban nhân dân tỉnh Lâm Đồng", "QUYẾT ĐỊNH SÁP NHẬP HỘI GOLF", None, None, "outside_body", False),
        # words that begin like one, or hold its word, are no association: a human must still place them
        ("Ủy ban nhân dân tỉnh Lâm Đồng", "Hội nghị tổng kết công tác năm", None, None, "unit", True),
        ("Ủy ban nhân dân tỉnh Lâm Đồng", "Kiện toàn Hội đồng thẩm định giá đất", None, None, "unit", True),
        ("Ủy ban nhân dân tỉnh Lâm Đồng", "Triển khai Nghị quyết của Quốc hội", None, None, "unit", True),
        ("Ủy ban nhân dân tỉnh Lâm Đồng", "Bảo đảm an sinh xã hội dịp Tết", None, None, "unit", True),
        ("Ủy ban nhân dân tỉnh Lâm Đồng", "ĐẠI HỘI ĐẢNG BỘ TỈNH", None, None, "unit", True),
        ("Ủy ban nhân dân tỉnh Lâm Đồng", "Tổ chức lễ hội văn hóa", None, None, "unit", True),
        (
            "Sở Nội vụ",
            "Bố trí cán bộ",
            None,
            None,
            "unit",
            True,
        ),  # no province named: not known to be outside
        # a province merged into the unit's in 2025: its documents are the unit's province's own
        ("Ủy ban nhân dân tỉnh Bình Thuận", "Gia hạn thời gian tổ chức đại hội", None, None, "unit", True),
        ("Sở Nội vụ tỉnh Đắk Nông", "Bố trí cán bộ", None, None, "unit", True),
        ("Sở Nội vụ tỉnh Khánh Hòa", "Bố trí cán bộ", None, None, "other_province", False),
        # no subject
        ("Ủy ban nhân dân tỉnh Lâm Đồng", None, "5/UBND-VP", None, "no_subject", True),
        ("Bộ Nội vụ", "  ", None, None, "no_subject", True),
        # a provincial body whose name starts like a ministry's is not central
        ("Bộ Chỉ huy Quân sự tỉnh Lâm Đồng", "Huấn luyện dân quân", None, None, "unit", True),
    ],
)
def test_why_unmatched(issuer, subject, number, parent, kind, human) -> None:
    why = why_unmatched(_record(issuer, subject, number, parent), HOME)
    assert (why.kind, why.needs_human) == (kind, human), why


@pytest.mark.parametrize(
    ("doc_type", "subject", "attached_to", "kind"),
    [
        ("Phiếu trình", "V/v báo cáo liên quan đến đề xuất thành lập Hội", None, "working_paper"),
        ("Phiếu trình", None, None, "working_paper"),
        (None, None, "Quyết định số /QĐ-UBND ngày .... tháng .... năm 2026", "attachment"),
        ("Quy chế", "Phối hợp quản lý hồ sơ", "Quyết định số 15/QĐ-UBND ngày 05/01/2026", "attachment"),
        ("Công văn", "Tổ chức giải chạy", None, "unit"),
        (None, None, None, "no_subject"),
    ],
)
def test_working_papers_and_attachments_point_to_the_document_they_serve(
    doc_type: str | None, subject: str | None, attached_to: str | None, kind: str
) -> None:
    record = ExtractRecord(file="unit/x.docx", pages=[], status="ok", doc_type=doc_type, subject=subject,
                           issuer="Ủy ban nhân dân tỉnh Lâm Đồng", attached_to=attached_to)  # fmt: skip
    why = why_unmatched(record, HOME)
    assert why.kind == kind, why
    assert why.needs_human == (kind in {"unit", "no_subject"})
    if attached_to:
        assert f"phần kèm theo {attached_to}" in why.detail


def test_a_routing_slip_is_never_placed_whatever_its_subject() -> None:
    """A slip putting the year's CCHC plan before the leaders is not the plan: the plan is the evidence."""
    stage = MatchStage(FRAMEWORK, 0.6, 2025, home=HOME)
    subject = "Kế hoạch cải cách hành chính năm 2025 của Ủy ban nhân dân tỉnh"
    slip = stage.run(
        _record("Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng", subject).model_copy(
            update={"doc_type": "Phiếu trình"}
        )
    )
    plan = stage.run(
        _record("Ủy ban nhân dân tỉnh Lâm Đồng", subject).model_copy(update={"doc_type": "Kế hoạch"})
    )
    assert plan.criteria and not slip.criteria
    (flag,) = [f for f in slip.flags if f.code == "document.unmatched"]
    assert flag.severity == "info" and "văn bản được trình" in flag.message


def test_without_home_another_province_is_not_assumed() -> None:
    assert why_unmatched(_record("Sở Tư pháp tỉnh Lai Châu", "Phổ biến pháp luật"), None).kind == "unit"


def test_stage_flag_says_why_and_severity_shows_who_must_look() -> None:
    stage = MatchStage(FRAMEWORK, 0.6, 2025, home=HOME)
    central = stage.run(_record("Bộ Y tế", "Hướng dẫn tiêm chủng mở rộng", "99/BYT-DP"))
    own = stage.run(_record("Ủy ban nhân dân tỉnh Lâm Đồng", "Tổ chức giải chạy việt dã"))
    (flag_central,) = [f for f in central.flags if f.code == "document.unmatched"]
    (flag_own,) = [f for f in own.flags if f.code == "document.unmatched"]
    assert flag_central.severity == "info" and "trung ương" in flag_central.message
    assert flag_own.severity == "warning" and "cần người xem" in flag_own.message
    report = build_report([central, own], FRAMEWORK, 2025, None)
    shown = {flag.severity for flag in report.flags if flag.code == "document.unmatched"}
    assert shown == {"info", "warning"}


@pytest.mark.parametrize(
    ("issuer", "subject", "number", "suggested"),
    [
        # the unit's own, near a criterion but below the threshold: its nearest criteria, with words
        (
            "Ủy ban nhân dân tỉnh Lâm Đồng",
            "Tổ chức buổi gặp mặt, làm việc với doanh nghiệp đầu năm",
            None,
            "1.6",
        ),
        # nothing in the subject a reason could quote: no suggestion, however the type and issuer fit
        ("Ủy ban nhân dân tỉnh Lâm Đồng", "Tổ chức giải chạy việt dã", None, None),
        # rightly outside the framework (info): nothing to place, nothing suggested
        ("Bộ Công Thương", "Tổ chức buổi gặp mặt, làm việc với doanh nghiệp đầu năm", "12/BCT-XTTM", None),
        ("Ủy ban nhân dân tỉnh Lâm Đồng", None, None, None),
    ],
)
def test_a_document_a_human_must_place_comes_with_its_nearest_criteria(
    issuer: str, subject: str | None, number: str | None, suggested: str | None
) -> None:
    stage = MatchStage(FRAMEWORK, 0.6, 2025, home=HOME)
    matched = stage.run(_record(issuer, subject, number))
    (flag,) = [f for f in matched.flags if f.code == "document.unmatched"]
    assert matched.criteria == []
    if suggested is None:
        assert matched.suggestions == [] and "gần nhất" not in flag.message
        assert "suggestions" not in matched.model_dump(mode="json")  # left out of the JSON when none
        return
    assert matched.suggestions[0].code == suggested
    assert all(0.4 <= s.score < 0.6 and "trích yếu" in s.reason.lower() for s in matched.suggestions)
    assert flag.severity == "warning" and f"gần nhất (dưới ngưỡng): tiêu chí {suggested} (0," in flag.message
    # suggestions are never evidence, and a second run makes its own
    report = build_report([matched], FRAMEWORK, 2025, None)
    assert not [row for row in report.criteria if row.evidence]
    again = stage.run(matched.model_copy(update={"subject": "Tổ chức giải chạy việt dã"}))
    assert again.suggestions == []
