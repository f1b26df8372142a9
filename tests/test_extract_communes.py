"""OCR's tone-mark slips in a commune's name mended from the gazetteer of post-2025 units (issue 14): a unique
folded match within the kind (and the province, when named) gives the gazetteer's spelling; names outside the
gazetteer, names several provinces share, districts and documents issued before 1 July 2025 stay as printed."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from extract import extract_record
from extract.communes import candidates, fold, mend_issuer, units
from model.records import Page, ReadRecord

TODAY = date(2026, 11, 23)
AFTER, BEFORE = date(2025, 9, 15), date(2025, 3, 10)
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def test_gazetteer_is_read_without_importing_underthesea() -> None:
    import sys

    assert len(units()) == 3305  # 3,312 records, seven of them with an empty name
    assert {unit.kind for unit in units()} == {"xã", "phường", "đặc khu"}
    assert "underthesea" not in sys.modules
    assert fold("XÃ ĐẮK R'LẤP") == "xa dak r'lap"
    assert [unit.province for unit in candidates("phường", "XUAN HUONG-DA LAT")] == ["Lâm Đồng"]


def _extract(header: list[str], when: date | None, body: str = "", source: str = "ocr"):
    day = f"ngày {when.day:02d} tháng {when.month} năm {when.year}" if when else "ngày   tháng   năm"
    lines = [*header, "Số: 12/QĐ-UBND", *MOTTO, f"Lâm Đồng, {day}", "QUYẾT ĐỊNH", "Về việc giao chỉ tiêu",
             f"Căn cứ Luật Tổ chức chính quyền địa phương; {body}", "Điều 1."]  # fmt: skip
    page = Page(number=1, text="\n".join(lines), source=source, ocr_confidence=0.9)
    return extract_record(ReadRecord(file="x", pages=[page]), TODAY)


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        (["ỦY BAN NHÂN DÂN", "XÃ ĐỨC TRONG"], "Ủy ban nhân dân xã Đức Trọng"),
        (["HỘI ĐỒNG NHÂN DÂN", "XÃ TA TỔNG"], "Hội đồng nhân dân xã Tà Tổng"),
        (["UBND XÃ ĐÚC TRỌNG"], "Ủy ban nhân dân xã Đức Trọng"),  # a wrong mark, not only a lost one
        (["ỦY BAN NHÂN DÂN", "PHƯỜNG XUÂN HUONG - ĐÀ LAT"], "Ủy ban nhân dân phường Xuân Hương - Đà Lạt"),
        (["HỘI ĐỒNG NHÂN DÂN", "ĐẶC KHU PHU QUÝ"], "Hội đồng nhân dân đặc khu Phú Quý"),
        (["ỦY BAN NHÂN DÂN", "PHƯỜNG THU DẦU MỘT"], "Ủy ban nhân dân phường Thủ Dầu Một"),
        # several provinces share the folded name: the header's province decides (the old one's successor too)
        (["UBND TỈNH ĐỒNG NAI", "UBND XÃ LONG THANH"], "Ủy ban nhân dân xã Long Thành"),
        (["UBND TỈNH AN GIANG", "UBND XÃ LONG THANH"], "Ủy ban nhân dân xã Long Thạnh"),
        (["UBND TỈNH KIÊN GIANG", "UBND XÃ LONG THÀNH"], "Ủy ban nhân dân xã Long Thạnh"),
        # several provinces, one spelling: no province needed
        (["HỘI ĐỒNG NHÂN DÂN", "XÃ VAN XUÂN"], "Hội đồng nhân dân xã Vạn Xuân"),
        (["ỦY BAN NHÂN DÂN", "XÃ TAN MỸ"], "Ủy ban nhân dân xã Tân Mỹ"),
    ],
)  # fmt: skip
def test_should_mend(header: list[str], issuer: str) -> None:
    result = _extract(header, AFTER)
    assert result.issuer == issuer
    assert result.evidence["issuer"].text == " / ".join(header[-2:] if len(header) > 1 else header)
    assert result.evidence["issuer"].confidence < 0.9


@pytest.mark.parametrize(
    ("header", "when", "issuer"),
    [
        # not in the gazetteer: a pre-merger commune, a made-up name
        (["ỦY BAN NHÂN DÂN", "XÃ TÂN HA"], AFTER, "Ủy ban nhân dân xã Tân Ha"),
        (["ỦY BAN NHÂN DÂN", "XÃ KỶ SUNG"], AFTER, "Ủy ban nhân dân xã Kỷ Sung"),
        # several provinces, their spellings differ, no province named
        (["ỦY BAN NHÂN DÂN", "XÃ LONG THANH"], AFTER, "Ủy ban nhân dân xã Long Thanh"),
        (["ỦY BAN NHÂN DÂN", "XÃ VĨNH THANH"], AFTER, "Ủy ban nhân dân xã Vĩnh Thanh"),
        # the province named has no unit so called: never a unit of another province
        (["UBND TỈNH LAI CHÂU", "UBND XÃ ĐỨC TRONG"], AFTER, "Ủy ban nhân dân xã Đức Trong"),
        # pre-2025 district headers (kind huyện, thị xã): outside the list, kept
        (["HỘI ĐỒNG NHÂN DÂN", "HUYỆN ĐỨC TRONG"], BEFORE, "Hội đồng nhân dân huyện Đức Trong"),
        (["HỘI ĐỒNG NHÂN DÂN", "HUYỆN ĐỨC TRONG"], AFTER, "Hội đồng nhân dân huyện Đức Trong"),
        (["ỦY BAN NHÂN DÂN", "THỊ XÃ PHU MỸ"], AFTER, "Ủy ban nhân dân thị xã Phu Mỹ"),
        # issued before 1 July 2025 (or no date read): the old map's unit, as printed
        (["ỦY BAN NHÂN DÂN", "XÃ ĐỨC TRONG"], BEFORE, "Ủy ban nhân dân xã Đức Trong"),
        (["ỦY BAN NHÂN DÂN", "XÃ ĐỨC TRONG"], None, "Ủy ban nhân dân xã Đức Trong"),
        # already the gazetteer's spelling; a unit's kind that differs (phường Phú Mỹ is no xã's spelling)
        (["ỦY BAN NHÂN DÂN", "XÃ ĐỨC TRỌNG"], AFTER, "Ủy ban nhân dân xã Đức Trọng"),
        (["ỦY BAN NHÂN DÂN", "XÃ PHU MY"], AFTER, "Ủy ban nhân dân xã Phu My"),
        # "xã hội" is no commune
        (["UBND TỈNH LAI CHÂU", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"], AFTER,
         "Sở Lao động - Thương binh và Xã hội tỉnh Lai Châu"),
    ],
)  # fmt: skip
def test_should_not_mend(header: list[str], when: date | None, issuer: str) -> None:
    assert _extract(header, when).issuer == issuer


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        (["HĐND PHƯỜNG QUẢNG", "YÊN"], "Hội đồng nhân dân phường Quảng Yên"),
        (["UBND TỈNH QUẢNG NINH", "UBND PHƯỜNG HAI BÀ", "TRƯNG"], "Ủy ban nhân dân phường Hai Bà Trưng"),
        (["UBND PHƯỜNG THỚI AN", "ĐÔNG"], "Ủy ban nhân dân phường Thới An Đông"),
        # a ward before 1 July 2025 is a unit's name too (its line alone read "Thái bình")
        (["UBND PHƯỜNG NGUYỄN", "THÁI BÌNH"], "Ủy ban nhân dân phường Nguyễn Thái Bình"),
        # not a unit's name once joined: a body under the commune
        (["UBND XÃ HÒA NINH", "VĂN PHÒNG"], "Văn phòng Ủy ban nhân dân xã Hòa Ninh"),
    ],
)  # fmt: skip
def test_a_wrapped_name_joined_only_when_a_unit_is_so_named(header: list[str], issuer: str) -> None:
    assert _extract(header, AFTER).issuer == issuer


@pytest.mark.parametrize(
    ("header", "joined"),
    [
        (["UBND XÃ ĐỨC TRỌNG", "PHÒNG KINH TẾ"], "xã Đức Trọng Phòng"),
        (["UBND PHƯỜNG NGUYỄN", "THÁI BÌNH SƠN"], "Nguyễn Thái"),  # no unit, current or old, so named
    ],
)
def test_lines_not_joined(header: list[str], joined: str) -> None:
    assert joined.lower() not in (_extract(header, AFTER).issuer or "").lower()


def test_the_document_names_the_province() -> None:
    """No province in the header, but the body names one: it picks among the units so named."""
    body = "Nghị quyết của Hội đồng nhân dân tỉnh Đồng Nai"
    assert (
        _extract(["ỦY BAN NHÂN DÂN", "XÃ LONG THANH"], AFTER, body).issuer == "Ủy ban nhân dân xã Long Thành"
    )


def test_typed_text_is_not_mended() -> None:
    """Only OCR's reading is mended: a typed name is the office's own spelling."""
    result = _extract(["ỦY BAN NHÂN DÂN", "XÃ ĐỨC TRONG"], AFTER, source="text")
    assert result.issuer == "Ủy ban nhân dân xã Đức Trong"


def test_mend_issuer_alone() -> None:
    assert mend_issuer("Ủy ban nhân dân xã Đức Trong", "", "", AFTER) == "Ủy ban nhân dân xã Đức Trọng"
    assert mend_issuer("Xã Đức Trong", "", "", AFTER) == "Xã Đức Trọng"
    assert mend_issuer("Ủy ban nhân dân thị xã Đức Trong", "", "", AFTER) is None
    assert mend_issuer("Ủy ban nhân dân xã Đức Trong", "", "", BEFORE) is None


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Tesseract with vie")
def test_a_rendered_scan_read_by_ocr() -> None:
    """A commune's header whose tone mark is wrong on the page (`XÃ ĐIÊN LƯ`, as an OCR slip or a typist would
    leave it: OCR's own slips change with its settings, this one is in the picture), degraded like a 100 dpi
    phone photo and read by the real OCR: the issuer in the gazetteer's spelling, the OCR line as evidence."""
    from ingest import FileReader
    from kiemchung.specimens.model import OfficialDocument
    from kiemchung.specimens.pdf import render_pdf
    from kiemchung.specimens.scan import PHONE_100, degrade, rasterize, to_jpeg
    from model.settings import Settings

    document = OfficialDocument(
        parent_issuer="ỦY BAN NHÂN DÂN", issuer="XÃ ĐIÊN LƯ", number="12/QĐ-UBND", place="Điền Lư",
        issue_date=AFTER, doc_type="QUYẾT ĐỊNH", subject="Về việc giao chỉ tiêu kế hoạch năm 2026",
        body=["Điều 1. Giao chỉ tiêu."], signer="Nguyễn Văn Hùng", signer_capacity=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
    )  # fmt: skip
    image = degrade(rasterize(render_pdf(document))[0], PHONE_100, seed=3)
    with FileReader(Settings()) as reader:
        (read,) = reader.read_bytes("scan.jpg", to_jpeg(image, quality=70, dpi=PHONE_100.dpi))
    result = extract_record(read, TODAY)
    printed = result.evidence["issuer"].text
    assert "ĐIỀN LƯ" not in printed and fold(printed).endswith("xa dien lu"), f"OCR printed {printed!r}"
    assert result.issuer == "Ủy ban nhân dân xã Điền Lư"
    assert result.evidence["issuer"].from_ocr


