"""Old tone placement and the 2025 province merger (issue 14): a header typed `UỶ BAN NHÂN DÂN` / `XÃ HOÀ BÌNH`
gives its issuer in the current placement (`Hòa Bình`), the evidence keeping the print, and the subject stays as
printed; a document issued before 1 July 2025 by a province merged into another keeps its issuer as printed,
and an info flag names the province that succeeded it."""

from __future__ import annotations

from datetime import date

import pytest

from extract import extract_record
from extract.merger import merged_province
from extract.tones import current_placement
from model.records import Page, ReadRecord

TODAY = date(2026, 11, 23)
MOTTO = ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


@pytest.mark.parametrize(
    ("printed", "current"),
    [
        # should change: oa, oe, uy ending a syllable carry the mark on the first vowel
        ("UỶ BAN NHÂN DÂN TỈNH KHÁNH HOÀ", "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"),
        ("công tác thuỷ lợi, hoà giải", "công tác thủy lợi, hòa giải"),
        ("khoẻ mạnh, toà án, Thuý", "khỏe mạnh, tòa án, Thúy"),
        # should not change: the current placement, a final consonant, `qu`'s u, other vowel pairs
        ("Ủy ban nhân dân tỉnh Khánh Hòa", "Ủy ban nhân dân tỉnh Khánh Hòa"),
        ("Hoàng Văn Thụ, hoạch định, khuyến khích", "Hoàng Văn Thụ, hoạch định, khuyến khích"),
        ("quý, QUÝ, Quỳnh, thuở, mùa", "quý, QUÝ, Quỳnh, thuở, mùa"),
        ("Số: 12/QĐ-UBND ngày 03/3/2025", "Số: 12/QĐ-UBND ngày 03/3/2025"),
    ],
)
def test_current_tone_placement(printed: str, current: str) -> None:
    assert current_placement(printed) == current


def _extract(header: list[str], subject: str, when: str = "ngày 03 tháng 3 năm 2025"):
    lines = [*header, "Số: 12/QĐ-UBND", *MOTTO, f"Nha Trang, {when}", "QUYẾT ĐỊNH", subject, "Căn cứ Luật;"]
    page = Page(number=1, text="\n".join(lines), source="text")
    return extract_record(ReadRecord(file="x", pages=[page]), TODAY)


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        (["HỘI ĐỒNG NHÂN DÂN", "XÃ HƯNG HOÀ"], "Hội đồng nhân dân xã Hưng Hòa"),
        (["UỶ BAN NHÂN DÂN", "PHƯỜNG THUỶ BIỀU"], "Ủy ban nhân dân phường Thủy Biều"),
        (["UỶ BAN NHÂN DÂN", "TỈNH KHÁNH HOÀ"], "Ủy ban nhân dân tỉnh Khánh Hòa"),
        (["UBND XÃ QUỲNH HOA"], "Ủy ban nhân dân xã Quỳnh Hoa"),  # nothing to change
    ],
)
def test_old_placement_in_the_issuer(header: list[str], issuer: str) -> None:
    result = _extract(header, "Về việc công tác thuỷ lợi và hoà giải ở cơ sở")
    # the issuer's name as the official list spells it; the subject, a quote of the document, as printed
    assert (result.issuer, result.subject) == (issuer, "Về việc công tác thuỷ lợi và hoà giải ở cơ sở")
    assert (
        "HOÀ" in result.evidence["issuer"].text
        or "THUỶ" in result.evidence["issuer"].text
        or "QUỲNH" in (result.evidence["issuer"].text)
    )  # the evidence keeps the print


@pytest.mark.parametrize(
    ("names", "issued", "note"),
    [
        # should name the successor: a merged province, before the merger, as issuer or as parent
        (["Ủy ban nhân dân tỉnh Bình Dương"], date(2024, 5, 2), "tỉnh Bình Dương, nay là thành phố Hồ Chí Minh"),
        (["Sở Nội vụ tỉnh Quảng Nam", "Ủy ban nhân dân tỉnh Quảng Nam"], date(2025, 6, 30),
         "tỉnh Quảng Nam, nay là thành phố Đà Nẵng"),
        (["Sở Tư pháp tỉnh Bà Rịa - Vũng Tàu"], date(2023, 1, 9), "tỉnh Bà Rịa - Vũng Tàu, nay là thành phố Hồ Chí Minh"),
        (["Ủy ban nhân dân tỉnh Hà Giang"], date(2021, 3, 3), "tỉnh Hà Giang, nay là tỉnh Tuyên Quang"),
        # should not: on or after the merger day, a province that succeeded others or was unchanged, a district,
        # no date, a central body
        (["Ủy ban nhân dân tỉnh Bình Dương"], date(2025, 7, 1), None),
        (["Ủy ban nhân dân tỉnh Lâm Đồng"], date(2024, 5, 2), None),
        (["Ủy ban nhân dân tỉnh Lai Châu"], date(2024, 5, 2), None),
        (["Ủy ban nhân dân huyện Dầu Tiếng"], date(2024, 5, 2), None),
        (["Ủy ban nhân dân tỉnh Bình Dương"], None, None),
        (["Bộ Nội vụ"], date(2024, 5, 2), None),
    ],
)  # fmt: skip
def test_a_merged_province_names_its_successor(
    names: list[str], issued: date | None, note: str | None
) -> None:
    assert merged_province(names, issued) == note


def test_the_issuer_stays_as_printed_and_a_note_names_the_successor() -> None:
    result = _extract(["UBND TỈNH BÌNH DƯƠNG", "SỞ NỘI VỤ"], "Về việc tuyển dụng công chức")
    assert (result.issuer, result.parent_issuer) == (
        "Sở Nội vụ tỉnh Bình Dương",
        "Ủy ban nhân dân tỉnh Bình Dương",
    )
    flags = [(flag.code, flag.severity) for flag in result.flags]
    assert flags == [("issuer.province_merged", "info")]
    assert "nay là thành phố Hồ Chí Minh" in result.flags[0].message
    after = _extract(["UBND TỈNH BÌNH DƯƠNG", "SỞ NỘI VỤ"], "Về việc", when="ngày 03 tháng 8 năm 2025")
    assert "issuer.province_merged" not in {flag.code for flag in after.flags}
