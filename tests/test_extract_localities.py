"""Commune-level issuers (issue 14): a local unit's kind in lower case, its name in its own capitals and tone
marks; words that only look like a unit's kind ("XÃ HỘI") are not one."""

from __future__ import annotations

import pytest

from extract.issuer import find_issuer
from extract.localities import proper_name


@pytest.mark.parametrize(
    ("block", "issuer", "parent"),
    [
        (["HỘI ĐỒNG NHÂN DÂN", "XÃ ĐỨC TRỌNG"], "Hội đồng nhân dân xã Đức Trọng", None),
        (["ỦY BAN NHÂN DÂN", "PHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT"], "Ủy ban nhân dân phường Xuân Hương - Đà Lạt", None),
        (["HỘI ĐỒNG NHÂN DÂN", "ĐẶC KHU PHÚ QUÝ"], "Hội đồng nhân dân đặc khu Phú Quý", None),
        (["UBND TỈNH LÂM ĐỒNG", "UBND XÃ ĐỨC TRỌNG"], "Ủy ban nhân dân xã Đức Trọng", "Ủy ban nhân dân tỉnh Lâm Đồng"),
        (["UBND XÃ HÒA NINH", "VĂN PHÒNG"], "Văn phòng Ủy ban nhân dân xã Hòa Ninh", "Ủy ban nhân dân xã Hòa Ninh"),
        (["ĐẢNG ỦY XÃ TÂN HÀ"], "Đảng ủy xã Tân Hà", None),
        # before July 2025: districts and towns, kept as printed
        (["HỘI ĐỒNG NHÂN DÂN", "HUYỆN ĐỨC TRỌNG"], "Hội đồng nhân dân huyện Đức Trọng", None),
        (["ỦY BAN NHÂN DÂN", "THỊ XÃ TÂN UYÊN"], "Ủy ban nhân dân thị xã Tân Uyên", None),
        # provinces are still provinces; "XÃ HỘI" is no commune
        (["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"], "Ủy ban nhân dân tỉnh Lai Châu", None),
        (["UBND TỈNH LAI CHÂU", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"],
         "Sở Lao động - Thương binh và Xã hội tỉnh Lai Châu", "Ủy ban nhân dân tỉnh Lai Châu"),
    ],
)  # fmt: skip
def test_local_issuers(block: list[str], issuer: str, parent: str | None) -> None:
    found = find_issuer([*block, "Số: 12/NQ-HĐND"], len(block))
    assert found is not None
    assert (found.issuer, found.parent) == (issuer, parent)


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("ĐỨC TRỌNG", "Đức Trọng"),
        ("XUÂN HƯƠNG - ĐÀ LẠT", "Xuân Hương - Đà Lạt"),
        ("1", "1"),
        ("ĐĂK  GLEI", "Đăk Glei"),
    ],
)
def test_proper_name(printed: str, name: str) -> None:
    assert proper_name(printed) == name