def test_a_pre_merger_document_is_mended_from_the_old_units_never_to_a_current_spelling() -> None:
    assert mend_issuer("Hội đồng nhân dân xã Hiệp Phuớc", "", "", BEFORE) == "Hội đồng nhân dân xã Hiệp Phước"
    # the old list writes `Ya ly`: a difference of case alone is no slip
    assert mend_issuer("Hội đồng nhân dân xã Ya Ly", "", "", BEFORE) is None
    assert mend_issuer("Hội đồng nhân dân xã Hiệp Phuớc", "", "", None) is None  # no date: as printed


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        (["UBNP XÃ PHÙ MỸ NAM"], "Ủy ban nhân dân xã Phù Mỹ Nam"),  # one letter of `UBND` misread
        (["HĐNĐ PHƯỜNG QUẢNG YÊN"], "Hội đồng nhân dân phường Quảng Yên"),
    ],
)  # fmt: skip
def test_a_misread_abbreviation_before_a_units_kind(header: list[str], issuer: str) -> None:
    assert _extract(header, AFTER).issuer == issuer


def test_a_four_letter_word_two_letters_off_is_no_abbreviation() -> None:
    issuer = _extract(["UBMT TỈNH LÂM ĐỒNG"], AFTER).issuer or ""
    assert "Ủy ban nhân dân" not in issuer
