"""User-facing errors: one code list, one hierarchy, messages in Vietnamese, the exit code a CLI gives.

Officials read these messages in records and in the UI, so each one says what went wrong and what to do.
Every error the project raises for a user is a `KiemChungError` subclass; stages raise (or record on the
document) these, and the CLI and the web edge turn them into output once. OCRmyPDF's ExitCode exceptions are
the model: the class says how a command ends, the code says what happened.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import IntEnum
from typing import ClassVar


class ExitCode(IntEnum):
    """How a command ends (DESIGN.md): 0 ran, 1 findings asked for with --fail-on, 2 bad usage or nothing
    readable, 130 interrupted by the user."""

    ok = 0
    findings = 1
    bad_usage = 2
    interrupted = 130


# code -> (Vietnamese message: what happened and what the user can do)
ERROR_MESSAGES: dict[str, str] = {
    "input.empty": "Tệp rỗng (0 byte). Hãy tải lên lại tệp gốc.",
    "input.not_found": "Không tìm thấy tệp. Hãy kiểm tra lại đường dẫn.",
    "input.corrupt": "Tệp bị hỏng hoặc không đọc được ({detail}). Hãy mở thử tệp trên máy, lưu lại rồi tải lên lại.",
    "input.encrypted": "Tệp được đặt mật khẩu nên không đọc được. Hãy gỡ mật khẩu rồi tải lên lại.",
    "input.unsupported": (
        "Định dạng tệp không được hỗ trợ ({detail}). Hãy nộp PDF, DOCX, DOC, ảnh (JPEG, PNG, TIFF), "
        "văn bản thuần hoặc ZIP."
    ),
    "input.too_large": "Tệp quá lớn ({detail}). Hãy tách tệp thành các phần nhỏ hơn rồi tải lên lại.",
    "input.bomb": (
        "Tệp có dấu hiệu bất thường ({detail}) nên không được giải nén hoặc mở. "
        "Hãy kiểm tra lại tệp gốc và nộp bản thông thường."
    ),
    "input.too_small": (
        "Ảnh quá nhỏ để chứa chữ đọc được ({detail}). Hãy nộp ảnh chụp hoặc bản quét đầy đủ của văn bản."
    ),
    "text.truncated": (
        "Văn bản quá dài ({detail}); chỉ phần đầu được giữ lại để đọc và tìm kiếm. "
        "Hãy kiểm tra tệp gốc, hoặc tách thành các tệp nhỏ hơn rồi nộp lại."
    ),
    "archive.unsafe_path": (
        "Tệp nén chứa đường dẫn không an toàn ({detail}); mục này bị bỏ qua. Hãy nén lại thư mục hồ sơ bình thường."
    ),
    "archive.too_deep": "Tệp nén lồng nhau quá nhiều tầng ({detail}); mục này bị bỏ qua. Hãy giải nén bớt rồi nộp lại.",
    "convert.failed": (
        "Không chuyển đổi được tệp Word cũ (.doc) ({detail}). Hãy mở tệp bằng Word và lưu thành .docx hoặc PDF."
    ),
    "ocr.failed": (
        "Không nhận dạng được chữ trên trang này ({detail}). Hãy quét lại trang rõ hơn (300 dpi, thẳng trang)."
    ),
    "ocr.timeout": (
        "Nhận dạng chữ trên trang này quá thời gian cho phép ({detail}). Hãy quét lại trang hoặc tách tệp."
    ),
    "ocr.empty": "Không tìm thấy chữ nào trên trang này. Nếu trang có nội dung, hãy quét lại rõ hơn.",
    "read.timeout": (
        "Đọc tệp quá thời gian cho phép ({detail}) nên đã dừng; tệp gốc vẫn được lưu. "
        "Hãy kiểm tra tệp, tách thành các phần nhỏ hơn hoặc lưu lại thành PDF rồi nộp lại."
    ),
    "read.failed": "Lỗi không mong đợi khi đọc tệp ({detail}). Hãy báo cho quản trị viên kèm tệp này.",
    "job.abandoned": (
        "Máy xử lý dừng giữa chừng khi đọc tệp này {detail} (có thể do tệp quá lớn hoặc hết bộ nhớ). "
        "Hãy tách tệp thành các phần nhỏ hơn rồi nộp lại, hoặc báo quản trị viên."
    ),
    "usage.no_input": "Không tìm thấy tệp nào để đọc ({detail}). Hãy kiểm tra lại đường dẫn.",
    "usage.bad_date": "Ngày {detail} không hợp lệ: hãy viết theo dạng năm-tháng-ngày, ví dụ 2025-03-19.",
    "usage.bad_value": "Giá trị không hợp lệ: {detail}.",
    "output.unwritable": "Không ghi được tệp kết quả ({detail}). Hãy chọn thư mục có sẵn và có quyền ghi.",
    "settings.invalid": "Cấu hình KIEMCHUNG_ không hợp lệ: {detail}.",
    "database.unavailable": (
        "Không mở được cơ sở dữ liệu ({detail}). Hãy kiểm tra KIEMCHUNG_DATABASE_URL và máy chủ cơ sở dữ liệu."
    ),
    "framework.unknown": "Không có bộ tiêu chí {detail}. Hãy chọn một bộ trong danh sách `kiemchung framework list`.",
    "framework.invalid": "Tệp bộ tiêu chí không hợp lệ ({detail}). Hãy sửa tệp YAML hoặc nhập lại bộ tiêu chí.",
    "framework.exists": (
        "Bộ tiêu chí {detail} đã có. Hãy chọn mã khác, hoặc chọn “Ghi đè bộ đã có” (dòng lệnh: --force)."
    ),
    "framework.inconsistent": (
        "Bảng tiêu chí không nhất quán ({detail}). Hãy sửa bảng, hoặc chọn “Vẫn lưu” (dòng lệnh: --force) để "
        "vẫn nhập."
    ),
    "table.unreadable": "Không đọc được bảng ({detail}). Hãy nộp bảng dạng DOCX hoặc XLSX.",
    "table.no_rows": (
        "Không tìm thấy dòng nào dạng STT | tiêu chí | điểm tối đa trong bảng ({detail}). Hãy kiểm tra lại bảng."
    ),
    "transfer.not_found": "Kho lưu trữ không có văn bản nào của {detail}. Hãy kiểm tra tên đơn vị và năm.",
    "transfer.not_export": "Tệp {detail} không phải tệp xuất của Kiểm Chứng. Hãy chọn tệp do `kiemchung export` tạo.",
    "transfer.damaged": "Tệp xuất bị hỏng ({detail}). Hãy xuất lại từ máy nguồn.",
    "transfer.failed": "Không xuất được hồ sơ ({detail}). Hãy kiểm tra kho tệp gốc và thư mục đích.",
    "store.bad_hash": "Mã băm không hợp lệ ({detail}).",
    "store.missing": "Kho tệp gốc thiếu tệp {detail}. Hãy khôi phục kho tệp gốc từ bản sao lưu.",
    "store.damaged": "Tệp gốc {detail} trong kho đã bị thay đổi. Hãy khôi phục kho tệp gốc từ bản sao lưu.",
    "review.bad_action": "Thao tác {detail} không hợp lệ: chọn một trong accept, move, reject.",
    "review.no_target": "Chuyển văn bản sang tiêu chí khác cần ghi rõ tiêu chí chuyển đến.",
    "review.no_document": "Không có văn bản mã {detail} trong kho lưu trữ.",
    "review.no_flag": "Không có cảnh báo mã {detail} trong kho lưu trữ.",
    "review.bad_status": "Trạng thái cảnh báo {detail} không hợp lệ: chọn một trong open, accepted, dismissed.",
    "submission.not_found": "Kho lưu trữ chưa có hồ sơ của {detail}. Hãy nạp hồ sơ bằng `kiemchung ingest`.",
    "user.exists": "Tên đăng nhập {detail} đã có. Hãy chọn tên khác.",
    "user.weak_password": "Mật khẩu cần ít nhất {detail} ký tự. Hãy chọn mật khẩu dài hơn.",
    "user.bad_role": "Vai trò {detail} không hợp lệ: chọn một trong officer, council, admin.",
    "auth.failed": "Tên đăng nhập hoặc mật khẩu không đúng. Hãy thử lại.",
    "auth.rate_limited": "Đăng nhập sai quá nhiều lần. Hãy đợi {detail} rồi thử lại.",
    "auth.required": "Hãy đăng nhập để tiếp tục.",
    "access.denied": "Bạn không có quyền xem hoặc thay đổi {detail}. Nếu cần, hãy liên hệ quản trị viên.",
    "csrf.invalid": "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thử lại.",
    "appraisal.over_max": "Điểm thẩm định {detail}: không được vượt điểm tối đa hoặc nhỏ hơn 0.",
    "appraisal.locked": "Kết quả thẩm định {detail} đã gửi nên không sửa được. Hãy đề nghị quản trị viên mở lại.",
    "user.appraiser_of_record": (
        "{detail}. Hãy giao việc thẩm định chính cho thành viên khác (cột Phân công, đánh dấu “chính”) rồi mới đổi "
        "vai trò hoặc xoá người này."
    ),
    "user.self": "Không tự đổi vai trò hay tự xoá tài khoản của chính mình; hãy nhờ một quản trị viên khác.",
    "unit.unknown": (
        "Chưa có đơn vị {detail}. Nếu gõ nhầm, hãy chọn tên trong danh sách; nếu đúng là đơn vị mới, hãy đánh dấu "
        "“Đơn vị mới” rồi thêm lại."
    ),
    "unit.same_name": "Đã có đơn vị {detail}: chỉ khác chữ hoa, dấu hoặc khoảng trắng. Hãy chọn tên trong danh sách.",
    "unit.not_in_year": (
        "Chưa có {detail} trong danh sách đơn vị được đánh giá. Hãy chọn đơn vị trong danh sách, hoặc thêm đơn vị "
        "trước."
    ),
    "appraisal.published": (
        "Kết quả thẩm định {detail} đã gửi: cảnh báo, quyết định về tài liệu, trường đã đọc và điểm không thay đổi "
        "được nữa. Quản trị viên mở lại kết quả thẩm định thì mới sửa được."
    ),
    "appraisal.not_appraiser": (
        "Chỉ thành viên thẩm định chính của {detail} được chấm điểm; bạn có thể ghi ý kiến."
    ),
    "explanation.closed": (
        "Chưa đến hoặc đã hết thời hạn giải trình của {detail}. Giải trình mở khi Hội đồng gửi kết quả thẩm định, "
        "đến hạn quản trị viên đặt."
    ),
    "appraisal.unknown_criterion": "Bộ tiêu chí không có tiêu chí {detail}.",
    "operation.cancelled": "Đã dừng theo yêu cầu; các văn bản đã lưu vẫn đầy đủ. Chạy lại để làm tiếp phần còn lại.",
    "output.exists": "Tệp {detail} đã có. Hãy chọn tên khác, hoặc dùng --force để ghi đè.",
    "storage.unwritable": (
        "Không ghi được vào thư mục dữ liệu ({detail}). Hãy kiểm tra KIEMCHUNG_DATA_DIR: đó phải là một thư mục "
        "có quyền ghi, trên ổ đĩa còn chỗ trống."
    ),
    "search.no_words": (
        "Câu tìm kiếm {detail} không có từ hay con số nào để tìm. Hãy gõ ít nhất một từ, ví dụ: kế hoạch."
    ),
    "internal.error": (
        "Lỗi không mong đợi ({detail}); việc đã lưu trước đó vẫn đầy đủ. Hãy chạy lại lệnh với -v để xem chi tiết "
        "và báo cho quản trị viên."
    ),
}

# why the operating system refused a file operation, as the messages above name it (`detail`)
OS_REASONS: dict[int, str] = {
    errno.EACCES: "không có quyền ghi", errno.EPERM: "không có quyền ghi", errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENOSPC: "ổ đĩa đã đầy", errno.EDQUOT: "vượt hạn mức dung lượng", errno.ENOTDIR: "không phải thư mục",
    errno.EEXIST: "đã có một tệp trùng tên", errno.EISDIR: "là một thư mục", errno.ENOENT: "không tồn tại",
}  # fmt: skip


def os_reason(error: OSError) -> str:
    """A refused file operation in a few Vietnamese words (the OS's own words when the case is rare)."""
    return OS_REASONS.get(error.errno or 0, error.strerror or type(error).__name__)


@dataclass
class KiemChungError(Exception):
    """An error a user can act on: a stable code, a stage, and the page when it concerns one page."""

    code: str
    detail: str = ""
    stage: str = "ingest"
    page: int | None = None
    # errors about one file are recorded on its document and the command still ends 0; an error raised out of
    # a command (a framework that does not exist, a database that cannot be opened) is bad usage
    exit_code: ClassVar[ExitCode] = ExitCode.bad_usage

    def __post_init__(self) -> None:
        if self.code not in ERROR_MESSAGES:
            raise ValueError(f"unknown error code {self.code!r}; known: {', '.join(sorted(ERROR_MESSAGES))}")
        super().__init__(self.message)

    @property
    def message(self) -> str:
        template = ERROR_MESSAGES[self.code]
        detail = self.detail or "không rõ chi tiết"
        return template.format(detail=detail) if "{detail}" in template else template


class InputError(KiemChungError):
    """The file itself cannot be used: empty, corrupt, encrypted, unsupported, too large, a bomb."""


class ArchiveError(KiemChungError):
    """A member of a ZIP archive was refused."""


class ConvertError(KiemChungError):
    """A legacy format could not be converted to one we read."""


class OcrError(KiemChungError):
    """Tesseract failed or timed out on a page."""


class UsageError(KiemChungError):
    """The command was asked for something it cannot do: no input, a bad option value, an unwritable output."""


class SettingsError(KiemChungError):
    """A KIEMCHUNG_ setting is not valid."""


class DatabaseError(KiemChungError):
    """The corpus database cannot be opened or reached."""


class FrameworkError(KiemChungError):
    """A framework or a criteria table that is missing, does not parse, or is inconsistent."""


class TransferError(KiemChungError):
    """An export or import that cannot be done."""


class StoreError(KiemChungError):
    """The originals store lacks a file or holds a damaged one."""


class ReviewError(KiemChungError):
    """A review decision or flag status change that cannot be recorded."""


class AccessDenied(KiemChungError):
    """The signed-in user may not see or change this (another unit, another year, another role's page)."""


class AuthError(KiemChungError):
    """Signing in failed, or is required."""


class AppraisalError(KiemChungError):
    """Points or a comment the council member cannot record."""


class NotFoundError(KiemChungError):
    """A stored submission or document that is not in the corpus."""


class Cancelled(KiemChungError):
    """The user (Ctrl-C, a cancel button) stopped an operation; what was saved before is whole."""

    exit_code: ClassVar[ExitCode] = ExitCode.interrupted
