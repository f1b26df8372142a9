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
    "issuer.missing": (
        Severity.warning,
        "Không tìm thấy tên cơ quan ban hành ở phần đầu văn bản: hãy kiểm tra lại bản gốc.",
    ),
    "issuer.province_merged": (
        Severity.info,
        "Văn bản ban hành trước ngày 01/7/2025, khi chưa hợp nhất tỉnh: cơ quan ban hành giữ nguyên như khi ký "
        "({detail}).",
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
        "Không xác định được văn bản này là tài liệu kiểm chứng cho tiêu chí nào: {detail}.",
    ),
    "document.other_year": (
        Severity.warning,
        "Trích yếu cho thấy văn bản nói về {detail}: chỉ tính là tài liệu kiểm chứng của năm đánh giá nếu "
        "tiêu chí chấp nhận văn bản của năm này; hãy kiểm tra lại.",
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
    "document.version": (
        Severity.warning,
        "Tệp này là một phiên bản khác (bản dự thảo hoặc bản sửa) của văn bản trong tệp {detail}: chỉ bản đã ban "
        "hành được tính là tài liệu kiểm chứng; hãy bỏ bớt bản thừa.",
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
    "signature.invalid": (
        Severity.error,
        "Chữ ký số không còn hợp lệ ({detail}): nội dung đã ký bị thay đổi hoặc chữ ký không khớp. Hãy nộp bản "
        "gốc do cơ quan ban hành gửi.",
    ),
    "signature.modified_after": (
        Severity.error,
        "Văn bản bị sửa sau khi ký số ({detail}): nội dung trang bị thay thế hoặc trang bị thêm, bớt. Hãy nộp "
        "bản gốc đã ký.",
    ),
    "signature.untrusted": (
        Severity.info,
        "Chữ ký số còn nguyên vẹn nhưng chưa xác minh được chứng thư gốc ({detail}): người quản trị chưa cấu "
        "hình chứng thư gốc tin cậy này.",
    ),
    "signature.resaved": (
        Severity.warning,
        "Tệp đã được lưu lại toàn bộ sau khi ký số ({detail}), nên không còn kiểm tra được chữ ký: nên nộp tệp "
        "gốc do cơ quan ban hành gửi.",
    ),
    "signature.time_mismatch": (
        Severity.warning,
        "Thời điểm ký số không khớp với ngày ban hành ({detail}): hãy kiểm tra lại văn bản.",
    ),
    "signature.signer_mismatch": (
        Severity.warning,
        "Không có chữ ký số của cơ quan ban hành ({detail}) hay văn thư của cơ quan: hãy kiểm tra văn bản có "
        "đúng là bản do cơ quan này ban hành.",
    ),
    "evidence.not_signed": (
        Severity.warning,
        "Tệp điện tử chưa ký số ({detail}) chưa phải tài liệu kiểm chứng theo Công văn 12094/BNV-CCHC: hãy nộp "
        "bản đã ký số hoặc bản quét văn bản đã ký, đóng dấu.",
    ),
    "document.draft": (
        Severity.warning,
        "Văn bản có dấu hiệu là bản dự thảo ({detail}): hãy nộp bản đã ký ban hành.",
    ),
    "document.unsigned": (
        Severity.warning,
        "Bản quét văn bản không thấy chữ ký và con dấu ({detail}): hãy nộp bản quét văn bản đã ký, đóng dấu.",
    ),
    "document.signing_unknown": (
        Severity.info,
        "Không xác định được chữ ký, con dấu trên bản quét ({detail}): hãy xem lại bằng mắt.",
    ),
    "seal.far_from_signer": (
        Severity.warning,
        "Con dấu ở xa chữ ký và họ tên người ký ({detail}): theo Nghị định 30/2020/NĐ-CP, dấu đóng trùm lên "
        "khoảng 1/3 chữ ký về phía bên trái.",
    ),
    "copy.unsigned": (
        Severity.warning,
        "Bản sao ({detail}) chưa có chữ ký, dấu của cơ quan sao: bản sao chỉ có giá trị khi được ký, đóng dấu "
        "(Nghị định 30/2020/NĐ-CP, Điều 25–27).",
    ),
}


# what an official reads where there is room for a few words only (terminal tables, spreadsheet columns, badges)
SEVERITY_LABELS: dict[str, str] = {
    Severity.error: "Lỗi",
    Severity.warning: "Cảnh báo",
    Severity.info: "Lưu ý",
}
FLAG_TITLES: dict[str, str] = {
    "number.blank": "Chưa có số",
    "number.missing": "Không thấy số",
    "number.unreadable": "Số khó đọc",
    "number.type_mismatch": "Loại không khớp ký hiệu",
    "issuer.missing": "Không thấy cơ quan ban hành",
    "issuer.province_merged": "Tỉnh trước hợp nhất",
    "date.unreadable": "Ngày khó đọc",
    "date.before_reference": "Ban hành trước văn bản viện dẫn",
    "document.unmatched": "Chưa xác định tiêu chí",
    "document.other_year": "Văn bản của năm khác",
    "evidence.gap": "Thiếu tài liệu",
    "evidence.unreadable": "Tệp không đọc được",
    "date.outside_period": "Ngày ngoài kỳ đánh giá",
    "date.after_deadline": "Báo cáo nộp muộn",
    "document.duplicate": "Trùng văn bản",
    "document.version": "Phiên bản khác của văn bản",
    "date.blank": "Chưa có ngày",
    "date.missing": "Không thấy ngày",
    "document.record_page": "Trang thông tin, không phải bản gốc",
    "date.impossible": "Ngày không tồn tại",
    "date.future": "Ngày ở tương lai",
    "date.implausible": "Ngày không hợp lý",
    "citation.not_found": "Trích dẫn không có tệp",
    "citation.mismatch": "Trích dẫn không khớp tệp",
    "claim.no_evidence": "Tự chấm không có tài liệu",
    "claim.over_max": "Tự chấm vượt điểm tối đa",
    "date.format": "Sai thể thức ngày",
    "signature.invalid": "Chữ ký số không hợp lệ",
    "signature.modified_after": "Sửa sau khi ký số",
    "signature.untrusted": "Chưa xác minh gốc chữ ký",
    "signature.resaved": "Tệp lưu lại sau khi ký",
    "signature.time_mismatch": "Thời điểm ký lệch ngày",
    "signature.signer_mismatch": "Chữ ký không của cơ quan ban hành",
    "evidence.not_signed": "Tệp điện tử chưa ký số",
    "document.draft": "Bản dự thảo",
    "document.unsigned": "Bản quét chưa ký, đóng dấu",
    "document.signing_unknown": "Chưa rõ chữ ký, con dấu",
    "seal.far_from_signer": "Dấu xa chữ ký",
    "copy.unsigned": "Bản sao chưa ký",
}


def flag_title(code: str) -> str:
    """The short Vietnamese name of a flag code (the code itself for one this table does not know)."""
    return FLAG_TITLES.get(code, code)


def flag_severity(code: str) -> Severity:
    """The severity of a flag code; an unknown code counts as an error (never hide what we cannot name)."""
    return FLAG_DEFINITIONS[code][0] if code in FLAG_DEFINITIONS else Severity.error


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
