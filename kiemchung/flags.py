"""Flag codes, their severity and their Vietnamese messages, in one place.

A flag is a finding about a document a reviewer should see (not a failure to read it: that is an error)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


FLAG_DEFINITIONS: dict[str, tuple[Severity, str]] = {
    "number.blank": (
        Severity.error,
        "Văn bản chưa có số (bản dự thảo?): hãy nộp bản đã ban hành, có số và ngày.",
    ),
    "number.missing": (
        Severity.warning,
        'Không tìm thấy dòng "Số:" của văn bản. Hãy kiểm tra tệp có phải văn bản hành chính.',
    ),
    "number.unreadable": (
        Severity.warning,
        "Số văn bản đọc không chắc chắn (có thể viết tay): hãy kiểm tra lại.",
    ),
    "number.type_mismatch": (
        Severity.warning,
        "Tên loại văn bản ({detail}) không khớp với ký hiệu trong số văn bản.",
    ),
    "date.unreadable": (
        Severity.warning,
        "Ngày ban hành đọc không chắc chắn (có thể viết tay): hãy kiểm tra lại.",
    ),
    "date.before_reference": (
        Severity.error,
        "Văn bản ban hành trước ngày của văn bản mà nó viện dẫn ({detail}): ngày ban hành hoặc trích dẫn bị sai.",
    ),
    "document.unmatched": (
        Severity.warning,
        "Không xác định được văn bản này là tài liệu kiểm chứng cho tiêu chí nào: hãy gắn tiêu chí bằng tay.",
    ),
    "evidence.gap": (
        Severity.error,
        "Tiêu chí {detail} chưa có tài liệu kiểm chứng hợp lệ: hãy bổ sung văn bản hoặc giải trình lý do.",
    ),
    "evidence.unreadable": (
        Severity.error,
        "Không đọc được tệp ({detail}): hãy nộp lại bản rõ, đúng định dạng.",
    ),
    "date.outside_period": (
        Severity.error,
        "Ngày ban hành {detail} của kỳ đánh giá tiêu chí này: hãy kiểm tra lại tài liệu kiểm chứng.",
    ),
    "date.after_deadline": (
        Severity.error,
        "Báo cáo định kỳ ban hành sau hạn ({detail}): hạn là ngày 20 tháng cuối kỳ (Văn bản 581/BNV-CCHC).",
    ),
    "document.duplicate": (
        Severity.warning,
        "Văn bản này trùng với tệp {detail} đã nộp: hãy bỏ bớt một bản.",
    ),
    "date.blank": (
        Severity.error,
        "Văn bản để trống ngày ban hành (bản dự thảo?): hãy nộp bản đã ký ban hành.",
    ),
    "date.missing": (Severity.warning, "Không tìm thấy dòng địa danh, ngày ban hành của văn bản."),
    "document.record_page": (
        Severity.warning,
        "Tệp là trang thông tin văn bản của cơ sở dữ liệu pháp luật, không phải bản văn bản đã ký: các thông tin "
        "lấy từ trang này; hãy nộp bản văn bản gốc.",
    ),
    "date.impossible": (
        Severity.error,
        "Ngày ban hành không tồn tại ({detail}): hãy kiểm tra lại văn bản gốc.",
    ),
    "date.future": (Severity.error, "Ngày ban hành ở tương lai ({detail}): hãy kiểm tra lại văn bản gốc."),
    "date.implausible": (
        Severity.error,
        "Ngày ban hành trước năm 1945 ({detail}): hãy kiểm tra lại văn bản gốc.",
    ),
    "citation.not_found": (
        Severity.error,
        "Bảng tự đánh giá trích dẫn văn bản {detail} nhưng hồ sơ không có tệp văn bản này: hãy nộp văn bản "
        "hoặc sửa lại trích dẫn.",
    ),
    "citation.mismatch": (
        Severity.error,
        "Trích dẫn trong bảng tự đánh giá không khớp với tệp đã nộp ({detail}): hãy sửa trích dẫn hoặc nộp "
        "đúng văn bản.",
    ),
    "claim.no_evidence": (
        Severity.error,
        "Tiêu chí {detail} được tự chấm điểm nhưng không trích dẫn và không có tài liệu kiểm chứng: hãy bổ "
        "sung tài liệu kiểm chứng hoặc giải trình.",
    ),
    "claim.over_max": (
        Severity.error,
        "Điểm tự đánh giá vượt điểm tối đa ({detail}): hãy sửa lại điểm tự chấm.",
    ),
    "date.format": (
        Severity.warning,
        'Ngày ban hành viết "{detail}": theo Nghị định 30/2020/NĐ-CP, ngày dưới 10 và tháng 1, 2 phải có số 0 phía trước.',
    ),
}


class Flag(BaseModel):
    code: str
    severity: Severity
    message: str
    page: int | None = None
    text: str | None = None
    file: str | None = None
    criterion: str | None = None


def make_flag(code: str, detail: str = "", page: int | None = None, text: str | None = None) -> Flag:
    if code not in FLAG_DEFINITIONS:
        raise ValueError(f"unknown flag code {code!r}; known: {', '.join(sorted(FLAG_DEFINITIONS))}")
    severity, template = FLAG_DEFINITIONS[code]
    return Flag(code=code, severity=severity, message=template.format(detail=detail), page=page, text=text)
