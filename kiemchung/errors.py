"""User-facing errors: one code list, one hierarchy, messages in Vietnamese.

Officials read these messages in records and in the UI, so each one says what went wrong and what to do.
Stages raise (or record) these; the CLI and the web edge turn them into output once.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    "read.failed": "Lỗi không mong đợi khi đọc tệp ({detail}). Hãy báo cho quản trị viên kèm tệp này.",
}


@dataclass
class KiemChungError(Exception):
    """An error a user can act on: a stable code, a stage, and the page when it concerns one page."""

    code: str
    detail: str = ""
    stage: str = "ingest"
    page: int | None = None

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
