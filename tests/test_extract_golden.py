"""Golden files for the whole extract record: one per number family, date form and trap of DESIGN.md.

Each text is generated here from a table (an official-format document rendered by kiemchung/specimens, with the
family's number, the date line's form or the trap's lines swapped in), so the fixtures are readable and no
binary is committed. Besides the golden comparison, each row states what must hold (number, date, flags): a
regenerated golden file cannot silently accept a wrong answer.
Regenerate with `uv run pytest --regen-golden tests/test_extract_golden.py` and read the diff.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pytest

from extract import extract_record
from kiemchung.specimens.model import MOTTO, OfficialDocument
from model.records import Page, ReadRecord, Word

TODAY = date(2026, 11, 23)
BASE = OfficialDocument(
    parent_issuer="UBND TỈNH LAI CHÂU",
    issuer="SỞ NỘI VỤ",
    number="27/TB-SNV",
    place="Lai Châu",
    issue_date=date(2025, 1, 15),
    doc_type="THÔNG BÁO",
    subject="Kết quả kiểm tra công tác cải cách hành chính năm 2024",
    bases=["Căn cứ Quyết định số 1726/QĐ-UBND ngày 29/12/2022 của Ủy ban nhân dân tỉnh Lai Châu;"],
    body=["Sở Nội vụ thông báo kết quả kiểm tra tại 05 đơn vị trực thuộc."],
    signer_capacity=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    signer="Nguyễn Văn Hùng",
)
PROVINCE = {"parent_issuer": "ỦY BAN NHÂN DÂN", "issuer": "TỈNH LAI CHÂU"}
PARTY = {
    "parent_issuer": None,
    "issuer": "TỈNH ỦY LAI CHÂU",
    "signer_capacity": ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"],
}
MINISTRY = {
    "parent_issuer": None,
    "place": "Hà Nội",
    "bases": ["Căn cứ Luật Ban hành văn bản quy phạm pháp luật;"],
}
GAZETTE_PAGE = "CÔNG BÁO/Số 332/Ngày 16-06-2026"
STAMP = ["Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Cơ quan: VĂN PHÒNG CHÍNH PHỦ",
         "Người ký: Cổng Thông tin điện tử Chính phủ", "Thời gian ký: 16.06.2026 08:15:03 +07:00"]  # fmt: skip


# a Công báo text layer printed the header table after the preamble (thong-tu-so-09-2026-tt-bnv)
IN_PLACE = "\n".join(
    [
        "BỘ NỘI VỤ",
        "Số: 09/2026/TT-BNV",
        *MOTTO,
        "Hà Nội, ngày 15 tháng 5 năm 2026",
        "THÔNG TƯ",
        "Sửa đổi Thông tư số 21/2021/TT-BLĐTBXH",
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật;",
    ]
)
DISPLACED = "\n".join(["THÔNG TƯ", "Sửa đổi Thông tư số 21/2021/TT-BLĐTBXH",
                        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật;", "BỘ NỘI VỤ", *MOTTO, "Số: 09/2026/TT-BNV",
                        "Hà Nội, ngày 15 tháng 5 năm 2026"])  # fmt: skip


@dataclass
class Case:
    name: str
    document: OfficialDocument
    number: str | None
    issue_date: date | None
    flags: list[str] = field(default_factory=list)
    date_line: str | None = None  # the printed date line, when not the document's own form
    swap: dict[str, str] = field(default_factory=dict)  # printed text replaced in the rendered text
    before: list[str] = field(default_factory=list)  # lines printed above the document (stamps, page headers)
    after: list[str] = field(default_factory=list)
    unsure: str | None = None  # an OCR word read at low confidence (handwriting)

    def text(self) -> str:
        text = self.document.reference_text()
        if self.date_line:
            text = text.replace(self.document.date_line, self.date_line)
        for old, new in self.swap.items():
            text = text.replace(old, new)
        return "\n".join([*self.before, text, *self.after])


def doc(**changes: object) -> OfficialDocument:
    return replace(BASE, **changes)  # type: ignore[arg-type]


CASES = [
    # number families
    Case("typed-27_TB-SNV", BASE, "27/TB-SNV", date(2025, 1, 15)),
    Case(
        "typed-1726_QĐ-UBND",
        doc(**PROVINCE, number="1726/QĐ-UBND", doc_type="QUYẾT ĐỊNH", issue_date=date(2022, 12, 29)),
        "1726/QĐ-UBND",
        date(2022, 12, 29),
    ),
    Case(
        "cong-van-123_UBND-VP",
        doc(
            **PROVINCE,
            number="123/UBND-VP",
            doc_type=None,
            subject="đôn đốc gửi tài liệu kiểm chứng cải cách hành chính",
        ),
        "123/UBND-VP",
        date(2025, 1, 15),
    ),
    Case(
        "cong-van-40_HCCV",
        doc(
            parent_issuer=None,
            issuer="HỘI CÔNG CHỨNG VIÊN TỈNH LÂM ĐỒNG",
            number="40/HCCV",
            place="Lâm Đồng",
            doc_type=None,
            subject="thay thế văn bản số 40",
        ),
        "40/HCCV",
        date(2025, 1, 15),
    ),
    Case(
        "normative-30_2020_NĐ-CP",
        doc(
            **MINISTRY,
            issuer="CHÍNH PHỦ",
            number="30/2020/NĐ-CP",
            doc_type="NGHỊ ĐỊNH",
            issue_date=date(2020, 3, 5),
            subject="Về công tác văn thư",
        ),
        "30/2020/NĐ-CP",
        date(2020, 3, 5),
    ),
    Case(
        "normative-28_2026_TT-BKHCN",
        doc(
            **MINISTRY,
            issuer="BỘ KHOA HỌC VÀ CÔNG NGHỆ",
            number="28/2026/TT-BKHCN",
            doc_type="THÔNG TƯ",
            issue_date=date(2026, 5, 12),
            subject="QUY ĐỊNH VỀ HOẠT ĐỘNG CỦA BỘ KHOA HỌC VÀ CÔNG NGHỆ",
        ),
        "28/2026/TT-BKHCN",
        date(2026, 5, 12),
    ),
    Case(
        "party-12-NQ_TU",
        doc(**PARTY, number="12-NQ/TU", doc_type="NGHỊ QUYẾT", subject="Về cải cách hành chính"),
        "12-NQ/TU",
        date(2025, 1, 15),
        swap={MOTTO[0]: "ĐẢNG CỘNG SẢN VIỆT NAM", MOTTO[1]: ""},
    ),
    Case(
        "party-1129-TB_TU",
        doc(**PARTY, number="1129-TB/TU", doc_type="THÔNG BÁO", subject="Kết luận của Thường trực"),
        "1129-TB/TU",
        date(2025, 1, 15),
        swap={MOTTO[0]: "ĐẢNG CỘNG SẢN VIỆT NAM", MOTTO[1]: ""},
    ),
    Case(
        "party-60-NQ_TW",
        doc(
            **PARTY | {"issuer": "BAN CHẤP HÀNH TRUNG ƯƠNG"},
            number="60-NQ/TW",
            place="Hà Nội",
            doc_type="NGHỊ QUYẾT",
            subject="HỘI NGHỊ LẦN THỨ 11 BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII",
            issue_date=date(2025, 4, 12),
        ),
        "60-NQ/TW",
        date(2025, 4, 12),
        swap={MOTTO[0]: "ĐẢNG CỘNG SẢN VIỆT NAM", MOTTO[1]: ""},
    ),
    Case(
        "long-symbol-192_KH-ĐKT-557",
        doc(
            parent_issuer="BỘ QUỐC PHÒNG",
            issuer="ĐOÀN KINH TẾ 557",
            number="192/KH-ĐKT 557",
            doc_type="KẾ HOẠCH",
        ),
        "192/KH-ĐKT 557",
        date(2025, 1, 15),
    ),
    Case(
        "long-symbol-29_KL-KTVB-QLXLVPHC",
        doc(
            parent_issuer="BỘ TƯ PHÁP",
            issuer="CỤC KIỂM TRA VĂN BẢN",
            number="29/KL-KTVB&QLXLVPHC",
            doc_type="KẾT LUẬN",
        ),
        "29/KL-KTVB&QLXLVPHC",
        date(2025, 1, 15),
    ),
    # date forms
    Case("date-words", BASE, "27/TB-SNV", date(2025, 1, 15), date_line="Lai Châu, ngày 15 tháng 01 năm 2025"),
    Case("date-slashes", BASE, "27/TB-SNV", date(2023, 3, 6), date_line="Lai Châu, ngày 06/3/2023"),
    Case("date-dashes", BASE, "27/TB-SNV", date(2022, 12, 29), date_line="Lai Châu, ngày 29-12-2022"),
    Case(
        "date-no-leading-zero",
        BASE,
        "27/TB-SNV",
        date(2025, 1, 5),
        ["date.format"],
        date_line="Lai Châu, ngày 5 tháng 1 năm 2025",
    ),
    Case(
        "date-month-04", BASE, "27/TB-SNV", date(2023, 4, 13), date_line="Lai Châu, ngày 13 tháng 04 năm 2023"
    ),
    Case(
        "date-impossible-31-02",
        BASE,
        "27/TB-SNV",
        None,
        ["date.impossible"],
        date_line="Lai Châu, ngày 31 tháng 02 năm 2024",
    ),
    Case(
        "date-future",
        BASE,
        "27/TB-SNV",
        date(2027, 12, 12),
        ["date.future"],
        date_line="Lai Châu, ngày 12 tháng 12 năm 2027",
    ),
    Case(
        "date-implausible",
        BASE,
        "27/TB-SNV",
        date(1930, 12, 12),
        ["date.implausible", "date.before_reference"],
        date_line="Lai Châu, ngày 12 tháng 12 năm 1930",
    ),
    Case(
        "date-before-reference",
        BASE,
        "27/TB-SNV",
        date(2022, 1, 10),
        ["date.before_reference"],
        date_line="Lai Châu, ngày 10 tháng 01 năm 2022",
    ),
    # traps
    Case(
        "trap-draft-blank-number-and-day",
        doc(number=None, issue_date=None, blank_symbol="TB-SNV"),
        None,
        None,
        ["number.blank", "date.blank"],
        date_line="Lai Châu, ngày      tháng      năm 2025",
    ),
    Case(
        "trap-latin-Ð",
        doc(number="1726/QĐ-UBND", doc_type="QUYẾT ĐỊNH"),
        "1726/QĐ-UBND",
        date(2025, 1, 15),
        swap={"Số: 1726/QĐ-UBND": "Số: 1726/QÐ-UBND"},
    ),
    Case(
        "trap-cyrillic-lookalikes",
        doc(**MINISTRY, issuer="BỘ TÀI CHÍNH", number="06/2026/TT-BTC", doc_type="THÔNG TƯ"),
        "06/2026/TT-BTC",
        date(2025, 1, 15),
        swap={"Số: 06/2026/TT-BTC": "Số: 06/2026/TT-BТС"},
    ),
    Case(
        "trap-gazette-page-and-e-signature",
        doc(
            **MINISTRY,
            issuer="BỘ NỘI VỤ",
            number="09/2026/TT-BNV",
            doc_type="THÔNG TƯ",
            issue_date=date(2026, 5, 15),
        ),
        "09/2026/TT-BNV",
        date(2026, 5, 15),
        before=[GAZETTE_PAGE, "42", *STAMP],
        after=STAMP,
    ),
    Case(
        "trap-incoming-stamp",
        doc(**PROVINCE, number="1726/QĐ-UBND", doc_type="QUYẾT ĐỊNH", issue_date=date(2022, 12, 29)),
        "1726/QĐ-UBND",
        date(2022, 12, 29),
        before=["ĐẾN Số: 45", "Ngày: 14/01/2023", "Chuyển: VP"],
    ),
    Case(
        "trap-handwritten-number",
        doc(number="334/QĐ-UBND", doc_type="QUYẾT ĐỊNH"),
        "334/QĐ-UBND",
        date(2025, 1, 15),
        ["number.unreadable"],
        unsure="334/QĐ-UBND",
    ),
    Case(
        "trap-typo-year-3020",
        BASE,
        "27/TB-SNV",
        None,
        ["date.impossible"],
        date_line="Lai Châu, ngày 06/3/3020",
    ),
    Case(
        "trap-header-after-preamble",
        doc(
            **MINISTRY,
            issuer="BỘ NỘI VỤ",
            number="09/2026/TT-BNV",
            doc_type="THÔNG TƯ",
            issue_date=date(2026, 5, 15),
            subject="Sửa đổi Thông tư số 21/2021/TT-BLĐTBXH",
        ),
        "09/2026/TT-BNV",
        date(2026, 5, 15),
        swap={IN_PLACE: DISPLACED},
    ),
]


def _page(case: Case) -> Page:
    text = case.text()
    if case.unsure is None:
        return Page(number=1, text=text, source="text")
    words = [Word(text=token, confidence=0.6 if token == case.unsure else 0.93, bbox=(0, 0, 1, 1))
             for token in text.split()]  # fmt: skip
    return Page(number=1, text=text, source="ocr", ocr_confidence=0.9, words=words)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_extract_golden(golden, case: Case) -> None:
    record = extract_record(ReadRecord(file=f"{case.name}.txt", pages=[_page(case)]), TODAY)
    assert (record.number, record.issue_date) == (case.number, case.issue_date)
    assert [flag.code for flag in record.flags] == case.flags
    golden(
        "extract", f"golden-{case.name.replace('/', '_')}", record.model_dump(mode="json", exclude={"sha256"})
    )
