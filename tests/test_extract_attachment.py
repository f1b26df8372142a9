"""A text sent as part of another document (a charter, a name list `kèm theo Quyết định số …`): extraction reads
which document, so matching can say its evidence is that one (matcher/unmatched.py)."""

from __future__ import annotations

from datetime import date

import pytest

from extract.attachment import find_attachment
from extract.extractor import extract_record
from model.records import Page, ReadRecord, TextSource

# first pages as the real dossiers print them (../shared/data/lamdong: charters and name lists sent with a
# Tờ trình, the decision's number still blank)
CHARTER = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

ĐIỀU LỆ
HỘI CỰU GIÁO CHỨC TỈNH LÂM ĐỒNG
(Kèm theo Quyết định số        /QĐ-UBND ngày .... tháng .... năm 2026
của Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng)

Chương I
QUY ĐỊNH CHUNG"""
NAME_LIST = """DANH SÁCH TRÍCH NGANG
BAN VẬN ĐỘNG THÀNH LẬP HIỆP HỘI BẤT ĐỘNG SẢN TỈNH LÂM ĐỒNG
(Ban hành kèm theo Quyết định số 15/QĐ-UBND ngày 05/01/2026 của Chủ tịch UBND tỉnh Lâm Đồng)
STT | Họ và tên | Ngày, tháng, năm sinh"""
# a letter whose body mentions what goes with it, and an attachment named only further down: their own documents
LETTER = """ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG
Số: 62/UBND-VP
V/v tổ chức giải chạy
Kèm theo Quyết định số 15/QĐ-UBND, Ủy ban nhân dân tỉnh đề nghị các sở phối hợp."""
LATE = "\n".join(["BẢNG TỔNG HỢP"] + ["dòng"] * 30 + ["(Kèm theo Quyết định số 15/QĐ-UBND)"])


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        (CHARTER, "Quyết định số /QĐ-UBND ngày .... tháng .... năm 2026 của Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng"),
        (NAME_LIST, "Quyết định số 15/QĐ-UBND ngày 05/01/2026 của Chủ tịch UBND tỉnh Lâm Đồng"),
        (LETTER, None),
        (LATE, None),
    ],
)  # fmt: skip
def test_the_document_a_part_belongs_to(text: str, parent: str | None) -> None:
    found = find_attachment(text.split("\n"))
    assert (found.parent if found else None) == parent


def test_extraction_keeps_it_with_its_evidence_and_leaves_it_out_of_a_documents_json() -> None:
    page = Page(number=1, text=CHARTER, source=TextSource.docx)
    record = extract_record(
        ReadRecord(file="ho-so/dieu-le.docx", pages=[page], status="ok"), date(2026, 1, 5)
    )
    assert record.attached_to is not None and record.attached_to.startswith("Quyết định số /QĐ-UBND")
    evidence = record.evidence["attached_to"]
    assert evidence.page == 1 and evidence.text.startswith("(Kèm theo Quyết định số")
    assert evidence.text.endswith("của Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng)")
    own = extract_record(ReadRecord(file="ho-so/cv.docx", pages=[Page(number=1, text=LETTER, source=TextSource.docx)],
                                    status="ok"), date(2026, 1, 5))  # fmt: skip
    assert own.attached_to is None and "attached_to" not in own.model_dump(mode="json")
