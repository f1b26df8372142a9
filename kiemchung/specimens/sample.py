"""The bundled sample submission: one unit's evidence in every format an agency sends."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from kiemchung.specimens.docx import fixed_zip_times, render_docx
from kiemchung.specimens.model import OfficialDocument
from kiemchung.specimens.pdf import render_pdf
from kiemchung.specimens.scan import SCANNER_200, degrade, rasterize, to_jpeg

PLAN = OfficialDocument(
    parent_issuer="UBND TỈNH LAI CHÂU",
    issuer="SỞ NỘI VỤ",
    number="27/KH-SNV",
    place="Lai Châu",
    issue_date=date(2025, 1, 15),
    doc_type="KẾ HOẠCH",
    subject="Cải cách hành chính năm 2025",
    bases=[
        "Căn cứ Quyết định số 1726/QĐ-UBND ngày 29/12/2022 của Ủy ban nhân dân tỉnh Lai Châu;",
        "Căn cứ Kế hoạch số 463/KH-UBND ngày 06/3/2020 của Ủy ban nhân dân tỉnh.",
    ],
    body=[
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Nâng cao chất lượng công tác cải cách hành chính, đẩy mạnh chuyển đổi số trong giải quyết "
        "thủ tục hành chính cho người dân và doanh nghiệp.",
        "2. Tổ chức tự đánh giá, chấm điểm Chỉ số cải cách hành chính đúng thời hạn, có đầy đủ tài liệu kiểm chứng.",
        "II. NHIỆM VỤ TRỌNG TÂM",
        "Rà soát, đơn giản hóa thủ tục hành chính; kiểm tra công tác cải cách hành chính tại các đơn vị trực thuộc.",
    ],
    signer_capacity=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    signer="Nguyễn Văn Hùng",
)

DECISION = OfficialDocument(
    parent_issuer="ỦY BAN NHÂN DÂN",
    issuer="TỈNH LAI CHÂU",
    number="1726/QĐ-UBND",
    place="Lai Châu",
    issue_date=date(2022, 12, 29),
    doc_type="QUYẾT ĐỊNH",
    subject="Ban hành Bộ tiêu chí đánh giá, xác định Chỉ số cải cách hành chính của các sở, ban, ngành",
    bases=["Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"],
    body=[
        "Điều 1. Ban hành kèm theo Quyết định này Bộ tiêu chí đánh giá Chỉ số cải cách hành chính.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
    ],
    signer_capacity=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    signer="Hà Trọng Hải",
)

REPORT = OfficialDocument(
    parent_issuer="UBND TỈNH LAI CHÂU",
    issuer="SỞ NỘI VỤ",
    number="42/BC-SNV",
    place="Lai Châu",
    issue_date=date(2025, 3, 19),
    doc_type="BÁO CÁO",
    subject="Kết quả công tác cải cách hành chính quý I năm 2025",
    body=[
        "Thực hiện Kế hoạch số 27/KH-SNV ngày 15/01/2025, Sở Nội vụ báo cáo kết quả công tác cải cách hành "
        "chính quý I năm 2025 như sau:",
        "1. Công tác chỉ đạo, điều hành: ban hành đầy đủ kế hoạch, tổ chức kiểm tra tại 05 đơn vị.",
        "2. Cải cách thủ tục hành chính: 100% hồ sơ được giải quyết đúng hạn.",
    ],
    signer_capacity=["GIÁM ĐỐC"],
    signer="Trần Thị Mai",
)

LETTER = OfficialDocument(
    parent_issuer="UBND TỈNH LAI CHÂU",
    issuer="SỞ NỘI VỤ",
    number="123/SNV-CCHC",
    place="Lai Châu",
    issue_date=date(2025, 6, 2),
    subject="đôn đốc gửi tài liệu kiểm chứng Chỉ số cải cách hành chính",
    body=[
        "Kính gửi: Các phòng, ban, đơn vị trực thuộc.",
        "Sở Nội vụ đề nghị các đơn vị gửi đầy đủ tài liệu kiểm chứng trước ngày 20/6/2025.",
    ],
    signer_capacity=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    signer="Nguyễn Văn Hùng",
)


def write_sample_submission(folder: Path) -> list[Path]:
    """Write the sample files (idempotent) and return their paths in reading order."""
    folder.mkdir(parents=True, exist_ok=True)
    scan = degrade(rasterize(render_pdf(REPORT))[0], SCANNER_200, seed=1)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bo-sung/cong-van-123-SNV.docx", render_docx(LETTER))
        archive.writestr("bo-sung/ghi-chu.txt", "Hồ sơ bổ sung gửi kèm Công văn số 123/SNV-CCHC.\n")
    zipped = io.BytesIO(fixed_zip_times(zipped.getvalue()))
    files = {
        "01-ke-hoach-cchc-2025.pdf": render_pdf(PLAN),
        "02-quyet-dinh-1726.docx": render_docx(DECISION),
        "03-bao-cao-quy-1-ban-quet.jpg": to_jpeg(scan, quality=80),
        "04-ho-so-bo-sung.zip": zipped.getvalue(),
    }
    written = []
    for name, data in files.items():
        path = folder / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    return written
