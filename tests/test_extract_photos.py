"""Phone photos of signed pages: a seal over the capacity lines leaves OCR the printed name alone, and a low
resolution doubles the `Đ` of the type's abbreviation (`1758/QĐĐ-SNV`)."""

from __future__ import annotations

import pytest

from extract.numbers import canonical_symbol
from extract.signature import find_signature

BODY = ["Điều 2. Văn bản có hiệu lực kể từ ngày ký."]


@pytest.mark.parametrize(
    ("tail", "signer"),
    [
        # the seal hid "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": the name below the recipients' list is the signer
        (["Nơi nhận:", "", "- Như trên;", "- Lưu: VT.", "", "Nguyễn Văn Hùng"], "Nguyễn Văn Hùng"),
        (["Nơi nhận:", "- Như trên;", "- Lưu; VT.", "Hoàng Thị Lan"], "Hoàng Thị Lan"),
        (["Nơi nhận:", "- Lưu: VT,", "Nguyên Văn Hùng"], "Nguyên Văn Hùng"),  # OCR's tone slip kept as read
        (["Nơi nhận:", "- Lưu: VT.", "Đặng Quốc Tuấn"], "Đặng Quốc Tuấn"),
        # no person's name there: no signer made up
        (["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "Bình Dương Xanh"], None),  # no family name first
        (["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "Hà Nội"], None),  # a place: two syllables
        (["Nơi nhận:", "- Như trên;", "Sở Tài Chính Tỉnh"], None),  # a body
        (
            ["Nguyễn Văn Hùng", "Nơi nhận:", "- Như trên;", "- Lưu: VT."],
            None,
        ),  # above the list: a body's name
        (["Người ký: Nguyễn Văn Hùng", "Nơi nhận:", "- Lưu: VT."], None),  # an e-signature stamp
        (["Trần Thị Mai"], None),  # no recipients' list: not a signature block
    ],
)
def test_name_below_the_recipients_without_a_capacity(tail: list[str], signer: str | None) -> None:
    found = find_signature([*BODY, *tail])
    assert (found.signer if found else None) == signer
    if found and signer:
        assert found.title is None  # the capacity was not read: none is made up


def test_a_capacity_read_still_comes_first() -> None:
    found = find_signature([*BODY, "Nơi nhận:", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Minh Đức"])
    assert found is not None and (found.signer, found.title) == ("Lê Minh Đức", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH")


@pytest.mark.parametrize(
    ("symbol", "canonical", "repaired"),
    [
        ("QĐĐ-SNV", "QĐ-SNV", True),
        ("2025/NĐĐ-CP", "2025/NĐ-CP", True),
        ("HĐĐ-UBND", "HĐ-UBND", True),
        ("QĐ-SNV", "QĐ-SNV", False),
        # only the type's Đ, only in the type's place; other doubled letters are agencies' codes
        ("TTT-UBND", "TTT-UBND", False),
        ("KHH-UBND", "KHH-UBND", False),
        ("UBND-ĐĐT", "UBND-ĐĐT", False),
        ("ĐĐX-UBND", "ĐĐX-UBND", False),  # read once it names no type
    ],
)
def test_a_doubled_d_in_the_type_is_read_once(symbol: str, canonical: str, repaired: bool) -> None:
    assert canonical_symbol(symbol) == (canonical, repaired)
